// "Status" panel: what /health and /metrics say, for people who would rather look than read JSON.
// Each channel account (up / degraded / down, why, since when), the pi pool, waiting messages,
// model failovers, cron failures, and a turns-per-minute sparkline with the average latency,
// computed from the pigateway_turns_seconds counters between two samples. All text goes through
// textContent.

const REFRESH_MS = 5_000;
const POINTS = 24; // two minutes of samples

export class StatusPanel {
  /** @param root the #status-panel section; @param headers() the request headers that carry the token */
  constructor(root, headers) {
    this.root = root;
    this.headers = headers;
    this.timer = null;
    this.last = null; // the previous sample { at, count, sum }
    this.rates = [];
  }

  start() {
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    this.refresh();
  }

  async refresh() {
    let health;
    let metrics = '';
    try {
      health = await (await fetch('/health', { cache: 'no-store' })).json();
      const answer = await fetch('/metrics', { cache: 'no-store', headers: this.headers() });
      if (answer.ok) metrics = await answer.text();
    } catch {
      return; // the gateway is restarting; the connection status says so
    }
    this.root.hidden = false;
    this.root.dataset.status = health.status;
    this.channels(health.checks || {});
    this.pool(health.pool || {}, metrics);
    this.backlog(health.queues || {}, metrics);
    this.extras(health.models || {}, metrics);
    this.turns(metrics);
  }

  channels(checks) {
    const items = [];
    for (const [id, check] of Object.entries(checks)) {
      if (!id.startsWith('channel-')) continue;
      for (const [account, a] of Object.entries(check.accounts || {})) {
        const li = document.createElement('li');
        li.className = 'status-channel';
        li.dataset.channel = id.slice('channel-'.length);
        li.dataset.account = account;
        li.dataset.state = a.state;
        const since = a.since ? ` since ${new Date(a.since).toLocaleTimeString()}` : '';
        li.textContent = `${li.dataset.channel} · ${account}: ${a.state}${since}`;
        if (a.reason) {
          const why = document.createElement('div');
          why.className = 'status-reason';
          why.textContent = a.reason;
          li.append(why);
        }
        items.push(li);
      }
    }
    this.root.querySelector('#status-channels').replaceChildren(...items);
  }

  pool(pool, metrics) {
    const crashes = sum(metrics, 'pigateway_pool_crashes_total');
    this.root.querySelector('#status-pool').textContent =
      `pi: ${pool.busy ?? 0} busy · ${pool.idle ?? 0} idle · ${pool.starting ?? 0} starting · ${crashes} crashes`;
  }

  backlog(queues, metrics) {
    const lanes = series(metrics, 'pigateway_lane_queue_depth').map(([labels, v]) => `${label(labels, 'session')} (${v})`);
    this.root.querySelector('#status-lanes').textContent =
      `waiting: ${queues.queuedMessages ?? 0}` + (lanes.length ? ` · ${lanes.join(', ')}` : '');
  }

  extras(models, metrics) {
    const failovers = Object.entries(models).map(([m, h]) => `${m} ${h.state}, ${h.failovers} failovers`);
    const cronErrors = series(metrics, 'pigateway_cron_runs_total')
      .filter(([labels]) => label(labels, 'status') === 'error').reduce((n, [, v]) => n + v, 0);
    this.root.querySelector('#status-models').textContent = [...failovers, `cron failures ${cronErrors}`].join(' · ');
  }

  turns(metrics) {
    const now = { at: Date.now(), count: sum(metrics, 'pigateway_turns_seconds_count'), sum: sum(metrics, 'pigateway_turns_seconds_sum') };
    const prev = this.last;
    this.last = now;
    if (!prev) return;
    const minutes = (now.at - prev.at) / 60_000;
    const turns = Math.max(0, now.count - prev.count);
    this.rates = [...this.rates, turns / minutes].slice(-POINTS);
    const avg = turns ? (now.sum - prev.sum) / turns : null;
    const text = this.root.querySelector('#status-turns-text');
    text.textContent = `turns/min ${Math.round(this.rates.at(-1) * 10) / 10}` + (avg !== null ? ` · avg ${avg.toFixed(1)} s` : '');
    this.root.querySelector('#status-spark').setAttribute('points', spark(this.rates));
  }
}

/** The series of one metric as [labels, value] pairs (Prometheus text format). */
function series(metrics, name) {
  const out = [];
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = line.match(/^([a-z_]+)(\{[^}]*\})? (\S+)$/);
    if (m && m[1] === name) out.push([m[2] || '', Number(m[3])]);
  }
  return out;
}

function sum(metrics, name) {
  return series(metrics, name).reduce((n, [, v]) => n + v, 0);
}

function label(labels, key) {
  const m = labels.match(new RegExp(`${key}="([^"]*)"`));
  return m ? m[1] : '';
}

/** Polyline points in a 100 × 20 box, the highest rate at the top. */
function spark(rates) {
  const max = Math.max(1, ...rates);
  const step = rates.length > 1 ? 100 / (rates.length - 1) : 0;
  return rates.map((r, i) => `${(i * step).toFixed(1)},${(20 - (r / max) * 18 - 1).toFixed(1)}`).join(' ');
}
