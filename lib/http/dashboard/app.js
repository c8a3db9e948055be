// novacrm dashboard: plain JavaScript, no framework, no build step.
// Talks to the API of `novacrm serve` (docs/http-api.md). Every piece of server text reaches the page
// through textContent or attribute values, never through innerHTML.

const TOKEN_KEY = 'novacrm.token';
const API = '/api/v1';

// ---------------------------------------------------------------------------------------------
// DOM helpers

/** h('tag', {attrs}, ...children): children are nodes or strings (strings become text nodes). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'testid') el.dataset.testid = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let idCounter = 0;
const uid = (prefix) => `${prefix}-${++idCounter}`;

/** A labelled form field; returns {wrap, input}. */
function field({ label, name, type = 'text', value = '', required = false, testid, hint, textarea = false,
                 options = null, placeholder, autocomplete = 'off', rows, list }) {
  const id = uid(name || 'f');
  let input;
  if (options) {
    input = h('select', { id, name, testid, required });
    for (const o of options) {
      const [v, text] = Array.isArray(o) ? o : [o, o === '' ? '(none)' : o];
      input.append(h('option', { value: v }, text));
    }
    input.value = value;
  } else if (textarea) {
    input = h('textarea', { id, name, testid, required, placeholder, rows, spellcheck: 'false' });
    input.value = value;
  } else {
    input = h('input', { id, name, type, testid, required, placeholder, autocomplete, list });
    input.value = value;
  }
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  const wrap = h('div', { class: 'field' },
    h('label', { for: id }, label, required ? h('span', { class: 'hint' }, ' (required)') : null),
    input,
    hint ? h('div', { class: 'hint', id: hintId }, hint) : null);
  return { wrap, input };
}

function fmtTime(s) {
  if (!s) return '—';
  return String(s).replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function timeEl(s) {
  return s ? h('time', { datetime: s }, fmtTime(s)) : '—';
}

function dash(v) {
  return v === null || v === undefined || v === '' ? '—' : String(v);
}

function mono(v) {
  return v === null || v === undefined || v === '' ? '—' : h('span', { class: 'mono' }, String(v));
}

function kv(pairs, testid) {
  const dl = h('dl', { class: 'kv', testid });
  for (const [k, v, tid] of pairs) {
    dl.append(h('dt', {}, k), h('dd', { testid: tid }, v === null || v === undefined ? '—' : v));
  }
  return dl;
}

// ---------------------------------------------------------------------------------------------
// Messages

const alertBox = () => document.getElementById('alert');
const statusBox = () => document.getElementById('status');

function showError(message) {
  const box = alertBox();
  box.textContent = message;
  box.hidden = false;
}

function clearMessages() {
  const box = alertBox();
  box.textContent = '';
  box.hidden = true;
  statusBox().textContent = '';
}

function showStatus(message) {
  alertBox().hidden = true;
  statusBox().textContent = message;
}

// ---------------------------------------------------------------------------------------------
// Session and API

let token = sessionStorage.getItem(TOKEN_KEY) || '';
let session = null; // {sub, role, org, exp, permissions}

const can = (row) => !!session && Array.isArray(session.permissions) && session.permissions.includes(row);

class ApiError extends Error {
  constructor(status, detail, title) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
  }
}

class AuthError extends Error {}

async function problemOf(res) {
  const type = res.headers.get('Content-Type') || '';
  let detail = '';
  let requestId = res.headers.get('X-Request-Id') || '';
  let title = res.statusText;
  try {
    if (type.includes('json')) {
      const body = await res.json();
      if (body && typeof body === 'object') {
        detail = typeof body.detail === 'string' ? body.detail : '';
        if (typeof body.title === 'string') title = body.title;
        if (!detail && title) detail = title;
        if (typeof body.request_id === 'string') requestId = body.request_id;
      }
    } else {
      detail = (await res.text()).slice(0, 300);
    }
  } catch {
    // an unreadable body: fall back to the status line
  }
  detail = (detail || `${res.status} ${title || ''}`).trim().replace(/\.$/, '');
  return { detail, title, requestId, text: requestId ? `${detail} (request ${requestId})` : detail };
}

/** Calls the API with the bearer token; throws ApiError (shown by the caller) or AuthError (handled here). */
async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const init = { method, headers, cache: 'no-store', credentials: 'omit' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, `Cannot reach the server (${e.message})`);
  }
  if (res.status === 401) {
    const p = await problemOf(res);
    signOut(`The server refused the token: ${p.detail}. Sign in again.${p.requestId ? ` (request ${p.requestId})` : ''}`);
    throw new AuthError(p.detail);
  }
  if (!res.ok) {
    const p = await problemOf(res);
    throw new ApiError(res.status, p.text, p.title);
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Runs an async action, reporting ApiErrors in the alert region. Returns the result or undefined. */
async function guarded(fn) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AuthError) return undefined;
    showError(e instanceof ApiError ? e.message : `Unexpected error: ${e.message}`);
    return undefined;
  }
}

function resetViewState() {
  // nothing typed or chosen by one user survives into the next user's session
  listState.contacts = { offset: 0, limit: 25, filters: {}, reveal: false };
  listState.clients = { offset: 0, limit: 25, filters: {} };
  auditState.offset = 0;
  auditState.filters = {};
  lastCheckText = '';
}

function signOut(message) {
  token = '';
  session = null;
  resetViewState();
  sessionStorage.removeItem(TOKEN_KEY);
  renderChrome();
  renderSignIn();
  if (message) showError(message);
}

async function loadSession() {
  session = await api('GET', `${API}/session`);
  if (!session || typeof session !== 'object') session = {};
  if (!Array.isArray(session.permissions)) session.permissions = [];
  renderChrome();
  return session;
}

// ---------------------------------------------------------------------------------------------
// Chrome: navigation and who is signed in

const NAV = [
  { route: 'contacts', label: 'Contacts', perm: 'contacts list' },
  { route: 'clients', label: 'Clients', perm: 'clients list' },
  { route: 'check', label: 'Check', perm: 'check' },
  { route: 'audit', label: 'Audit', perm: 'audit list' },
  { route: 'metrics', label: 'Metrics', perm: null },
];

