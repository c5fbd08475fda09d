// A card's timeline: crafted, edited, approved, claimed, sent, delivered, opened, replied,
// bounced... Opens from the address (`/sales/history#<card id>`) or the card id field.
import { $, api, el, grid, toast, withToken } from '/sales/console.js';

const when = (iso) => iso.replace('T', ' ').slice(0, 19);
const summary = (detail) => ['snippet', 'reason', 'tag', 'note', 'provider']
  .filter((k) => detail[k] !== undefined && detail[k] !== '')
  .map((k) => `${k}: ${typeof detail[k] === 'string' ? detail[k] : JSON.stringify(detail[k])}`)
  .join(' · ');

async function show(id) {
  const box = $('timeline');
  if (!id) return (box.hidden = true);
  $('f-card').value = id;
  box.hidden = false;
  try {
    const { card, events } = await api(`/api/cards/${encodeURIComponent(id)}/timeline`);
    box.replaceChildren(
      el('h2', { text: card.id }),
      el('p', { class: 'muted' }, `${card.channel}${card.campaignId ? ` · ${card.campaignId}` : ''} · step ${card.step} · ${card.status} · `, el('a', { href: `/sales/leads#${encodeURIComponent(card.leadId)}`, text: 'lead' })),
      el('ol', { class: 'timeline', id: 'timeline-events' }, events.map((e) => el('li', { 'data-kind': e.kind }, el('strong', { text: e.kind }), ` ${when(e.at)} · ${e.actor}`, summary(e.detail) ? el('div', { class: 'muted', text: summary(e.detail) }) : null))),
    );
  } catch (error) {
    box.replaceChildren(el('p', { class: 'error', text: error.status === 404 ? `No card ${id}.` : error.message }));
  }
}

$('card-form').addEventListener('submit', (event) => {
  event.preventDefault();
  location.hash = $('f-card').value.trim();
});
window.addEventListener('hashchange', () => show(decodeURIComponent(location.hash.slice(1))).catch((error) => toast(error.message, 'bad')));
withToken(() => show(decodeURIComponent(location.hash.slice(1))));
