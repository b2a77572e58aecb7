// svc4j console, the registry view: when the console has a registry (--registry), its services and
// instances with status and heartbeat age, read from /api/registry every second. An instance the
// registry no longer lists (evicted, deregistered) is removed from the table at once. Registry data
// is only ever written with textContent.
const main = document.querySelector('main');
const section = document.createElement('section');
section.id = 'registry';
section.hidden = true;
const title = document.createElement('h2');
title.textContent = 'registry';
const where = document.createElement('span');
where.id = 'registry-where';
title.append(' ', where);
const problem = document.createElement('p');
problem.id = 'registry-problem';
const table = document.createElement('table');
table.id = 'registry-instances';
const head = document.createElement('tr');
for (const h of ['service', 'instance', 'address', 'status', 'last heartbeat', 'TTL', 'memory']) {
  const th = document.createElement('th');
  th.textContent = h;
  head.appendChild(th);
}
table.createTHead().appendChild(head);
const body = table.createTBody();
const empty = document.createElement('p');
empty.id = 'registry-empty';
empty.textContent = 'no instances registered';
section.append(title, problem, table, empty);
main.appendChild(section);

const rows = new Map();

function rowFor(key) {
  let row = rows.get(key);
  if (row) return row;
  row = document.createElement('tr');
  row.dataset.instance = key;
  for (const k of ['service', 'id', 'address', 'status', 'age', 'ttl', 'memory']) {
    const td = document.createElement('td');
    td.dataset.key = k;
    row.appendChild(td);
  }
  rows.set(key, row);
  return row;
}

function set(row, key, text) {
  row.querySelector(`td[data-key="${key}"]`).textContent = text;
}

function render(view) {
  section.hidden = !view.configured;
  if (!view.configured) return;
  where.textContent = view.registry;
  problem.textContent = view.problem
    ? `${view.problem} (showing what was read ${view.readSecondsAgo ?? '?'} s ago)`
    : view.truncated ? 'more instances than shown' : '';
  const seen = new Set();
  view.instances.forEach((i, n) => {
    const key = `${i.service}/${i.id}`;
    seen.add(key);
    const row = rowFor(key);
    row.dataset.service = i.service;
    row.dataset.id = i.id;
    row.dataset.status = i.status;
    set(row, 'service', i.service);
    set(row, 'id', i.id);
    set(row, 'address', i.port > 0 ? `${i.address}:${i.port}` : i.address);
    set(row, 'status', i.evictionHeld ? `${i.status} (lease ran out; held)` : i.status);
    set(row, 'age', i.heartbeatAgeSeconds < 0 ? '' : `${i.heartbeatAgeSeconds} s ago`);
    set(row, 'ttl', `${i.ttlSeconds} s`);
    set(row, 'memory', i.rssBytes ? `${(i.rssBytes / 1048576).toFixed(1)} MiB` : '');
    if (body.children[n] !== row) body.insertBefore(row, body.children[n] || null);
  });
  for (const [key, row] of rows) {
    if (!seen.has(key)) {
      row.remove();
      rows.delete(key);
    }
  }
  empty.hidden = view.instances.length > 0;
}

async function refresh() {
  try {
    const r = await fetch('/api/registry', { cache: 'no-store' });
    if (r.ok) render(await r.json());
  } catch (e) {
    // the console itself is unreachable: console.js says so
  }
}

refresh();
setInterval(refresh, 1000);
