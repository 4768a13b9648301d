// The value view, for the ICB: what each provider's pathway costs beside the health its patients gain (PROMs).
// Cost O/E (case-mix adjusted cost, actual basis) against outcome O/E (Oxford score gained ÷ the gain its case mix
// predicts), in four quadrants around 1 and 1; a table with adjusted gains, their funnel limits, the cost per
// point of Oxford score and per 0.1 of EQ-5D gained, and how many episodes had PROMs linked.
/* global Chart */
import { api, query } from './api.js';
import { $, applies, cell, fewer, fillRows, money, number, percent, positionLabel, rowHeader } from './format.js';

const QUADRANTS = [
  { x: 'low', y: 'high', text: 'Lower cost, more gain', colour: '#007f3b' },
  { x: 'high', y: 'high', text: 'Higher cost, more gain', colour: '#4c5661' },
  { x: 'low', y: 'low', text: 'Lower cost, less gain', colour: '#4c5661' },
  { x: 'high', y: 'low', text: 'Higher cost, less gain', colour: '#d5281b' },
];

/**
 * Which quadrant a provider is in, judged on the ratios as the table shows them (two places): one shown as 1.00
 * is on a line, and named so, rather than put on a side its shown figure does not support (0.9956 read "1.00"
 * and "lower cost").
 */
export function quadrantOf(costOe, outcomeOe) {
  const [x, y] = [Number(costOe.toFixed(2)), Number(outcomeOe.toFixed(2))];
  if (x === 1 && y === 1) return 'At the average cost and gain';
  if (x === 1) return `Average cost, ${y > 1 ? 'more' : 'less'} gain`;
  if (y === 1) return `${x > 1 ? 'Higher' : 'Lower'} cost, average gain`;
  return QUADRANTS.find((q) => (q.x === 'high') === x > 1 && (q.y === 'high') === y > 1).text;
}

/** Writes each quadrant's name in its corner of the plot area. */
const quadrantLabels = {
  id: 'quadrantLabels',
  afterDraw(chart) {
    const { ctx, chartArea: a } = chart;
    ctx.save();
    ctx.font = '600 12px system-ui, sans-serif';
    for (const q of QUADRANTS) {
      ctx.fillStyle = q.colour;
      ctx.textAlign = q.x === 'low' ? 'left' : 'right';
      ctx.textBaseline = q.y === 'high' ? 'top' : 'bottom';
      ctx.fillText(q.text, q.x === 'low' ? a.left + 6 : a.right - 6, q.y === 'high' ? a.top + 6 : a.bottom - 6);
    }
    for (const [i, ds] of chart.data.datasets.entries()) {
      if (!ds.labelPoints) continue;
      ctx.fillStyle = '#1d2329';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      chart.getDatasetMeta(i).data.forEach((el, j) => ctx.fillText(ds.data[j].label, el.x + 8, el.y - 8));
    }
    ctx.restore();
  },
};

let chart = null;

/** Symmetric ranges around 1 that hold every point, so the quadrant lines sit in the middle. */
function span(values) {
  const d = Math.max(0.1, ...values.map((v) => Math.abs(v - 1))) * 1.25;
  return { min: Math.round((1 - d) * 100) / 100, max: Math.round((1 + d) * 100) / 100 };
}

export function drawValue(canvasId, { rows, selected }) {
  const point = (r) => ({ x: r.cost_oe, y: r.outcome_oe, label: r.provider_code });
  const others = rows.filter((r) => r.provider_code !== selected);
  const mine = rows.filter((r) => r.provider_code === selected);
  const x = span(rows.map((r) => r.cost_oe));
  const y = span(rows.map((r) => r.outcome_oe));
  const line = (label, data) => ({ type: 'line', label, data, borderColor: '#4c5661', borderWidth: 1, borderDash: [6, 4], pointRadius: 0 });
  chart?.destroy();
  chart = new Chart(document.getElementById(canvasId), {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'Providers', data: others.map(point), backgroundColor: '#005eb8', pointRadius: 6, labelPoints: true },
        ...(mine.length ? [{ label: `${selected} (chosen)`, data: mine.map(point), backgroundColor: '#d5281b', pointRadius: 9, pointStyle: 'rectRot', labelPoints: true }] : []),
        line('Cost as expected (O/E = 1)', [{ x: 1, y: y.min }, { x: 1, y: y.max }]),
        line('Gain as expected (O/E = 1)', [{ x: x.min, y: 1 }, { x: x.max, y: 1 }]),
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: {
        x: { type: 'linear', ...x, title: { display: true, text: 'Cost: observed ÷ expected (case-mix adjusted)' } },
        y: { ...y, title: { display: true, text: 'Oxford score gained: observed ÷ expected' } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } },
        tooltip: { callbacks: { label: (c) => (c.raw.label ? `${c.raw.label}: cost O/E ${c.raw.x.toFixed(3)}, gain O/E ${c.raw.y.toFixed(3)}` : c.dataset.label) } },
      },
    },
    plugins: [quadrantLabels],
  });
  return chart;
}

