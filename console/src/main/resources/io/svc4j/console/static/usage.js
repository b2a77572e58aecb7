// svc4j console: the memory and CPU chart of one service over the last hour (uPlot, vendored and
// served by the console). Clicking a service's name shows its chart; the samples live in the
// console (GET /api/services/NAME/usage), so a reload of the page keeps the history.
const section = document.getElementById('usage');
const title = document.getElementById('usage-name');
const box = document.getElementById('usage-chart');
const now = document.getElementById('usage-now');
let chart = null;
let shown = null;
let timer = null;

function toData(series) {
  const mib = series.memoryBytes.map(b => (b === null ? null : b / 1048576));
  return [series.t, mib, series.cpuPercent];
}

function make(data) {
  const opts = {
    width: Math.min(900, document.body.clientWidth - 40),
    height: 220,
    series: [
      {},
      { label: 'memory (MiB)', stroke: '#1f6feb', scale: 'mib', value: (u, v) => (v === null ? '' : v.toFixed(1)) },
      { label: 'CPU (%)', stroke: '#d1242f', scale: 'pct', value: (u, v) => (v === null ? '' : v.toFixed(1)) },
    ],
    axes: [
      {},
      { scale: 'mib', label: 'MiB' },
      { scale: 'pct', label: '% CPU', side: 1, grid: { show: false } },
    ],
    scales: {
      // At least the last 5 minutes, at most the hour the console keeps, ending now.
      x: { time: true, range: (u, min, max) => { const now = Date.now() / 1000; return [Math.min(min ?? now, now - 300), Math.max(max ?? now, now)]; } },
      mib: { range: (u, min, max) => [0, Math.max(1, (max ?? 0) * 1.2)] },
      pct: { range: (u, min, max) => [0, Math.max(5, (max ?? 0) * 1.2)] },
    },
  };
  return new window.uPlot(opts, data, box);
}

async function load() {
  const name = shown;
  const r = await fetch(`/api/services/${encodeURIComponent(name)}/usage`, { cache: 'no-store' });
  if (!r.ok || name !== shown) return;
  const series = await r.json();
  const data = toData(series);
  if (chart === null) chart = make(data);
  else chart.setData(data);
  // What the chart shows, for the operator's assistive tools and the browser test.
  section.dataset.samples = String(series.t.length);
  const last = series.memoryBytes.length ? series.memoryBytes[series.memoryBytes.length - 1] : null;
  section.dataset.lastMemoryBytes = last === null ? '' : String(last);
  const cpu = series.cpuPercent.length ? series.cpuPercent[series.cpuPercent.length - 1] : null;
  const at = i => new Date(series.t[i] * 1000).toLocaleTimeString();
  now.textContent = series.t.length === 0
    ? 'no samples yet (one every 5 s while a supervisor answers)'
    : `last sample (${at(series.t.length - 1)}): `
      + `${last === null ? 'no child running' : `${(last / 1048576).toFixed(1)} MiB`}`
      + `${cpu === null ? '' : `, ${cpu.toFixed(1)} % CPU`}; ${series.t.length} samples since ${at(0)}`;
}

function show(name) {
  shown = name;
  title.textContent = name;
  section.hidden = false;
  if (chart !== null) {
    chart.destroy();
    chart = null;
  }
  delete section.dataset.samples;
  load();
  clearInterval(timer);
  timer = setInterval(load, 5000);
}

document.querySelector('#services tbody').addEventListener('click', e => {
  const link = e.target.closest('a.log-link');
  if (link) show(link.closest('tr').dataset.service);
});