function renderChrome() {
  const nav = document.querySelector('nav[data-testid="nav"]');
  const list = clear(document.getElementById('nav-list'));
  const box = document.getElementById('session-box');
  if (!session) {
    nav.hidden = true;
    box.hidden = true;
    return;
  }
  const current = parseRoute().name;
  for (const item of NAV) {
    if (item.perm && !can(item.perm)) continue;
    list.append(h('li', {}, h('a', {
      href: `#/${item.route}`, testid: `nav-${item.route}`,
      'aria-current': current === item.route ? 'page' : null,
    }, item.label)));
  }
  nav.hidden = false;
  const who = clear(document.getElementById('whoami'));
  who.append('Signed in as ', h('strong', { testid: 'whoami-sub' }, dash(session.sub)),
    h('span', { class: 'role-badge', testid: 'whoami-role' }, dash(session.role)),
    h('span', { class: 'org' }, `org ${dash(session.org)}`));
  if (session.exp) who.title = `Token expires ${fmtTime(session.exp)}`;
  box.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// Routing

function parseRoute() {
  const hash = location.hash || '';
  if (!hash.startsWith('#/')) return { name: '', arg: '' };
  const parts = hash.slice(2).split('/');
  const decode = (x) => { try { return decodeURIComponent(x); } catch { return x; } };
  return { name: parts[0] || '', arg: parts.slice(1).map(decode).join('/') };
}

function defaultRoute() {
  const first = NAV.find((i) => !i.perm || can(i.perm));
  return first ? first.route : 'metrics';
}

let renderSeq = 0;
const main = () => document.getElementById('main');

/** Starts a view: clears main, returns a token telling whether this render is still the current one. */
function startView(title, testid) {
  const seq = ++renderSeq;
  const m = clear(main());
  const heading = h('h1', { tabindex: '-1', testid: `${testid}-title` }, title);
  const page = h('section', { testid, 'aria-labelledby': null }, heading);
  m.append(page);
  document.title = `${title} · novacrm`;
  return { page, heading, live: () => seq === renderSeq };
}

let lastRouteKey = null;

async function route() {
  if (!token) {
    renderChrome();
    renderSignIn();
    return;
  }
  if (!session) {
    const ok = await guarded(loadSession);
    if (!ok && !session) {
      if (token) {
        // the session call failed for another reason than 401: show a retry page
        renderChrome();
        const v = startView('Cannot load the session', 'session-error');
        v.page.append(h('p', {}, 'The server did not answer the session request.'),
          h('button', { type: 'button', onclick: () => route() }, 'Retry'));
      }
      return;
    }
  }
  const r = parseRoute();
  if (!r.name) {
    location.replace(`#/${defaultRoute()}`);
    return;
  }
  const key = `${r.name}/${r.arg}`;
  if (key !== lastRouteKey) clearMessages();
  lastRouteKey = key;
  renderChrome();
  let view;
  switch (r.name) {
    case 'contacts': view = () => resourcePage(CONTACTS); break;
    case 'clients': view = () => resourcePage(CLIENTS); break;
    case 'check': view = () => checkPage(); break;
    case 'audit': view = r.arg ? () => auditDetailPage(r.arg) : () => auditListPage(); break;
    case 'metrics': view = () => metricsPage(); break;
    default: view = () => notFoundPage(r.name);
  }
  await view();
  const heading = main().querySelector('h1');
  if (heading && routeChangedByUser) heading.focus({ preventScroll: false });
  routeChangedByUser = false;
}

let routeChangedByUser = false;

function notFoundPage(name) {
  const v = startView('Page not found', 'notfound-page');
  v.page.append(h('p', {}, `There is no page “${name}”. `, h('a', { href: `#/${defaultRoute()}` }, 'Go to the start page')));
}

function forbiddenPage(title, row, testid) {
  const v = startView(title, testid);
  v.page.append(h('p', { testid: 'forbidden' },
    `Your role (${dash(session && session.role)}) may not use “${row}”. `,
    h('a', { href: `#/${defaultRoute()}` }, 'Go to the start page')));
}

// ---------------------------------------------------------------------------------------------
// Sign in

function renderSignIn() {
  ++renderSeq;
  const m = clear(main());
  document.title = 'Sign in · novacrm';
  const tokenField = field({
    label: 'Access token', name: 'token', type: 'password', required: true, testid: 'token-input',
    placeholder: 'v4.public.…',
    hint: 'A token from “novacrm token issue”, or the bootstrap admin token “novacrm init” printed. It is kept only for this browser tab.',
  });
  const form = h('form', { testid: 'signin-form', class: 'panel', novalidate: true },
    tokenField.wrap,
    h('div', { class: 'actions' }, h('button', { type: 'submit', testid: 'signin-submit' }, 'Sign in')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const value = tokenField.input.value.trim();
    if (!value) {
      showError('Paste a token to sign in.');
      tokenField.input.focus();
      return;
    }
    clearMessages();
    token = value;
    sessionStorage.setItem(TOKEN_KEY, value);
    session = null;
    const ok = await guarded(loadSession);
    if (!ok) {
      if (token) {
        // refused for another reason than 401 (401 already signed out and said why)
        token = '';
        sessionStorage.removeItem(TOKEN_KEY);
        session = null;
      }
      tokenField.input.focus();
      return;
    }
    lastRouteKey = null;
    routeChangedByUser = true;
    const r = parseRoute();
    if (!r.name || r.name === 'signin') location.hash = `#/${defaultRoute()}`;
    else route();
  });
  m.append(h('section', { class: 'signin', testid: 'signin-page' },
    h('h1', { tabindex: '-1' }, 'Sign in to novacrm'),
    form));
  tokenField.input.focus();
}

// ---------------------------------------------------------------------------------------------
// Pagination

function pager(state, total, reload, prefix) {
  const from = total === 0 ? 0 : state.offset + 1;
  const to = Math.min(state.offset + state.limit, total);
  const prev = h('button', { type: 'button', class: 'secondary small', testid: `${prefix}-prev` }, '← Previous');
  const next = h('button', { type: 'button', class: 'secondary small', testid: `${prefix}-next` }, 'Next →');
  prev.disabled = state.offset <= 0;
  next.disabled = state.offset + state.limit >= total;
  prev.addEventListener('click', () => { state.offset = Math.max(0, state.offset - state.limit); reload(); });
  next.addEventListener('click', () => { state.offset += state.limit; reload(); });
  const size = field({ label: 'Per page', name: `${prefix}-limit`, options: [['10', '10'], ['25', '25'], ['50', '50'], ['100', '100']],
    value: String(state.limit), testid: `${prefix}-limit` });
  size.input.addEventListener('change', () => { state.limit = Number(size.input.value); state.offset = 0; reload(); });
  size.wrap.classList.add('check-inline');
  return h('nav', { class: 'pager', 'aria-label': 'Pagination' },
    prev, next,
    h('span', { class: 'count', testid: `${prefix}-total`, 'data-total': total },
      total === 0 ? 'No results' : `Showing ${from}–${to} of ${total}`),
    size.wrap);
}

// ---------------------------------------------------------------------------------------------
// Contacts and clients: one generic list + form page

const LEGAL_BASES = ['', 'consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'];

const CONTACTS = {
  kind: 'contacts', one: 'contact', title: 'Contacts', perm: 'contacts',
  filters: [
    { name: 'search', label: 'Search', hint: 'Names, email, phone, notes' },
    { name: 'tag', label: 'Tag' },
    { name: 'client', label: 'Client', hint: 'Name or id' },
  ],
  reveal: 'contacts list --reveal',
  columns: [
    { label: 'ID', num: true, value: (c) => String(c.id) },
    { label: 'Name', value: (c) => (c.erased_at ? h('span', { class: 'muted' }, '(erased)') : `${c.first_name} ${c.last_name}`) },
    { label: 'Email', value: (c) => mono(c.email) },
    { label: 'Phone', value: (c) => mono(c.phone) },
    { label: 'Client', value: (c) => (c.client ? c.client.name : '—') },
    { label: 'Tags', value: (c) => (c.tags && c.tags.length ? c.tags.join(', ') : '—') },
    { label: 'Updated', value: (c) => timeEl(c.updated_at) },
  ],
  label: (c) => (c.erased_at ? `contact ${c.id}` : `${c.first_name} ${c.last_name}`),
  fields: [
    { name: 'first_name', label: 'First name', required: true },
    { name: 'last_name', label: 'Last name', required: true },
    { name: 'email', label: 'Email', type: 'email', pii: true },
    { name: 'phone', label: 'Phone', type: 'tel', pii: true, hint: 'E.164 (+33612345678) or French national format' },
    { name: 'client', label: 'Client', hint: 'Name or id of an existing client', get: (c) => (c.client ? c.client.name : '') },
    { name: 'tags', label: 'Tags', hint: 'Comma-separated, e.g. vip, lead', list: true, get: (c) => (c.tags || []).join(', ') },
    { name: 'notes', label: 'Notes', textarea: true },
    { name: 'legal_basis', label: 'Legal basis (GDPR)', options: LEGAL_BASES },
  ],
};

const CLIENTS = {
  kind: 'clients', one: 'client', title: 'Clients', perm: 'clients',
  filters: [{ name: 'search', label: 'Search', hint: 'Name or domain' }],
  columns: [
    { label: 'ID', num: true, value: (c) => String(c.id) },
    { label: 'Name', value: (c) => c.name },
    { label: 'Domain', value: (c) => mono(c.domain) },
    { label: 'Contacts', num: true, value: (c) => String(c.contact_count ?? '—') },
    { label: 'Updated', value: (c) => timeEl(c.updated_at) },
  ],
  label: (c) => c.name,
  fields: [
    { name: 'name', label: 'Name', required: true },
    { name: 'domain', label: 'Domain', hint: 'e.g. example.com' },
  ],
};

const listState = {
  contacts: { offset: 0, limit: 25, filters: {}, reveal: false },
  clients: { offset: 0, limit: 25, filters: {} },
};

const parseTags = (s) => [...new Set(s.split(',').map((t) => t.trim()).filter(Boolean))];

async function resourcePage(cfg) {
  const { kind, one } = cfg;
  const tid = (s) => `${one}-${s}`;
  if (!can(`${cfg.perm} list`)) {
    forbiddenPage(cfg.title, `${cfg.perm} list`, `${kind}-page`);
    return;
  }
  const v = startView(cfg.title, `${kind}-page`);
  const state = listState[kind];
  const canAdd = can(`${cfg.perm} add`);
  const canUpdate = can(`${cfg.perm} update`);
  const canDelete = can(`${cfg.perm} delete`);

  // Filters
  const filterInputs = {};
  const filterForm = h('form', { class: 'panel filters', role: 'search', testid: `${kind}-filter`, 'aria-label': `Filter ${kind}` });
  for (const f of cfg.filters) {
    const fld = field({ label: f.label, name: f.name, type: 'search', value: state.filters[f.name] || '', testid: `${kind}-${f.name}`, hint: f.hint });
    filterInputs[f.name] = fld.input;
    filterForm.append(fld.wrap);
  }
  let revealBox = null;
  if (cfg.reveal && can(cfg.reveal)) {
    revealBox = h('input', { type: 'checkbox', id: uid('reveal'), testid: `${kind}-reveal` });
    revealBox.checked = !!state.reveal;
    filterForm.append(h('div', { class: 'field inline' }, h('label', { class: 'check-inline', for: revealBox.id }, revealBox,
      'Show email and phone in clear (audited)')));
  }
  filterForm.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', testid: `${kind}-filter-apply` }, 'Apply'),
    h('button', { type: 'button', class: 'secondary', testid: `${kind}-filter-reset`, onclick: () => {
      for (const i of Object.values(filterInputs)) i.value = '';
      if (revealBox) revealBox.checked = false;
      applyFilters();
    } }, 'Reset')));
  const applyFilters = () => {
    for (const [k, i] of Object.entries(filterInputs)) state.filters[k] = i.value.trim();
    if (revealBox) state.reveal = revealBox.checked;
    state.offset = 0;
    reload();
  };
  filterForm.addEventListener('submit', (ev) => { ev.preventDefault(); applyFilters(); });

  const listRegion = h('div', { testid: `${kind}-list`, 'aria-live': 'polite', 'aria-busy': 'false' });
  const listPanel = h('section', { class: 'panel', 'aria-labelledby': `${kind}-list-h` },
    h('h2', { id: `${kind}-list-h` }, `All ${kind}`), listRegion);

  // Create / edit form
  let formPanel = null;
  let editing = null; // the record being edited, or null when creating
  let formInputs = {};
  let formTitle = null;
  let submitBtn = null;
  let cancelBtn = null;
  if (canAdd || canUpdate) {
    formTitle = h('h2', { id: `${kind}-form-h`, tabindex: '-1', testid: tid('form-title') });
    const form = h('form', { testid: tid('form'), 'aria-labelledby': `${kind}-form-h` });
    for (const f of cfg.fields) {
      const fld = field({ label: f.label, name: f.name, type: f.type || 'text', required: f.required, testid: tid(f.name.replace(/_/g, '-')),
        hint: f.hint, textarea: f.textarea, options: f.options, rows: f.textarea ? 3 : undefined });
      formInputs[f.name] = fld.input;
      form.append(fld.wrap);
    }
    submitBtn = h('button', { type: 'submit', testid: tid('submit') });
    cancelBtn = h('button', { type: 'button', class: 'secondary', testid: tid('cancel'), onclick: () => setMode(null) }, 'Cancel edit');
    form.append(h('div', { class: 'actions' }, submitBtn, cancelBtn));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!form.reportValidity()) return;
      submitBtn.disabled = true;
      try {
        await (editing ? saveEdit() : create());
      } finally {
        submitBtn.disabled = false;
      }
    });
    formPanel = h('section', { class: 'panel', testid: tid('form-panel') }, formTitle, form);
  }

  function setMode(record) {
    editing = record;
    if (!formPanel) return;
    const creating = !record;
    formPanel.hidden = creating && !canAdd;
    formTitle.textContent = creating ? `New ${one}` : `Edit ${one} ${record.id}`;
    submitBtn.textContent = creating ? `Create ${one}` : 'Save changes';
    cancelBtn.hidden = creating;
    for (const f of cfg.fields) {
      const input = formInputs[f.name];
      input.placeholder = '';
      if (creating) {
        input.value = '';
      } else if (f.pii && record.pii_masked) {
        // masked on screen: leave empty, typing replaces the stored value
        input.value = '';
        input.placeholder = record[f.name] ? `${record[f.name]} (hidden; type to replace)` : '';
      } else {
        const val = f.get ? f.get(record) : record[f.name];
        input.value = val === null || val === undefined ? '' : String(val);
      }
      input.dataset.original = input.value;
    }
  }

  function bodyFromForm(changedOnly) {
    const body = {};
    for (const f of cfg.fields) {
      const raw = formInputs[f.name].value;
      const value = f.textarea ? raw : raw.trim();
      if (changedOnly) {
        if (value === (formInputs[f.name].dataset.original || '')) continue;
        if (f.pii && editing && editing.pii_masked && value === '') continue;
        body[f.name] = f.list ? parseTags(value) : value; // "" clears
      } else if (value !== '') {
        body[f.name] = f.list ? parseTags(value) : value;
      }
    }
    return body;
  }

  async function create() {
    const created = await guarded(() => api('POST', `${API}/${kind}`, bodyFromForm(false)));
    if (!created) return;
    setMode(null);
    showStatus(`Created ${one} ${created.id} (${cfg.label(created)}).`);
    await reload();
  }

  async function saveEdit() {
    const body = bodyFromForm(true);
    if (Object.keys(body).length === 0) {
      showStatus('Nothing changed.');
      return;
    }
    const id = editing.id;
    const saved = await guarded(() => api('PATCH', `${API}/${kind}/${encodeURIComponent(id)}`, body));
    if (!saved) return;
    setMode(null);
    showStatus(`Saved ${one} ${saved.id} (${cfg.label(saved)}).`);
    await reload();
  }

  async function startEdit(item) {
    // fetch the current record (in clear when the role may reveal)
    const reveal = cfg.reveal && can(cfg.reveal.replace(' list ', ' show ')) ? { reveal: 'true' } : {};
    const record = await guarded(() => api('GET', `${API}/${kind}/${encodeURIComponent(item.id)}${query(reveal)}`));
    if (!record) return;
    setMode(record);
    formPanel.scrollIntoView({ block: 'nearest' });
    formTitle.focus();
  }

  async function remove(item) {
    const ok = await confirmDialog(`Delete ${one} ${item.id} (${cfg.label(item)})? This cannot be undone.`);
    if (!ok) return;
    const done = await guarded(async () => { await api('DELETE', `${API}/${kind}/${encodeURIComponent(item.id)}`); return true; });
    if (!done) return;
    if (editing && editing.id === item.id) setMode(null);
    showStatus(`Deleted ${one} ${item.id}.`);
    await reload();
  }

  async function reload() {
    listRegion.setAttribute('aria-busy', 'true');
    const params = { ...state.filters, limit: state.limit, offset: state.offset };
    if (state.reveal && revealBox) params.reveal = 'true';
    const data = await guarded(() => api('GET', `${API}/${kind}${query(params)}`));
    listRegion.setAttribute('aria-busy', 'false');
    if (!v.live() || !data) return;
    const items = Array.isArray(data.items) ? data.items : [];
    const total = Number.isFinite(data.total) ? data.total : items.length;
    if (items.length === 0 && state.offset > 0 && total > 0) {
      state.offset = Math.max(0, Math.floor((total - 1) / state.limit) * state.limit);
      await reload();
      return;
    }
    const showActions = canUpdate || canDelete;
    const table = h('table', { testid: `${kind}-table` },
      h('caption', { class: 'sr-only' }, `${cfg.title}${Object.values(state.filters).some(Boolean) ? ' (filtered)' : ''}`),
      h('thead', {}, h('tr', {},
        cfg.columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)),
        showActions ? h('th', { scope: 'col' }, 'Actions') : null)));
    const tbody = h('tbody');
    for (const item of items) {
      const tr = h('tr', { testid: `${one}-row`, 'data-id': item.id });
      for (const c of cfg.columns) tr.append(h('td', { class: c.num ? 'num' : null }, c.value(item)));
      if (showActions) {
        const cell = h('td', { class: 'row-actions' });
        const name = cfg.label(item);
        if (canUpdate && !item.erased_at) {
          cell.append(h('button', { type: 'button', class: 'secondary small', testid: tid('edit'), 'aria-label': `Edit ${name}`,
            onclick: () => startEdit(item) }, 'Edit'), ' ');
        }
        if (canDelete) {
          cell.append(h('button', { type: 'button', class: 'danger small', testid: tid('delete'), 'aria-label': `Delete ${name}`,
            onclick: () => remove(item) }, 'Delete'));
        }
        tr.append(cell);
      }
      tbody.append(tr);
    }
    if (items.length === 0) {
      tbody.append(h('tr', {}, h('td', { class: 'empty', colspan: cfg.columns.length + (showActions ? 1 : 0) },
        `No ${kind} match.`)));
    }
    table.append(tbody);
    clear(listRegion).append(h('div', { class: 'table-wrap' }, table), pager(state, total, reload, kind));
  }

  const body = formPanel ? h('div', { class: 'layout-two' }, listPanel, formPanel) : listPanel;
  v.page.append(filterForm, body);
  setMode(null);
  await reload();
}

