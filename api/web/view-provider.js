// The provider view, for a trust's finance team and clinicians: the chosen provider beside the ICB (or the ICB
// alone until a provider is chosen) — cost per episode, by step and setting, the distribution, and one
// episode's timeline with the provenance of every pound (clinician and admin keys).
import { api, query } from './api.js';
import { BASIS_WORDS, stepsBasis, summaryBasis } from './bases.js';
import { binLabel, drawDistribution, drawSteps, drawTimeline } from './charts.js';
import { $, applies, cell, count, fewer, fillRows, fillSelect, money, monthLabel, number, rowHeader, settingLabel, state, stepLabel } from './format.js';
import { orderedSteps } from './view-icb.js';

const period = (q) => (q.month === 'all' ? 'all months' : monthLabel(q.month));
const who = (q) => (q.provider === 'ICB' ? ['ICB'] : [q.provider, 'ICB']);
const name = (code) => (code === 'ICB' ? 'ICB (all providers)' : code);

export async function showKpi(q, live) {
  const sb = summaryBasis(q.basis);
  const { items } = await api(`/api/summary?${query({ pathway: q.pathway, month: q.month, step: 'all', setting: 'all', basis: sb.basis, limit: 1000 })}`);
  if (!live()) return;
  const rows = who(q).map((w) => items.find((r) => r.provider_code === w) ?? { provider_code: w, suppressed: true });
  fillRows('kpi-table', rows.map((r) => {
    const tag = r.provider_code === 'ICB' ? 'icb' : 'provider';
    const s = r.suppressed;
    return [
      rowHeader(name(r.provider_code)),
      cell(number(r.n_episodes), { num: true, value: r.n_episodes, suppressed: s, id: `kpi-${tag}-n` }),
      cell(money(r.mean_gbp), { num: true, value: r.mean_gbp, suppressed: s, id: `kpi-${tag}-mean` }),
      cell(money(r.median_gbp), { num: true, value: r.median_gbp, suppressed: s, id: `kpi-${tag}-median` }),
      cell(s ? '*' : `${money(r.p25_gbp)} – ${money(r.p75_gbp)}`, { num: true, suppressed: s, nowrap: true }),
      cell(money(r.total_gbp), { num: true, value: r.total_gbp, suppressed: s, id: `kpi-${tag}-total` }),
    ];
  }));
  for (const el of document.querySelectorAll('.basis-label')) el.textContent = BASIS_WORDS[sb.basis];
  const compare = q.provider === 'ICB' ? 'The ICB alone: choose a provider above to set it beside the ICB.' : `${q.provider} beside the ICB.`;
  applies('kpi-applies', `${compare} Episodes anchored in ${period(q)}. ${sb.note}`.trim());
}

export async function showSteps(q, live) {
  const sb = stepsBasis(q.basis);
  const { items } = await api(`/api/steps?${query({ pathway: q.pathway, month: q.month, basis: sb.basis, relevance: sb.relevance, limit: 1000 })}`);
  if (!live()) return;
  const cells = items.filter((c) => who(q).includes(c.provider_code));
  const steps = orderedSteps(q.steps, cells);
  drawSteps('steps-chart', { steps, who: who(q), cells, names: { ICB: 'ICB' } });
  $('steps-note').textContent = q.provider === 'ICB' ? 'The ICB’s own split; choose a provider to set its bars beside the ICB’s.' : `Left bar of each pair: ${q.provider}; right bar (faded): the ICB. Colours are care settings.`;
  $('steps-who').textContent = `${name(q.provider)} £/episode`;
  const keys = [...new Set(cells.map((c) => `${c.step}|${c.setting}`))].sort((a, b) => steps.findIndex((s) => s.id === a.split('|')[0]) - steps.findIndex((s) => s.id === b.split('|')[0]) || a.localeCompare(b));
  fillRows('steps-table', keys.map((k) => {
    const [step, setting] = k.split('|');
    const of = (w) => cells.find((c) => c.provider_code === w && c.step === step && c.setting === setting);
    const td = (c, tag) => cell(c ? money(c.mean_per_episode_gbp) : '–', { num: true, value: c?.mean_per_episode_gbp, suppressed: c?.suppressed, id: `steps-${tag}-${step}-${setting}` });
    return [cell(stepLabel(step)), cell(settingLabel(setting)), td(of(q.provider), 'provider'), td(of('ICB'), 'icb')];
  }));
  const relevance = sb.relevance === 'condition' ? 'condition-related ' : '';
  applies('steps-applies', `${relevance}${BASIS_WORDS[sb.basis]} cost, episodes anchored in ${period(q)}. ${sb.note}`.trim());
}

