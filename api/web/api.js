// Calls to the API with the tab's key. A 401 opens one dialog however many requests were refused at once; it says
// "needed" when no key was sent and "refused" when the key sent was not accepted (mistyped, or from a server
// that has since restarted and made a new one).
const KEY = 'pathcost.apiKey';
const $ = (id) => document.getElementById(id);

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `The server answered ${status}.`);
    this.status = status;
  }
}

// `pathcost serve` may print a link with #key=…: the fragment never reaches the server or its logs.
export function takeKeyFromUrl() {
  const m = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (!m) return;
  sessionStorage.setItem(KEY, decodeURIComponent(m[1]));
  history.replaceState(null, '', location.pathname + location.search);
}

const PROMPTS = {
  needed: ['API key needed', 'The server asked for an API key. It is kept for this browser tab only.'],
  refused: ['API key refused', 'The server did not accept the key this tab holds: it may be mistyped, or the server restarted and printed a new one. Enter a key; it is kept for this browser tab only.'],
};

let keyPrompt = null;
/** Resolves true when a key was given. `why`: needed, refused, or change (the "API key…" button). */
export function askForKey(why = 'change') {
  keyPrompt ??= new Promise((resolve) => {
    const dialog = $('key-dialog');
    const [title, text] = PROMPTS[why] ?? ['API key', 'Enter the API key to use. It is kept for this browser tab only.'];
    $('key-title').textContent = title;
    $('key-text').textContent = text;
    dialog.dataset.reason = why;
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

/** GET a JSON endpoint (POST `payload` as JSON when given); asks for a key on 401 and tries again with it. */
export async function api(path, payload) {
  for (;;) {
    const key = sessionStorage.getItem(KEY);
    const headers = { accept: 'application/json', ...(key ? { 'x-api-key': key } : {}) };
    const init = payload === undefined ? { headers } : { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(payload) };
    const res = await fetch(path, init);
    if (res.status === 401 && (await askForKey(key ? 'refused' : 'needed'))) continue;
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, body);
    return body;
  }
}

/** Every row of a paged endpoint (at most `pages` pages of 1,000); `truncated` when there were more. */
export async function apiAll(path, pages = 20) {
  const items = [];
  let offset = 0;
  for (let i = 0; i < pages && offset !== null; i++) {
    const page = await api(`${path}${path.includes('?') ? '&' : '?'}limit=1000&offset=${offset}`);
    items.push(...page.items);
    offset = page.next_offset;
  }
  return { items, truncated: offset !== null };
}

export const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
