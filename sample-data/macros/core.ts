// Generic SQL macros: hash-based random numbers, choice, rounding and the pseudonymous identifiers.
// Every random draw is `rnd(entity, index, stream)`: a pure function of the seed and its arguments, so a row's
// content never depends on evaluation order or thread count. Stream numbers are unique across sample-data/sql.

import { GROUP_SLOTS } from '../sql-literal.ts';

const MASK40 = 1099511627775; // 2^40 − 1: patient codes are 10 hex digits

export const CORE_MACROS: readonly string[] = [
  // Uniform in [0, 1): the top 53 bits of a hash, so the result is exact in a double and never 1.0.
  // DuckDB combines the arguments of a multi-argument hash weakly (hash(s, p, 0, 101) and hash(s, p, 0, 116)
  // correlate at r ≈ 0.6), so the combined value is hashed once more to mix every bit.
  `create or replace macro rnd(a, b, c) as (hash(hash(getvariable('seed'), a, b, c)) >> 11)::double / 9007199254740992.0`,
  `create or replace macro rnd2(a, b, c) as (hash(hash(getvariable('seed'), a, b, c, 2)) >> 11)::double / 9007199254740992.0`,
  // Exponential with mean 1.
  `create or replace macro rexp(a, b, c) as -ln(1.0 - rnd(a, b, c))`,
  // Standard normal (Box–Muller).
  `create or replace macro rnorm(a, b, c) as sqrt(-2.0 * ln(1.0 - rnd(a, b, c))) * cos(2.0 * pi() * rnd2(a, b, c))`,
  // One element of a list chosen by u in [0, 1); weighted lists are alias lists (see sql-literal.ts).
  `create or replace macro pick(xs, u) as xs[1 + floor(u * len(xs))::integer]`,
  // The same within group g (0-based) of a grouped alias list (sql-literal.ts groupedAlias).
  `create or replace macro pickg(xs, g, u) as xs[1 + g * ${GROUP_SLOTS} + floor(u * ${GROUP_SLOTS})::integer]`,
  // Stochastic rounding: floor(x + u) has mean exactly x, so counts keep their expected totals.
  `create or replace macro sround(x, u) as floor(x + u)::bigint`,
  `create or replace macro money(x) as round(x, 2)::decimal(18, 2)`,
  `create or replace macro clamp(x, lo, hi) as least(greatest(x, lo), hi)`,
  `create or replace macro age_group(age) as case when age < 18 then 0 when age < 65 then 1 else 2 end`,
  // Multiply by an odd constant mod 2^40, then xor-shift: each step is a bijection on [0, 2^40), so distinct
  // inputs give distinct codes (patient IDs are unique; unknown-patient faults can never collide with them).
  `create or replace macro mul40(x, m) as ((x::ubigint * m::ubigint) + (hash(getvariable('seed')) & ${MASK40}::ubigint)) & ${MASK40}::ubigint`,
  `create or replace macro xs40(x, s) as xor(x, x >> s)`,
  `create or replace macro permute40(x) as xs40(mul40(xs40(mul40(x, 10368889), 20), 5788149), 17)`,
  `create or replace macro patient_code(x) as 'P' || lpad(upper(to_hex(permute40(x))), 10, '0')`,
  // A person that is not in the patients feed: codes above n_patients are never issued.
  `create or replace macro unknown_patient(x) as patient_code(getvariable('n_patients') + x)`,
  // Dates after `to` and after any plausible run date (deterministic: no current_date).
  `create or replace macro future_date(x) as greatest(getvariable('d_to'), DATE '2035-01-01') + (1 + floor(rnd(x, 0, 9010) * 3650))::integer`,
];
