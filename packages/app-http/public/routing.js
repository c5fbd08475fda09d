// The routing page: edit the routing rules (source label and tier -> channel and
// campaign, campaigns from the provider listing) and pause or resume channels and campaigns.
import { $, api, el, grid, toast, withToken } from '/sales/console.js';

const CHANNELS = ['ghl_email', 'instantly', 'heyreach'];
const TIERS = ['*', 'tier_1', 'tier_2', 'tier_3'];
const state = { rules: [], campaigns: {} };

const select = (options, value, cls) => el('select', { class: cls }, options.map((o) => el('option', { value: o, text: o || '(none)', selected: o === (value ?? '') })));

function ruleRow(rule) {
  const channel = select(CHANNELS, rule.channel, 'r-channel');
  const campaign = select(['', ...(state.campaigns[rule.channel] ?? [])], rule.campaignId, 'r-campaign');
  channel.addEventListener('change', () => campaign.replaceChildren(...['', ...(state.campaigns[channel.value] ?? [])].map((o) => el('option', { value: o, text: o || '(none)' }))));
  const remove = el('button', { type: 'button', class: 'ghost', text: 'Remove' });
  const row = el('tr', { class: 'rule' }, el('td', {}, el('input', { class: 'r-label', value: rule.sourceLabel, size: 14 })), el('td', {}, select(TIERS, rule.tier, 'r-tier')), el('td', {}, channel), el('td', {}, campaign), el('td', {}, remove));
  remove.addEventListener('click', () => row.remove());
  return row;
}

function renderRules() {
  $('rules').replaceChildren(el('table', { class: 'grid', id: 'rules-table' }, el('thead', {}, el('tr', {}, ['Source label', 'Tier', 'Channel', 'Campaign', ''].map((h) => el('th', { text: h })))), el('tbody', {}, state.rules.map(ruleRow))));
}

const rulesOnPage = () =>
  [...document.querySelectorAll('#rules-table tr.rule')].map((tr) => {
    const campaignId = tr.querySelector('.r-campaign').value;
    return { sourceLabel: tr.querySelector('.r-label').value.trim() || '*', tier: tr.querySelector('.r-tier').value, channel: tr.querySelector('.r-channel').value, ...(campaignId ? { campaignId } : {}) };
  });

async function saveRules() {
  const { rules } = await api('/api/routing', { method: 'PUT', body: { rules: rulesOnPage() } });
  state.rules = rules;
  renderRules();
  toast(`Saved ${rules.length} rule(s)`, 'ok');
}

async function loadPauses() {
  const { channels, campaigns } = await api('/api/controls/pauses');
  const rows = [...channels.map((c) => ['channel', c]), ...campaigns.map((c) => ['campaign', c])].map(([kind, name]) => {
    const resume = el('button', { type: 'button', class: 'ghost', text: 'Resume' });
    resume.addEventListener('click', () => setPause(kind, name, false, window.prompt('Reason for resuming') ?? '').catch((error) => toast(error.message, 'bad')));
    return [kind, name, resume];
  });
  $('pauses').replaceChildren(grid(['Kind', 'Name', ''], rows, 'Nothing is paused.'));
}

async function setPause(kind, name, paused, reason) {
  await api('/api/controls/pauses', { method: 'POST', body: { [kind]: name, paused, reason } });
  toast(`${name} ${paused ? 'paused' : 'resumed'}`, 'ok');
  await loadPauses();
}

$('add-rule').addEventListener('click', () => $('rules-table').querySelector('tbody').append(ruleRow({ sourceLabel: '*', tier: '*', channel: 'ghl_email' })));
$('save-rules').addEventListener('click', () => saveRules().catch((error) => toast(error.message, 'bad')));
$('pause-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const target = $('p-target').value.trim();
  setPause(CHANNELS.includes(target) ? 'channel' : 'campaign', target, true, $('p-reason').value)
    .then(() => ($('p-reason').value = ''))
    .catch((error) => toast(error.message, 'bad'));
});

withToken(async () => {
  const routing = await api('/api/routing');
  state.rules = routing.rules;
  state.campaigns = routing.campaigns;
  renderRules();
  await loadPauses();
});
