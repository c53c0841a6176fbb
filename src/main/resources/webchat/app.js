// WebChat page: sign-in, session sidebar, composer, and the wiring between the gateway
// connection and the message list. No framework; all agent/user text goes through
// textContent or the escaping Markdown renderer.

import { GatewayConnection } from './connection.js';
import { MessageList, formatTime } from './messages.js';
import { ScheduledPanel } from './scheduled.js';
import { StatusPanel } from './status.js';

const TOKEN_KEY = 'pigw.token';
const SESSION_KEY = 'pigw.sessionKey';
const FAILED_PREFIX = 'pigw.failed.'; // failed turns per session: pi keeps no record of them
const TITLE_LENGTH = 60;
const $ = (id) => document.getElementById(id);

const ui = {
  login: $('login'), loginForm: $('login-form'), loginLabel: $('login-label'),
  loginInput: $('login-input'), loginSubmit: $('login-submit'), loginError: $('login-error'),
  tokenHint: $('token-hint'),
  chat: $('chat'), messages: $('messages'), prompt: $('prompt'), send: $('send'),
  abort: $('abort'), composer: $('composer'), sessions: $('sessions'),
  newSession: $('new-session'), status: $('status'), title: $('title'), notice: $('notice'),
  menu: $('menu-toggle'), scrim: $('scrim'),
};

const state = {
  mode: null, // 'off' | 'token' | 'password'
  tokenHint: null, // where the operator finds the token, from /api/auth
  sessionKey: sessionStorage.getItem(SESSION_KEY),
  sessions: [],
  historySeq: 0,
  listTimer: null,
  noticeTimer: null,
  watched: null, // the session this connection is subscribed to (the server forgets on disconnect)
  lastSent: null, // { sessionKey, text } of the message in flight, kept if its turn fails
};

const list = new MessageList(ui.messages, { onChange: updateAbort });
let scheduled; // the cron jobs panel, made once the connection exists
// the status panel reads /metrics with the token (token mode) or the sign-in cookie (password mode)
const statusPanel = new StatusPanel($('status-panel'), () => {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return state.mode === 'token' && token ? { Authorization: `Bearer ${token}` } : {};
});
const conn = new GatewayConnection({
  connectParams: () => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return state.mode === 'token' && token ? { token } : {};
  },
  onStatus: setStatus,
  onReady: () => {
    reloadCurrent();
    scheduled.ready();
    statusPanel.start();
  },
  onEvent: handleEvent,
  onRejected: (err) => {
    if (state.mode === 'token') sessionStorage.removeItem(TOKEN_KEY);
    showLogin(err.message || 'Sign-in failed');
  },
  onHandshakeLost: checkStillSignedIn,
});
scheduled = new ScheduledPanel($('scheduled'), conn, (text) => notify(text));

// ------------------------------------------------------------------ auth

async function init() {
  let auth;
  for (let attempt = 0; !auth; attempt++) {
    try {
      auth = await fetchAuth();
    } catch {
      // The gateway may be restarting: show the shell and keep asking.
      showChat();
      setStatus('disconnected');
      await new Promise((r) => setTimeout(r, Math.min(15000, 500 * 2 ** attempt)));
    }
  }
  state.mode = auth.mode || 'off';
  state.tokenHint = typeof auth.tokenHint === 'string' ? auth.tokenHint : null;
  if (state.mode === 'token' && !sessionStorage.getItem(TOKEN_KEY)) return showLogin();
  if (state.mode === 'password' && auth.authenticated !== true) return showLogin();
  startChat();
}