// ---------------------------------------------------------------------------------------------
// Confirm dialog (native <dialog>: focus trap and Escape for free)

function confirmDialog(text) {
  const dlg = document.getElementById('confirm-dialog');
  document.getElementById('confirm-text').textContent = text;
  dlg.returnValue = '';
  const opener = document.activeElement;
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => {
      resolve(dlg.returnValue === 'ok');
      if (opener && opener.isConnected) opener.focus();
    }, { once: true });
    dlg.showModal();
  });
}

// ---------------------------------------------------------------------------------------------
// Compliance: banner and findings

const ACTION_TEXT = {
  allow: 'No finding requires action: the text may be sent.',
  warn: 'Review the findings before sending this text.',
  block: 'Do not send this text: it contains data the policy forbids.',
  escalate: 'A reviewer must decide before this text is sent.',
};

function banner(decision, testid) {
  const action = String(decision.action || 'unknown');
  return h('div', { class: 'banner', 'data-action': action, testid },
    h('div', { class: 'verdict', testid: `${testid}-action` }, action.toUpperCase()),
    h('div', { class: 'explain' }, ACTION_TEXT[action] || 'Unknown decision.'),
    h('div', { class: 'risk', testid: `${testid}-risk` }, `Risk ${dash(decision.risk)}/100`));
}

