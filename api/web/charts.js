// Chart.js drawings for the page (Chart is the UMD global from /vendor/chart.umd.js). Each draw replaces the
// chart on its canvas. Suppressed values are null: no bar or point, and a * on the label.
/* global Chart */
import { gbp, gbp0, percent, settingLabel } from './format.js';

// NHS identity colours: one per care setting, and a palette for feeds and other series.
const SETTING_COLOURS = { acute: '#005eb8', primary: '#007f3b', community: '#ed8b00', mental_health: '#7c2855', social_care: '#ae2573', prescribing: '#330072' };
const PALETTE = ['#005eb8', '#007f3b', '#ed8b00', '#7c2855', '#ae2573', '#330072', '#00a499', '#41b6e6', '#768692', '#ffb81c'];
const SELECTED = '#d5281b';
const GREY = '#768692';
const colourOf = (setting) => SETTING_COLOURS[setting] ?? GREY;
const faded = (hex) => `${hex}73`;
export const paletteColour = (i) => PALETTE[i % PALETTE.length];

const charts = new Map();
function draw(canvasId, config) {
  charts.get(canvasId)?.destroy();
  // Animation off: charts appear at once and the same data always draws the same pixels.
  const options = { animation: false, maintainAspectRatio: false, ...config.options };
  const chart = new Chart(document.getElementById(canvasId), { ...config, options });
  charts.set(canvasId, chart);
  return chart;
}

const moneyTicks = { ticks: { callback: (v) => gbp0.format(v) } };
const moneyTooltip = { callbacks: { label: (c) => `${c.dataset.label}: ${c.raw === null ? 'suppressed' : gbp.format(c.parsed.y)}` } };
const smallScreen = () => window.innerWidth < 600;
const legend = { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } };

/** Writes each point's `label` beside it (datasets with `labelPoints`), so no point needs a tooltip to be read. */
const pointLabels = {
  id: 'pointLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.font = '600 11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    chart.data.datasets.forEach((ds, i) => {
      if (!ds.labelPoints || !chart.isDatasetVisible(i)) return;
      chart.getDatasetMeta(i).data.forEach((el, j) => {
        const label = ds.data[j]?.label;
        if (!label || el.skip) return;
        ctx.fillStyle = ds.labelColour ?? '#1d2329';
        ctx.fillText(label, el.x + 8, el.y - 8);
      });
    });
    ctx.restore();
  },
};

/**
 * Mean £ per episode by step (x), stacked by setting: one stack per `who` (the provider and the ICB, or the ICB
 * alone), its settings in full colour for the first and faded for the ICB beside it.
 */