async function fetchAuth() {
  const res = await fetch('/api/auth', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

async function isAuthenticated() {
  try {
    return (await fetchAuth()).authenticated === true;
  } catch {
    return true; // unreachable: let the reconnect loop handle it
  }
}

// A password-mode cookie can expire; the upgrade then fails without a connect answer.
async function checkStillSignedIn() {
  if (state.mode !== 'password') return;
  if (!(await isAuthenticated())) {
    conn.stop();
    showLogin('Your session expired, please sign in again.');
  }
}

// The token this page signed in with was rotated out (its grace ended): ask for the new one.
function signOut(message) {
  conn.stop();
  if (state.mode === 'token') sessionStorage.removeItem(TOKEN_KEY);
  showLogin(message || 'Please sign in again.');
}

function showLogin(error = '') {
  const token = state.mode === 'token';
  ui.loginLabel.textContent = token ? 'Gateway token' : 'Password';
  ui.tokenHint.textContent = token && state.tokenHint ? `The token is ${state.tokenHint} on the gateway's machine.` : '';
  ui.tokenHint.hidden = !(token && state.tokenHint);
  ui.loginInput.value = '';
  ui.loginInput.autocomplete = token ? 'off' : 'current-password';
  ui.loginError.textContent = error;
  ui.loginError.hidden = !error;
  ui.loginSubmit.disabled = false;
  ui.chat.hidden = true;
  ui.login.hidden = false;
  ui.loginInput.focus();
}

function showChat() {
  ui.login.hidden = true;
  ui.chat.hidden = false;
}

async function submitLogin(event) {
  event.preventDefault();
  const secret = ui.loginInput.value;
  if (!secret) return;
  ui.loginError.hidden = true;
  if (state.mode === 'token') {
    sessionStorage.setItem(TOKEN_KEY, secret);
    return startChat();
  }
  ui.loginSubmit.disabled = true;
  try {
    const res = await fetch('/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ password: secret }),
      credentials: 'same-origin',
    });
    if (res.ok) return startChat();
    showLogin(await loginErrorText(res));
  } catch {
    showLogin('Cannot reach the gateway.');
  }
}

async function loginErrorText(res) {
  let message = '';
  try {
    const body = await res.json();
    message = typeof body.error === 'string' ? body.error : body.error?.message || body.message || '';
  } catch { /* no JSON body */ }
  if (res.status === 429) {
    const wait = res.headers.get('Retry-After');
    return message || `Too many attempts${wait ? `, try again in ${wait}s` : ', try again later'}.`;
  }
  if (res.status === 401) return message || 'Wrong password.';
  return message || `Sign-in failed (HTTP ${res.status}).`;
}

function startChat() {
  showChat();
  ui.prompt.focus();
  conn.start();
}

// ------------------------------------------------------------------ sessions

function setSessionKey(key) {
  state.sessionKey = key || null;
  if (key) sessionStorage.setItem(SESSION_KEY, key);
  else sessionStorage.removeItem(SESSION_KEY);
  renderSessions();
}

async function reloadCurrent() {
  await refreshSessions();
  await loadHistory(state.sessionKey);
}

async function refreshSessions() {
  try {
    const payload = await conn.request('session.list', {});
    state.sessions = Array.isArray(payload?.sessions) ? payload.sessions : [];
    renderSessions();
  } catch (err) {
    if (err.code !== 'disconnected') notify(`Could not load sessions: ${err.message}`);
  }
}

function refreshSessionsSoon() {
  clearTimeout(state.listTimer);
  state.listTimer = setTimeout(refreshSessions, 400);
}

async function loadHistory(key) {
  const seq = ++state.historySeq;
  if (!key) {
    list.clear();
    return;
  }
  try {
    await watch(key); // subscribe first, so no event falls between the history and the stream
    const payload = await conn.request('chat.history', { sessionKey: key });
    if (seq !== state.historySeq) return; // the user switched meanwhile
    list.renderHistory(withFailures(key, payload?.messages));
    // A turn still running (e.g. after a reconnect): wait for its events in a placeholder.
    if (state.sessions.find((s) => s.key === key)?.busy) list.addAssistant();
  } catch (err) {
    if (seq !== state.historySeq || err.code === 'disconnected') return;
    list.clear();
    notify(`Could not load history: ${err.message}`);
  }
}

// A failed turn leaves nothing in pi's transcript: the page keeps the message and the error itself.
function failures(key) {
  try {
    const stored = JSON.parse(localStorage.getItem(FAILED_PREFIX + key) || '[]');
    return Array.isArray(stored) ? stored : [];
  } catch {
    return [];
  }
}

function rememberFailure(key, text, error) {
  if (!key || !text) return;
  const now = new Date().toISOString();
  const kept = [...failures(key), { role: 'user', text, timestamp: now }, { role: 'error', text: error, timestamp: now }];
  try {
    localStorage.setItem(FAILED_PREFIX + key, JSON.stringify(kept.slice(-40)));
  } catch {
    // storage full or disabled: the error still shows until the page reloads
  }
}

function withFailures(key, messages) {
  const all = [...(Array.isArray(messages) ? messages : []), ...failures(key)];
  const at = (m) => formatTime(m.timestamp)?.getTime() ?? 0;
  return all.map((m, i) => ({ m, i })).sort((a, b) => at(a.m) - at(b.m) || a.i - b.i).map((x) => x.m);
}

// Subscribes this connection to the session's turns, whoever starts them (another tab, a channel).
async function watch(key) {
  if (state.watched === key) return;
  const previous = state.watched;
  state.watched = key;
  if (previous) conn.request('chat.unsubscribe', { sessionKey: previous }).catch(() => {});
  await conn.request('chat.subscribe', { sessionKey: key });
}

function switchSession(key) {
  closeDrawer();
  if (key === state.sessionKey) return;
  setSessionKey(key);
  list.clear();
  loadHistory(key);
}

async function newSession() {
  closeDrawer();
  try {
    const payload = await conn.request('session.new', {});
    setSessionKey(payload?.sessionKey);
    state.historySeq++;
    list.clear();
    refreshSessions();
    ui.prompt.focus();
  } catch (err) {
    notify(`Could not start a new chat: ${err.message}`);
  }
}

function sessionTitle(key) {
  const session = state.sessions.find((s) => s.key === key);
  return session?.title || sessionLabel(key);
}

function sessionLabel(key = '') {
  const parts = String(key).split(':');
  const tail = parts[parts.length - 1] || key;
  return tail.length > 22 ? `${tail.slice(0, 10)}…${tail.slice(-8)}` : tail;
}

function relativeTime(iso) {
  const date = formatTime(iso);
  if (!date) return '';
  const mins = Math.round((Date.now() - date.getTime()) / 60000);
  if (mins < 1) return 'just now';
  if (mins < 60) return `${mins} min ago`;
  if (mins < 24 * 60) return `${Math.round(mins / 60)} h ago`;
  return date.toLocaleDateString();
}

function renderSessions() {
  const items = [...state.sessions].sort((a, b) =>
    String(b.lastActivity || '').localeCompare(String(a.lastActivity || '')));
  if (state.sessionKey && !items.some((s) => s.key === state.sessionKey)) {
    items.unshift({ key: state.sessionKey, channel: 'webchat', messageCount: 0 });
  }
  ui.sessions.replaceChildren(...items.map((s) => {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'session';
    button.dataset.key = s.key;
    button.title = s.key;
    if (s.key === state.sessionKey) button.setAttribute('aria-current', 'true');
    if (s.busy) button.dataset.busy = 'true';
    const name = document.createElement('span');
    name.className = 'session-name';
    name.textContent = s.title || sessionLabel(s.key);
    const info = document.createElement('span');
    info.className = 'session-info';
    const shown = Number.isFinite(s.messageCount) ? s.messageCount + failures(s.key).length : null;
    const count = shown !== null ? `${shown} msg` : '';
    info.textContent = [s.channel, count, relativeTime(s.lastActivity)].filter(Boolean).join(' · ');
    button.append(name, info);
    button.addEventListener('click', () => switchSession(s.key));
    li.className = 'session-item';
    li.append(button, iconButton('rename', '✎', `Rename ${name.textContent}`, () => renameSession(s.key)),
      iconButton('delete', '×', `Delete ${name.textContent}`, () => deleteSession(s.key)));
    return li;
  }));
  ui.title.textContent = state.sessionKey ? sessionTitle(state.sessionKey) : 'New chat';
  ui.title.title = state.sessionKey || '';
}

function iconButton(action, glyph, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `session-action ${action}`;
  b.textContent = glyph;
  b.title = label;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

async function renameSession(key) {
  const title = window.prompt('Name this chat', sessionTitle(key));
  if (title === null || !title.trim()) return;
  try {
    await conn.request('session.rename', { key, title: title.trim() });
    await refreshSessions();
  } catch (err) {
    notify(`Could not rename: ${err.message}`);
  }
}

async function deleteSession(key) {
  if (!window.confirm(`Delete “${sessionTitle(key)}”? It leaves the list for good.`)) return;
  try {
    await conn.request('session.delete', { key });
    localStorage.removeItem(FAILED_PREFIX + key);
    if (key === state.sessionKey) {
      setSessionKey(null);
      state.historySeq++;
      list.clear();
    }
    await refreshSessions();
  } catch (err) {
    notify(`Could not delete: ${err.message}`);
  }
}

// The first message names the chat (the user can rename it later).
async function titleFromFirstMessage(key, text) {
  const known = state.sessions.find((s) => s.key === key);
  if (known?.title || (known && known.messageCount > 0)) return;
  const title = text.replace(/\s+/g, ' ').trim().slice(0, TITLE_LENGTH);
  try {
    await conn.request('session.rename', { key, title });
    refreshSessionsSoon();
  } catch {
    // untitled chats still show their key
  }
}

function markBusy(key, busy) {
  const session = state.sessions.find((s) => s.key === key);
  if (session && Boolean(session.busy) !== busy) {
    session.busy = busy;
    renderSessions();
  }
}

// ------------------------------------------------------------------ chat

async function send() {
  const text = ui.prompt.value.trim();
  if (!text) return;
  ui.prompt.value = '';
  autosize();
  const userNode = list.addUser(text);
  const placeholder = list.addAssistant();
  const params = state.sessionKey ? { text, sessionKey: state.sessionKey } : { text };
  try {
    state.lastSent = { sessionKey: state.sessionKey, text };
    const payload = await conn.request('chat.send', params);
    if (payload?.sessionKey && payload.sessionKey !== state.sessionKey) setSessionKey(payload.sessionKey);
    if (payload?.sessionKey) {
      state.lastSent = { sessionKey: payload.sessionKey, text };
      titleFromFirstMessage(payload.sessionKey, text);
    }
    if (payload?.runId && placeholder.isConnected && !placeholder.dataset.runId) {
      placeholder.dataset.runId = payload.runId;
    }
    refreshSessionsSoon();
  } catch (err) {
    list.remove(placeholder);
    list.remove(userNode);
    if (!ui.prompt.value) {
      ui.prompt.value = text; // give the text back so nothing is lost
      autosize();
    }
    if (err.code === 'busy') notify('busy, try again');
    else if (err.code === 'disconnected') notify('Not connected, reconnecting…');
    else notify(`Send failed: ${err.message}`);
  }
}

async function abortTurn() {
  if (!state.sessionKey) return;
  ui.abort.disabled = true;
  try {
    const payload = await conn.request('chat.abort', { sessionKey: state.sessionKey });
    list.failStreaming(payload?.aborted ? 'Aborted' : 'Stopped');
  } catch (err) {
    notify(`Abort failed: ${err.message}`);
  } finally {
    ui.abort.disabled = false;
  }
}

function isCurrent(payload) {
  if (!payload?.sessionKey) return true;
  if (state.sessionKey) return payload.sessionKey === state.sessionKey;
  // First message of a fresh browser: events can overtake the chat.send answer.
  if (list.hasStreaming()) {
    setSessionKey(payload.sessionKey);
    return true;
  }
  return false;
}

function handleEvent(name, payload) {
  if (name === 'auth.expired') return signOut(payload?.message);
  if (scheduled.handle(name)) return;
  if (!name?.startsWith('chat.')) return;
  if (name === 'chat.message') { // delivered into the session outside a turn (a scheduled job's answer)
    refreshSessionsSoon();
    if (payload.sessionKey === state.sessionKey) {
      list.addAssistant({ text: payload.text, timestamp: payload.timestamp, state: 'final' });
    }
    return;
  }
  const terminal = name === 'chat.final' || name === 'chat.error';
  markBusy(payload.sessionKey, !terminal);
  if (terminal) refreshSessionsSoon();
  // A fresh chat learns its key from its first answer: watch it from now on (not during that turn,
  // whose events this connection already gets), so turns and messages from elsewhere show up too.
  if (terminal && state.sessionKey && payload.sessionKey === state.sessionKey && state.watched !== state.sessionKey) {
    watch(state.sessionKey).catch(() => {});
  }
  if (!isCurrent(payload)) return;
  switch (name) {
    case 'chat.delta': list.delta(payload.runId, payload.text); break;
    case 'chat.tool': list.tool(payload.runId, payload.name, payload.phase); break;
    case 'chat.final': list.final(payload.runId, payload.text, payload.model); break;
    case 'chat.error':
      list.error(payload.runId, payload.code, payload.message);
      if (payload.code !== 'aborted' && state.lastSent?.sessionKey === payload.sessionKey) {
        rememberFailure(payload.sessionKey, state.lastSent.text, payload.message || 'The agent could not answer.');
        state.lastSent = null;
        refreshSessionsSoon();
      }
      break;
    default: break;
  }
}

// ------------------------------------------------------------------ chrome

function setStatus(status) {
  if (status !== 'connected') state.watched = null;
  ui.status.textContent = status;
  ui.status.dataset.state = status;
}

function updateAbort() {
  ui.abort.hidden = !list.hasStreaming();
}

function notify(text) {
  ui.notice.textContent = text;
  ui.notice.hidden = false;
  clearTimeout(state.noticeTimer);
  state.noticeTimer = setTimeout(() => { ui.notice.hidden = true; }, 5000);
}

// scrollHeight excludes the border: add it, or a one-line prompt is 2px short and shows a scrollbar
function autosize() {
  const style = getComputedStyle(ui.prompt);
  const border = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
  ui.prompt.style.height = 'auto';
  const wanted = ui.prompt.scrollHeight + border;
  ui.prompt.style.height = `${wanted}px`;
  ui.prompt.style.overflowY = wanted > parseFloat(style.maxHeight) ? 'auto' : 'hidden';
}

function openDrawer() {
  document.body.classList.add('drawer-open');
  ui.menu.setAttribute('aria-expanded', 'true');
}

function closeDrawer() {
  document.body.classList.remove('drawer-open');
  ui.menu.setAttribute('aria-expanded', 'false');
}

ui.loginForm.addEventListener('submit', submitLogin);
ui.composer.addEventListener('submit', (e) => { e.preventDefault(); send(); });
ui.prompt.addEventListener('keydown', (e) => {
  // Enter sends, Shift+Enter is a newline; never send while an IME is composing.
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
    e.preventDefault();
    send();
  }
});
ui.prompt.addEventListener('input', autosize);
ui.abort.addEventListener('click', abortTurn);
ui.newSession.addEventListener('click', newSession);
ui.menu.addEventListener('click', () =>
  (document.body.classList.contains('drawer-open') ? closeDrawer() : openDrawer()));
ui.scrim.addEventListener('click', closeDrawer);
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeDrawer(); });

init();
