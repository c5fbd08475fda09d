// The console's shell and the review page. Plain ES modules, no build step. The token
// lives in sessionStorage and travels only in the X-Dashboard-Token header.
import { $, api, can, confirmAction, el, historyList, leadName, session, toast, TOKEN_KEY, token } from './shared.js';
import { renderStatusPanels, refreshSide } from './panels.js';
import { showOpsView } from './ops.js';
import { renderBatches, stopBatchPolling } from './batches.js';
import { renderAutonomy } from './autonomy.js';

const SIDE_REFRESH_MS = 5_000;

const state = { cards: [], selected: 0, rejecting: null, editing: null, history: new Map(), busy: false, undo: null, sideTimer: null };
const VIEWS = ['review', 'approved', 'outcomes', 'quarantine', 'batches', 'autonomy'];
const OWN_PAGES = { batches: renderBatches, autonomy: renderAutonomy };

function showGate(message = '') {
  for (const id of ['workspace', 'view-approved', 'view-outcomes', 'view-quarantine', 'view-batches', 'view-autonomy', 'views-nav', 'sign-out', 'who']) $(id).hidden = true;
  $('token-gate').hidden = false;
  $('token-error').textContent = message;
  $('token-input').focus();
}
session.onUnauthorized = showGate;

const sendsOnApproval = (card) => card.channel === 'ghl_email' && card.step === 0;

function gateBadge(card) {
  return card.quality.passed ? el('span', { class: 'badge ok', text: 'quality gate passed' }) : el('span', { class: 'badge bad', text: `gate: ${card.quality.hits.map((h) => h.check).join(', ')}` });
}

function renderCards() {
  const list = $('cards');
  $('pending-count').textContent = String(state.cards.length);
  $('empty').hidden = state.cards.length > 0;
  list.replaceChildren(...state.cards.map(({ card, lead }, index) => cardItem(card, lead, index)));
  list.querySelector('.selected')?.scrollIntoView({ block: 'nearest' });
}