const ratio = (v) => (v === null || v === undefined ? '*' : v.toFixed(2));
const gain = (v, places) => (v === null || v === undefined ? '*' : v.toFixed(places));

export async function showValue(q, live) {
  const [outcomes, linkage] = await Promise.all([
    api(`/api/outcomes?${query({ pathway: q.pathway, limit: 1000 })}`),
    api(`/api/proms-linkage?${query({ pathway: q.pathway, limit: 1000 })}`),
  ]);
  if (!live()) return;
  const of = (measure, code) => outcomes.items.find((r) => r.measure === measure && r.provider_code === code);
  const providers = linkage.items.map((r) => r.provider_code).filter((c) => c !== 'ICB');
  const plotted = providers.map((c) => of('oxford', c)).filter((r) => r && !r.suppressed && r.cost_oe !== null && r.outcome_oe !== null);
  const hidden = providers.filter((c) => !plotted.some((r) => r.provider_code === c));
  drawValue('value-chart', { rows: plotted, selected: q.provider });
  const icb = linkage.items.find((r) => r.provider_code === 'ICB');
  const rate = icb && !icb.suppressed ? ` ${percent.format(icb.linkage_rate)} of the ICB’s eligible episodes have a pre- and post-op PROMs pair.` : '';
  const notShown = hidden.length ? ` Not plotted (${fewer()} with PROMs, hidden so that a suppressed figure cannot be worked out, or no cost comparison): ${hidden.join(', ')}.` : '';
  applies('value-applies', providers.length
    ? `Actual cost, all months (the basis and month chosen do not apply). Cost O/E is the provider comparison’s, over all its compared episodes; gain O/E is over the episodes with a PROMs pair.${rate}${notShown}`
    : 'No PROMs were linked for this pathway (the build had no proms feed, or the pathway is not one PROMs covers).');
  fillRows('value-table', ['ICB', ...providers].map((code) => {
    const ox = of('oxford', code) ?? { suppressed: true };
    const eq = of('eq5d', code) ?? { suppressed: true };
    const link = linkage.items.find((r) => r.provider_code === code) ?? { suppressed: true };
    const s = ox.suppressed;
    const th = rowHeader(code === 'ICB' ? 'ICB (all providers)' : code);
    if (code === q.provider) th.classList.add('chosen');
    const range = s || ox.lower_95 === null ? (code === 'ICB' ? '' : '*') : `${ox.lower_95.toFixed(1)}–${ox.upper_95.toFixed(1)}`;
    return [
      th,
      cell(link.suppressed ? '*' : percent.format(link.linkage_rate), { num: true, value: link.linkage_rate, suppressed: link.suppressed, id: `value-${code}-linkage` }),
      cell(number(ox.n_linked), { num: true, value: ox.n_linked, suppressed: s, id: `value-${code}-n` }),
      cell(gain(ox.adjusted_gain, 1), { num: true, value: ox.adjusted_gain, suppressed: s, id: `value-${code}-gain` }),
      cell(range, { num: true, suppressed: s && code !== 'ICB', nowrap: true }),
      cell(code === 'ICB' ? '' : positionLabel(ox.outlier), { suppressed: s && code !== 'ICB' }),
      cell(gain(eq.adjusted_gain, 3), { num: true, value: eq.adjusted_gain, suppressed: eq.suppressed, id: `value-${code}-eq5d` }),
      cell(money(ox.cost_per_unit_gbp), { num: true, value: ox.cost_per_unit_gbp, suppressed: s, id: `value-${code}-per-point` }),
      cell(money(eq.cost_per_unit_gbp), { num: true, value: eq.cost_per_unit_gbp, suppressed: eq.suppressed, id: `value-${code}-per-eq5d` }),
      cell(code === 'ICB' ? '' : ratio(ox.cost_oe), { num: true, value: ox.cost_oe, suppressed: s && code !== 'ICB', id: `value-${code}-cost-oe` }),
      cell(ratio(ox.outcome_oe), { num: true, value: ox.outcome_oe, suppressed: s, id: `value-${code}-outcome-oe` }),
      cell(code === 'ICB' || s || ox.cost_oe === null ? '' : quadrantOf(ox.cost_oe, ox.outcome_oe), { id: `value-${code}-quadrant` }),
    ];
  }));
}
