// The autonomy page: the go/no-go with each criterion, today's cap and why, the mode, and
// the switch (admins only; enabling asks first and is refused by the server on NO-GO).
import { channelCapFacts } from './panels.js';
import { $, api, can, confirmAction, el, session, toast } from './shared.js';

function criteriaList(label, criteria) {
  return el('ul', { class: 'criteria', 'aria-label': label }, criteria.map((c) => el('li', { class: c.passed ? 'ok' : 'bad', 'data-criterion': c.name, text: `${c.passed ? '✓' : '✗'} ${c.name.replaceAll('_', ' ')}: ${c.detail}` })));
}

/** Loads and shows the autonomy page. */
export async function renderAutonomy() {
  const [readiness, status] = await Promise.all([api('/api/autonomy/readiness'), api('/api/status')]);
  session.status = status;
  const autonomous = status.mode === 'autonomous';
  $('autonomy-verdict').textContent = readiness.go ? 'GO' : 'NO-GO';
  $('autonomy-verdict').className = `verdict ${readiness.go ? 'ok' : 'bad'}`;
  $('autonomy-criteria').replaceChildren(criteriaList('Go/no-go criteria', readiness.criteria));
  const cap = status.daily_cap;
  $('autonomy-facts').replaceChildren(
    ...[
      ['Mode', status.mode],
      ['Today', `${cap.used} of ${cap.limit} sends (${cap.day})`],
      ['Why this cap', cap.why ?? '—'],
      ...channelCapFacts(cap),
      ['Clean days in a row', cap.clean_days_in_row ?? '—'],
    ].flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]),
  );
  const allowed = can('switchAutonomy');
  $('autonomy-button').textContent = autonomous ? 'Disable autonomy' : 'Enable autonomy';
  $('autonomy-button').className = autonomous ? 'danger' : 'primary';
  $('autonomy-button').disabled = !allowed;
  $('autonomy-reason').disabled = !allowed;
  $('autonomy-note').textContent = allowed ? '' : `Only an admin switches autonomy (you are ${session.me?.role ?? 'signed out'}).`;
}

$('autonomy-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const enabled = session.status?.mode !== 'autonomous';
  if (enabled && !(await confirmAction('Enable autonomy?', 'Cards of the autonomous tiers will be sent without a person approving each one, within the cap and the send window.', 'Enable autonomy'))) return;
  $('autonomy-refusal').replaceChildren();
  try {
    const result = await api('/api/autonomy', { method: 'POST', body: { enabled, reason: $('autonomy-reason').value } });
    $('autonomy-reason').value = '';
    toast(`Mode is now ${result.mode}`, 'ok');
    await renderAutonomy();
  } catch (error) {
    toast(error.message, 'bad');
    const failing = error.body?.readiness?.criteria?.filter((c) => !c.passed);
    if (error.body?.error === 'AutonomyNotReady' && failing) {
      $('autonomy-refusal').replaceChildren(el('p', { class: 'error', text: 'Refused: the go/no-go is NO-GO. Failing criteria:' }), criteriaList('Failing criteria', failing));
    }
  }
  $('autonomy-title').focus();
});
