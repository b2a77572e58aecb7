// svc4j console, the log view: the live tail of one stream (server-sent events; each line's id is
// a cursor), "load earlier" (pages backwards through the current and rotated files), a server-side
// search of all kept files, a filter of the lines shown, and pause. Log text is only ever written
// with textContent.
const section = document.getElementById('logs');
const lines = document.getElementById('log-lines');
const pauseButton = document.getElementById('log-pause');
const LIVE_LIMIT = 5000;

function element(tag, props = {}) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  return e;
}

const controls = element('div', { id: 'log-controls' });
const streamChoice = element('select', { id: 'log-stream', title: 'which stream' });
const earlierButton = element('button', { id: 'log-earlier', type: 'button', textContent: 'load earlier' });
const filterInput = element('input', { id: 'log-filter', type: 'search', placeholder: 'filter shown lines' });
const searchForm = element('form', { id: 'log-search' });
const queryInput = element('input', { id: 'log-query', type: 'search', placeholder: 'search all kept logs' });
searchForm.append(queryInput, element('button', { id: 'log-search-go', type: 'submit', textContent: 'search' }));
controls.append(element('label', { textContent: 'stream ' }), streamChoice, earlierButton, filterInput, searchForm);
pauseButton.after(controls);
const results = element('section', { id: 'log-results', hidden: true });
const resultStatus = element('p', { id: 'log-search-status' });
const matches = element('div', { id: 'log-matches' });
results.append(element('h3', { textContent: 'search results' }), resultStatus, matches);
section.append(results);

let source = null;
let paused = false;
let service = null;
let earliest = null; // cursor of the first line shown, null at the beginning of the log
let loadedEarlier = false;

pauseButton.addEventListener('click', () => {
  paused = !paused;
  pauseButton.textContent = paused ? 'resume' : 'pause';
});

function base() {
  return `/api/services/${encodeURIComponent(service)}/logs`;
}

function stream() {
  return encodeURIComponent(streamChoice.value);
}

function lineElement(text) {
  const div = element('div', { textContent: text });
  div.className = `line ${streamChoice.value}`;
  div.hidden = !shown(text);
  return div;
}

function shown(text) {
  const f = filterInput.value.toLowerCase();
  return f === '' || text.toLowerCase().includes(f);
}

filterInput.addEventListener('input', () => {
  for (const div of lines.children) div.hidden = !shown(div.textContent);
});

function setEarliest(cursor) {
  earliest = cursor;
  earlierButton.disabled = cursor === null;
  earlierButton.textContent = cursor === null ? 'beginning of the log' : 'load earlier';
}

function openTail() {
  if (source) source.close();
  lines.textContent = '';
  loadedEarlier = false;
  setEarliest(null);
  source = new EventSource(`${base()}?stream=${stream()}`);
  source.addEventListener('start', e => {
    if (lines.childElementCount === 0) setEarliest(e.data); // nothing shown yet: earlier is still there
  });
  source.addEventListener('refused', e => {
    // The console will not read this log (someone other than root can change where it is): say
    // so once, and do not reconnect.
    source.close();
    const div = element('div', { textContent: e.data });
    div.className = 'line refused';
    lines.appendChild(div);
  });
  source.onmessage = e => {
    if (paused) return;
    const first = lines.childElementCount === 0;
    const div = lineElement(e.data);
    div.dataset.cursor = e.lastEventId;
    lines.appendChild(div);
    if (first) setEarliest(e.lastEventId);
    if (!loadedEarlier) {
      while (lines.childElementCount > LIVE_LIMIT) lines.firstElementChild.remove();
      setEarliest(lines.firstElementChild.dataset.cursor);
    }
    if (!paused) lines.scrollTop = lines.scrollHeight;
  };
}

earlierButton.addEventListener('click', async () => {
  if (earliest === null) return;
  earlierButton.disabled = true;
  const r = await fetch(`${base()}/earlier?stream=${stream()}&cursor=${encodeURIComponent(earliest)}`, { cache: 'no-store' });
  const body = await r.json();
  if (!r.ok) {
    earlierButton.textContent = body.error;
    earlierButton.disabled = r.status !== 429; // busy: a click tries again
    return;
  }
  loadedEarlier = true;
  const height = lines.scrollHeight;
  const batch = document.createDocumentFragment();
  for (const text of body.lines) batch.appendChild(lineElement(text));
  lines.prepend(batch);
  lines.scrollTop += lines.scrollHeight - height; // the lines that were in view stay in view
  setEarliest(body.cursor);
});

searchForm.addEventListener('submit', async e => {
  e.preventDefault();
  const q = queryInput.value.trim();
  if (q === '') return;
  results.hidden = false;
  resultStatus.textContent = 'searching...';
  matches.textContent = '';
  const r = await fetch(`${base()}/search?stream=${stream()}&q=${encodeURIComponent(q)}`, { cache: 'no-store' });
  const body = await r.json();
  if (!r.ok) {
    resultStatus.textContent = body.error;
    return;
  }
  let status = `${body.matches.length} matching line${body.matches.length === 1 ? '' : 's'} in ${streamChoice.value}`;
  if (body.limited) status += ' (the newest shown)';
  if (body.partial) status += `; ${body.partial}`;
  resultStatus.textContent = status;
  for (const m of body.matches) {
    const div = element('div', { className: 'match' });
    div.append(element('span', { className: 'file', textContent: m.file }), element('span', { textContent: m.line }));
    matches.appendChild(div);
  }
});

streamChoice.addEventListener('change', openTail);

export async function showLog(name) {
  service = name;
  section.hidden = false;
  document.getElementById('log-name').textContent = name;
  results.hidden = true;
  const r = await fetch(`${base()}/streams`, { cache: 'no-store' });
  streamChoice.textContent = '';
  if (!r.ok) {
    if (source) source.close();
    lines.textContent = (await r.json()).error;
    return;
  }
  for (const s of (await r.json()).streams) {
    streamChoice.appendChild(element('option', { value: s, textContent: s === 'output' ? 'stdout+stderr' : s }));
  }
  openTail();
}
