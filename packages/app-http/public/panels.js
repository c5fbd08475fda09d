// The side panels of the review page: emergency stop, window and cap, queue trace,
// rejections and edits, autonomy go/no-go.
import { $, api, can, el, session, toast } from './shared.js';

function facts(target, pairs) {
  target.replaceChildren(...pairs.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]));
}

/** One fact per channel with a cap of its own (SEND_CHANNEL_CAPS): its sends today of its cap, and why. */
export function channelCapFacts(cap) {
  return (cap.channels ?? []).map((c) => [`Cap ${c.channel}`, `${c.used} of ${c.limit} sends (${c.why})`]);
}

export function renderStatusPanels(status) {
  session.status = status;
  const stop = status.emergency_stop;
  $('stop-state').textContent = stop.engaged ? `ENGAGED by ${stop.by ?? '?'}: ${stop.reason ?? ''}` : 'Released: sends may run.';
  $('stop-state').className = `stop-state ${stop.engaged ? 'engaged' : 'released'}`;
  // Engaging is an operator's; releasing an admin's. The server refuses the rest anyway.
  const allowed = stop.engaged ? can('releaseStop') : can('engageStop');
  $('stop-button').textContent = stop.engaged ? 'Release stop' : 'Engage stop';
  $('stop-button').className = stop.engaged ? 'primary' : 'danger';
  $('stop-button').disabled = !allowed;
  $('stop-reason').disabled = !allowed;
  $('stop-note').textContent = allowed ? '' : stop.engaged ? `Only an admin can release the stop (you are ${session.me?.role ?? 'signed out'}).` : `Only an operator or admin can engage the stop (you are ${session.me?.role ?? 'signed out'}).`;
  const w = status.send_window;
  facts($('window'), [
    ['Send mode', status.send_mode],
    ['Mode', status.mode],
    ['Window', `${w.start}–${w.end} ${w.timezone}`],
    ['Open now', w.override ? 'override on' : w.open_now ? 'yes' : 'no'],
    ['Today', `${status.daily_cap.used} of ${status.daily_cap.limit} sends`],
    ['Cap', status.daily_cap.why],
    ...channelCapFacts(status.daily_cap),
    ['Undo window', status.approval_undo_seconds ? `${status.approval_undo_seconds} s` : 'none (live sends ask first)'],
  ]);
  $('status-strip').replaceChildren(
    el('span', { class: `pill ${stop.engaged ? 'bad' : 'ok'}`, text: stop.engaged ? 'STOP ENGAGED' : 'stop released' }),
    el('span', { class: `pill ${status.send_mode === 'live' ? 'warn' : ''}`, text: status.send_mode }),
    el('span', { class: `pill ${w.open_now || w.override ? 'ok' : ''}`, text: w.open_now || w.override ? 'window open' : 'window closed' }),
    el('span', { class: 'pill', text: `${status.daily_cap.used}/${status.daily_cap.limit} today` }),
  );
}

export async function refreshSide() {
  const [status, trace, rejections, readiness, batches] = await Promise.allSettled([api('/api/status'), api('/api/queue/trace'), api('/api/rejections/summary'), api('/api/autonomy/readiness'), api('/api/batches?status=executing')]);
  if (status.status === 'fulfilled') renderStatusPanels(status.value);
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
      el('p', { text: `${r.totalRejected} of ${r.totalReviewed} reviewed rejected · ${r.totalEdited} edited first (${r.edits} edits) · trend ${r.trend.replaceAll('_', ' ')}` }),
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

$('stop-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const engaged = !session.status?.emergency_stop?.engaged;
  try {
    const result = await api('/api/controls/emergency-stop', { method: 'POST', body: { engaged, reason: $('stop-reason').value } });
    $('stop-reason').value = '';
    toast(result.emergency_stop.engaged ? 'Emergency stop engaged: nothing will be sent.' : 'Emergency stop released.', result.emergency_stop.engaged ? 'warn' : 'ok');
    refreshSide();
  } catch (error) {
    toast(error.message, 'bad');
  }
});