function findingsTable(findings, driver, testid) {
  if (!Array.isArray(findings) || findings.length === 0) {
    return h('p', { class: 'muted', testid }, 'No findings.');
  }
  const tbody = h('tbody');
  findings.forEach((f, i) => {
    const isDriver = driver === i;
    tbody.append(h('tr', { class: isDriver ? 'driver' : null, testid: 'finding-row' },
      h('td', { class: 'num' }, String(i + 1)),
      h('td', {}, dash(f.rule), isDriver ? h('span', { class: 'hint' }, ' (decided the action)') : null),
      h('td', {}, dash(f.entity)),
      h('td', { class: `sev-${f.severity}` }, dash(f.severity)),
      h('td', { class: 'mono' }, `${dash(f.line)}:${dash(f.column)}`),
      h('td', { class: 'mono' }, dash(f.excerpt))));
  });
  return h('div', { class: 'table-wrap' }, h('table', { testid },
    h('caption', {}, `${findings.length} finding${findings.length === 1 ? '' : 's'}`),
    h('thead', {}, h('tr', {}, ['#', 'Rule', 'Entity', 'Severity', 'Line:col', 'Excerpt (masked)'].map((t) => h('th', { scope: 'col' }, t)))),
    tbody));
}

// ---------------------------------------------------------------------------------------------
// Check page

