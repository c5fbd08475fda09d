// The batches page: list, create from all approved cards, preview (dry run: each card's
// policy verdict), execute as a job, and the live progress until the batch is done.
import { $, api, can, el, session, toast, when } from './shared.js';

const POLL_MS = 1_000;
let poll = null;

/** Stops following a batch (leaving the page, or the batch finished). */
export function stopBatchPolling() {
  clearTimeout(poll);
  poll = null;
}

const countsText = (counts) => Object.entries(counts).map(([k, n]) => `${k.replaceAll('_', ' ')} ${n}`).join(' · ') || 'no outcomes yet';
const denied = () => `Only an operator or admin runs batches (you are ${session.me?.role ?? 'signed out'}).`;

function outcomeList(label, outcomes) {
  return el('ul', { class: 'criteria', 'aria-label': label }, outcomes.map((o) => el('li', { class: o.result === 'sent' || o.result === 'would_send' ? 'ok' : 'bad', 'data-card-id': o.cardId, text: `${o.cardId}: ${o.result.replaceAll('_', ' ')}${o.detail ? ` (${o.detail})` : ''}` })));
}

async function preview(id, host) {
  try {
    const result = await api(`/api/batches/${encodeURIComponent(id)}/execute`, { method: 'POST', body: { dry_run: true } });
    host.replaceChildren(el('h4', { text: result.already_executed ? 'Already executed' : 'Preview (nothing sent)' }), outcomeList(`Preview of ${id}`, result.outcomes));
  } catch (error) {
    toast(error.message, 'bad');
  }
}

/** Polls the batch until its job is done, updating its row; then shows the outcomes. */
async function follow(id) {
  stopBatchPolling();
  try {
    const { batch, job, progress } = await api(`/api/batches/${encodeURIComponent(id)}`);
    const row = document.querySelector(`#batches-list [data-batch-id="${CSS.escape(id)}"]`);
    if (!row) return;
    row.querySelector('.progress').textContent = `${progress.done} of ${progress.total} done · ${countsText(progress.counts)}`;
    row.querySelector('.status').textContent = batch.status;
    const finished = batch.status === 'executed' || batch.status === 'aborted' || job?.state === 'completed' || job?.state === 'failed';
    if (finished) {
      row.querySelector('.outcomes').replaceChildren(el('h4', { text: 'Outcomes' }), outcomeList(`Outcomes of ${id}`, batch.outcomes));
      row.dataset.done = 'true';
      // A finished batch never runs again (the server answers already_executed).
      row.querySelector('[data-action="execute"]').disabled = true;
      toast(`Batch ${id} ${job?.state === 'failed' ? `failed: ${job.failed_reason ?? ''}` : 'done'}: ${countsText(progress.counts)}`, job?.state === 'failed' ? 'bad' : 'ok');
      return;
    }
    poll = setTimeout(() => follow(id), POLL_MS);
  } catch (error) {
    toast(error.message, 'bad');
  }
}

async function execute(id) {
  try {
    const result = await api(`/api/batches/${encodeURIComponent(id)}/execute`, { method: 'POST', body: {} });
    toast(result.already_executed ? `Batch ${id} was already executed` : `Batch ${id} is executing`, 'info');
    await follow(id);
  } catch (error) {
    toast(error.message, 'bad');
  }
}

function batchRow(b) {
  const allowed = can('runBatches');
  const details = el('div', { class: 'preview' });
  const outcomes = el('div', { class: 'outcomes' });
  const done = b.status === 'executed' || b.status === 'aborted';
  const previewButton = el('button', { type: 'button', class: 'ghost', text: 'Preview', 'data-action': 'preview', disabled: !allowed, onclick: () => preview(b.id, details) });
  const executeButton = el('button', { type: 'button', class: 'primary', text: 'Execute', 'data-action': 'execute', disabled: !allowed || done, onclick: () => execute(b.id) });
  return el(
    'li',
    { class: 'card', 'data-batch-id': b.id },
    el('div', { class: 'card-head' }, el('h3', { class: 'card-name', text: b.id }), el('span', { class: 'badge status', text: b.status })),
    el('p', { class: 'muted small', text: `created by ${b.created_by} at ${when(b.created_at)} · ${b.items} items` }),
    el('p', { class: 'progress', text: `${b.progress.done} of ${b.progress.total} done · ${countsText(b.progress.counts)}` }),
    el('div', { class: 'actions', role: 'group', 'aria-label': `Actions on batch ${b.id}` }, previewButton, executeButton),
    allowed ? null : el('p', { class: 'muted small', text: denied() }),
    details,
    outcomes,
  );
}

/** Loads and shows the batches page (newest first). */
export async function renderBatches() {
  stopBatchPolling();
  const allowed = can('runBatches');
  $('batch-create').disabled = !allowed;
  $('batch-note').textContent = allowed ? '' : denied();
  const { batches } = await api('/api/batches?limit=500');
  $('batches-empty').hidden = batches.length > 0;
  $('batches-list').replaceChildren(...[...batches].reverse().map(batchRow));
  const running = batches.find((b) => b.status === 'executing');
  if (running) follow(running.id);
}

$('batch-create').addEventListener('click', async () => {
  try {
    const { batch } = await api('/api/batches', { method: 'POST', body: {} });
    toast(`Batch ${batch.id} created with ${batch.items.length} cards`, 'ok');
    await renderBatches();
    document.querySelector(`#batches-list [data-batch-id="${CSS.escape(batch.id)}"] [data-action="preview"]`)?.focus();
  } catch (error) {
    toast(error.message, 'bad');
  }
});
