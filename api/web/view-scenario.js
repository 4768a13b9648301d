// The "What if…" view: common levers → a scenario (schemas/scenario.ts) → POST /api/scenarios → a waterfall
// from the build's total through each change to the scenario's (floating bars in Chart.js), the table of the
// same bars, where the money moves by step and setting, and every price with its source.
/* global Chart */
import { api } from './api.js';
import { $, applies, cell, count, fillRows, money, rowHeader, settingLabel, stepLabel } from './format.js';

const WF01C = { ncc: { price_year: '2023/24', department: 'Consultant Led', currency_code: 'WF01C' } };
const value = (id) => Number($(id).value);

/** The steps a lever names: on a pathway without them (stroke has no follow_up_outpatients) it is left out. */
const LEVER_STEPS = { follow_up_outpatients: ['lever-fu-remove', 'lever-fu-remote'], surgery: ['lever-los-days'] };

/** Levers set on the page whose step the pathway has not (`stepIds`: the pathway's step ids; none given: all apply). */
export function leversNotApplying(stepIds) {
  if (!stepIds) return [];
  return Object.entries(LEVER_STEPS).filter(([step, ids]) => !stepIds.includes(step) && ids.some((id) => value(id))).map(([step]) => step);
}

/** The scenario the levers describe; a lever at 0, or one naming a step the pathway has not, adds no change. */
export function leversScenario(pathway, stepIds) {
  const changes = [];
  const applies = (step) => !stepIds || stepIds.includes(step);
  if (value('lever-demand')) changes.push({ type: 'volume', name: `Demand ${value('lever-demand') > 0 ? '+' : ''}${value('lever-demand')}%`, factor: 1 + value('lever-demand') / 100 });
  if (value('lever-fu-remove') && applies('follow_up_outpatients')) changes.push({ type: 'remove_step', name: `${value('lever-fu-remove')}% fewer follow-ups`, step: 'follow_up_outpatients', share: value('lever-fu-remove') / 100 });
  if (value('lever-fu-remote') && applies('follow_up_outpatients')) {
    changes.push({ type: 'move', name: `${value('lever-fu-remote')}% of follow-ups by phone or video`, step: 'follow_up_outpatients', unit: 'attendances', share: value('lever-fu-remote') / 100, to: { price: WF01C } });
  }
  if (value('lever-los-days') && value('lever-los-share') && applies('surgery')) {
    changes.push({
      type: 'length_of_stay', name: `${value('lever-los-days')} bed days for ${value('lever-los-share')}% of stays`, step: 'surgery', share: value('lever-los-share') / 100,
      bed_days_per_stay: value('lever-los-days'), price_per_bed_day: { gbp: value('lever-los-price'), source: $('lever-los-source').value },
    });
  }
  if (value('lever-uplift')) changes.push({ type: 'unit_cost', name: `Prices ${value('lever-uplift') > 0 ? '+' : ''}${value('lever-uplift')}%`, factor: 1 + value('lever-uplift') / 100 });
  return { id: 'page-levers', name: 'Levers on the page', pathway_id: pathway, changes };
}

let last = null;
export async function showScenario(q, live) {
  last = q;
  const form = $('scenario-form');
  if (!form.dataset.bound) {
    form.dataset.bound = 'true';
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      document.body.dataset.ready = 'false';
      run(last, () => true).catch((err) => ($('status').textContent = err.message)).finally(() => (document.body.dataset.ready = 'true'));
    });
  }
  await run(q, live);
}

/** Takes the previous answer off the page, so a failed or slower run never leaves another pathway's figures. */
function clear() {
  chart?.destroy();
  chart = null;
  for (const id of ['waterfall-table', 'scenario-steps']) fillRows(id, []);
  $('scenario-prices').replaceChildren();
  applies('scenario-applies', '');
}

async function run(q, live) {
  $('status').textContent = '';
  clear();
  const stepIds = q.steps.map((s) => s.id);
  const result = await api('/api/scenarios', leversScenario(q.pathway, stepIds));
  if (!live()) return;
  const skipped = leversNotApplying(stepIds).map((step) => `The ${step === 'surgery' ? 'length-of-stay' : 'follow-up'} levers name the step ${step}, which ${q.pathway} has not: left out.`);
  drawWaterfall(result.waterfall);
  fillWaterfallTable(result.waterfall);
  fillSteps(result.cells);
  $('scenario-prices').replaceChildren(...result.prices.map((p) => Object.assign(document.createElement('li'), { textContent: `${p.change}: ${money(p.gbp)} — ${p.source}` })), ...[...skipped, ...result.notes].map((n) => Object.assign(document.createElement('li'), { textContent: n })));
  applies('scenario-applies', `${result.scenario.pathway_id}, every provider, all months, actual cost. ${result.method}`);
}

const unitsText = (units) => (units ? Object.entries(units).map(([u, n]) => `${count.format(n)} ${u.replaceAll('_', ' ')}`).join(', ') : '');

function fillWaterfallTable(bars) {
  fillRows('waterfall-table', bars.map((b, i) => [rowHeader(b.label), cell(money(b.gbp), { num: true, value: b.gbp, suppressed: b.suppressed, id: `waterfall-${i}` }), cell(unitsText(b.units))]));
}

function fillSteps(cells) {
  const rows = cells.filter((c) => c.provider_code === 'ICB' && c.step !== 'all' && c.setting !== 'all' && c.unit !== 'all' && c.difference_gbp !== 0);
  fillRows('scenario-steps', rows.map((c) => [
    rowHeader(stepLabel(c.step)), cell(settingLabel(c.setting)), cell(c.unit.replaceAll('_', ' ')),
      cell(money(c.baseline_gbp), { num: true, value: c.baseline_gbp, suppressed: c.suppressed }),
      cell(money(c.scenario_gbp), { num: true, value: c.scenario_gbp, suppressed: c.suppressed }),
      cell(money(c.difference_gbp), { num: true, value: c.difference_gbp, suppressed: c.suppressed, id: `scenario-diff-${c.step}-${c.setting}-${c.unit}` }),
      cell(c.difference_units === null ? '*' : count.format(c.difference_units), { num: true, value: c.difference_units, suppressed: c.suppressed }),
  ]));
}

/** Floating bars: totals stand on zero, each change floats from the running total to the next. */
export function waterfallBars(bars) {
  let running = 0;
  return bars.map((b) => {
    if (b.gbp === null) return null;
    if (b.kind === 'baseline' || b.kind === 'scenario') {
      running = b.gbp;
      return [0, b.gbp];
    }
    const from = running;
    running += b.gbp;
    return [from, running];
  });
}

let chart = null;
function drawWaterfall(bars) {
  chart?.destroy();
  const colour = (b) => (b.kind === 'baseline' || b.kind === 'scenario' ? '#005eb8' : b.gbp !== null && b.gbp > 0 ? '#d5281b' : '#007f3b');
  const whole = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
  chart = new Chart($('waterfall-chart'), {
    type: 'bar',
    data: {
      labels: bars.map((b) => (b.gbp === null ? `${b.label} *` : b.label)),
      datasets: [{ label: '£', data: waterfallBars(bars), backgroundColor: bars.map(colour) }],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => money(bars[c.dataIndex].gbp) } } },
      scales: { y: { beginAtZero: false, ticks: { callback: (v) => whole.format(v) } } },
    },
  });
}
