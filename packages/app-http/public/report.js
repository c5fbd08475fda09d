// The report page: counts per day (a uPlot chart, served by the app from the uplot
// package) and per channel and campaign (a table), and the same report as a CSV file.
import { $, api, el, grid, token, toast, withToken } from '/sales/console.js';

const METRICS = ['sent', 'delivered', 'opened', 'clicked', 'replied', 'bounced', 'unsubscribed', 'rejected', 'edited'];
const COLOURS = ['#2456d3', '#16794a', '#7a5af5', '#0e7490', '#a45f00', '#b42318', '#6b7280', '#be185d', '#1b1f24'];
let chart = null;

const range = () => `from=${$('f-from').value}&to=${$('f-to').value}`;

/** Every day of the range, so a day without activity shows as zero, not as a gap. */
function days(from, to) {
  const out = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function drawChart(report) {
  const all = days(report.from, report.to);
  const totals = Object.fromEntries(METRICS.map((m) => [m, all.map(() => 0)]));
  for (const row of report.rows) for (const m of METRICS) totals[m][all.indexOf(row.day)] += row[m];
  const data = [all.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000), ...METRICS.map((m) => totals[m])];
  const box = $('chart-daily');
  chart?.destroy();
  box.replaceChildren();
  chart = new window.uPlot(
    { width: Math.max(320, box.clientWidth || 800), height: 260, series: [{}, ...METRICS.map((m, i) => ({ label: m, stroke: COLOURS[i], width: 2 }))], axes: [{}, { label: 'count' }], scales: { x: { time: true } } },
    data,
    box,
  );
  box.dataset.points = String(all.length);
}

function drawTable(report) {
  const byKey = new Map();
  for (const row of report.rows) {
    const key = `${row.channel} · ${row.campaign}`;
    const sum = byKey.get(key) ?? Object.fromEntries(METRICS.map((m) => [m, 0]));
    for (const m of METRICS) sum[m] += row[m];
    byKey.set(key, sum);
  }
  $('report-table').replaceChildren(grid(['Channel · campaign', ...METRICS], [...byKey.entries()].map(([key, sum]) => [key, ...METRICS.map((m) => String(sum[m]))]), 'Nothing in these days.'));
}

async function load() {
  const report = await api(`/api/reports/delivery?${range()}`);
  $('incomplete').hidden = report.complete;
  $('incomplete').textContent = report.complete ? '' : 'The audit log read did not reach back to the first day: provider events and edits before it are missing.';
  drawChart(report);
  drawTable(report);
}

// A download needs the token header, so the file is fetched here and handed over as a blob.
async function downloadCsv() {
  const response = await fetch(`/api/reports/delivery?${range()}&format=csv`, { headers: { 'X-Dashboard-Token': token() ?? '' }, cache: 'no-store', credentials: 'omit' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: `caio-report-${$('f-from').value}-${$('f-to').value}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const today = new Date().toISOString().slice(0, 10);
$('f-to').value = today;
$('f-from').value = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
const params = new URLSearchParams(location.hash.slice(1));
if (params.get('from')) $('f-from').value = params.get('from');
if (params.get('to')) $('f-to').value = params.get('to');

$('report-form').addEventListener('submit', (event) => {
  event.preventDefault();
  load().catch((error) => toast(error.message, 'bad'));
});
$('csv').addEventListener('click', () => downloadCsv().catch((error) => toast(error.message, 'bad')));
withToken(load);