let lastCheckText = '';

async function checkPage() {
  if (!can('check')) {
    forbiddenPage('Check a text', 'check', 'check-page');
    return;
  }
  const v = startView('Check a text', 'check-page');
  const text = field({ label: 'Text to check', name: 'text', textarea: true, required: true, testid: 'check-text', rows: 8,
    value: lastCheckText, hint: 'A prompt or a model answer. The server records the decision with every finding masked.' });
  const submit = h('button', { type: 'submit', testid: 'check-submit' }, 'Check');
  const form = h('form', { class: 'panel', testid: 'check-form' }, text.wrap, h('div', { class: 'actions' }, submit));
  const result = h('div', { testid: 'check-result', 'aria-live': 'polite' });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!text.input.value.trim()) {
      showError('Type or paste a text to check.');
      text.input.focus();
      return;
    }
    clearMessages();
    lastCheckText = text.input.value;
    submit.disabled = true;
    clear(result).append(h('p', { class: 'muted' }, 'Checking…'));
    const decision = await guarded(() => api('POST', `${API}/compliance/check`, { text: text.input.value, redact: 'mask' }));
    submit.disabled = false;
    if (!v.live()) return;
    clear(result);
    if (!decision) return;
    result.append(banner(decision, 'check-banner'));
    const facts = [
      ['Policy', decision.policy ? `${dash(decision.policy.id)} (sha256 ${dash(decision.policy.sha256)})` : '—'],
      ['Suppressed findings', dash(decision.suppressed)],
    ];
    if (decision.audit_id) {
      facts.push(['Audit record', can('audit show')
        ? h('a', { href: `#/audit/${encodeURIComponent(decision.audit_id)}`, testid: 'check-audit-link' }, `View audit record ${decision.audit_id}`)
        : h('span', { class: 'mono', testid: 'check-audit-id' }, decision.audit_id)]);
    }
    const panel = h('section', { class: 'panel', 'aria-labelledby': 'check-findings-h' },
      h('h2', { id: 'check-findings-h' }, 'Findings'),
      findingsTable(decision.findings, decision.driver, 'check-findings'),
      h('h2', {}, 'Redacted text'),
      typeof decision.redacted === 'string'
        ? h('pre', { testid: 'check-redacted' }, decision.redacted)
        : h('p', { class: 'muted' }, 'The server returned no redacted text.'),
      h('h2', {}, 'Decision'),
      kv(facts, 'check-facts'));
    result.append(panel);
  });
  v.page.append(form, result);
}

// ---------------------------------------------------------------------------------------------
// Audit trail

const auditState = { offset: 0, limit: 25, filters: {} };
const DECISIONS = ['', 'allow', 'warn', 'block', 'escalate'];
const KNOWN_ACTIONS = ['check', 'redact', 'contacts.import', 'contacts.export', 'contacts.delete', 'contacts.erase',
  'policy.apply', 'keys.rotate', 'token.issue', 'token.revoke', 'access.denied'];

function actorText(a) {
  if (!a) return '—';
  return `${dash(a.subject)} (${dash(a.role)}, org ${dash(a.org)})`;
}