export function drawSteps(canvasId, { steps, who, cells, names }) {
  const settings = [...new Set(cells.map((c) => c.setting))].sort();
  const value = (w, step, setting) => {
    const c = cells.find((x) => x.provider_code === w && x.step === step.id && x.setting === setting);
    return c ? c.mean_per_episode_gbp : 0;
  };
  const hidden = (step) => cells.some((c) => who.includes(c.provider_code) && c.step === step.id && c.suppressed);
  const datasets = settings.flatMap((setting) =>
    who.map((w, i) => ({
      label: who.length > 1 ? `${names[w] ?? w} · ${settingLabel(setting)}` : settingLabel(setting),
      stack: w,
      backgroundColor: i === 0 ? colourOf(setting) : faded(colourOf(setting)),
      data: steps.map((s) => value(w, s, setting)),
    })),
  );
  const labels = steps.map((s) => `${s.label}${hidden(s) ? ' *' : ''}`);
  return draw(canvasId, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: smallScreen() ? 'y' : 'x',
      scales: smallScreen()
        ? { y: { stacked: true, ticks: { autoSkip: false, font: { size: 10 } } }, x: { stacked: true, ...moneyTicks } }
        : { x: { stacked: true, ticks: { autoSkip: false, maxRotation: 60 } }, y: { stacked: true, title: { display: true, text: '£ per episode' }, ...moneyTicks } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.raw === null ? 'suppressed' : gbp.format(c.raw)}` } }, legend },
    },
  });
}

export function binLabel(bin) {
  if (bin.lower_gbp === null) return `under ${gbp0.format(bin.upper_gbp)}`;
  if (bin.upper_gbp === null) return `${gbp0.format(bin.lower_gbp)} and over`;
  return `${gbp0.format(bin.lower_gbp)}–${gbp0.format(bin.upper_gbp)}`;
}

/** Histogram of episode cost. */
export function drawDistribution(canvasId, dist, basisLabel) {
  return draw(canvasId, {
    type: 'bar',
    data: {
      labels: dist.bins.map((b) => `${binLabel(b)}${b.suppressed ? ' *' : ''}`),
      datasets: [{ label: `Episodes (${dist.provider_code})`, data: dist.bins.map((b) => b.n_episodes), backgroundColor: '#005eb8', barPercentage: 1, categoryPercentage: 0.95 }],
    },
    options: { scales: { y: { title: { display: true, text: 'Episodes' }, ticks: { precision: 0 } }, x: { title: { display: true, text: `Episode cost (£, ${basisLabel})` } } }, plugins: { legend: { display: false } } },
  });
}

const Z95 = 1.959964;
const Z998 = 3.090232;

/** The pathway's spread of O/E per episode, from any provider's published limit: upper_95 = 1 + z × sd / √n. */
function dispersion(rows) {
  const ref = rows.filter((r) => r.upper_95 !== null).sort((a, b) => a.n_episodes - b.n_episodes)[0];
  return ref ? ((ref.upper_95 - 1) * Math.sqrt(ref.n_episodes)) / Z95 : null;
}

/**
 * Funnel plot: O/E against episodes, with the 95% and 99.8% limits drawn as smooth curves over the plotted range
 * of n (from the providers' own limits), every point labelled with its provider, whole numbers on the n axis.
 */
export function drawFunnel(canvasId, { rows, selected }) {
  const shown = rows.filter((r) => !r.suppressed && r.oe_ratio !== null && r.n_episodes > 0).sort((a, b) => a.n_episodes - b.n_episodes);
  const ns = shown.map((r) => r.n_episodes);
  // whole tens around the providers, never below 1 episode (where the limits run off the chart)
  const lo = ns.length ? Math.max(1, Math.floor((Math.min(...ns) * 0.6) / 10) * 10) : 1;
  const hi = ns.length ? Math.ceil((Math.max(...ns) * 1.15) / 10) * 10 : 10;
  const sd = dispersion(shown);
  const curve = (z, sign) => (sd === null ? [] : Array.from({ length: 61 }, (_, i) => lo + ((hi - lo) * i) / 60).map((n) => ({ x: n, y: 1 + (sign * z * sd) / Math.sqrt(n) })));
  const limit = (z, sign, label, dash) => ({ type: 'line', label, data: curve(z, sign), borderColor: '#4c5661', borderDash: dash, borderWidth: 1, pointRadius: 0, fill: false, tension: 0.3 });
  const point = (r) => ({ x: r.n_episodes, y: r.oe_ratio, label: r.provider_code });
  const ys = [...shown.map((r) => r.oe_ratio), ...(sd === null ? [] : [1 - (Z998 * sd) / Math.sqrt(lo), 1 + (Z998 * sd) / Math.sqrt(lo)])];
  const yMin = Math.max(0, Math.floor((Math.min(1, ...ys) - 0.05) * 20) / 20);
  const yMax = Math.ceil((Math.max(1, ...ys) + 0.05) * 20) / 20;
  const others = shown.filter((r) => r.provider_code !== selected);
  const mine = shown.filter((r) => r.provider_code === selected);
  return draw(canvasId, {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'Providers', data: others.map(point), backgroundColor: '#005eb8', pointRadius: 6, labelPoints: true },
        ...(mine.length ? [{ label: `${selected} (chosen)`, data: mine.map(point), backgroundColor: SELECTED, pointRadius: 9, pointStyle: 'rectRot', labelPoints: true, labelColour: SELECTED }] : []),
        limit(Z95, 1, '95% limits', [6, 4]),
        limit(Z95, -1, '95% limits (lower)', [6, 4]),
        limit(Z998, 1, '99.8% limits', [2, 3]),
        limit(Z998, -1, '99.8% limits (lower)', [2, 3]),
        { type: 'line', label: 'As expected (O/E = 1)', data: [{ x: lo, y: 1 }, { x: hi, y: 1 }], borderColor: '#007f3b', borderWidth: 2, pointRadius: 0 },
      ],
    },
    options: {
      scales: {
        x: { type: 'linear', min: lo, max: hi, title: { display: true, text: 'Episodes (n)' }, ticks: { precision: 0 } },
        y: { min: yMin, max: yMax, title: { display: true, text: 'Observed ÷ expected cost' } },
      },
      plugins: {
        legend: { ...legend, labels: { ...legend.labels, filter: (item) => !item.text.includes('(lower)') } },
        tooltip: { callbacks: { label: (c) => (c.raw.label ? `${c.raw.label}: O/E ${c.raw.y.toFixed(3)}, n = ${c.raw.x}` : `${c.dataset.label}: ${c.parsed.y.toFixed(3)}`) } },
      },
    },
    plugins: [pointLabels],
  });
}

/** The ICB mean the comparison is relative to: adjusted mean = O/E × ICB mean (median over providers, to the penny). */
export function icbMeanOf(rows) {
  const means = rows.filter((r) => r.oe_ratio).map((r) => r.adjusted_mean_gbp / r.oe_ratio).sort((a, b) => a - b);
  return means.length ? Math.round(means[Math.floor(means.length / 2)] * 100) / 100 : null;
}

/**
 * Case-mix adjusted £ per episode by provider, each against the 95% range expected by chance for its size
 * (ICB mean × its O/E limits), with the opportunity target as a line.
 */
export function drawProviders(canvasId, { rows, selected }) {
  const shown = rows.filter((r) => !r.suppressed && r.adjusted_mean_gbp !== null).sort((a, b) => a.adjusted_mean_gbp - b.adjusted_mean_gbp);
  const mean = icbMeanOf(shown);
  const target = shown.find((r) => r.target_gbp !== null)?.target_gbp ?? null;
  const labels = shown.map((r) => r.provider_code);
  const colour = (r) => (r.provider_code === selected ? SELECTED : '#005eb8');
  return draw(canvasId, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { type: 'line', label: 'Case-mix adjusted mean', data: shown.map((r) => r.adjusted_mean_gbp), showLine: false, pointRadius: 7, pointStyle: 'rectRot', backgroundColor: shown.map(colour), borderColor: shown.map(colour), order: 0 },
        { type: 'line', label: 'Observed mean', data: shown.map((r) => r.observed_mean_gbp), showLine: false, pointRadius: 5, pointStyle: 'circle', backgroundColor: '#fff', borderColor: GREY, borderWidth: 2, order: 1 },
        ...(target === null ? [] : [{ type: 'line', label: `Target ${gbp0.format(target)}`, data: shown.map(() => target), borderColor: '#007f3b', borderDash: [6, 4], borderWidth: 2, pointRadius: 0, order: 2 }]),
        { label: '95% range for its size', data: shown.map((r) => (mean === null || r.lower_95 === null ? null : [mean * r.lower_95, mean * r.upper_95])), backgroundColor: '#c9d1d9', borderRadius: 3, barPercentage: 0.5, order: 3 },
      ],
    },
    options: {
      scales: { y: { beginAtZero: false, title: { display: true, text: '£ per episode' }, ...moneyTicks } },
      plugins: {
        legend,
        tooltip: { callbacks: { label: (c) => (Array.isArray(c.raw) ? `95% range: ${gbp0.format(c.raw[0])}–${gbp0.format(c.raw[1])}` : `${c.dataset.label}: ${gbp.format(c.raw)}`) } },
      },
    },
  });
}

/** Opportunity per provider: n × observed mean × (1 − target / adjusted mean), for providers above the target. */
export function drawOpportunity(canvasId, { rows, selected }) {
  const shown = rows.filter((r) => !r.suppressed && r.opportunity_gbp !== null).sort((a, b) => b.opportunity_gbp - a.opportunity_gbp);
  return draw(canvasId, {
    type: 'bar',
    data: {
      labels: shown.map((r) => r.provider_code),
      datasets: [{ label: 'Opportunity', data: shown.map((r) => r.opportunity_gbp), backgroundColor: shown.map((r) => (r.provider_code === selected ? SELECTED : '#005eb8')) }],
    },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ...moneyTicks } }, plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => gbp.format(c.raw) } } } },
  });
}

/** Coverage per feed and month (share of the feed's typical month), with the 85% line; `highlight` a month. */
export function drawCoverage(canvasId, { months, series, highlight, monthLabel }) {
  const at = months.indexOf(highlight);
  return draw(canvasId, {
    type: 'line',
    data: {
      labels: months.map(monthLabel),
      datasets: [
        ...series.map((s, i) => ({ label: s.label, data: s.values, borderColor: paletteColour(i), backgroundColor: paletteColour(i), borderWidth: 1.5, pointRadius: s.values.map((_, j) => (j === at ? 6 : 1.5)), spanGaps: false })),
        { label: 'Light below 85%', data: months.map(() => 0.85), borderColor: SELECTED, borderDash: [6, 4], borderWidth: 1, pointRadius: 0 },
      ],
    },
    options: { scales: { y: { suggestedMin: 0.5, suggestedMax: 1.2, ticks: { callback: (v) => percent.format(v) } } }, plugins: { legend, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${percent.format(c.raw)}` } } } },
  });
}