export async function showDistribution(q, live) {
  const dist = await api(`/api/distribution?${query({ pathway: q.pathway, provider: q.provider, month: q.month, basis: q.basis })}`);
  if (!live()) return;
  $('dist-note').textContent = dist.suppressed
    ? `${name(q.provider)} is suppressed for ${period(q)} (${fewer()}, or hidden so that a suppressed figure cannot be worked out): no distribution.`
    : `${count.format(dist.n_episodes)} episodes of ${name(q.provider)}, ${period(q)}, ${BASIS_WORDS[q.basis]} cost; bins of ${money(dist.bin_width_gbp)} or more between open-ended end bins (edges from the ICB-wide 2nd–98th percentiles; neighbouring bins merged until none holds ${fewer()}).`;
  drawDistribution('dist-chart', dist, BASIS_WORDS[q.basis]);
  fillRows('dist-table', dist.bins.map((b) => [cell(binLabel(b), { nowrap: true }), cell(b.suppressed ? '*' : count.format(b.n_episodes), { num: true, value: b.n_episodes, suppressed: b.suppressed })]));
}

/** An annual cohort's episode is a financial year of care held by a practice, not an admission. */
let yearOfCare = false;
const stayWords = (e) =>
  yearOfCare
    ? `year of care ${e.anchor_start} to ${e.anchor_end}, registered at practice ${e.anchor_provider_code}`
    : `admitted ${e.anchor_start}, discharged ${e.anchor_end} (${e.los_days} nights) at ${e.anchor_provider_code}`;

export async function showEpisodes(q, live) {
  if (state.role === 'analyst') {
    $('episode-controls').hidden = true;
    $('episode-access').textContent = 'Patient-level detail needs a clinician or admin key; this key may see aggregates only.';
    applies('episode-applies', '');
    return;
  }
  const provider = q.provider === 'ICB' ? undefined : q.provider;
  const page = await api(`/api/episodes?${query({ pathway: q.pathway, provider, month: q.month, limit: 100 })}`);
  if (!live()) return;
  $('episode-controls').hidden = false;
  $('episode-access').textContent = `${count.format(page.total)} episodes of ${name(q.provider)}, ${period(q)}${page.total > page.items.length ? ` (first ${page.items.length} listed)` : ''}. Patient-level detail: do not share.`;
  applies('episode-applies', `Costs as each activity was priced (actual); the basis chosen (${BASIS_WORDS[q.basis]}) applies to the totals above, not to single activities.`);
  yearOfCare = q.anchorKind === 'annual_cohort';
  fillSelect($('episode'), page.items.map((e) => [e.episode_id, `${e.anchor_start} · ${e.anchor_provider_code} · ${money(e.total_cost_gbp)}`]));
  if (page.items.length) await showTimeline($('episode').value, live);
  else clearTimeline();
}

/** No episode for the choice: nothing of the last one shown may stay (another pathway's patient, another month's). */
function clearTimeline() {
  $('episode-summary').textContent = '';
  drawTimeline('timeline-chart', [], stepLabel);
  fillRows('timeline-table', []);
}


export async function showTimeline(id, live = () => true) {
  const { episode: e, timeline } = await api(`/api/episodes/${encodeURIComponent(id)}`);
  if (!live()) return;
  $('episode-summary').textContent =
    `Patient ${e.patient_id}: ${stayWords(e)}; ` +
    `window ${e.window_start} to ${e.window_end}; ${e.status}${e.flags?.length ? `; flags: ${e.flags.join(', ')}` : ''}. ` +
    `Total ${money(e.total_cost_gbp)} actual, ${money(e.standardised_cost_gbp)} standardised.`;
  drawTimeline('timeline-chart', timeline, stepLabel);
  fillRows('timeline-table', timeline.map((t) => [
    cell(t.start_date === t.end_date ? t.start_date : `${t.start_date} – ${t.end_date}`, { nowrap: true }),
    cell(t.step ? stepLabel(t.step) : ''),
    cell(settingLabel(t.setting)),
    cell(t.provider_code),
    cell(t.activity_type.replaceAll('_', ' ')),
    cell(money(t.cost_gbp), { num: true, value: t.cost_gbp }),
    cell(t.cost_basis),
    cell([t.price_source, t.price_ref, t.price_year, t.adjustment].filter(Boolean).join(' · ')),
  ]));
}
