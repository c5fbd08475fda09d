// The leads page: search and filter leads (cursor pages), and one lead's page. A lead
// opens from its row or from the address (`/sales/leads#<lead id>`), so other pages link here.
import { $, api, el, grid, toast, token, withToken } from '/sales/console.js';

const state = { next: null, rows: [] };

function query() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData($('lead-filters'))) if (String(value).trim() !== '') params.set(name, String(value).trim());
  params.set('limit', '50');
  return params;
}

const who = (lead) => [lead.firstName, lead.lastName].filter(Boolean).join(' ') || '—';

function renderList() {
  const rows = state.rows.map((o) => {
    const row = el('tr', { class: 'clickable', 'data-lead-id': o.lead.id }, [
      el('td', { text: who(o.lead) }),
      el('td', { text: o.lead.company ?? '—' }),
      el('td', { text: o.lead.identity.email ?? o.lead.identity.linkedin ?? '—' }),
      el('td', { text: o.lead.tier.replace('tier_', 'Tier ') }),
      el('td', { text: `${o.lead.source} · ${o.lead.sourceLabel}` }),
      el('td', { text: o.status }),
      el('td', { text: [o.replied ? 'replied' : '', o.suppressed ? 'suppressed' : ''].filter(Boolean).join(', ') }),
    ]);
    row.addEventListener('click', () => (location.hash = o.lead.id));
    return row;
  });
  const table = rows.length === 0 ? el('p', { class: 'muted', id: 'lead-empty', text: 'No lead matches.' }) : el('table', { class: 'grid', id: 'lead-table' }, el('thead', {}, el('tr', {}, ['Name', 'Company', 'E-mail / LinkedIn', 'Tier', 'Source', 'Status', ''].map((h) => el('th', { text: h })))), el('tbody', {}, rows));
  $('lead-list').replaceChildren(table);
  $('lead-more-row').hidden = !state.next;
}

async function search(more = false) {
  const params = query();
  if (more && state.next) params.set('cursor', state.next);
  const page = await api(`/api/leads?${params}`);
  state.rows = more ? [...state.rows, ...page.items] : page.items;
  state.next = page.next ?? null;
  $('lead-scan').textContent = page.next ? `${page.scanned} leads read for this page` : '';
  renderList();
}

const when = (iso) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');

async function showLead(id) {
  const box = $('lead-detail');
  if (!id) {
    box.hidden = true;
    return;
  }
  let d;
  try {
    d = await api(`/api/leads/${encodeURIComponent(id)}`);
  } catch (error) {
    box.hidden = false;
    box.replaceChildren(el('p', { class: 'error', text: error.status === 404 ? `No lead ${id}.` : error.message }));
    return;
  }
  box.hidden = false;
  box.replaceChildren(
    el('h2', { text: who(d.lead) }),
    el('p', { class: 'muted', text: `${d.lead.company ?? ''} · ${d.status}${d.replied ? ' · replied' : ''}${d.suppressed ? ' · suppressed' : ''}` }),
    el('h3', { text: 'Identity keys' }),
    el('p', { id: 'lead-keys', text: d.identityKeys.join(' · ') }),
    el('h3', { text: 'Fields' }),
    grid(['Field', 'Value', 'From'], d.fields.map((f) => [f.name, f.value, f.provenance])),
    el('h3', { text: 'Cards' }),
    grid(['Card', 'Step', 'Channel', 'Campaign', 'Status', 'Created'], d.cards.map((c) => [el('a', { href: `/sales/history#${encodeURIComponent(c.id)}`, text: c.id }), String(c.step), c.channel, c.campaignId ?? '—', c.status, when(c.createdAt)])),
    el('h3', { text: 'Sends and receipts' }),
    grid(['Card', 'Step', 'Channel', 'State', 'Claimed', 'Receipt'], d.touches.map((t) => [t.cardId, String(t.step), t.channel, t.state, when(t.claimedAt), t.receipt ? JSON.stringify(t.receipt) : '—'])),
    el('h3', { text: 'Webhook events' }),
    grid(['At', 'Event', 'Card'], d.webhookEvents.map((e) => [when(e.trace.at), e.action.replace('webhook.', ''), e.cardId ?? '—'])),
    el('h3', { text: 'Suppressions' }),
    grid(['Target', 'Reason', 'Source', 'At'], d.suppressions.map((s) => [s.target, s.reason, s.source, when(s.at)])),
    el('h3', { text: 'Cadence stops' }),
    grid(['Key', 'Reason', 'At'], d.cadenceStops.map((s) => [s.identityKey, s.reason, when(s.at)])),
    el('h3', { text: 'History' }),
    grid(['At', 'Action', 'Card', 'By'], d.history.map((e) => [when(e.trace.at), e.action, e.cardId ?? '—', e.trace.actor])),
  );
}

// Import: the file goes up as text/csv; a preview (dry run) writes nothing.
async function importCsv(dryRun) {
  const file = $('i-file').files[0];
  if (!file) throw new Error('Choose a CSV file first.');
  const params = new URLSearchParams({ source_label: $('i-label').value.trim() || 'import', dry_run: String(dryRun) });
  if ($('i-map').value.trim()) params.set('map', $('i-map').value.trim());
  const response = await fetch(`/api/leads/import?${params}`, { method: 'POST', headers: { 'X-Dashboard-Token': token() ?? '', 'Content-Type': 'text/csv' }, body: await file.text(), cache: 'no-store', credentials: 'omit' });
  const report = await response.json().catch(() => null);
  if (!response.ok) throw new Error(report?.message ?? `HTTP ${response.status}`);
  const verb = dryRun ? 'would be ' : '';
  $('import-result').replaceChildren(
    el('p', { id: 'import-summary', text: `${dryRun ? 'Preview, nothing written: ' : ''}${report.created} lead(s) ${verb}created, ${report.merged} ${verb}merged, ${report.refused.length} refused.` }),
    ...report.refused.map((r) => el('p', { class: 'error', text: `Row ${r.row}: ${r.reason}` })),
    ...report.warnings.map((w) => el('p', { class: 'muted import-warning', text: `Row ${w.row} (kept): ${w.message}` })),
    grid(['Row', dryRun ? 'Would' : 'Result', 'E-mail', 'LinkedIn', 'Company', 'Tier', 'Label'], report.preview.map((p) => [String(p.row), p.result, p.email ?? '—', p.linkedin ?? '—', p.company ?? '—', p.tier, p.label])),
  );
  if (!dryRun) await search();
}

$('i-preview').addEventListener('click', () => importCsv(true).catch((error) => toast(error.message, 'bad')));
$('import-form').addEventListener('submit', (event) => {
  event.preventDefault();
  importCsv(false).catch((error) => toast(error.message, 'bad'));
});

$('lead-filters').addEventListener('submit', (event) => {
  event.preventDefault();
  search().catch((error) => toast(error.message, 'bad'));
});
$('lead-more').addEventListener('click', () => search(true).catch((error) => toast(error.message, 'bad')));
window.addEventListener('hashchange', () => showLead(decodeURIComponent(location.hash.slice(1))));

withToken(async () => {
  await search();
  await showLead(decodeURIComponent(location.hash.slice(1)));
});