/** Share of episodes provisional per anchor month; a hidden month has no bar and a * on its label. */
export function drawProvisional(canvasId, { items, highlight, monthLabel }) {
  return draw(canvasId, {
    type: 'bar',
    data: {
      labels: items.map((m) => `${monthLabel(m.month)}${m.suppressed ? ' *' : ''}`),
      datasets: [{ label: 'Provisional', data: items.map((m) => m.provisional_share), backgroundColor: items.map((m) => (m.month === highlight ? SELECTED : '#ed8b00')) }],
    },
    options: { scales: { y: { min: 0, max: 1, ticks: { callback: (v) => percent.format(v) } } }, plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => (c.raw === null ? 'suppressed' : percent.format(c.raw)) } } } },
  });
}

/** Quarantined rows by reason (y), stacked by feed. */
export function drawQuarantine(canvasId, { reasons, feeds }) {
  return draw(canvasId, {
    type: 'bar',
    data: {
      labels: reasons.map((r) => r.label),
      datasets: feeds.map((f, i) => ({ label: f.label, data: reasons.map((r) => r.byFeed.get(f.id) ?? 0), backgroundColor: paletteColour(i) })),
    },
    options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true, ticks: { autoSkip: false } } }, plugins: { legend } },
  });
}

/** One bar per attributed activity, in date order, coloured by setting. */
export function drawTimeline(canvasId, timeline, stepLabel) {
  return draw(canvasId, {
    type: 'bar',
    data: {
      labels: timeline.map((t) => `${t.start_date} ${t.step ? stepLabel(t.step) : ''}`),
      datasets: [{ label: 'Attributed cost', data: timeline.map((t) => t.cost_gbp), backgroundColor: timeline.map((t) => colourOf(t.setting)) }],
    },
    options: { scales: { x: { ticks: { maxRotation: 60, autoSkip: true } }, y: { title: { display: true, text: '£ attributed' }, ...moneyTicks } }, plugins: { legend: { display: false }, tooltip: moneyTooltip } },
  });
}
