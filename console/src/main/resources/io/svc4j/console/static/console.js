// svc4j console: polls /api/services every second and updates the table in place; actions are
// POSTs carrying the session's CSRF token; the log tail is an EventSource. Service data is only
// ever written with textContent.
import { showLog } from './logview.js';
import './registry.js';
const csrf = document.querySelector('meta[name="csrf"]').content;
const canAct = document.body.dataset.role === 'OPERATOR';
const tbody = document.querySelector('#services tbody');
const message = document.getElementById('message');
const rows = new Map();

function cell(row, key) {
  return row.querySelector(`td[data-key="${key}"]`);
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  return h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}

function rowFor(name) {
  let row = rows.get(name);
  if (row) return row;
  row = document.createElement('tr');
  row.dataset.service = name;
  for (const key of ['select', 'name', 'state', 'pid', 'uptime', 'restarts', 'exit', 'health', 'memory', 'cpu', 'actions']) {
    const td = document.createElement('td');
    td.dataset.key = key;
    row.appendChild(td);
  }
  const link = document.createElement('a');
  link.href = '#';
  link.textContent = name;
  link.className = 'log-link';
  link.addEventListener('click', e => { e.preventDefault(); showLog(name); });
  cell(row, 'name').appendChild(link);
  if (canAct) {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'select';
    box.value = name;
    box.setAttribute('aria-label', `select ${name}`);
    cell(row, 'select').appendChild(box);
    for (const action of ['start', 'stop', 'restart', 'reload', 'pause', 'resume']) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = action;
      b.dataset.action = action;
      b.addEventListener('click', () => act(name, action));
      cell(row, 'actions').appendChild(b);
    }
  }
  tbody.appendChild(row);
  rows.set(name, row);
  return row;
}

function render(list) {
  for (const view of list) {
    const row = rowFor(view.name);
    const s = view.status;
    const m = view.manager;
    // A paused child is still RUNNING for its supervisor: the page says PAUSED.
    const state = s ? (s.paused ? 'PAUSED' : s.state) : m ? m.state : 'UNKNOWN';
    cell(row, 'state').textContent = s ? state : m ? `${m.state} (${view.problem})` : (view.problem || '');
    row.dataset.state = state;
    row.dataset.via = s ? 'supervisor' : m ? 'manager' : 'none';
    // Pause and resume exist only where the supervisor can pause the child (not with a health
    // check or a watchdog, not on Windows, and not through the service manager).
    for (const b of row.querySelectorAll('button[data-action="pause"], button[data-action="resume"]')) {
      b.hidden = !s || s.paused === null || s.paused === undefined
        || (b.dataset.action === 'pause') === Boolean(s.paused);
    }
    cell(row, 'pid').textContent = s && s.pid > 0 ? String(s.pid) : (!s && m && m.mainPid ? String(m.mainPid) : '');
    cell(row, 'uptime').textContent = s ? duration(s.uptimeSeconds) : '';
    cell(row, 'restarts').textContent = s ? String(s.restarts) : '';
    const exit = s ? s.lastExitCode : m ? m.exitCode : null;
    cell(row, 'exit').textContent = exit !== null && exit !== undefined ? String(exit) : '';
    cell(row, 'health').textContent = s ? (s.health || '') : '';
    cell(row, 'memory').textContent = s && s.memoryBytes > 0 ? `${(s.memoryBytes / 1048576).toFixed(1)} MiB` : '';
    cell(row, 'cpu').textContent = s ? `${s.cpuSeconds.toFixed(2)} s` : '';
  }
}

async function refresh() {
  try {
    const r = await fetch('/api/services', { cache: 'no-store' });
    if (r.ok) render(await r.json());
  } catch (e) {
    message.textContent = `console unreachable: ${e}`;
  }
}

async function act(name, action) {
  if (!window.confirm(`${action} ${name}?`)) return;
  message.textContent = `${action} ${name}...`;
  const r = await fetch(`/api/services/${encodeURIComponent(name)}/${action}`, {
    method: 'POST',
    headers: { 'X-CSRF-Token': csrf },
  });
  const body = await r.json();
  const why = body.message || body.error;
  message.textContent = r.ok ? `${action} ${name}: ${why}` : `${action} ${name} failed: ${why}`;
  refresh();
}

refresh();
setInterval(refresh, 1000);
