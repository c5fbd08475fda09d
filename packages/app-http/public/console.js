// What the console pages share: the token (session storage, sent only as a header), the
// API call, element building, the toast and the token gate. Plain ES module, no build step.
import { $, el, session, toast, token, TOKEN_KEY } from './shared.js';

// One token, API call, element builder and toast for every page: the review page's (shared.js).
export { $, api, ApiError, el, toast, token, TOKEN_KEY } from './shared.js';

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
  // A refused token (401 from any call) shows this page's token gate.
  session.onUnauthorized = showGate;
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
