// The data panel, for whoever must trust the figures: coverage per feed and month, the share of episodes still
// provisional, quarantined rows by reason, and the reconciliation of every input pound. Everything here comes
// from tables the build already suppressed; totals add up published rows only, and say how many were hidden.
import { api, apiAll, query } from './api.js';
import { drawCoverage, drawProvisional, drawQuarantine } from './charts.js';
import { $, applies, cell, count, feedLabel, fillRows, gbp0, money, monthLabel, percent, reasonLabel, rowHeader, state } from './format.js';

const period = (q) => (q.month === 'all' ? 'all months' : monthLabel(q.month));
const NOT_MONEY = 'The cost basis does not apply: these are rows and pounds as priced.';

export async function showCoverage(q, live) {
  const { items } = await apiAll(`/api/data-quality?${query({ check: 'coverage' })}`);
  if (!live()) return;
  const months = [...new Set(items.map((r) => r.month))].filter((m) => m !== 'all').sort();
  const feeds = [...new Set(items.map((r) => r.feed))].sort();
  const series = feeds.map((f) => ({ label: feedLabel(f), values: months.map((m) => items.find((r) => r.feed === f && r.month === m)?.value ?? null) }));
  drawCoverage('coverage-chart', { months, series, highlight: q.month, monthLabel });
  const light = items.filter((r) => r.value !== null && r.value < 0.85).length;
  applies('coverage-applies', `Every feed and month, for every pathway and provider (coverage belongs to the feeds, not to one pathway or trust)${q.month === 'all' ? '' : `; ${monthLabel(q.month)} is marked`}. ${count.format(light)} feed-months are light. ${NOT_MONEY}`);
}

export async function showProvisional(q, live) {
  const { items } = await api(`/api/provisional?${query({ pathway: q.pathway })}`);
  if (!live()) return;
  drawProvisional('provisional-chart', { items, highlight: q.month, monthLabel });
  const chosen = items.find((m) => m.month === q.month);
  const month = q.month === 'all' ? '' : chosen?.suppressed ? ` ${monthLabel(q.month)}: suppressed.` : chosen ? ` ${monthLabel(q.month)}: ${percent.format(chosen.provisional_share)} provisional (${count.format(chosen.n_provisional)} of ${count.format(chosen.n_episodes)}).` : '';
  const provider = q.provider === 'ICB' ? '' : ` Shown for the ICB, not ${q.provider}: a provider’s monthly counts are too small to split.`;
  applies('provisional-applies', `The ICB’s ${q.pathway} episodes by anchor month; a month marked * is suppressed (its provisional or its complete episodes number fewer than ${state.threshold}).${month}${provider}`);
}

export async function showQuarantine(q, live) {
  const { items } = await apiAll(`/api/data-quality?${query({ month: q.month === 'all' ? undefined : q.month })}`);
  if (!live()) return;
  const rows = items.filter((r) => r.check.startsWith('quarantined:'));
  const byReason = new Map();
  let hidden = 0;
  for (const r of rows) {
    if (r.value === null) {
      hidden += 1;
      continue;
    }
    const reason = r.check.slice('quarantined:'.length);
    const entry = byReason.get(reason) ?? { id: reason, label: reasonLabel(reason), byFeed: new Map(), total: 0 };
    entry.byFeed.set(r.feed, (entry.byFeed.get(r.feed) ?? 0) + r.value);
    entry.total += r.value;
    byReason.set(reason, entry);
  }
  const reasons = [...byReason.values()].sort((a, b) => b.total - a.total);
  const feeds = [...new Set(rows.map((r) => r.feed))].sort().map((id) => ({ id, label: feedLabel(id) }));
  drawQuarantine('quarantine-chart', { reasons, feeds });
  const total = reasons.reduce((a, r) => a + r.total, 0);
  $('quarantine-note').textContent = rows.length
    ? `${count.format(total)} rows quarantined in ${period(q)}, each with its file, line and what to fix (the quarantine table; \`pathcost validate\` reports them before a build).` +
      (hidden ? ` ${count.format(hidden)} feed-month counts below ${state.threshold} are suppressed and not in these totals.` : '')
    : `No row was quarantined in ${period(q)}.`;
  $('quarantine-note').dataset.value = String(total);
  applies('quarantine-applies', `Every feed, for every pathway and provider (rows are quarantined before any episode is built), ${period(q)}. ${NOT_MONEY}`);
}

const MONEY = ['in_gbp', 'attributed_gbp', 'outside_gbp', 'quarantined_gbp'];

export async function showReconciliation(q, live) {
  const provider = q.provider === 'ICB' ? undefined : q.provider;
  const { items, truncated } = await apiAll(`/api/reconciliation?${query({ pathway: q.pathway, provider, month: q.month === 'all' ? undefined : q.month })}`);
  if (!live()) return;
  const feeds = new Map();
  for (const r of items) {
    const f = feeds.get(r.feed) ?? { feed: r.feed, rows: 0, hidden: 0, difference: 0, ...Object.fromEntries(MONEY.map((k) => [k, 0])) };
    f.rows += 1;
    f.difference += r.difference_gbp ?? 0;
    if (r.suppressed) f.hidden += 1;
    else for (const k of MONEY) f[k] += r[k] ?? 0;
    feeds.set(r.feed, f);
  }
  const list = [...feeds.values()].sort((a, b) => a.feed.localeCompare(b.feed));
  fillRows('recon-table', list.map((f) => [
    rowHeader(`${feedLabel(f.feed)}${f.hidden ? ' *' : ''}`),
    // a feed with hidden provider-months: its shown months' pounds are not the feed's, so never read as such
    ...MONEY.map((k) => (f.hidden === f.rows ? cell('*', { num: true, suppressed: true }) : cell(`${gbp0.format(f[k])}${f.hidden ? ' + *' : ''}`, { num: true, value: f[k] }))),
    cell(money(f.difference), { num: true, value: f.difference, id: `recon-${f.feed}-difference` }),
  ]));
  const hidden = list.reduce((a, f) => a + f.hidden, 0);
  const worst = Math.max(0, ...items.map((r) => Math.abs(r.difference_gbp ?? 0)));
  $('recon-note').textContent = items.length
    ? `For each feed: pounds in = attributed to ${q.pathway} episodes + outside every episode window + quarantined. Largest difference in any provider-month: ${money(worst)}.` +
      (hidden ? ` * ${count.format(hidden)} provider-months whose money comes from fewer than ${state.threshold} patients (or is hidden so that theirs cannot be worked out) show only their difference: a feed's pounds are then those of its shown months “+ *”, or “*” when none is shown.` : '') +
      (truncated ? ' Only the first 20,000 rows are summed: choose a month or provider.' : '')
    : 'Nothing to reconcile for this choice.';
  $('recon-note').dataset.value = String(worst);
  const who = q.provider === 'ICB' ? 'every provider' : `${q.provider}’s own activity (as the organisation delivering it)`;
  applies('recon-applies', `${q.pathway}, ${who}, ${period(q)}. ${NOT_MONEY}`);
}

