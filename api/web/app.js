// The page: pickers → API → tables and charts. Plain ES module, no build step. Every figure the page shows
// comes from the API as is (formatting only), so a test can compare the two.
import { binLabel, drawDistribution, drawFunnel, drawSteps, drawTimeline, gbp } from './charts.js';

const KEY = 'pathcost.apiKey';
const $ = (id) => document.getElementById(id);
const count = new Intl.NumberFormat('en-GB');
const state = { pathways: [], generation: 0, role: null, threshold: 8 };
/** The build's rule (its manifest, through /api/health). */
const fewer = () => `fewer than ${state.threshold} episodes`;

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `The server answered ${status}.`);
    this.status = status;
  }
}

// `pathcost serve` may print a link with #key=…: the fragment never reaches the server or its logs.
function takeKeyFromUrl() {
  const m = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (!m) return;
  sessionStorage.setItem(KEY, decodeURIComponent(m[1]));
  history.replaceState(null, '', location.pathname + location.search);
}

let keyPrompt = null;
/** One dialog however many requests were refused at once; resolves true when a key was given. */
function askForKey() {
  keyPrompt ??= new Promise((resolve) => {
    const dialog = $('key-dialog');
    const done = (ok) => {
      if (dialog.open) dialog.close();
      keyPrompt = null;
      resolve(ok);
    };
    $('key-input').value = '';
    $('key-form').onsubmit = (e) => {
      e.preventDefault();
      const key = $('key-input').value.trim();
      if (!key) return;
      sessionStorage.setItem(KEY, key);
      done(true);
    };
    $('key-cancel').onclick = () => done(false);
    dialog.oncancel = () => done(false);
    dialog.showModal();
  });
  return keyPrompt;
}

async function api(path) {
  for (;;) {
    const key = sessionStorage.getItem(KEY);
    const res = await fetch(path, { headers: { accept: 'application/json', ...(key ? { 'x-api-key': key } : {}) } });
    if (res.status === 401 && (await askForKey())) continue;
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, body);
    return body;
  }
}

const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
const money = (v) => (v === null || v === undefined ? '*' : gbp.format(v));

/** A table cell; suppressed values show * with an explanation, numbers keep the API's value in data-value. */
function cell(text, { num = false, value, suppressed = false, id } = {}) {
  const td = document.createElement('td');
  td.textContent = text;
  if (num) td.className = 'num';
  if (id) td.id = id;
  if (value !== undefined && value !== null) td.dataset.value = String(value);
  if (suppressed) {
    td.classList.add('suppressed');
    td.title = `Suppressed: ${fewer()} (or hidden so that a suppressed figure cannot be worked out)`;
  }
  return td;
}

function fillRows(tableId, rows) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement('tr');
    tr.append(...cells);
    return tr;
  }));
}

function fillSelect(select, options) {
  const previous = select.value;
  select.replaceChildren(...options.map(([value, label]) => new Option(label, value)));
  if (options.some(([v]) => v === previous)) select.value = previous;
}

function current() {
  return { pathway: $('pathway').value, provider: $('provider').value, basis: $('basis').value, month: $('month').value };
}

function onPathway() {
  const p = state.pathways.find((x) => x.pathway_id === $('pathway').value);
  fillSelect($('provider'), (p?.providers ?? []).map((c) => [c, c]));
  fillSelect($('month'), [['all', 'All months'], ...(p?.months ?? []).map((m) => [m, m])]);
  return refresh();
}

async function showSummary(q, live) {
  const { items } = await api(`/api/summary?${query({ pathway: q.pathway, month: q.month, step: 'all', setting: 'all', basis: q.basis, limit: 1000 })}`);
  if (!live()) return;
  const rows = [q.provider, 'ICB'].map((who) => items.find((r) => r.provider_code === who) ?? { provider_code: who, suppressed: true });
  fillRows('kpi-table', rows.map((r) => {
    const tag = r.provider_code === 'ICB' ? 'icb' : 'provider';
    const s = r.suppressed;
    return [
      Object.assign(document.createElement('th'), { scope: 'row', textContent: r.provider_code === 'ICB' ? 'ICB (all providers)' : r.provider_code }),
      cell(r.n_episodes === null || r.n_episodes === undefined ? '*' : count.format(r.n_episodes), { num: true, value: r.n_episodes, suppressed: s, id: `kpi-${tag}-n` }),
      cell(money(r.mean_gbp), { num: true, value: r.mean_gbp, suppressed: s, id: `kpi-${tag}-mean` }),
      cell(money(r.median_gbp), { num: true, value: r.median_gbp, suppressed: s, id: `kpi-${tag}-median` }),
      cell(s ? '*' : `${money(r.p25_gbp)} – ${money(r.p75_gbp)}`, { num: true, suppressed: s }),
      cell(money(r.total_gbp), { num: true, value: r.total_gbp, suppressed: s, id: `kpi-${tag}-total` }),
    ];
  }));
}

