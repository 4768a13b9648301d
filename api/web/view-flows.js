// The flows view: how the chosen provider's (or the ICB's) episodes move through the pathway's steps — a Sankey
// diagram of first arrivals (chartjs-chart-sankey), the table of every move behind it with loops back, and the
// most common sequences. Flows cover all anchor months and the actual cost basis.
/* global Chart */
import { api, query } from './api.js';
import { paletteColour } from './charts.js';
import { $, applies, cell, count, fewer, fillRows, money, number, percent, stepLabel } from './format.js';

const NODE_NAMES = { start: 'Start', end: 'End' };
const nodeLabel = (id) => NODE_NAMES[id] ?? stepLabel(id);
const who = (q) => (q.provider === 'ICB' ? 'the ICB (all providers)' : q.provider);
const GREY = '#768692';

export async function showFlows(q, live) {
  const flows = await api(`/api/flows?${query({ pathway: q.pathway, provider: q.provider })}`);
  if (!live()) return;
  const drawn = flows.transitions.filter((t) => t.kind === 'first' && !t.suppressed);
  drawSankey('flows-chart', drawn, q.steps);
  const hidden = flows.transitions.filter((t) => t.suppressed).length;
  $('flows-note').textContent = flows.withheld
    ? `No move of ${who(q)} is shown: a hidden move could otherwise be worked out, from the step counts of the summary or from the ICB's moves less the providers shown.`
    : `${drawn.length} moves drawn${hidden ? `; ${hidden} hidden (${fewer()}, or hidden so that a hidden move cannot be worked out)` : ''}.`;
  const loops = flows.transitions.filter((t) => t.kind === 'return');
  const loopEpisodes = loops.filter((t) => !t.suppressed).reduce((n, t) => n + t.n_episodes, 0);
  $('flows-loops').textContent = loops.length
    ? `Loops back (not drawn): ${loops.length} moves return to a step already visited${loopEpisodes ? `, made by ${count.format(loopEpisodes)} episode-moves shown in the table` : ''}${loops.some((t) => t.suppressed) ? ' (some hidden)' : ''}.`
    : 'No loops back: no episode returns to a step it had already visited.';
  $('flows-loops').dataset.loops = String(loops.length);
  fillRows('flows-table', flows.transitions.map((t) => moveRow(t)));
  fillRows('sequences-table', flows.sequences.map((s) => sequenceRow(s)));
  applies('flows-applies', `Episodes of ${who(q)}, all anchor months, actual cost (the month and basis chosen above do not apply here).`);
}

function moveRow(t) {
  const id = `flow-${t.from_step}-${t.to_step}-${t.kind}`;
  const s = t.suppressed;
  return [
    cell(nodeLabel(t.from_step)),
    cell(nodeLabel(t.to_step)),
    cell(t.kind === 'return' ? 'Loop back' : 'First arrival'),
    cell(number(t.n_episodes), { num: true, value: t.n_episodes, suppressed: s, id: `${id}-n` }),
    cell(s ? '*' : t.median_days === null ? '–' : count.format(t.median_days), { num: true, value: t.median_days, suppressed: s }),
    // a return's £ is counted in the step's first arrival
    cell(s ? '*' : t.to_step === 'end' || t.kind === 'return' ? '–' : money(t.mean_to_cost_gbp), { num: true, value: t.mean_to_cost_gbp, suppressed: s, id: `${id}-mean` }),
    cell(s ? '*' : t.to_step === 'end' || t.kind === 'return' ? '–' : money(t.to_cost_gbp), { num: true, value: t.to_cost_gbp, suppressed: s }),
  ];
}

function sequenceRow(r) {
  const text = r.sequence === 'other' ? 'Every other sequence' : r.sequence.split(' > ').map(stepLabel).join(' → ');
  const s = r.suppressed;
  return [
    cell(String(r.rank), { num: true }),
    cell(text),
    cell(number(r.n_episodes), { num: true, value: r.n_episodes, suppressed: s, id: `sequence-${r.rank}-n` }),
    cell(s ? '*' : percent.format(r.share), { num: true, value: r.share, suppressed: s }),
    cell(money(r.mean_cost_gbp), { num: true, value: r.mean_cost_gbp, suppressed: s }),
  ];
}

const PHASES = ['pre', 'anchor', 'post'];

/**
 * A column per node: start, then the steps before, during and after the anchor, then end. Within a phase the step
 * that the fewest drawn episodes reach from the phase's other remaining steps comes first (ties in definition
 * order), so most flows run rightwards; a first arrival against that order flows leftwards. Fixed rather than laid
 * out from the moves drawn, so a step whose moves in are hidden is not drawn as a source.
 */
function columns(nodes, moves, steps) {
  const ordered = PHASES.flatMap((phase) => phaseOrder(steps.filter((s) => s.phase === phase && nodes.includes(s.id)).map((s) => s.id), moves));
  return Object.fromEntries([['start', 0], ...ordered.map((id, i) => [id, i + 1]), ['end', ordered.length + 1]]);
}

function phaseOrder(ids, moves) {
  const left = [...ids];
  const out = [];
  const inflow = (id) => moves.filter((m) => m.to_step === id && m.from_step !== id && left.includes(m.from_step)).reduce((n, m) => n + m.n_episodes, 0);
  while (left.length) {
    const next = left.reduce((best, id) => (inflow(id) < inflow(best) ? id : best));
    out.push(next);
    left.splice(left.indexOf(next), 1);
  }
  return out;
}

/** First arrivals as a Sankey diagram, nodes coloured by their step's place in the definition. */
function drawSankey(canvasId, moves, steps) {
  const canvas = $(canvasId);
  Chart.getChart(canvas)?.destroy();
  const order = new Map(steps.map((s, i) => [s.id, i]));
  const colour = (id) => (order.has(id) ? paletteColour(order.get(id)) : GREY);
  const nodes = [...new Set(moves.flatMap((m) => [m.from_step, m.to_step]))];
  const labels = Object.fromEntries(nodes.map((id) => [id, nodeLabel(id)]));
  const byKey = new Map(moves.map((m) => [`${m.from_step}|${m.to_step}`, m]));
  return new Chart(canvas, {
    type: 'sankey',
    data: {
      datasets: [{
        label: 'First arrivals',
        data: moves.map((m) => ({ from: m.from_step, to: m.to_step, flow: m.n_episodes })),
        labels,
        colorFrom: (c) => colour(c.dataset.data[c.dataIndex]?.from),
        colorTo: (c) => colour(c.dataset.data[c.dataIndex]?.to),
        colorMode: 'gradient',
        size: 'max',
        column: columns(nodes, moves, steps),
      }],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (c) => {
              const m = byKey.get(`${c.raw.from}|${c.raw.to}`);
              const cost = m.to_step === 'end' ? '' : `; ${money(m.mean_to_cost_gbp)} per episode at ${nodeLabel(m.to_step)}`;
              return `${nodeLabel(m.from_step)} → ${nodeLabel(m.to_step)}: ${count.format(m.n_episodes)} episodes${m.median_days === null ? '' : `, median ${m.median_days} days`}${cost}`;
            },
          },
        },
      },
    },
  });
}
