// svc4j console: actions on a selection of services. The row checkboxes (made by console.js)
// choose the services; one confirmation lists them all; one POST to /api/actions acts on each and
// the result of each is shown, one line per service. Service data is only written with textContent.
const csrf = document.querySelector('meta[name="csrf"]').content;
const canAct = document.body.dataset.role === 'OPERATOR';
const tbody = document.querySelector('#services tbody');
const toolbar = document.getElementById('selection');
const count = document.getElementById('selection-count');
const all = document.getElementById('select-all');
const message = document.getElementById('message');
const results = document.getElementById('results');

function selected() {
  return [...tbody.querySelectorAll('input.select:checked')].map(box => box.value);
}

function update() {
  const names = selected();
  toolbar.hidden = !canAct || names.length === 0;
  count.textContent = `${names.length} selected:`;
}

async function act(action) {
  const names = selected();
  if (names.length === 0) return;
  if (!window.confirm(`${action} these ${names.length} services?\n\n${names.join('\n')}`)) return;
  message.textContent = `${action} ${names.join(', ')}...`;
  results.textContent = '';
  let r, body;
  try {
    r = await fetch('/api/actions', {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ action, services: names }),
    });
    body = await r.json();
  } catch (e) {
    message.textContent = `${action} failed: ${e}`;
    return;
  }
  if (!r.ok) {
    message.textContent = `${action} failed: ${body.error}`;
    return;
  }
  const failed = body.filter(result => !result.ok).length;
  message.textContent = `${action} of ${body.length} services: ${body.length - failed} done, ${failed} failed`;
  for (const result of body) {
    const li = document.createElement('li');
    li.dataset.service = result.name;
    li.dataset.ok = String(result.ok);
    li.textContent = `${result.action} ${result.name}: ${result.ok ? '' : 'failed: '}${result.message}`;
    results.appendChild(li);
  }
}

if (canAct) {
  tbody.addEventListener('change', e => { if (e.target.matches('input.select')) update(); });
  all.addEventListener('change', () => {
    for (const box of tbody.querySelectorAll('input.select')) box.checked = all.checked;
    update();
  });
  for (const button of toolbar.querySelectorAll('button[data-selection-action]')) {
    button.addEventListener('click', () => act(button.dataset.selectionAction));
  }
} else {
  all.hidden = true;
}