async function showSteps(q, live) {
  const { items } = await api(`/api/steps?${query({ pathway: q.pathway, month: q.month, basis: q.basis, limit: 1000 })}`);
  if (!live()) return;
  const cells = items.filter((c) => c.provider_code === q.provider || c.provider_code === 'ICB');
  const defined = state.pathways.find((p) => p.pathway_id === q.pathway)?.steps ?? [];
  const present = new Set(cells.map((c) => c.step));
  const steps = [...defined.filter((s) => present.has(s.id)), ...[...present].filter((id) => !defined.some((s) => s.id === id)).sort().map((id) => ({ id, label: id }))];
  drawSteps('steps-chart', { steps, provider: q.provider, cells });
  const keys = [...new Set(cells.map((c) => `${c.step}|${c.setting}`))].sort((a, b) => steps.findIndex((s) => s.id === a.split('|')[0]) - steps.findIndex((s) => s.id === b.split('|')[0]) || a.localeCompare(b));
  fillRows('steps-table', keys.map((k) => {
    const [step, setting] = k.split('|');
    const of = (who) => cells.find((c) => c.provider_code === who && c.step === step && c.setting === setting);
    const td = (c, who) => cell(c ? money(c.mean_per_episode_gbp) : '–', { num: true, value: c?.mean_per_episode_gbp, suppressed: c?.suppressed, id: `steps-${who}-${step}-${setting}` });
    return [cell(steps.find((s) => s.id === step)?.label ?? step), cell(setting), td(of(q.provider), 'provider'), td(of('ICB'), 'icb')];
  }));
}

async function showDistribution(q, live) {
  const dist = await api(`/api/distribution?${query({ pathway: q.pathway, provider: q.provider, month: q.month, basis: q.basis, bins: 10 })}`);
  if (!live()) return;
  const allHidden = dist.bins.length > 0 && dist.bins.every((b) => b.suppressed || b.n_episodes === 0);
  $('dist-note').textContent = dist.suppressed
    ? `${q.provider} is suppressed for this month (${fewer()}, or hidden so that a suppressed figure cannot be worked out): no distribution.`
    : `${count.format(dist.n_episodes)} episodes of ${q.provider}; bins of ${money(dist.bin_width_gbp)} or more between open-ended end bins (edges from the ICB-wide 2nd–98th percentiles; neighbouring bins merged until none holds ${fewer()}).` +
      (allHidden ? ' No bin can be shown.' : '');
  drawDistribution('dist-chart', dist);
  fillRows('dist-table', dist.bins.map((b) => [cell(binLabel(b)), cell(b.suppressed ? '*' : count.format(b.n_episodes), { num: true, value: b.n_episodes, suppressed: b.suppressed })]));
}

async function showFunnel(q, live) {
  const { items } = await api(`/api/variation?${query({ pathway: q.pathway, basis: q.basis, view: 'raw', limit: 1000 })}`);
  if (!live()) return;
  const hidden = items.filter((r) => r.suppressed).map((r) => r.provider_code);
  $('funnel-note').textContent = items.length
    ? `${q.basis} cost, all months.${hidden.length ? ` Not plotted (${fewer()}, or hidden so that a suppressed figure cannot be worked out): ${hidden.join(', ')}.` : ''}`
    : 'No case-mix comparison was built for this pathway and basis.';
  drawFunnel('funnel-chart', { rows: items, selected: q.provider });
  fillRows('funnel-table', items.map((r) => [
    cell(r.provider_code),
    cell(r.suppressed ? '*' : count.format(r.n_episodes), { num: true, value: r.n_episodes, suppressed: r.suppressed }),
    cell(money(r.observed_mean_gbp), { num: true, value: r.observed_mean_gbp, suppressed: r.suppressed, id: `funnel-${r.provider_code}-observed` }),
    cell(money(r.expected_mean_gbp), { num: true, value: r.expected_mean_gbp, suppressed: r.suppressed }),
    cell(r.oe_ratio === null ? '*' : r.oe_ratio.toFixed(3), { num: true, value: r.oe_ratio, suppressed: r.suppressed, id: `funnel-${r.provider_code}-oe` }),
    cell(r.lower_95 === null ? '*' : `${r.lower_95.toFixed(3)} – ${r.upper_95.toFixed(3)}`, { num: true, suppressed: r.suppressed }),
    cell(r.outlier ?? '*', { suppressed: r.suppressed }),
  ]));
}

