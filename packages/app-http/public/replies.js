// The replies inbox: each reply with its snippet, a link to the lead and to the card
// history, and a button that marks it handled (audited).
import { $, api, el, toast, withToken } from '/sales/console.js';

const who = (lead) => (lead ? [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.id : 'unknown lead');
const when = (iso) => iso.replace('T', ' ').slice(0, 16);

async function markHandled(reply, button) {
  const note = window.prompt('Note (optional)') ?? '';
  button.disabled = true;
  try {
    await api(`/api/replies/${encodeURIComponent(reply.id)}/handled`, { method: 'POST', body: note ? { note } : {} });
    toast('Marked handled', 'ok');
    await load();
  } catch (error) {
    button.disabled = false;
    toast(error.message, 'bad');
  }
}

function item(reply) {
  const lead = reply.lead ? el('a', { href: `/sales/leads#${encodeURIComponent(reply.lead.id)}`, class: 'lead-link', text: who(reply.lead) }) : el('span', { class: 'muted', text: reply.identityKeys.join(', ') || 'unknown lead' });
  const button = el('button', { type: 'button', class: 'primary', text: 'Mark handled' });
  button.addEventListener('click', () => markHandled(reply, button));
  return el(
    'li',
    { class: 'card reply', 'data-reply-id': reply.id },
    el('div', { class: 'card-head' }, lead, reply.lead?.company ? el('span', { class: 'muted', text: reply.lead.company }) : null, el('span', { class: 'badge', text: reply.channel }), el('span', { class: 'muted', text: when(reply.at) })),
    el('p', { class: 'body snippet', text: reply.snippet ?? '(no text received)' }),
    reply.handled ? el('p', { class: 'muted handled', text: `Handled by ${reply.handled.by}, ${when(reply.handled.at)}${reply.handled.note ? `: ${reply.handled.note}` : ''}` }) : button,
  );
}

async function load() {
  const { items } = await api(`/api/replies?show=${$('f-show').value}`);
  $('reply-list').replaceChildren(items.length === 0 ? el('p', { class: 'muted', id: 'reply-empty', text: 'No reply here.' }) : el('ol', { class: 'cards', id: 'replies' }, items.map(item)));
}

$('f-show').addEventListener('change', () => load().catch((error) => toast(error.message, 'bad')));
withToken(load);
