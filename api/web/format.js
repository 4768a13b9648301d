// Formatting and small DOM helpers shared by the views. Every figure the page shows comes from the API as is
// (formatting only), and a number's cell keeps the API's value in data-value, so a test can compare the two.
export const $ = (id) => document.getElementById(id);
export const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const gbp0 = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
export const count = new Intl.NumberFormat('en-GB');
export const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });
const monthName = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

export const money = (v) => (v === null || v === undefined ? '*' : gbp.format(v));
export const number = (v) => (v === null || v === undefined ? '*' : count.format(v));
/** "Apr 2024" for 2024-04. */
export const monthLabel = (m) => (/^\d{4}-\d{2}$/.test(m) ? monthName.format(new Date(`${m}-01T00:00:00Z`)) : m);

/** Labels from the definitions (/api/pathways) and the schemas (/api/labels); the id only if none is known. */
export const labels = { steps: new Map(), settings: new Map(), feeds: new Map(), reasons: new Map() };
export const stepLabel = (id) => labels.steps.get(id) ?? id;
export const settingLabel = (id) => labels.settings.get(id) ?? id;
export const feedLabel = (id) => labels.feeds.get(id) ?? id;
export const reasonLabel = (id) => labels.reasons.get(id) ?? id;

const POSITIONS = { above_998: 'High: above the 99.8% limit', above_95: 'Higher: above the 95% limit', within: 'Within the limits', below_95: 'Lower: below the 95% limit', below_998: 'Low: below the 99.8% limit' };
export const positionLabel = (p) => (p ? (POSITIONS[p] ?? p) : '*');
const TARGETS = { median: 'the median provider', lower_quartile: 'the lower-quartile provider', mean: 'the mean of the providers' };
export const targetLabel = (t) => TARGETS[t] ?? t;

export const state = { threshold: 8 };
export const fewer = () => `fewer than ${state.threshold} episodes`;

/** A table cell; suppressed values show * with an explanation, numbers keep the API's value in data-value. */
export function cell(text, { num = false, value, suppressed = false, id, nowrap = false } = {}) {
  const td = document.createElement('td');
  td.textContent = text;
  if (num) td.className = 'num';
  if (nowrap) td.classList.add('nowrap');
  if (id) td.id = id;
  if (value !== undefined && value !== null) td.dataset.value = String(value);
  if (suppressed) {
    td.classList.add('suppressed');
    td.title = `Suppressed: ${fewer()} (or hidden so that a suppressed figure cannot be worked out)`;
  }
  return td;
}

export function rowHeader(text) {
  return Object.assign(document.createElement('th'), { scope: 'row', textContent: text });
}

export function fillRows(tableId, rows) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement('tr');
    tr.append(...cells);
    return tr;
  }));
}

export function fillSelect(select, options, preferred) {
  const previous = preferred ?? select.value;
  select.replaceChildren(...options.map(([value, label]) => new Option(label, value)));
  if (options.some(([v]) => v === previous)) select.value = previous;
}

/** Says which filters a section follows and, for any it cannot, why not. */
export function applies(id, text) {
  $(id).textContent = text;
}