async function showEpisodes(q, live) {
  if (state.role === 'analyst') {
    $('episode-controls').hidden = true;
    $('episode-access').textContent = 'Patient-level detail needs a clinician or admin key; this key may see aggregates only.';
    return;
  }
  const page = await api(`/api/episodes?${query({ pathway: q.pathway, provider: q.provider, month: q.month, limit: 100 })}`);
  if (!live()) return;
  $('episode-controls').hidden = false;
  $('episode-access').textContent = `${count.format(page.total)} episodes of ${q.provider}${page.total > page.items.length ? ` (first ${page.items.length} listed)` : ''}. Patient-level detail: do not share.`;
  fillSelect($('episode'), page.items.map((e) => [e.episode_id, `${e.anchor_start} · ${e.episode_id} · ${money(e.total_cost_gbp)}`]));
  if (page.items.length) await showTimeline($('episode').value, live);
}

async function showTimeline(id, live = () => true) {
  const { episode: e, timeline } = await api(`/api/episodes/${encodeURIComponent(id)}`);
  if (!live()) return;
  $('episode-summary').textContent =
    `Patient ${e.patient_id}: admitted ${e.anchor_start}, discharged ${e.anchor_end} (${e.los_days} nights) at ${e.anchor_provider_code}; ` +
    `window ${e.window_start} to ${e.window_end}; ${e.status}${e.flags?.length ? `; flags: ${e.flags.join(', ')}` : ''}. ` +
    `Total ${money(e.total_cost_gbp)} actual, ${money(e.standardised_cost_gbp)} standardised.`;
  drawTimeline('timeline-chart', timeline);
  fillRows('timeline-table', timeline.map((t) => [
    cell(t.start_date === t.end_date ? t.start_date : `${t.start_date} – ${t.end_date}`),
    cell(t.step ?? ''),
    cell(t.setting),
    cell(t.provider_code),
    cell(t.activity_type),
    cell(money(t.cost_gbp), { num: true, value: t.cost_gbp }),
    cell(t.cost_basis),
    cell([t.price_source, t.price_ref, t.price_year, t.adjustment].filter(Boolean).join(' · ')),
  ]));
}

async function refresh() {
  const q = current();
  const generation = ++state.generation;
  // A newer choice supersedes this one: its results are not drawn.
  const live = () => generation === state.generation;
  document.body.dataset.ready = 'false';
  $('status').textContent = '';
  for (const el of document.querySelectorAll('.basis-label')) el.textContent = q.basis;
  const results = await Promise.allSettled([showSummary(q, live), showSteps(q, live), showDistribution(q, live), showFunnel(q, live), showEpisodes(q, live)]);
  if (!live()) return;
  const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
  $('status').textContent = [...new Set(failed)].join(' ');
  document.body.dataset.ready = 'true';
}

async function start() {
  takeKeyFromUrl();
  $('pathway').addEventListener('change', onPathway);
  for (const id of ['provider', 'basis', 'month']) $(id).addEventListener('change', refresh);
  $('episode').addEventListener('change', () => showTimeline($('episode').value).catch((err) => ($('status').textContent = err.message)));
  $('change-key').addEventListener('click', () => askForKey().then((ok) => ok && load()));
  await load();
}

async function load() {
  try {
    const health = await fetch('/api/health').then((r) => r.json());
    $('build').textContent = `Build ${health.run_id}${health.built_at ? `, ${health.built_at.slice(0, 10)}` : ''}`;
    state.threshold = health.suppression_threshold;
    for (const el of document.querySelectorAll('.suppression-rule')) el.textContent = fewer();
    state.role = (await api('/api/me')).role;
    state.pathways = (await api('/api/pathways')).items;
    fillSelect($('pathway'), state.pathways.map((p) => [p.pathway_id, p.name]));
    await onPathway();
  } catch (err) {
    $('status').textContent = err.message;
    document.body.dataset.ready = 'true';
  }
}

start();