function cardItem(card, lead, index) {
  const selected = index === state.selected;
  const name = leadName(lead, card.leadId);
  const history = state.history.get(card.id);
  // Each action button is described by the card's name (its visible text stays its name).
  const nameId = `name-${card.id}`;
  const item = el(
    'li',
    { class: `card${selected ? ' selected' : ''}`, 'data-card-id': card.id, 'data-digest': card.contentDigest, 'aria-current': selected ? 'true' : undefined },
    el(
      'div',
      { class: 'card-head' },
      el('h3', { class: 'card-name', id: nameId, text: name }),
      el('span', { class: 'muted', text: [lead?.title, lead?.company].filter(Boolean).join(' · ') }),
      el('span', { class: `badge ${card.tier}`, text: card.tier.replace('_', ' ') }),
      el('span', { class: 'badge channel', text: card.channel }),
      gateBadge(card),
      card.edits ? el('span', { class: 'badge', text: `edited ×${card.edits.count}` }) : null,
    ),
    lead?.signals && Object.keys(lead.signals).length ? el('p', { class: 'signals', text: Object.entries(lead.signals).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`).join(' · ') }) : null,
    card.subject ? el('p', { class: 'subject', text: card.subject }) : null,
    el('p', { class: 'body', text: card.body }),
    el('p', { class: 'muted small digest', text: `version ${card.version} · digest ${card.contentDigest.slice(0, 12)}` }),
    el(
      'div',
      { class: 'actions' },
      el('button', { type: 'button', class: 'primary', text: 'Approve (a)', onclick: () => approve(index), 'data-action': 'approve', 'aria-describedby': nameId }),
      el('button', { type: 'button', class: 'ghost', text: 'Reject (r)', onclick: () => startReject(index), 'data-action': 'reject', 'aria-describedby': nameId }),
      el('button', { type: 'button', class: 'ghost', text: 'Edit (e)', onclick: () => startEdit(index), 'data-action': 'edit', 'aria-describedby': nameId }),
      el('button', { type: 'button', class: 'ghost', text: history ? 'Hide history (h)' : 'History (h)', onclick: () => toggleHistory(index), 'data-action': 'history', 'aria-expanded': history ? 'true' : 'false', 'aria-describedby': nameId }),
    ),
    state.rejecting === index ? rejectForm(card) : null,
    state.editing === index ? editForm(card) : null,
    history ?? null,
  );
  item.addEventListener('click', (event) => {
    if (event.target.closest('button, select, textarea, input, form, a')) return;
    state.selected = index;
    renderCards();
  });
  // Tabbing into a card selects it, so the keys act on the card the focus is in.
  item.addEventListener('focusin', () => select(index));
  return item;
}

function select(index) {
  if (state.selected === index) return;
  state.selected = index;
  [...$('cards').children].forEach((node, i) => {
    node.classList.toggle('selected', i === index);
    if (i === index) node.setAttribute('aria-current', 'true');
    else node.removeAttribute('aria-current');
  });
}

function rejectForm(card) {
  const tags = session.status?.rejection_tags ?? [];
  const min = session.status?.min_reason_length ?? 10;
  const select = el('select', { name: 'tag', required: true, 'aria-label': 'Rejection tag' }, el('option', { value: '', text: 'Choose a tag…' }), ...tags.map((t) => el('option', { value: t, text: t.replaceAll('_', ' ') })));
  const reason = el('textarea', { name: 'reason', rows: 2, placeholder: `Why? (at least ${min} characters)`, required: true, minLength: min, 'aria-label': 'Rejection reason' });
  const form = el('form', { class: 'reject-form', 'aria-label': 'Reject the card' }, select, reason, el('button', { type: 'submit', class: 'danger', text: 'Reject card' }), el('button', { type: 'button', class: 'ghost', text: 'Cancel', onclick: closeForms }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    reject(card.id, select.value, reason.value);
  });
  queueMicrotask(() => select.focus());
  return form;
}

function editForm(card) {
  const subject = card.subject !== undefined ? el('input', { name: 'subject', value: card.subject, id: `edit-subject-${card.id}` }) : null;
  const body = el('textarea', { name: 'body', rows: 6, value: card.body, required: true, id: `edit-body-${card.id}` });
  const form = el(
    'form',
    { class: 'edit-form', 'aria-label': 'Edit the card' },
    subject ? el('label', { for: subject.id, text: 'Subject' }) : null,
    subject,
    el('label', { for: body.id, text: 'Body' }),
    body,
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', text: 'Save edit' }), el('button', { type: 'button', class: 'ghost', text: 'Cancel', onclick: closeForms })),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveEdit(card, subject?.value, body.value);
  });
  queueMicrotask(() => (subject ?? body).focus());
  return form;
}

function startReject(index) {
  state.selected = index;
  state.rejecting = index;
  state.editing = null;
  renderCards();
}

function startEdit(index) {
  state.selected = index;
  state.editing = index;
  state.rejecting = null;
  renderCards();
}

function closeForms() {
  const had = state.rejecting ?? state.editing;
  state.rejecting = null;
  state.editing = null;
  renderCards();
  if (had !== null) $('cards').children[had]?.querySelector('[data-action="approve"]')?.focus();
}

async function toggleHistory(index) {
  const entry = state.cards[index];
  if (!entry) return;
  state.selected = index;
  if (state.history.has(entry.card.id)) state.history.delete(entry.card.id);
  else {
    try {
      state.history.set(entry.card.id, await historyList(entry.card.id));
    } catch (error) {
      toast(error.message, 'bad');
    }
  }
  renderCards();
  $('cards').children[index]?.querySelector('[data-action="history"]')?.focus();
}

function removeCard(cardId) {
  state.cards = state.cards.filter((c) => c.card.id !== cardId);
  state.selected = Math.min(state.selected, Math.max(0, state.cards.length - 1));
  state.rejecting = null;
  state.editing = null;
  renderCards();
  // Focus follows the work: the next card's approve button.
  $('cards').children[state.selected]?.querySelector('[data-action="approve"]')?.focus();
}

async function approve(index) {
  const entry = state.cards[index];
  if (!entry || state.busy) return;
  const { card, lead } = entry;
  const status = session.status;
  if (status?.send_mode === 'live' && sendsOnApproval(card) && !status.approval_undo_seconds) {
    const ok = await confirmAction('Send a live e-mail now?', `Approving sends this e-mail to ${leadName(lead, card.leadId)} through GHL at once. It cannot be undone.`, 'Approve and send');
    if (!ok) return;
  }
  state.busy = true;
  try {
    const result = await api(`/api/cards/${encodeURIComponent(card.id)}/approve`, { method: 'POST' });
    const denied = ['denied', 'failed', 'unknown'].includes(result.send?.result);
    toast(result.message, denied ? 'warn' : 'ok');
    removeCard(card.id);
    if (result.send?.result === 'scheduled') startUndo(result.card, lead);
    refreshSide();
  } catch (error) {
    toast(error.message, 'bad');
  } finally {
    state.busy = false;
  }
}

function startUndo(card, lead) {
  clearInterval(state.undo?.timer);
  const until = Date.parse(card.sendAfter);
  const tick = () => {
    const left = Math.ceil((until - Date.now()) / 1000);
    if (left <= 0) return stopUndo(`Sending to ${leadName(lead, card.leadId)}…`);
    $('undo-text').textContent = `Sending to ${leadName(lead, card.leadId)} in ${left} s`;
  };
  state.undo = { card, timer: setInterval(tick, 250) };
  $('undo-bar').hidden = false;
  tick();
}

function stopUndo(message) {
  clearInterval(state.undo?.timer);
  state.undo = null;
  $('undo-text').textContent = message ?? '';
  setTimeout(() => ($('undo-bar').hidden = state.undo === null ? true : $('undo-bar').hidden), message ? 1500 : 0);
}

async function withdrawUndo() {
  const pending = state.undo;
  if (!pending) return;
  try {
    await api(`/api/cards/${encodeURIComponent(pending.card.id)}/withdraw`, { method: 'POST' });
    stopUndo();
    toast('Approval withdrawn: nothing was sent; the card is pending again', 'ok');
    await refreshQueue();
  } catch (error) {
    toast(error.message, 'bad');
  }
}

async function saveEdit(card, subject, body) {
  try {
    const result = await api(`/api/cards/${encodeURIComponent(card.id)}/edit`, { method: 'POST', body: { body, version: card.version, ...(subject !== undefined ? { subject } : {}) } });
    const entry = state.cards.find((c) => c.card.id === card.id);
    if (entry) entry.card = result.card;
    state.editing = null;
    state.history.delete(card.id);
    renderCards();
    toast(`Edited: version ${result.card.version}, quality gate ${result.card.quality.passed ? 'passed' : 'failed'}`, result.card.quality.passed ? 'ok' : 'warn');
    $('cards').children[state.selected]?.querySelector('[data-action="approve"]')?.focus();
  } catch (error) {
    toast(error.message, 'bad');
  }
}

async function reject(cardId, tag, reason) {
  if (state.busy) return;
  state.busy = true;
  try {
    await api(`/api/cards/${encodeURIComponent(cardId)}/reject`, { method: 'POST', body: { tag, reason } });
    toast(`Rejected: ${tag.replaceAll('_', ' ')}`, 'ok');
    removeCard(cardId);
    refreshSide();
  } catch (error) {
    toast(error.message, 'bad');
  } finally {
    state.busy = false;
  }
}

async function refreshQueue() {
  const queue = await api('/api/queue');
  state.cards = queue.items;
  state.selected = Math.min(state.selected, Math.max(0, state.cards.length - 1));
  renderCards();
}

function currentView() {
  const name = location.hash.slice(1);
  return VIEWS.includes(name) ? name : 'review';
}

async function showView(focus = true) {
  const view = currentView();
  for (const main of document.querySelectorAll('main.view')) main.hidden = main.dataset.view !== view;
  for (const link of document.querySelectorAll('#views-nav a')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (view !== 'batches') stopBatchPolling();
  if (OWN_PAGES[view]) await OWN_PAGES[view]().catch((error) => toast(error.message, 'bad'));
  else if (view !== 'review') await showOpsView(view);
  // Focus moves to the page's heading, so a screen reader announces where it is.
  if (focus) document.querySelector(`main.view[data-view="${view}"] h2`)?.focus();
}

async function start() {
  if (!token()) return showGate();
  try {
    session.me = await api('/api/me');
    // The status carries the rejection tags: load it before a reviewer can press r.
    renderStatusPanels(await api('/api/status'));
    await refreshQueue();
  } catch (error) {
    if (error.status !== 401) toast(error.message, 'bad');
    return;
  }
  $('token-gate').hidden = true;
  $('who').hidden = false;
  $('who').textContent = `${session.me.name} · ${session.me.role}`;
  for (const link of document.querySelectorAll('#views-nav a[data-permission]')) link.hidden = !can(link.dataset.permission);
  $('views-nav').hidden = false;
  $('sign-out').hidden = false;
  await showView(false);
  refreshSide();
  // Live panels: the dispatcher sends by itself, so the side refreshes on its own.
  state.sideTimer ??= setInterval(() => {
    if (!$('workspace').hidden) refreshSide();
  }, SIDE_REFRESH_MS);
}

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
  $('token-input').value = '';
  start();
});

$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  session.me = null;
  showGate();
});

$('undo-button').addEventListener('click', withdrawUndo);
window.addEventListener('hashchange', () => session.me && showView());

document.addEventListener('keydown', (event) => {
  if (!session.me || $('confirm-dialog').open) return;
  const typing = event.target.closest?.('input, textarea, select');
  if (event.key === 'Escape') {
    if (state.rejecting !== null || state.editing !== null) closeForms();
    return;
  }
  if (typing || event.metaKey || event.ctrlKey || event.altKey) return;
  const number = VIEWS[Number(event.key) - 1];
  if (number && !document.querySelector(`#views-nav a[data-view="${number}"]`)?.hidden) {
    location.hash = number;
    return;
  }
  if (event.key === 'u' && state.undo) return void withdrawUndo();
  if (currentView() !== 'review') return;
  const moves = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };
  if (event.key in moves) {
    event.preventDefault();
    state.selected = Math.max(0, Math.min(state.selected + moves[event.key], state.cards.length - 1));
    renderCards();
    $('cards').children[state.selected]?.querySelector('[data-action="approve"]')?.focus();
  } else if (event.key === 'a') {
    event.preventDefault();
    approve(state.selected);
  } else if (event.key === 'r') {
    event.preventDefault();
    startReject(state.selected);
  } else if (event.key === 'e') {
    event.preventDefault();
    startEdit(state.selected);
  } else if (event.key === 'h') {
    event.preventDefault();
    toggleHistory(state.selected);
  }
});

start();
