// The approved, unknown-outcome and quarantine pages.
import { $, api, can, confirmAction, el, historyList, leadName, toast, when } from './shared.js';

const countdowns = new Set();

function clearCountdowns() {
  for (const timer of countdowns) clearInterval(timer);
  countdowns.clear();
}

function countdown(until) {
  const node = el('span', { class: 'badge warn', role: 'timer', 'aria-live': 'off' });
  const tick = () => {
    const left = Math.ceil((Date.parse(until) - Date.now()) / 1000);
    node.textContent = left > 0 ? `sends in ${left} s unless withdrawn` : 'sending…';
  };
  tick();
  countdowns.add(setInterval(tick, 500));
  return node;
}

function historyToggle(cardId, host) {
  const button = el('button', { type: 'button', class: 'ghost', text: 'History', 'aria-expanded': 'false', 'data-action': 'history' });
  button.addEventListener('click', async () => {
    const open = button.getAttribute('aria-expanded') === 'true';
    host.replaceChildren(open ? '' : await historyList(cardId).catch((e) => el('p', { class: 'error', text: e.message })));
    button.setAttribute('aria-expanded', String(!open));
    button.textContent = open ? 'History' : 'Hide history';
  });
  return button;
}

async function renderApproved() {
  const { items } = await api('/api/approvals');
  $('approved-empty').hidden = items.length > 0;
  $('approved-list').replaceChildren(
    ...items.map(({ card, denials, when: waitsUntil }) => {
      const history = el('div');
      const withdraw = el('button', { type: 'button', class: 'ghost', text: 'Withdraw approval', 'data-action': 'withdraw', hidden: !can('review') });
      withdraw.addEventListener('click', async () => {
        try {
          await api(`/api/cards/${encodeURIComponent(card.id)}/withdraw`, { method: 'POST' });
          toast('Approval withdrawn; the card is pending again', 'ok');
          await renderApproved();
          document.querySelector('#view-approved h2')?.focus();
        } catch (error) {
          toast(error.message, 'bad');
        }
      });
      const waiting = card.sendAfter && Date.parse(card.sendAfter) > Date.now();
      return el(
        'li',
        { class: 'card', 'data-card-id': card.id },
        el('div', { class: 'card-head' }, el('h3', { class: 'card-name', text: card.subject ?? card.id }), el('span', { class: `badge ${card.tier}`, text: card.tier.replace('_', ' ') }), el('span', { class: 'badge channel', text: card.channel }), waiting ? countdown(card.sendAfter) : null),
        el('p', { class: 'muted small', text: `approved by ${card.approvedBy ?? '?'} at ${when(card.approvedAt)}` }),
        el('p', { class: 'when', text: `May go: ${waitsUntil}` }),
        denials.length ? el('ul', { class: 'criteria', 'aria-label': 'Why it waits' }, denials.map((d) => el('li', { class: 'bad', text: `${d.rule.replaceAll('_', ' ')}: ${d.detail}` }))) : null,
        el('div', { class: 'actions' }, withdraw, historyToggle(card.id, history)),
        history,
      );
    }),
  );
}

