// The message list: user bubbles, streamed assistant answers with tool chips, and their states.
// Assistant elements carry data-state="streaming"|"final"|"error" and data-run-id once known.

import { renderMarkdown } from './markdown.js';

const STICK_PX = 80; // follow the stream only while the reader is near the bottom

export function formatTime(ts) {
  if (ts === undefined || ts === null || ts === '') return null;
  const date = new Date(typeof ts === 'number' ? ts : Date.parse(ts));
  return Number.isNaN(date.getTime()) ? null : date;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class MessageList {
  constructor(container, { onChange = () => {} } = {}) {
    this.container = container;
    this.onChange = onChange;
    this.raw = new WeakMap(); // assistant element -> markdown source so far
    this.dirty = new Set();
    this.frame = 0;
  }

  clear() {
    this.container.replaceChildren();
    this.dirty.clear();
    this.onChange();
  }

  renderHistory(messages) {
    this.container.replaceChildren();
    for (const m of messages || []) {
      if (m.role === 'user') this.addUser(m.text, m.timestamp, false);
      else if (m.role === 'assistant') this.addAssistant({ text: m.text, timestamp: m.timestamp, state: 'final' });
      else if (m.role === 'error') this.fail(this.addAssistant({ timestamp: m.timestamp, state: 'final' }), m.text);
    }
    this.scrollToBottom();
    this.onChange();
  }

  addUser(text, timestamp = Date.now(), scroll = true) {
    const node = el('div', 'msg user');
    node.append(el('div', 'body', text ?? ''), this.meta(timestamp));
    this.container.append(node);
    if (scroll) this.scrollToBottom();
    return node;
  }

  /** Adds an assistant element; a streaming one without runId adopts the next unknown run. */
  addAssistant({ text = '', timestamp = Date.now(), state = 'streaming', runId = null } = {}) {
    const node = el('div', 'msg assistant');
    node.dataset.state = state;
    if (runId) node.dataset.runId = runId;
    const tools = el('div', 'tools');
    const body = el('div', 'body markdown');
    const typing = el('div', 'typing');
    typing.setAttribute('aria-label', 'working');
    typing.append(el('span'), el('span'), el('span'));
    node.append(tools, body, typing, this.meta(timestamp));
    this.raw.set(node, text ?? '');
    body.innerHTML = renderMarkdown(text ?? ''); // renderMarkdown escapes all source text
    const stick = this.nearBottom();
    this.container.append(node);
    if (stick || state === 'streaming') this.scrollToBottom();
    this.onChange();
    return node;
  }

  remove(node) {
    node?.remove();
    this.onChange();
  }

  hasStreaming() {
    return this.container.querySelector('.msg.assistant[data-state="streaming"]') !== null;
  }

  /** The element of a run: known by id, else the oldest pending placeholder, else a new one. */
  run(runId, create = true) {
    const nodes = [...this.container.querySelectorAll('.msg.assistant')];
    const known = nodes.find((n) => n.dataset.runId === runId);
    if (known) return known;
    const pending = nodes.find((n) => !n.dataset.runId && n.dataset.state === 'streaming');
    if (pending) {
      if (runId) pending.dataset.runId = runId;
      return pending;
    }
    return create ? this.addAssistant({ runId }) : null;
  }

  delta(runId, text) {
    const node = this.run(runId);
    if (node.dataset.state !== 'streaming') return; // late delta after final/abort
    this.raw.set(node, (this.raw.get(node) || '') + (text ?? ''));
    this.scheduleRender(node);
  }

  tool(runId, name, phase) {
    const node = this.run(runId);
    const tools = node.querySelector('.tools');
    const label = String(name || 'tool');
    if (phase === 'start') {
      const chip = el('span', 'chip', `⚙ ${label}…`);
      chip.dataset.tool = label;
      chip.dataset.phase = 'start';
      tools.append(chip);
    } else {
      const running = [...tools.querySelectorAll('.chip[data-phase="start"]')];
      const chip = running.find((c) => c.dataset.tool === label) || el('span', 'chip');
      chip.dataset.tool = label;
      chip.dataset.phase = phase === 'error' ? 'error' : 'end';
      chip.textContent = `⚙ ${label} ${phase === 'error' ? '✗' : '✓'}`;
      if (!chip.isConnected) tools.append(chip);
    }
    this.scrollIfNear();
  }

  final(runId, text, model) {
    const node = this.run(runId);
    if (model) { node.dataset.model = model; node.title = `answered by ${model}`; } // shows a failover
    this.dirty.delete(node);
    const stick = this.nearBottom();
    this.raw.set(node, text ?? '');
    node.querySelector('.body').innerHTML = renderMarkdown(text ?? '');
    node.querySelector('.error-text')?.remove();
    node.dataset.state = 'final';
    this.settleChips(node);
    if (stick) this.scrollToBottom();
    this.onChange();
  }

  error(runId, code, message) {
    const node = this.run(runId);
    this.fail(node, code === 'aborted' ? 'Aborted' : `${message || 'Error'}${code ? ` (${code})` : ''}`);
  }

  /** Marks every streaming answer as failed, e.g. after an abort. */
  failStreaming(note) {
    for (const node of this.container.querySelectorAll('.msg.assistant[data-state="streaming"]')) {
      this.fail(node, note);
    }
  }

  fail(node, note) {
    this.flush(node);
    node.dataset.state = 'error';
    this.settleChips(node);
    let errorText = node.querySelector('.error-text');
    if (!errorText) {
      errorText = el('div', 'error-text');
      node.querySelector('.typing').before(errorText);
    }
    errorText.textContent = note;
    this.scrollIfNear();
    this.onChange();
  }

  settleChips(node) {
    for (const chip of node.querySelectorAll('.chip[data-phase="start"]')) {
      chip.dataset.phase = 'end';
      chip.textContent = `⚙ ${chip.dataset.tool}`;
    }
  }

  // Re-rendering Markdown on every delta would be quadratic; batch to one render per frame.
  scheduleRender(node) {
    this.dirty.add(node);
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const stick = this.nearBottom();
      for (const n of this.dirty) this.flush(n);
      if (stick) this.scrollToBottom();
    });
  }

  flush(node) {
    if (!this.dirty.delete(node)) return;
    node.querySelector('.body').innerHTML = renderMarkdown(this.raw.get(node) || '');
  }

  meta(timestamp) {
    const date = formatTime(timestamp);
    const meta = el('time', 'meta');
    if (date) {
      meta.dateTime = date.toISOString();
      meta.title = date.toLocaleString();
      meta.textContent = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    }
    return meta;
  }

  nearBottom() {
    const c = this.container;
    return c.scrollHeight - c.scrollTop - c.clientHeight < STICK_PX;
  }

  scrollIfNear() {
    if (this.nearBottom()) this.scrollToBottom();
  }

  scrollToBottom() {
    this.container.scrollTop = this.container.scrollHeight;
  }
}
