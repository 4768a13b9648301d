// Macros shared by the episode SQL: complexity (CC score) and the choice of trust for a joint replacement.

export const PATHWAY_MACROS: readonly string[] = [
  // CC score: 1.5 × Gamma(2, 1) scaled by morbidity and age. Unscaled, its bands match the national HN22
  // mix (NCC 2024/25 elective inpatients: E 35%, D 37%, C 17%, B 7%, A 4%).
  `create or replace macro joint_cc(pno, kind_no, age, morbidity) as floor(
     1.6 * (rexp(pno, kind_no, 202) + rexp(pno, kind_no, 203))
       * (0.6 + 0.4 * least(morbidity, 4.0))
       * greatest(0.4, 1 + 0.02 * (age - 70)))::integer`,
  // Plant 1: the chance of RA2 rises with complexity and age (see reference/providers.ts).
  `create or replace macro ra2_p(cc, age) as clamp(ra2_draw().base + ra2_draw().per_cc * cc + ra2_draw().per_year * (age - 60), ra2_draw().min, ra2_draw().max)`,
  `create or replace macro joint_provider(u, cc, age) as case
     when u < ra2_p(cc, age) then 'RA2'
     else pick(elective_trusts(), (u - ra2_p(cc, age)) / (1 - ra2_p(cc, age))) end`,
  // Trust number 1–5 from its code RA1…RA5, to index the provider factor lists.
  `create or replace macro trust_no(code) as substr(code, 3, 1)::integer`,
];