async function renderOutcomes() {
  const { items } = await api('/api/outcomes/unknown');
  $('outcomes-empty').hidden = items.length > 0;
  $('outcomes-list').replaceChildren(
    ...items.map(({ entry, card, lead, evidence }) => {
      const noteId = `note-${entry.cardId}-${entry.step}`;
      const note = el('textarea', { id: noteId, rows: 2, required: true, minLength: 3, placeholder: 'What did you check at the provider?' });
      const resolve = async (delivered) => {
        if (note.value.trim().length < 3) {
          toast('Say what you checked (at least 3 characters).', 'warn');
          return note.focus();
        }
        if (!delivered && !(await confirmAction('Record as not sent?', 'The lead becomes free for another first touch. Only do this if the provider has no trace of the message.', 'Record not sent'))) return;
        try {
          await api(`/api/outcomes/${encodeURIComponent(entry.cardId)}/resolve`, { method: 'POST', body: { step: entry.step, delivered, note: note.value } });
          toast(delivered ? 'Recorded as sent' : 'Recorded as not sent', 'ok');
          await renderOutcomes();
          document.querySelector('#view-outcomes h2')?.focus();
        } catch (error) {
          toast(error.message, 'bad');
        }
      };
      const actions = can('reconcile')
        ? el(
            'form',
            { class: 'edit-form', 'aria-label': `Resolve the send of ${entry.cardId}`, onsubmit: (e) => e.preventDefault() },
            el('label', { for: noteId, text: 'What you checked' }),
            note,
            el('div', { class: 'actions' }, el('button', { type: 'button', class: 'primary', text: 'Sent: the provider has it', onclick: () => resolve(true), 'data-action': 'sent' }), el('button', { type: 'button', class: 'danger', text: 'Not sent', onclick: () => resolve(false), 'data-action': 'not-sent' })),
          )
        : el('p', { class: 'muted small', text: 'An operator resolves unknown outcomes.' });
      return el(
        'li',
        { class: 'card', 'data-card-id': entry.cardId },
        el('div', { class: 'card-head' }, el('h3', { class: 'card-name', text: leadName(lead, entry.cardId) }), el('span', { class: 'badge channel', text: entry.channel }), el('span', { class: 'badge bad', text: 'unknown' })),
        el('p', { text: `Why unknown: ${entry.reason ?? '—'}` }),
        el('p', { class: 'muted small', text: `claimed ${when(entry.claimedAt)} · attempt ${entry.attemptId} · step ${entry.step}` }),
        card?.subject ? el('p', { class: 'subject', text: card.subject }) : null,
        el('h4', { text: 'Evidence' }),
        el('ol', { class: 'history' }, evidence.map((e) => el('li', {}, el('time', { dateTime: e.trace.at, text: when(e.trace.at) }), ' ', el('strong', { text: e.trace.actor }), ` ${e.action}`, e.detail?.reason ? ` — ${e.detail.reason}` : ''))),
        actions,
      );
    }),
  );
}

async function renderQuarantine() {
  const { items } = await api('/api/quarantine');
  $('quarantine-empty').hidden = items.length > 0;
  $('quarantine-list').replaceChildren(
    ...items.map(({ delivery, decision }) => {
      const noteId = `qnote-${delivery.id}`;
      const note = el('input', { id: noteId, required: true, minLength: 3, placeholder: 'Why?' });
      const act = async (action) => {
        try {
          await api(`/api/quarantine/${encodeURIComponent(delivery.id)}/${action}`, { method: 'POST', body: { note: note.value } });
          toast(action === 'discard' ? 'Discarded' : 'Re-applied through the inbox', 'ok');
          await renderQuarantine();
          document.querySelector('#view-quarantine h2')?.focus();
        } catch (error) {
          toast(error.message, 'bad');
        }
      };
      return el(
        'li',
        { class: 'card', 'data-delivery-id': delivery.id },
        el('div', { class: 'card-head' }, el('h3', { class: 'card-name', text: delivery.provider }), el('span', { class: 'muted', text: when(delivery.receivedAt) }), decision ? el('span', { class: 'badge ok', text: `${decision.action} by ${decision.by}` }) : el('span', { class: 'badge bad', text: 'undecided' })),
        el('p', { text: `Reason: ${delivery.reason}` }),
        el('pre', { class: 'raw', tabIndex: 0, 'aria-label': `Body of the ${delivery.provider} delivery`, text: delivery.body }),
        decision
          ? el('p', { class: 'muted small', text: `${decision.action} at ${when(decision.at)}: ${decision.note}` })
          : el(
              'form',
              { class: 'actions', 'aria-label': `Decide about delivery ${delivery.id}`, onsubmit: (e) => e.preventDefault() },
              el('label', { for: noteId, text: 'Note' }),
              note,
              el('button', { type: 'button', class: 'ghost', text: 'Discard', onclick: () => act('discard'), 'data-action': 'discard' }),
              el('button', { type: 'button', class: 'primary', text: 'Re-apply', onclick: () => act('reapply'), 'data-action': 'reapply' }),
            ),
      );
    }),
  );
}

const RENDER = { approved: renderApproved, outcomes: renderOutcomes, quarantine: renderQuarantine };

/** Loads and shows one of the operator pages. */
export async function showOpsView(view) {
  clearCountdowns();
  try {
    await RENDER[view]();
  } catch (error) {
    toast(error.message, 'bad');
  }
}