async function verifyStatus(testid, seq) {
  const box = h('div', { testid, 'aria-live': 'polite' }, h('span', { class: 'muted' }, 'Verifying the audit trail…'));
  if (!can('audit verify')) {
    clear(box).append(h('span', { class: 'muted' }, 'Your role may not verify the audit trail.'));
    return { box, done: Promise.resolve() };
  }
  const done = (async () => {
    let report;
    try {
      report = await api('GET', `${API}/audit/verify`);
    } catch (e) {
      if (!(e instanceof AuthError)) clear(box).append(h('span', { class: 'verify', 'data-ok': 'false' }, `Verification failed to run: ${e.message}`));
      return;
    }
    const ok = report.ok === true;
    clear(box).append(h('span', { class: 'verify', 'data-ok': String(ok), testid: `${testid}-summary` },
      `${ok ? '✓' : '✗'} ${dash(report.valid)}/${dash(report.records)} records valid`));
    const failures = Array.isArray(report.failures) ? report.failures : [];
    if (failures.length) {
      const mine = seq === undefined ? [] : failures.filter((f) => f.seq === seq);
      if (mine.length) {
        box.append(h('p', { class: 'verify', 'data-ok': 'false', testid: `${testid}-this` },
          `This record failed verification: ${mine.map((f) => f.what).join('; ')}`));
      }
      const list = h('ul', { testid: `${testid}-failures` });
      for (const f of failures.slice(0, 20)) list.append(h('li', {}, `#${dash(f.seq)}: ${dash(f.what)}`));
      if (failures.length > 20) list.append(h('li', {}, `… and ${failures.length - 20} more`));
      box.append(list);
    }
  })();
  return { box, done };
}

async function auditListPage() {
  if (!can('audit list')) {
    forbiddenPage('Audit trail', 'audit list', 'audit-page');
    return;
  }
  const v = startView('Audit trail', 'audit-page');
  const inputs = {};
  const form = h('form', { class: 'panel filters', role: 'search', testid: 'audit-filter', 'aria-label': 'Filter the audit trail' });
  const actionsList = h('datalist', { id: 'audit-actions' }, KNOWN_ACTIONS.map((a) => h('option', { value: a })));
  const defs = [
    { name: 'action', label: 'Action', list: 'audit-actions', hint: 'check, redact, …' },
    { name: 'decision', label: 'Decision', options: DECISIONS.map((d) => [d, d === '' ? '(any)' : d]) },
    { name: 'rule', label: 'Rule' },
    { name: 'actor', label: 'Actor', hint: 'Token subject or local:NAME' },
  ];
  for (const d of defs) {
    const f = field({ ...d, type: 'search', value: auditState.filters[d.name] || '', testid: `audit-${d.name}` });
    inputs[d.name] = f.input;
    form.append(f.wrap);
  }
  form.append(actionsList, h('div', { class: 'actions' },
    h('button', { type: 'submit', testid: 'audit-filter-apply' }, 'Apply'),
    h('button', { type: 'button', class: 'secondary', testid: 'audit-filter-reset', onclick: () => {
      for (const i of Object.values(inputs)) i.value = '';
      apply();
    } }, 'Reset')));
  const apply = () => {
    for (const [k, i] of Object.entries(inputs)) auditState.filters[k] = i.value.trim();
    auditState.offset = 0;
    reload();
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(); });

  const verify = await verifyStatus('audit-verify');
  const listRegion = h('div', { testid: 'audit-list', 'aria-live': 'polite' });
  v.page.append(h('div', { class: 'panel' }, h('h2', {}, 'Integrity'), verify.box), form,
    h('section', { class: 'panel', 'aria-labelledby': 'audit-records-h' }, h('h2', { id: 'audit-records-h' }, 'Records'), listRegion));

  async function reload() {
    const params = { ...auditState.filters, limit: auditState.limit, offset: auditState.offset };
    const data = await guarded(() => api('GET', `${API}/compliance/audit${query(params)}`));
    if (!v.live() || !data) return;
    const items = Array.isArray(data.items) ? data.items : [];
    const total = Number.isFinite(data.total) ? data.total : items.length;
    const tbody = h('tbody');
    for (const r of items) {
      const d = r.decision;
      tbody.append(h('tr', { testid: 'audit-row', 'data-id': r.id },
        h('td', { class: 'num' }, dash(r.seq)),
        h('td', {}, timeEl(r.time)),
        h('td', {}, actorText(r.actor)),
        h('td', {}, dash(r.action)),
        h('td', {}, d ? h('span', { class: 'badge', 'data-action': d.action }, dash(d.action)) : '—'),
        h('td', { class: 'num' }, d && Array.isArray(d.findings) ? String(d.findings.length) : '—'),
        h('td', {}, h('a', { href: `#/audit/${encodeURIComponent(r.id)}`, testid: 'audit-open', class: 'mono',
          'aria-label': `Open record ${r.seq} (${r.action})` }, dash(r.id)))));
    }
    if (items.length === 0) tbody.append(h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No records match.')));
    const table = h('table', { testid: 'audit-table' },
      h('caption', { class: 'sr-only' }, 'Audit records'),
      h('thead', {}, h('tr', {}, ['Seq', 'Time', 'Actor', 'Action', 'Decision', 'Findings', 'Record'].map((t) => h('th', { scope: 'col' }, t)))),
      tbody);
    clear(listRegion).append(h('div', { class: 'table-wrap' }, table), pager(auditState, total, reload, 'audit'));
  }
  await Promise.all([reload(), verify.done]);
}

const CHECKPOINT_LABELS = { size: 'Tree size', root: 'Merkle root', key_id: 'Key id', time: 'Signed at', origin: 'Origin' };

function checkpointFacts(cp) {
  const pairs = [];
  for (const [k, val] of Object.entries(cp)) {
    if (k === 'note') continue;
    const text = val !== null && typeof val === 'object' ? JSON.stringify(val) : String(val);
    pairs.push([CHECKPOINT_LABELS[k] || k, k === 'time' ? timeEl(text) : h('span', { class: 'mono break' }, text), `audit-checkpoint-${k.replace(/_/g, '-')}`]);
  }
  return [kv(pairs), typeof cp.note === 'string' ? h('pre', { testid: 'audit-checkpoint-note' }, cp.note) : null];
}

