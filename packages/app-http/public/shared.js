// What every page of the console shares: the token (session storage, header only), the
// API call, element building, the toast, confirmation, and who is signed in.
export const TOKEN_KEY = 'caio.dashboardToken';
export const $ = (id) => document.getElementById(id);
export const token = () => sessionStorage.getItem(TOKEN_KEY);

/** Who is signed in (GET /api/me) and the status, for every page. */
export const session = { me: null, status: null, onUnauthorized: () => {} };

export const can = (permission) => Boolean(session.me?.permissions?.includes(permission));

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
    session.onUnauthorized(payload?.message ?? 'The token was refused.');
  }
  if (!response.ok) throw new ApiError(response.status, payload);
  return payload;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'for' || k === 'role') node.setAttribute(k, v);
    else if (k === 'text') node.textContent = v;
    else node[k] = v;
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

let toastTimer;
export function toast(message, kind = 'info') {
  const box = $('toast');
  box.textContent = message;
  box.className = `toast ${kind}`;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), 6000);
}

/** Asks in a modal dialog; resolves true only on the confirm button. Focus returns where it was. */
export function confirmAction(title, text, okLabel) {
  const dialog = $('confirm-dialog');
  const back = document.activeElement;
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = okLabel;
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        back?.focus?.();
        resolve(dialog.returnValue === 'ok');
      },
      { once: true },
    );
    dialog.returnValue = 'cancel';
    dialog.showModal();
    // The safe choice has the focus: Enter alone never sends.
    $('confirm-cancel').focus();
  });
}

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
export const leadName = (lead, fallback) => [lead?.firstName, lead?.lastName].filter(Boolean).join(' ') || lead?.identity?.email || fallback;

/** Who did what to a card and when: its audit trail as a list (newest last). */
export async function historyList(cardId) {
  const { entries } = await api(`/api/audit?card_id=${encodeURIComponent(cardId)}&limit=50`);
  if (entries.length === 0) return el('p', { class: 'muted small', text: 'No recorded actions yet.' });
  return el(
    'ol',
    { class: 'history', 'aria-label': `History of card ${cardId}` },
    entries.map((e) => el('li', {}, el('time', { dateTime: e.trace.at, text: when(e.trace.at) }), ' ', el('strong', { text: e.trace.actor }), ' ', el('span', { text: e.action.replaceAll('_', ' ') }))),
  );
}
