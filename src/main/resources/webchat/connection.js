// WebSocket client for the gateway protocol: connect handshake, request/response correlation,
// server events and automatic reconnect with exponential backoff.

const CONNECT_ID = 'c1';
const REQUEST_TIMEOUT_MS = 30000;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15000;

/** An error answered by the gateway (or raised locally), carrying the protocol error code. */
export class GatewayError extends Error {
  constructor(code, message) {
    super(message || code);
    this.code = code;
  }
}

export function defaultSocketUrl(loc = window.location) {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

/**
 * Callbacks (all optional):
 *  - onStatus(status): 'connecting' | 'connected' | 'disconnected'
 *  - onReady(payload): the connect handshake succeeded (also after every reconnect)
 *  - onEvent(name, payload): a server event
 *  - onRejected(error): the connect frame was refused; reconnecting stops
 *  - onHandshakeLost(): the socket closed before the handshake finished (e.g. expired cookie)
 */
export class GatewayConnection {
  constructor({ url = defaultSocketUrl(), connectParams = () => ({}), ...callbacks } = {}) {
    this.url = url;
    this.connectParams = connectParams;
    this.callbacks = callbacks;
    this.socket = null;
    this.ready = false;
    this.stopped = true;
    this.attempt = 0;
    this.nextId = 1;
    this.pending = new Map();
    this.retryTimer = null;
    this.wakeUp = () => this.retryNow();
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    window.addEventListener('online', this.wakeUp);
    document.addEventListener('visibilitychange', this.wakeUp);
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    window.removeEventListener('online', this.wakeUp);
    document.removeEventListener('visibilitychange', this.wakeUp);
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    if (socket) socket.close(1000, 'stopped');
    this.failPending('disconnected', 'Not connected');
    this.emitStatus('disconnected');
  }

  /** Sends a request; resolves with its payload or rejects with a GatewayError. */
  request(method, params = {}, timeoutMs = REQUEST_TIMEOUT_MS) {
    if (!this.ready) {
      return Promise.reject(new GatewayError('disconnected', 'Not connected'));
    }
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new GatewayError('timeout', `${method} timed out`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  open() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.emitStatus('connecting');
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (err) {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      const frame = { id: CONNECT_ID, method: 'connect', params: this.connectParams() };
      socket.send(JSON.stringify(frame));
    });
    socket.addEventListener('message', (e) => this.onMessage(socket, e.data));
    socket.addEventListener('close', () => this.onClose(socket));
    // 'error' is always followed by 'close', which does the work.
  }

  onMessage(socket, data) {
    if (socket !== this.socket) return;
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return; // not ours to interpret
    }
    if (frame.type === 'event') {
      this.callbacks.onEvent?.(frame.event, frame.payload || {});
    } else if (frame.type === 'res' && frame.id === CONNECT_ID && !this.ready) {
      this.onHandshake(socket, frame);
    } else if (frame.type === 'res') {
      const waiter = this.pending.get(frame.id);
      if (!waiter) return;
      this.pending.delete(frame.id);
      clearTimeout(waiter.timer);
      if (frame.ok) waiter.resolve(frame.payload);
      else waiter.reject(new GatewayError(frame.error?.code || 'error', frame.error?.message));
    }
  }

  onHandshake(socket, frame) {
    if (!frame.ok) {
      const error = new GatewayError(frame.error?.code || 'unauthorized',
        frame.error?.message || 'Connection refused');
      this.stop();
      this.callbacks.onRejected?.(error);
      return;
    }
    this.ready = true;
    this.attempt = 0;
    this.emitStatus('connected');
    this.callbacks.onReady?.(frame.payload || {});
  }

  onClose(socket) {
    if (socket !== this.socket) return;
    const wasReady = this.ready;
    this.socket = null;
    this.ready = false;
    this.failPending('disconnected', 'Connection lost');
    if (this.stopped) return;
    this.emitStatus('disconnected');
    if (!wasReady) this.callbacks.onHandshakeLost?.();
    if (!this.stopped) this.scheduleRetry();
  }

  scheduleRetry() {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    const delay = Math.round(base / 2 + Math.random() * base / 2); // jitter: avoid thundering herd
    this.attempt++;
    this.retryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => this.open(), delay);
    this.emitStatus('disconnected');
  }

  /** Skips the remaining backoff, e.g. when the network comes back or the tab is shown. */
  retryNow() {
    if (this.stopped || this.socket || document.visibilityState === 'hidden') return;
    this.open();
  }

  failPending(code, message) {
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new GatewayError(code, message));
    }
    this.pending.clear();
  }

  emitStatus(status) {
    if (status === this.lastStatus) return;
    this.lastStatus = status;
    this.callbacks.onStatus?.(status);
  }
}