/** The signed checkpoint covering a record: from the record itself when it carries one, else from
 *  GET /api/v1/compliance/audit/{id}/checkpoint (404 while no checkpoint covers it yet). */
function checkpointSection(rec, live) {
  const box = h('div', { 'aria-live': 'polite' });
  const section = h('section', { class: 'panel', testid: 'audit-checkpoint', 'aria-labelledby': 'cp-h' },
    h('h2', { id: 'cp-h' }, 'Signed checkpoint covering this record'), box);
  const show = (cp) => clear(box).append(...checkpointFacts(cp));
  if (rec.checkpoint && typeof rec.checkpoint === 'object') {
    show(rec.checkpoint);
    return { section, done: Promise.resolve() };
  }
  box.append(h('p', { class: 'muted' }, 'Loading…'));
  const done = (async () => {
    try {
      const cp = await api('GET', `${API}/compliance/audit/${encodeURIComponent(rec.id)}/checkpoint`);
      if (!live()) return;
      if (cp && typeof cp === 'object') show(cp);
      else clear(box).append(h('p', { class: 'muted' }, 'The server returned no checkpoint.'));
    } catch (e) {
      if (e instanceof AuthError || !live()) return;
      if (e instanceof ApiError && e.status === 404) {
        clear(box).append(h('p', { class: 'muted', testid: 'audit-checkpoint-none' },
          'No signed checkpoint covers this record yet: one is signed every few records (the policy’s audit.checkpoint_interval) or with “novacrm audit checkpoint”.'));
      } else {
        clear(box).append(h('p', { class: 'verify', 'data-ok': 'false' }, `The checkpoint could not be loaded: ${e.message}`));
      }
    }
  })();
  return { section, done };
}

async function auditDetailPage(id) {
  if (!can('audit show')) {
    forbiddenPage('Audit record', 'audit show', 'audit-detail-page');
    return;
  }
  const v = startView('Audit record', 'audit-detail-page');
  v.page.append(h('p', {}, can('audit list') ? h('a', { href: '#/audit', testid: 'audit-back' }, '← All audit records') : null));
  const body = h('div', { testid: 'audit-detail' }, h('p', { class: 'muted' }, 'Loading…'));
  v.page.append(body);
  const rec = await guarded(() => api('GET', `${API}/compliance/audit/${encodeURIComponent(id)}`));
  if (!v.live()) return;
  clear(body);
  if (!rec) {
    body.append(h('p', {}, `Record “${id}” could not be loaded.`));
    return;
  }
  v.heading.textContent = `Audit record #${dash(rec.seq)}`;
  document.title = `Audit record #${dash(rec.seq)} · novacrm`;
  const verifyAgain = await verifyStatus('audit-verify', rec.seq);

  const d = rec.decision;
  body.append(h('section', { class: 'panel', 'aria-labelledby': 'rec-h' },
    h('h2', { id: 'rec-h' }, 'Record'),
    kv([
      ['ID', h('span', { class: 'mono' }, dash(rec.id)), 'audit-id'],
      ['Sequence', dash(rec.seq), 'audit-seq'],
      ['Time', timeEl(rec.time), 'audit-time'],
      ['Actor', actorText(rec.actor), 'audit-actor'],
      ['Action', dash(rec.action), 'audit-action'],
      ['Request id', h('span', { class: 'mono' }, dash(rec.request_id))],
      ['Policy', rec.policy ? h('span', {}, dash(rec.policy.id), h('span', { class: 'mono break muted' }, ` sha256 ${dash(rec.policy.sha256)}`)) : '—', 'audit-policy'],
      ['Integrity', verifyAgain.box],
    ])));

  const decision = h('section', { class: 'panel', 'aria-labelledby': 'dec-h' }, h('h2', { id: 'dec-h' }, 'Decision'));
  if (d) {
    decision.append(banner(d, 'audit-banner'), findingsTable(d.findings, undefined, 'audit-findings'));
  } else {
    decision.append(h('p', { class: 'muted', testid: 'audit-no-decision' }, 'This record carries no compliance decision.'));
  }
  body.append(decision);

  const inp = rec.input;
  const input = h('section', { class: 'panel', 'aria-labelledby': 'inp-h' }, h('h2', { id: 'inp-h' }, 'Input (masked before storage)'));
  if (inp) {
    input.append(h('pre', { testid: 'audit-masked-input' }, dash(inp.masked)),
      kv([
        ['Size', `${dash(inp.size)} bytes${inp.truncated ? ' (stored text truncated)' : ''}`],
        ['HMAC', h('span', { class: 'mono break' }, dash(inp.hmac))],
      ]));
  } else {
    input.append(h('p', { class: 'muted', testid: 'audit-no-input' }, 'This record stores no input.'));
  }
  body.append(input);

  if (rec.details && typeof rec.details === 'object' && Object.keys(rec.details).length) {
    body.append(h('section', { class: 'panel', 'aria-labelledby': 'det-h' }, h('h2', { id: 'det-h' }, 'Details'),
      kv(Object.entries(rec.details).map(([k, val]) => [k, h('span', { class: 'mono break' },
        typeof val === 'object' && val !== null ? JSON.stringify(val) : String(val))]), 'audit-details')));
  }

  body.append(h('section', { class: 'panel', 'aria-labelledby': 'hash-h' }, h('h2', { id: 'hash-h' }, 'Hash chain'),
    kv([
      ['Previous hash', h('span', { class: 'mono break' }, dash(rec.prev_hash)), 'audit-prev-hash'],
      ['Hash', h('span', { class: 'mono break' }, dash(rec.hash)), 'audit-hash'],
    ])));

  const cp = checkpointSection(rec, v.live);
  body.append(cp.section);
  await Promise.all([verifyAgain.done, cp.done]);
}

// ---------------------------------------------------------------------------------------------
// Metrics (Prometheus text exposition format)

/** Parses Prometheus text: returns [{name, labels, value}] (comments and malformed lines skipped). */
export function parsePrometheus(text) {
  const samples = [];
  for (const raw of String(text).split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\S+)?$/.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[3]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/g;
      let lm;
      while ((lm = re.exec(m[3])) !== null) {
        labels[lm[1]] = lm[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      }
    }
    const value = m[4] === '+Inf' ? Infinity : m[4] === '-Inf' ? -Infinity : Number(m[4]);
    samples.push({ name: m[1], labels, value });
  }
  return samples;
}

