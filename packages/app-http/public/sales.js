// The review page. Plain ES module, no build step. The token lives in sessionStorage
// and travels only in the X-Dashboard-Token header.
const TOKEN_KEY = 'caio.dashboardToken';
const SIDE_REFRESH_MS = 5_000;
const $ = (id) => document.getElementById(id);

const state = { cards: [], selected: 0, status: null, rejecting: null, busy: false, sideTimer: null };

const token = () => sessionStorage.getItem(TOKEN_KEY);

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, { method = 'GET', body } = {}) {
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

function el(tag, attrs = {}, ...children) {
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

function toast(message, kind = 'info') {
  const box = $('toast');
  box.textContent = message;
  box.className = `toast ${kind}`;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), 6000);
}

function showGate(message = '') {
  $('workspace').hidden = true;
  $('sign-out').hidden = true;
  $('token-gate').hidden = false;
  $('token-error').textContent = message;
  $('token-input').focus();
}

function facts(target, pairs) {
  target.replaceChildren(...pairs.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]));
}

function signalText(signals) {
  return Object.entries(signals ?? {})
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)
    .join(' · ');
}

function renderCards() {
  const list = $('cards');
  $('pending-count').textContent = String(state.cards.length);
  $('empty').hidden = state.cards.length > 0;
  list.replaceChildren(
    ...state.cards.map(({ card, lead }, index) => {
      const selected = index === state.selected;
      const gate = card.quality.passed
        ? el('span', { class: 'badge ok', text: 'quality gate passed' })
        : el('span', { class: 'badge bad', text: `gate: ${card.quality.hits.map((h) => h.check).join(', ')}` });
      const name = [lead?.firstName, lead?.lastName].filter(Boolean).join(' ') || lead?.identity?.email || card.leadId;
      const item = el(
        'li',
        { class: `card${selected ? ' selected' : ''}`, 'data-card-id': card.id, tabIndex: 0 },
        el('div', { class: 'card-head' }, el('strong', { text: name }), el('span', { class: 'muted', text: [lead?.title, lead?.company].filter(Boolean).join(' · ') }), el('span', { class: `badge ${card.tier}`, text: card.tier.replace('_', ' ') }), el('span', { class: 'badge channel', text: card.channel }), gate),
        lead?.signals && Object.keys(lead.signals).length ? el('p', { class: 'signals', text: signalText(lead.signals) }) : null,
        card.subject ? el('p', { class: 'subject', text: card.subject }) : null,
        el('p', { class: 'body', text: card.body }),
        el(
          'div',
          { class: 'actions' },
          el('button', { class: 'primary', text: 'Approve (a)', onclick: () => approve(index), 'data-action': 'approve' }),
          el('button', { class: 'ghost', text: 'Reject (r)', onclick: () => startReject(index), 'data-action': 'reject' }),
        ),
        state.rejecting === index ? rejectForm(card) : null,
      );
      item.addEventListener('click', (event) => {
        if (event.target.closest('button, select, textarea, form')) return;
        state.selected = index;
        renderCards();
      });
      return item;
    }),
  );
  list.querySelector('.selected')?.scrollIntoView({ block: 'nearest' });
}

function rejectForm(card) {
  const tags = state.status?.rejection_tags ?? [];
  const min = state.status?.min_reason_length ?? 10;
  const select = el('select', { name: 'tag', required: true, 'aria-label': 'Rejection tag' }, el('option', { value: '', text: 'Choose a tag…' }), ...tags.map((t) => el('option', { value: t, text: t.replaceAll('_', ' ') })));
  const reason = el('textarea', { name: 'reason', rows: 2, placeholder: `Why? (at least ${min} characters)`, required: true, minLength: min, 'aria-label': 'Rejection reason' });
  const form = el('form', { class: 'reject-form' }, select, reason, el('button', { type: 'submit', class: 'danger', text: 'Reject card' }), el('button', { type: 'button', class: 'ghost', text: 'Cancel', onclick: cancelReject }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    reject(card.id, select.value, reason.value);
  });
  queueMicrotask(() => select.focus());
  return form;
}

function startReject(index) {
  state.selected = index;
  state.rejecting = index;
  renderCards();
}

function cancelReject() {
  state.rejecting = null;
  renderCards();
}

function removeCard(cardId) {
  state.cards = state.cards.filter((c) => c.card.id !== cardId);
  state.selected = Math.min(state.selected, Math.max(0, state.cards.length - 1));
  state.rejecting = null;
  renderCards();
}

