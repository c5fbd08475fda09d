// What the console pages share: the token (session storage, sent only as a header), the
// API call, element building, the toast and the token gate. Plain ES module, no build step.
export const TOKEN_KEY = 'caio.dashboardToken';
export const $ = (id) => document.getElementById(id);

/** The console pages, in the order the navigation lists them. */
const PAGES = [
  ['/sales', 'Review'],
  ['/sales/leads', 'Leads'],
  ['/sales/replies', 'Replies'],
  ['/sales/history', 'History'],
  ['/sales/report', 'Report'],
  ['/sales/routing', 'Routing'],
];

// What every console page has besides its own content: the navigation (in the header's
// <nav class="nav">), the token gate and the toast. Built here once, not repeated per page.
function mount() {
  const nav = document.querySelector('header nav.nav');
  if (nav) {
    nav.replaceChildren(...PAGES.map(([href, label]) => el('a', { href, text: label, ...(location.pathname === href ? { 'data-current': 'page' } : {}) })));
    nav.querySelector('[data-current]')?.setAttribute('aria-current', 'page');
  }
  const main = $('workspace');
  main.before(
    el(
      'section',
      { id: 'token-gate', class: 'gate', hidden: true },
      el(
        'form',
        { id: 'token-form', autocomplete: 'off' },
        el('h2', { text: 'Paste your dashboard token' }),
        el('p', { text: 'It stays in this browser tab only (session storage) and is sent as a header, never in a URL.' }),
        el('input', { id: 'token-input', type: 'password', name: 'token', placeholder: 'Dashboard token', required: true, ariaLabel: 'Dashboard token' }),
        el('button', { type: 'submit', class: 'primary', text: 'Open' }),
        el('p', { id: 'token-error', class: 'error', role: 'alert' }),
      ),
    ),
  );
  main.after(el('div', { id: 'toast', class: 'toast', role: 'status', ariaLive: 'polite', hidden: true }));
}
export const token = () => sessionStorage.getItem(TOKEN_KEY);

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { 'X-Dashboard-Token': token() ?? '' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
  const payload = await response.json().catch(() => null);
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showGate(payload?.message ?? 'The token was refused.');
  }
  if (!response.ok) throw new ApiError(response.status, payload);
  return payload;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else if (k === 'text') node.textContent = v;
    else node[k] = v;
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

export function toast(message, kind = 'info') {
  const box = $('toast');
  box.textContent = message;
  box.className = `toast ${kind}`;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), 6000);
}

export function showGate(message = '') {
  $('workspace').hidden = true;
  $('token-gate').hidden = false;
  $('token-error').textContent = message;
  $('token-input').focus();
}

/** A table of `rows` under `headings`; each row is an array of strings or nodes. */
export function grid(headings, rows, empty = 'None.') {
  if (rows.length === 0) return el('p', { class: 'muted', text: empty });
  return el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, headings.map((h) => el('th', { text: h })))), el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c ?? ''))))));
}

/**
 * Opens a page behind the token gate: `start` runs once a token is stored (and again
 * after one is pasted); a refused token shows the gate.
 */
export function withToken(start) {
  mount();
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
    $('token-input').value = '';
    open();
  });
  async function open() {
    if (!token()) return showGate();
    try {
      await start();
      $('token-gate').hidden = true;
      $('workspace').hidden = false;
    } catch (error) {
      if (error.status !== 401) toast(error.message, 'bad');
    }
  }
  open();
}