const sum = (xs) => xs.reduce((a, s) => a + (Number.isFinite(s.value) ? s.value : 0), 0);

function groupBy(samples, labelNames) {
  const out = new Map();
  for (const s of samples) {
    const key = labelNames.map((l) => s.labels[l]).find((x) => x !== undefined);
    if (key === undefined || !Number.isFinite(s.value)) continue;
    out.set(key, (out.get(key) || 0) + s.value);
  }
  return out;
}

/** Picks the samples of the first metric name (in preference order) that a predicate matches. */
function pick(samples, preds) {
  for (const p of preds) {
    const names = [...new Set(samples.map((s) => s.name))].filter(p);
    if (names.length) return samples.filter((s) => s.name === names[0]);
  }
  return [];
}

export function summarizeMetrics(samples) {
  const isCounter = (n) => n.endsWith('_total');
  const requests = pick(samples, [
    (n) => /http_requests_total$/.test(n),
    (n) => /requests_total$/.test(n),
    (n) => /http_request_duration_seconds_count$/.test(n),
    (n) => /request.*_count$/.test(n),
  ]);
  const decisions = pick(samples, [
    (n) => /decisions?_total$/.test(n),
    (n) => /decision/.test(n) && isCounter(n),
    (n) => /check.*_total$/.test(n),
  ]);
  let findings = pick(samples, [
    (n) => /findings?_total$/.test(n),
    (n) => /finding/.test(n) && isCounter(n),
  ]);
  if (!findings.length) findings = decisions.filter((s) => s.labels.rule !== undefined);
  const appends = pick(samples, [
    (n) => /audit_append(s|ed)?(_records)?_total$/.test(n),
    (n) => /audit.*append/.test(n) && isCounter(n),
    (n) => /audit_records_total$/.test(n),
    (n) => /audit/.test(n) && isCounter(n),
  ]);
  return {
    requests: requests.length ? sum(requests) : null,
    requestsMetric: requests.length ? requests[0].name : null,
    decisions: groupBy(decisions.filter((s) => s.labels.action !== undefined || s.labels.decision !== undefined), ['action', 'decision']),
    decisionsMetric: decisions.length ? decisions[0].name : null,
    findings: groupBy(findings, ['rule']),
    findingsMetric: findings.length ? findings[0].name : null,
    appends: appends.length ? sum(appends) : null,
    appendsMetric: appends.length ? appends[0].name : null,
  };
}

function countTable(map, keyLabel, testid, emptyText) {
  if (!map.size) return h('p', { class: 'muted', testid }, emptyText);
  const rows = [...map.entries()].sort((a, b) => b[1] - a[1]);
  return h('table', { testid },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, keyLabel), h('th', { scope: 'col', class: 'num' }, 'Count'))),
    h('tbody', {}, rows.map(([k, n]) => h('tr', { 'data-key': k },
      h('td', {}, k === 'allow' || k === 'warn' || k === 'block' || k === 'escalate' ? h('span', { class: 'badge', 'data-action': k }, k) : k),
      h('td', { class: 'num' }, String(n))))));
}

async function metricsPage() {
  const v = startView('Metrics', 'metrics-page');
  const region = h('div', { testid: 'metrics-summary', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  const refresh = h('button', { type: 'button', class: 'secondary', testid: 'metrics-refresh' }, 'Refresh');
  v.page.append(h('div', { class: 'actions' }, refresh, h('span', { class: 'muted' }, 'From GET /metrics (Prometheus text format).')), region);
  async function load() {
    refresh.disabled = true;
    const text = await guarded(async () => {
      let res;
      try {
        res = await fetch('/metrics', { cache: 'no-store', credentials: 'omit', headers: { Accept: 'text/plain' } });
      } catch (e) {
        throw new ApiError(0, `Cannot reach the server (${e.message})`);
      }
      if (!res.ok) {
        const p = await problemOf(res);
        throw new ApiError(res.status, p.text);
      }
      return res.text();
    });
    refresh.disabled = false;
    if (!v.live() || typeof text !== 'string') return;
    const samples = parsePrometheus(text);
    const s = summarizeMetrics(samples);
    const card = (title, value, testid, metric) => h('div', { class: 'panel card', testid },
      h('h2', {}, title),
      h('div', { class: 'big', testid: `${testid}-value` }, value === null ? '—' : String(value)),
      h('div', { class: 'hint' }, metric ? metric : 'not exported by this server'));
    const families = new Map();
    for (const x of samples) families.set(x.name, (families.get(x.name) || 0) + 1);
    clear(region).append(
      h('div', { class: 'cards' },
        card('Requests', s.requests, 'metrics-requests', s.requestsMetric),
        card('Audit appends', s.appends, 'metrics-appends', s.appendsMetric)),
      h('div', { class: 'cards' },
        h('section', { class: 'panel', testid: 'metrics-decisions', 'aria-labelledby': 'md-h' },
          h('h2', { id: 'md-h' }, 'Decisions by action'),
          countTable(s.decisions, 'Action', 'metrics-decisions-table', 'No decisions recorded yet.')),
        h('section', { class: 'panel', testid: 'metrics-findings', 'aria-labelledby': 'mf-h' },
          h('h2', { id: 'mf-h' }, 'Findings by rule'),
          countTable(s.findings, 'Rule', 'metrics-findings-table', 'No findings recorded yet.'))),
      h('details', { class: 'panel' }, h('summary', {}, `All metric series (${samples.length} samples, ${families.size} names)`),
        h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Metric'), h('th', { scope: 'col', class: 'num' }, 'Samples'))),
          h('tbody', {}, [...families.entries()].map(([n, c]) => h('tr', {}, h('td', { class: 'mono' }, n), h('td', { class: 'num' }, String(c)))))))));
  }
  refresh.addEventListener('click', load);
  await load();
}

// ---------------------------------------------------------------------------------------------
// Start

function start() {
  document.getElementById('sign-out').addEventListener('click', () => {
    history.replaceState(null, '', '#/');
    lastRouteKey = null;
    signOut();
    clearMessages();
    showStatus('Signed out.');
    document.querySelector('[data-testid="token-input"]')?.focus();
  });
  document.querySelector('.skip-link').addEventListener('click', (ev) => {
    ev.preventDefault();
    main().focus();
  });
  window.addEventListener('hashchange', () => {
    routeChangedByUser = true;
    route();
  });
  route();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
