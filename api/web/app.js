// The page: filters → six views (ICB summary, provider view, flows, data quality, what-if scenarios, value) → the API → tables and charts.
// Plain ES modules, no build step. It opens on knee replacement at ICB level, all months, actual cost; the
// choice is kept in the address (?pathway=…&provider=…&basis=…&month=…#view) so a view can be bookmarked.
import { api, askForKey, takeKeyFromUrl } from './api.js';
import { $, fewer, fillSelect, labels, monthLabel, state } from './format.js';
import { showHeadline, showMoney, showProviders } from './view-icb.js';
import { showCoverage, showProvisional, showQuarantine, showReconciliation } from './view-data.js';
import { showFlows } from './view-flows.js';
import { showDistribution, showEpisodes, showKpi, showSteps, showTimeline } from './view-provider.js';
import { showScenario } from './view-scenario.js';
import { showValue } from './view-value.js';

const DEFAULT_PATHWAY = 'knee-replacement';
const VIEWS = ['icb', 'provider', 'flows', 'data', 'scenario', 'value'];
const SHOW = {
  icb: [showHeadline, showProviders, showMoney],
  provider: [showKpi, showSteps, showDistribution, showEpisodes],
  flows: [showFlows],
  data: [showCoverage, showProvisional, showQuarantine, showReconciliation],
  scenario: [showScenario],
  value: [showValue],
};
let pathways = [];
let generation = 0;

function current() {
  const pathway = $('pathway').value;
  const p = pathways.find((x) => x.pathway_id === pathway);
  return { pathway, provider: $('provider').value, basis: $('basis').value, month: $('month').value, steps: p?.steps ?? [], anchorKind: p?.anchor_kind };
}

const view = () => (VIEWS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'icb');

function showView() {
  const v = view();
  for (const id of VIEWS) {
    $(`view-${id}`).hidden = id !== v;
    $(`tab-${id}`).setAttribute('aria-current', id === v ? 'page' : 'false');
  }
}

/** Keeps the choice in the address bar (replacing, so Back leaves the page rather than undoing filters). */
function remember(q) {
  const params = new URLSearchParams({ pathway: q.pathway, provider: q.provider, basis: q.basis, month: q.month });
  history.replaceState(null, '', `${location.pathname}?${params}${location.hash}`);
}

function onPathway() {
  const p = pathways.find((x) => x.pathway_id === $('pathway').value);
  labels.steps = new Map((p?.steps ?? []).map((s) => [s.id, s.label]));
  fillSelect($('provider'), [['ICB', 'ICB — all providers'], ...(p?.providers ?? []).map((c) => [c, c])]);
  fillSelect($('month'), [['all', 'All months'], ...(p?.months ?? []).map((m) => [m, monthLabel(m)])]);
  return refresh();
}

/** Draws the view on show; the others are drawn when opened (each view's data is fetched once per choice). */
async function refresh() {
  const q = current();
  const mine = ++generation;
  // A newer choice supersedes this one: its results are not drawn.
  const live = () => mine === generation;
  remember(q);
  document.body.dataset.ready = 'false';
  $('status').textContent = '';
  const v = view();
  const results = await Promise.allSettled(SHOW[v].map((show) => show(q, live)));
  if (!live()) return;
  const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
  $('status').textContent = [...new Set(failed)].join(' ');
  document.body.dataset.view = v;
  document.body.dataset.ready = 'true';
}

async function load() {
  try {
    const health = await fetch('/api/health').then((r) => r.json());
    $('build').textContent = `Build ${health.run_id}${health.built_at ? `, ${health.built_at.slice(0, 10)}` : ''}`;
    state.threshold = health.suppression_threshold;
    for (const el of document.querySelectorAll('.suppression-rule')) el.textContent = fewer();
    state.role = (await api('/api/me')).role;
    const vocabulary = await api('/api/labels');
    labels.settings = new Map(vocabulary.settings.map((l) => [l.id, l.label]));
    labels.feeds = new Map(vocabulary.feeds.map((l) => [l.id, l.label]));
    labels.reasons = new Map(vocabulary.quarantine_reasons.map((l) => [l.id, l.label]));
    pathways = (await api('/api/pathways')).items;
    const asked = new URLSearchParams(location.search);
    fillSelect($('pathway'), pathways.map((p) => [p.pathway_id, p.name]), asked.get('pathway') ?? DEFAULT_PATHWAY);
    if (asked.get('basis')) fillSelect($('basis'), [...$('basis').options].map((o) => [o.value, o.text]), asked.get('basis'));
    const p = pathways.find((x) => x.pathway_id === $('pathway').value);
    labels.steps = new Map((p?.steps ?? []).map((s) => [s.id, s.label]));
    fillSelect($('provider'), [['ICB', 'ICB — all providers'], ...(p?.providers ?? []).map((c) => [c, c])], asked.get('provider') ?? 'ICB');
    fillSelect($('month'), [['all', 'All months'], ...(p?.months ?? []).map((m) => [m, monthLabel(m)])], asked.get('month') ?? 'all');
    await refresh();
  } catch (err) {
    $('status').textContent = err.message;
    document.body.dataset.ready = 'true';
  }
}

function start() {
  takeKeyFromUrl();
  showView();
  $('pathway').addEventListener('change', onPathway);
  for (const id of ['provider', 'basis', 'month']) $(id).addEventListener('change', refresh);
  window.addEventListener('hashchange', () => {
    showView();
    refresh();
  });
  // A tab's #provider would also move focus to the provider filter (the browser focuses the element of that id):
  // the tabs change the address themselves, and keyboard focus stays on the tab chosen.
  for (const tab of document.querySelectorAll('#views a[data-view]')) {
    tab.addEventListener('click', (e) => {
      e.preventDefault();
      if (location.hash === `#${tab.dataset.view}`) return;
      history.pushState(null, '', `#${tab.dataset.view}`);
      showView();
      refresh();
    });
  }
  $('episode').addEventListener('change', () => showTimeline($('episode').value).catch((err) => ($('status').textContent = err.message)));
  $('change-key').addEventListener('click', () => askForKey('change').then((ok) => ok && load()));
  load();
}

start();
