// The ICB summary, for finance: the ICB's cost per episode, each provider's case-mix adjusted cost against its
// limits (bars and funnel), where the money goes by step and setting, and the opportunity to the target.
import { api, query } from './api.js';
import { BASIS_WORDS, stepsBasis, summaryBasis } from './bases.js';
import { drawFunnel, drawOpportunity, drawProviders, drawSteps, icbMeanOf } from './charts.js';
import { $, applies, cell, count, fewer, fillRows, gbp0, money, monthLabel, number, positionLabel, rowHeader, settingLabel, stepLabel, targetLabel } from './format.js';

const period = (q) => (q.month === 'all' ? 'all months' : monthLabel(q.month));
/** The ICB's own figures do not follow the provider chosen: where that provider's are. */
const elsewhere = (q) => (q.provider === 'ICB' ? '' : ` (the ICB as a whole; ${q.provider} is marked in red in the provider comparison and set beside the ICB in the provider view)`);

export async function showHeadline(q, live) {
  const sb = summaryBasis(q.basis);
  const { items } = await api(`/api/summary?${query({ pathway: q.pathway, provider: 'ICB', month: q.month, step: 'all', setting: 'all', basis: sb.basis })}`);
  if (!live()) return;
  // no row at all is no episode (a pathway none of whose anchors is in the build), not a suppressed count
  const none = items.length === 0;
  const r = items[0] ?? { n_episodes: 0, suppressed: false };
  const card = (id, term, value, raw, detail = '') => {
    const dt = Object.assign(document.createElement('dt'), { textContent: term });
    const dd = Object.assign(document.createElement('dd'), { textContent: value, id });
    if (raw !== null && raw !== undefined) dd.dataset.value = String(raw);
    const div = document.createElement('div');
    div.append(dt, dd);
    if (detail) div.append(Object.assign(document.createElement('dd'), { className: 'detail', textContent: detail }));
    return div;
  };
  const whole = (v) => (none ? '—' : v === null || v === undefined ? '*' : gbp0.format(v));
  $('headline').replaceChildren(
    card('headline-n', 'Episodes', number(r.n_episodes), r.n_episodes),
    card('headline-mean', 'Mean cost per episode', none ? '—' : money(r.mean_gbp), r.mean_gbp),
    card('headline-median', 'Median cost per episode', none ? '—' : money(r.median_gbp), r.median_gbp, r.suppressed || none ? '' : `middle half ${whole(r.p25_gbp)}–${whole(r.p75_gbp)}`),
    card('headline-total', 'Total cost', whole(r.total_gbp), r.total_gbp),
  );
  const counted = none
    ? `No ${q.pathway} episode is anchored in ${period(q)} in this build.`
    : `${BASIS_WORDS[sb.basis]} cost, episodes anchored in ${period(q)}, all providers${elsewhere(q)}, provisional ones included (windows the data do not yet cover in full: their share is under Data quality; the provider comparison leaves them out).`;
  applies('headline-applies', `${counted} ${sb.note}`.trim());
}

/** Variation is built over every month (case-mix adjustment needs all the episodes): it cannot follow the month. */
const allMonths = (q) => (q.month === 'all' ? '' : ` The comparison is built over all months (case-mix adjustment needs every episode), so the month chosen (${monthLabel(q.month)}) does not apply.`);