async function approve(index) {
  const entry = state.cards[index];
  if (!entry || state.busy) return;
  state.busy = true;
  try {
    const result = await api(`/api/cards/${encodeURIComponent(entry.card.id)}/approve`, { method: 'POST' });
    const denied = result.send?.result === 'denied' || result.send?.result === 'failed' || result.send?.result === 'unknown';
    toast(result.message, denied ? 'warn' : 'ok');
    removeCard(entry.card.id);
    refreshSide();
  } catch (error) {
    toast(error.message, 'bad');
  } finally {
    state.busy = false;
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

function renderStatus(status) {
  const hadTags = (state.status?.rejection_tags ?? []).length > 0;
  state.status = status;
  if (!hadTags && state.rejecting !== null) renderCards();
  const stop = status.emergency_stop;
  $('stop-state').textContent = stop.engaged ? `ENGAGED by ${stop.by ?? '?'}: ${stop.reason ?? ''}` : 'Released: sends may run.';
  $('stop-state').className = `stop-state ${stop.engaged ? 'engaged' : 'released'}`;
  $('stop-button').textContent = stop.engaged ? 'Release stop' : 'Engage stop';
  $('stop-button').className = stop.engaged ? 'primary' : 'danger';
  const w = status.send_window;
  facts($('window'), [
    ['Send mode', status.send_mode],
    ['Mode', status.mode],
    ['Window', `${w.start}–${w.end} ${w.timezone}`],
    ['Open now', w.override ? 'override on' : w.open_now ? 'yes' : 'no'],
    ['Today', `${status.daily_cap.used} of ${status.daily_cap.limit} sends`],
    ['Cap', status.daily_cap.why],
  ]);
  $('status-strip').replaceChildren(
    el('span', { class: `pill ${stop.engaged ? 'bad' : 'ok'}`, text: stop.engaged ? 'STOP ENGAGED' : 'stop released' }),
    el('span', { class: `pill ${status.send_mode === 'live' ? 'warn' : ''}`, text: status.send_mode }),
    el('span', { class: `pill ${w.open_now || w.override ? 'ok' : ''}`, text: w.open_now || w.override ? 'window open' : 'window closed' }),
    el('span', { class: 'pill', text: `${status.daily_cap.used}/${status.daily_cap.limit} today` }),
  );
}

async function refreshSide() {
  const [status, trace, rejections, readiness, batches] = await Promise.allSettled([api('/api/status'), api('/api/queue/trace'), api('/api/rejections/summary'), api('/api/autonomy/readiness'), api('/api/batches?status=executing')]);
  if (status.status === 'fulfilled') renderStatus(status.value);
  if (batches.status === 'fulfilled') {
    // Batches being executed (the dispatcher's and operators'), with their progress.
    const running = batches.value.batches;
    facts(
      $('batches'),
      running.length === 0
        ? [['Batches executing', 'none']]
        : running.map((b) => [`${b.id} (${b.created_by})`, `${b.progress.done} of ${b.progress.total} done${Object.entries(b.progress.counts).map(([k, n]) => ` · ${k} ${n}`).join('')}`]),
    );
  }
  if (trace.status === 'fulfilled') {
    const t = trace.value;
    facts($('trace'), [
      ['Pending', t.total_pending],
      ['GHL / Instantly / HeyReach', `${t.ghl_targeted} / ${t.instantly_targeted} / ${t.heyreach_targeted}`],
      ['Sent on approval', t.auto_resolve_on_approve],
      ['Ready for live send', t.ready_for_live_send],
      ['Separated (unmapped)', t.separated_unmapped],
      ['Unknown outcomes', t.unknown_outcomes],
      ['Expired (24 h)', t.expired_last_24h],
      ['Oldest pending', t.oldest_pending_age_minutes === null ? '—' : `${t.oldest_pending_age_minutes} min`],
      [`Past ${t.approval_sla_minutes} min SLA`, t.past_approval_sla],
      ...Object.entries(t.denials_by_rule).map(([rule, n]) => [`Held: ${rule.replaceAll('_', ' ')}`, n]),
    ]);
  }
  if (rejections.status === 'fulfilled') {
    const r = rejections.value;
    $('rejections').replaceChildren(
      el('p', { text: `${r.totalRejected} of ${r.totalReviewed} reviewed · trend ${r.trend.replaceAll('_', ' ')}` }),
      el('ul', { class: 'tags' }, ...r.topTags.map((t) => el('li', { text: `${t.tag.replaceAll('_', ' ')} · ${t.count}` }))),
    );
  }
  if (readiness.status === 'fulfilled') {
    const r = readiness.value;
    $('readiness').replaceChildren(
      el('p', { class: `verdict ${r.go ? 'ok' : 'bad'}`, text: r.go ? 'GO' : 'NO-GO' }),
      el('ul', { class: 'criteria' }, ...r.criteria.map((c) => el('li', { class: c.passed ? 'ok' : 'bad', text: `${c.passed ? '✓' : '✗'} ${c.name.replaceAll('_', ' ')}: ${c.detail}` }))),
    );
  }
}

async function refreshQueue() {
  const queue = await api('/api/queue');
  state.cards = queue.items;
  state.selected = Math.min(state.selected, Math.max(0, state.cards.length - 1));
  renderCards();
}

async function start() {
  if (!token()) return showGate();
  try {
    // The status carries the rejection tags: load it before a reviewer can press r.
    renderStatus(await api('/api/status'));
    await refreshQueue();
  } catch (error) {
    if (error.status !== 401) toast(error.message, 'bad');
    return;
  }
  $('token-gate').hidden = true;
  $('workspace').hidden = false;
  $('sign-out').hidden = false;
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
  showGate();
});

$('stop-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const engaged = !state.status?.emergency_stop?.engaged;
  try {
    const result = await api('/api/controls/emergency-stop', { method: 'POST', body: { engaged, reason: $('stop-reason').value } });
    $('stop-reason').value = '';
    toast(result.emergency_stop.engaged ? 'Emergency stop engaged: nothing will be sent.' : 'Emergency stop released.', result.emergency_stop.engaged ? 'warn' : 'ok');
    refreshSide();
  } catch (error) {
    toast(error.message, 'bad');
  }
});

document.addEventListener('keydown', (event) => {
  if ($('workspace').hidden) return;
  const typing = event.target.closest?.('input, textarea, select');
  if (event.key === 'Escape') {
    if (state.rejecting !== null) cancelReject();
    return;
  }
  if (typing || event.metaKey || event.ctrlKey || event.altKey) return;
  if (event.key === 'j' || event.key === 'ArrowDown') {
    state.selected = Math.min(state.selected + 1, state.cards.length - 1);
    renderCards();
  } else if (event.key === 'k' || event.key === 'ArrowUp') {
    state.selected = Math.max(state.selected - 1, 0);
    renderCards();
  } else if (event.key === 'a') {
    event.preventDefault();
    approve(state.selected);
  } else if (event.key === 'r') {
    event.preventDefault();
    startReject(state.selected);
  }
});

start();
