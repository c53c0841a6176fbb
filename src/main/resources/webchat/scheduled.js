// "Scheduled" panel: the gateway's cron jobs with their next run and last status, and a run-now
// button each. Fed by cron.list, refreshed on cron.run events (cron.subscribe) and every minute.
// All job text goes through textContent.

const REFRESH_MS = 60_000;

export class ScheduledPanel {
  /** @param root the #scheduled section; @param conn the GatewayConnection; @param notify(text) */
  constructor(root, conn, notify) {
    this.root = root;
    this.list = root.querySelector('#cron-jobs');
    this.conn = conn;
    this.notify = notify;
    this.timer = null;
  }

  /** The connection is (re)established: subscribe to run events and load the jobs. */
  async ready() {
    try {
      await this.conn.request('cron.subscribe', {});
    } catch {
      this.root.hidden = true; // a gateway without cron
      return;
    }
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    await this.refresh();
  }

  /** A gateway event; true when it was a cron one. */
  handle(name) {
    if (name !== 'cron.run') return false;
    this.refresh();
    return true;
  }

  async refresh() {
    let jobs;
    try {
      jobs = (await this.conn.request('cron.list', {}))?.jobs ?? [];
    } catch {
      return;
    }
    this.root.hidden = jobs.length === 0;
    this.list.replaceChildren(...jobs.map((job) => this.item(job)));
  }

  item(job) {
    const li = document.createElement('li');
    li.className = 'cron-job';
    li.dataset.id = job.id;
    li.dataset.enabled = String(Boolean(job.enabled));
    const name = document.createElement('span');
    name.className = 'cron-name';
    name.textContent = job.id;
    const meta = document.createElement('span');
    meta.className = 'cron-meta';
    const next = job.nextRunAt ? `next ${new Date(job.nextRunAt).toLocaleString()}`
      : job.disabledReason ? 'disabled' : job.paused ? 'paused' : job.done ? 'done' : 'not scheduled';
    const last = job.lastRun ? ` · last ${job.lastRun.status}` : '';
    meta.textContent = next + last;
    if (job.disabledReason) meta.title = job.disabledReason;
    const run = document.createElement('button');
    run.type = 'button';
    run.className = 'cron-run session-action';
    run.textContent = '▶';
    run.title = `Run ${job.id} now`;
    run.setAttribute('aria-label', `Run ${job.id} now`);
    run.addEventListener('click', async () => {
      try {
        await this.conn.request('cron.run', { id: job.id });
        this.notify(`Started ${job.id}`);
      } catch (err) {
        this.notify(`Could not run ${job.id}: ${err.message}`);
      }
    });
    const text = document.createElement('div');
    text.className = 'cron-text';
    text.append(name, meta);
    li.append(text, run);
    return li;
  }
}