export async function showProviders(q, live) {
  const { items } = await api(`/api/variation?${query({ pathway: q.pathway, basis: q.basis, view: 'raw', limit: 1000 })}`);
  if (!live()) return;
  const rows = items.filter((r) => r.provider_code !== 'ICB');
  const hidden = rows.filter((r) => r.suppressed).map((r) => r.provider_code);
  const notShown = hidden.length ? ` Not shown (${fewer()}, or hidden so that a suppressed figure cannot be worked out): ${hidden.join(', ')}.` : '';
  const chosen = q.provider === 'ICB' ? '' : ` ${q.provider}, the provider chosen, is in red.`;
  const compared = ' Complete episodes only: provisional ones and those the definition leaves out of the comparison (such as a death in the window) are not counted, so counts are below the headline’s and the provider view’s.';
  const text = rows.length ? `${BASIS_WORDS[q.basis]} cost, all months.${compared}${chosen}${notShown}${allMonths(q)}` : 'No case-mix comparison was built for this pathway and basis.';
  for (const id of ['providers-applies', 'funnel-applies', 'opportunity-applies']) applies(id, text);
  drawProviders('providers-chart', { rows, selected: q.provider });
  drawFunnel('funnel-chart', { rows, selected: q.provider });
  drawOpportunity('opportunity-chart', { rows, selected: q.provider });
  const mean = icbMeanOf(rows.filter((r) => !r.suppressed));
  fillRows('providers-table', rows.map((r) => {
    const s = r.suppressed;
    const range = s || mean === null || r.lower_95 === null ? '*' : `${gbp0.format(mean * r.lower_95)}–${gbp0.format(mean * r.upper_95)}`;
    const th = rowHeader(r.provider_code);
    if (r.provider_code === q.provider) th.classList.add('chosen');
    return [
      th,
      cell(number(r.n_episodes), { num: true, value: r.n_episodes, suppressed: s, id: `providers-${r.provider_code}-n` }),
      cell(money(r.observed_mean_gbp), { num: true, value: r.observed_mean_gbp, suppressed: s, id: `providers-${r.provider_code}-observed` }),
      cell(money(r.adjusted_mean_gbp), { num: true, value: r.adjusted_mean_gbp, suppressed: s, id: `providers-${r.provider_code}-adjusted` }),
      cell(range, { num: true, suppressed: s, nowrap: true }),
      cell(r.oe_ratio === null ? '*' : r.oe_ratio.toFixed(3), { num: true, value: r.oe_ratio, suppressed: s, id: `funnel-${r.provider_code}-oe` }),
      cell(positionLabel(r.outlier), { suppressed: s }),
      cell(money(r.opportunity_gbp), { num: true, value: r.opportunity_gbp, suppressed: s, id: `providers-${r.provider_code}-opportunity` }),
    ];
  }));
  const shown = rows.filter((r) => !r.suppressed && r.opportunity_gbp !== null);
  const total = shown.reduce((a, r) => a + r.opportunity_gbp, 0);
  const target = shown.find((r) => r.target_gbp !== null);
  $('opportunity-note').textContent = target
    ? `If every provider above the target — ${targetLabel(target.target)}, ${money(target.target_gbp)} per episode at the ICB’s case mix — cost no more than it, the ICB would spend ${gbp0.format(total)} less (over the ${count.format(shown.length)} provider${shown.length === 1 ? '' : 's'} shown). Providers at or below the target count nothing: this is never “everyone reaches the best”.`
    : 'No opportunity: no provider can be shown for this pathway and basis.';
  $('opportunity-note').dataset.value = String(total);
}

export async function showMoney(q, live) {
  const sb = stepsBasis(q.basis);
  const { items } = await api(`/api/steps?${query({ pathway: q.pathway, provider: 'ICB', month: q.month, basis: sb.basis, relevance: sb.relevance, limit: 1000 })}`);
  if (!live()) return;
  const steps = orderedSteps(q.steps, items);
  drawSteps('money-chart', { steps, who: ['ICB'], cells: items, names: { ICB: 'ICB' } });
  fillRows('money-table', items.map((c) => [
    cell(stepLabel(c.step)),
    cell(settingLabel(c.setting)),
    cell(money(c.mean_per_episode_gbp), { num: true, value: c.mean_per_episode_gbp, suppressed: c.suppressed, id: `money-${c.step}-${c.setting}` }),
    cell(money(c.total_gbp), { num: true, value: c.total_gbp, suppressed: c.suppressed }),
  ]));
  const relevance = sb.relevance === 'condition' ? 'condition-related ' : '';
  const hidden = items.filter((c) => c.suppressed).length;
  const addUp = hidden
    ? `the steps shown do not add up to the mean cost per episode: ${count.format(hidden)} step${hidden === 1 ? '' : 's'} marked * ${hidden === 1 ? 'is' : 'are'} hidden (${fewer()} had any, or hidden so that a suppressed figure cannot be worked out), and ${hidden === 1 ? 'its' : 'their'} money is in the mean but not in the bars`
    : 'the steps add up to the mean cost per episode';
  applies('money-applies', `The ICB: ${relevance}${BASIS_WORDS[sb.basis]} cost, episodes anchored in ${period(q)}; ${addUp}${elsewhere(q)}. ${sb.note}`.trim());
}

/** Steps in definition order (then other_<setting>), keeping only those with cells; unknown ids last. */
export function orderedSteps(defined, cells) {
  const present = new Set(cells.map((c) => c.step));
  const known = defined.filter((s) => present.has(s.id));
  const extra = [...present].filter((id) => !defined.some((s) => s.id === id)).sort().map((id) => ({ id, label: stepLabel(id) }));
  return [...known, ...extra];
}
