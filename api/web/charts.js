// Chart.js drawings for the page (Chart is the UMD global from /vendor/chart.umd.js). Each draw replaces
// the chart on its canvas. Suppressed values are null: no bar, and a * on the label.
/* global Chart */
export const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const gbp0 = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

// NHS identity colours, one per care setting.
const SETTING_COLOURS = { acute: '#005eb8', primary: '#007f3b', community: '#ed8b00', mental_health: '#7c2855', social_care: '#ae2573', prescribing: '#330072' };
const colourOf = (setting) => SETTING_COLOURS[setting] ?? '#768692';
const faded = (hex) => `${hex}73`;

const charts = new Map();
function draw(canvasId, config) {
  charts.get(canvasId)?.destroy();
  // Animation off: charts appear at once and the same data always draws the same pixels.
  const chart = new Chart(document.getElementById(canvasId), { ...config, options: { animation: false, maintainAspectRatio: false, ...config.options } });
  charts.set(canvasId, chart);
  return chart;
}

const money = { ticks: { callback: (v) => gbp0.format(v) } };
const moneyTooltip = { callbacks: { label: (c) => `${c.dataset.label}: ${c.raw === null ? 'suppressed' : gbp.format(c.parsed.y)}` } };

/** Mean £ per episode by step (x), stacked by setting, one stack for the provider and one for the ICB. */
export function drawSteps(canvasId, { steps, provider, cells }) {
  const settings = [...new Set(cells.map((c) => c.setting))].sort();
  const value = (who, step, setting) => {
    const cell = cells.find((c) => c.provider_code === who && c.step === step.id && c.setting === setting);
    return cell ? cell.mean_per_episode_gbp : 0;
  };
  const hidden = (who, step) => cells.some((c) => c.provider_code === who && c.step === step.id && c.suppressed);
  const datasets = settings.flatMap((setting) => [
    { label: `${provider} · ${setting}`, stack: 'provider', backgroundColor: colourOf(setting), data: steps.map((s) => value(provider, s, setting)) },
    { label: `ICB · ${setting}`, stack: 'icb', backgroundColor: faded(colourOf(setting)), data: steps.map((s) => value('ICB', s, setting)) },
  ]);
  const labels = steps.map((s) => `${s.label}${hidden(provider, s) || hidden('ICB', s) ? ' *' : ''}`);
  return draw(canvasId, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: '£ per episode' }, ...money } },
      plugins: { tooltip: moneyTooltip, legend: { position: 'bottom' } },
    },
  });
}

export function binLabel(bin) {
  if (bin.lower_gbp === null) return `under ${gbp0.format(bin.upper_gbp)}`;
  if (bin.upper_gbp === null) return `${gbp0.format(bin.lower_gbp)} and over`;
  return `${gbp0.format(bin.lower_gbp)}–${gbp0.format(bin.upper_gbp)}`;
}

/** Histogram of episode cost. */
export function drawDistribution(canvasId, dist) {
  return draw(canvasId, {
    type: 'bar',
    data: {
      labels: dist.bins.map((b) => `${binLabel(b)}${b.suppressed ? ' *' : ''}`),
      datasets: [{ label: `Episodes (${dist.provider_code})`, data: dist.bins.map((b) => b.n_episodes), backgroundColor: '#005eb8', barPercentage: 1, categoryPercentage: 0.95 }],
    },
    options: { scales: { y: { title: { display: true, text: 'Episodes' }, ticks: { precision: 0 } }, x: { title: { display: true, text: `Episode cost (£, ${dist.basis})` } } }, plugins: { legend: { display: false } } },
  });
}

/** Funnel plot: O/E against n, with the 95% and 99.8% limits drawn through the providers' own limits. */
export function drawFunnel(canvasId, { rows, selected }) {
  const shown = rows.filter((r) => !r.suppressed && r.oe_ratio !== null).sort((a, b) => a.n_episodes - b.n_episodes);
  const line = (key, label, dash) => ({ type: 'line', label, data: shown.map((r) => ({ x: r.n_episodes, y: r[key] })), borderColor: '#4c5661', borderDash: dash, borderWidth: 1, pointRadius: 0, fill: false });
  const point = (r) => ({ x: r.n_episodes, y: r.oe_ratio, provider: r.provider_code });
  const xs = shown.map((r) => r.n_episodes);
  return draw(canvasId, {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'Other providers', data: shown.filter((r) => r.provider_code !== selected).map(point), backgroundColor: '#768692', pointRadius: 5 },
        { label: selected, data: shown.filter((r) => r.provider_code === selected).map(point), backgroundColor: '#d5281b', pointRadius: 8, pointStyle: 'rectRot' },
        line('upper_95', '95% limits', [6, 4]),
        line('lower_95', '95% limits (lower)', [6, 4]),
        line('upper_998', '99.8% limits', [2, 3]),
        line('lower_998', '99.8% limits (lower)', [2, 3]),
        { type: 'line', label: 'As expected (O/E = 1)', data: xs.length ? [{ x: Math.min(...xs), y: 1 }, { x: Math.max(...xs), y: 1 }] : [], borderColor: '#007f3b', borderWidth: 2, pointRadius: 0 },
      ],
    },
    options: {
      scales: { x: { type: 'linear', title: { display: true, text: 'Episodes (n)' } }, y: { title: { display: true, text: 'Observed ÷ expected cost' } } },
      plugins: {
        legend: { position: 'bottom', labels: { filter: (item) => !item.text.includes('(lower)') } },
        tooltip: { callbacks: { label: (c) => (c.raw.provider ? `${c.raw.provider}: O/E ${c.raw.y.toFixed(3)}, n = ${c.raw.x}` : `${c.dataset.label}: ${c.parsed.y.toFixed(3)}`) } },
      },
    },
  });
}

/** One bar per attributed activity, in date order, coloured by setting. */
export function drawTimeline(canvasId, timeline) {
  return draw(canvasId, {
    type: 'bar',
    data: {
      labels: timeline.map((t) => `${t.start_date} ${t.step ?? ''}`),
      datasets: [{ label: 'Attributed cost', data: timeline.map((t) => t.cost_gbp), backgroundColor: timeline.map((t) => colourOf(t.setting)) }],
    },
    options: { scales: { y: { title: { display: true, text: '£ attributed' }, ...money } }, plugins: { legend: { display: false }, tooltip: moneyTooltip } },
  });
}
