import { LitElement, html, css } from 'lit';
import { api, session } from './api.js';
import { tableStyles, statusBadge, when } from './common.js';
import './graph.js';
import './timeline.js';

const ACTIVE = ['RUNNING', 'PAUSED'];

// One run: its graph coloured live by task state (server-sent events), why it failed or stalled, the selected
// task's attempts, exit code, output and items, the control buttons, and the timeline replay.
export class VfRun extends LitElement {
  static properties = { runId: { type: String }, run: { state: true }, graph: { state: true }, selected: { state: true },
    message: { state: true }, replaying: { state: true }, history: { state: true }, frame: { state: true } };

  static styles = [tableStyles, css`
    :host { display: grid; grid-template-columns: 1fr 420px; grid-template-rows: auto auto 1fr auto; gap: 10px;
      height: calc(100vh - 70px); box-sizing: border-box; }
    header { grid-column: 1 / 3; display: flex; gap: 10px; align-items: center; }
    header h2 { margin: 0; }
    .why { grid-row: 2; grid-column: 1 / 3; padding: 8px 12px; border-radius: 6px; font-size: 13px; }
    .why.bad { background: #ffebe9; color: #82071e; } .why.wait { background: #fff8c5; color: #7d4e00; }
    .why:empty { display: none; }
    vf-graph { grid-row: 3; grid-column: 1; min-height: 260px; }
    vf-timeline { grid-row: 4; grid-column: 1; }
    .task-panel { grid-row: 3 / 5; grid-column: 2; overflow: auto; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px; font-size: 13px; }
    .task-panel dl { display: grid; grid-template-columns: 110px 1fr; gap: 4px 8px; margin: 0 0 8px; }
    .task-panel dt { color: #57606a; }
    pre { background: #f6f8fa; padding: 6px; border-radius: 4px; max-height: 220px; overflow: auto; font-size: 12px; white-space: pre-wrap; }
    table { font-size: 12px; }
    .msg { font-size: 12px; color: #57606a; }
  `];

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.events?.close();
    clearInterval(this.poll);
  }

  async load() {
    try {
      this.run = await api.run(this.runId);
    } catch (e) { this.message = e.message; return; }
    this.graph = (await api.graph(this.run.workflow, this.run.version)).graph;
    this.selected ??= this.run.tasks.find((t) => ['FAILED', 'TIMED_OUT'].includes(t.state))?.name;
    this.listen();
  }

  listen() {
    this.events?.close();
    clearInterval(this.poll);
    if (!ACTIVE.includes(this.run.status)) return;
    this.events = api.events(this.runId);
    this.events.onmessage = () => this.refreshSoon();
    this.events.onerror = () => { this.events.close(); this.refreshSoon(); };
    // Pauses and resumes are not task events: a slow poll keeps the header right between events.
    this.poll = setInterval(() => this.refresh(), 2000);
  }

  refreshSoon() { clearTimeout(this.soon); this.soon = setTimeout(() => this.refresh(), 150); }

  async refresh() {
    const before = this.run?.status;
    this.run = await api.run(this.runId);
    if (this.replaying) this.history = await api.history(this.runId);
    if (!ACTIVE.includes(this.run.status)) { this.events?.close(); clearInterval(this.poll); }
    else if (!ACTIVE.includes(before)) this.listen();
  }

  async control(action) {
    try {
      const answer = await api.control(this.runId, action);
      this.message = answer.pending ? `${action}: requested, waiting for the gate` : `${action}: ${answer.status ?? 'done'}`;
    } catch (e) { this.message = `${action} refused: ${e.message}`; }
    await this.refresh();
    this.listen();
  }

  async toggleReplay() {
    this.replaying = !this.replaying;
    this.frame = null;
    if (this.replaying) this.history = await api.history(this.runId);
  }

  why() {
    const r = this.run;
    if (r.status === 'FAILED' || r.status === 'CANCELLED') {
      const failed = r.tasks.filter((t) => ['FAILED', 'TIMED_OUT'].includes(t.state));
      return html`<div class="why bad">${r.status}${r.error ? `: ${r.error}` : ''}
        ${failed.map((t) => html`<div>Task <b>${t.name}</b> ${t.state}${t.exitCode != null ? ` with exit code ${t.exitCode}` : ''}${t.error ? `: ${t.error}` : ''}</div>`)}</div>`;
    }
    if (r.status === 'STALLED' || (r.status === 'RUNNING' && Object.keys(r.waiting ?? {}).length)) {
      return html`<div class="why wait">${r.status === 'STALLED' ? 'STALLED: no task can fire any more. ' : ''}
        ${Object.entries(r.waiting ?? {}).map(([task, vars]) => html`<div><b>${task}</b> waits for ${vars.join(', ')}</div>`)}</div>`;
    }
    const pending = r.tasks.filter((t) => t.waitingFor?.length);
    const waits = pending.map((t) => html`<div><b>${t.name}</b> waits for ${t.waitingFor.join(', ')}</div>`);
    if (r.status === 'PAUSED') return html`<div class="why wait">Paused: running tasks finish, nothing new fires until resumed.${waits}</div>`;
    return html`<div class="why">${ACTIVE.includes(r.status) ? waits : ''}</div>`;
  }

  taskPanel() {
    const t = this.run.tasks.find((x) => x.name === this.selected);
    if (!t) return html`<p class="msg">Select a task in the graph to see its attempts, exit code and output.</p>`;
    return html`<h3>${t.name} ${statusBadge(t.state)}</h3>
      <dl>
        <dt>plugin</dt><dd>${t.plugin}</dd>
        <dt>attempts</dt><dd>${t.attempts}</dd>
        ${t.worker ? html`<dt>worker</dt><dd>${t.worker}</dd>` : ''}
        <dt>exit code</dt><dd class="exit-code">${t.exitCode ?? '—'}</dd>
        ${t.durationMs != null ? html`<dt>duration</dt><dd>${t.durationMs} ms</dd>` : ''}
        ${t.waitingFor?.length ? html`<dt>waits for</dt><dd>${t.waitingFor.join(', ')}</dd>` : ''}
        ${t.nextAttemptAt ? html`<dt>next attempt</dt><dd>${when(t.nextAttemptAt)}</dd>` : ''}
      </dl>
      ${t.error ? html`<b>Error</b><pre class="task-error">${t.error}</pre>` : ''}
      ${t.output ? html`<b>Output</b><pre>${t.output}</pre>` : ''}
      ${t.history?.length ? html`<b>Attempts</b><table><tr><th>#</th><th>state</th><th>exit</th><th>worker</th><th>error</th></tr>
        ${t.history.map((a) => html`<tr><td>${a.runAttempt}.${a.attempt}</td><td>${a.state}</td><td>${a.exitCode ?? ''}</td>
          <td>${a.worker ?? ''}</td><td>${a.error ?? ''}</td></tr>`)}</table>` : ''}
      ${t.items?.length ? html`<b>Fan-out items</b><table><tr><th>item</th><th>state</th><th>exit</th><th>outputs</th></tr>
        ${t.items.map((i) => html`<tr><td>${i.name}</td><td>${i.state}</td><td>${i.exitCode ?? ''}</td>
          <td>${Object.entries(i.outputs ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')}</td></tr>`)}</table>` : ''}`;
  }

  render() {
    const r = this.run;
    if (!r) return html`<p>${this.message ?? 'Loading…'}</p>`;
    const states = this.frame?.states ?? Object.fromEntries(r.tasks.map((t) => [t.name, t.state]));
    const values = this.frame?.values ?? r.variables;
    const op = session.me.operate;
    return html`
      <header>
        <h2>${r.workflow} <small>v${r.version}</small></h2> <span id="run-status">${statusBadge(r.status)}</span>
        <code>${r.id}</code>
        ${op && r.status === 'RUNNING' ? html`<button id="pause" @click=${() => this.control('pause')}>Pause</button>` : ''}
        ${op && r.status === 'PAUSED' ? html`<button id="resume" @click=${() => this.control('resume')}>Resume</button>` : ''}
        ${op && ACTIVE.includes(r.status) ? html`<button id="cancel" @click=${() => this.control('cancel')}>Cancel</button>` : ''}
        ${op && ['FAILED', 'STALLED'].includes(r.status) ? html`<button id="replay" @click=${() => this.control('replay')}>Replay</button>` : ''}
        <button id="timeline" @click=${this.toggleReplay}>${this.replaying ? 'Live view' : 'Replay timeline'}</button>
        ${this.message ? html`<span class="msg">${this.message}</span>` : ''}
      </header>
      ${this.why()}
      <vf-graph .graph=${this.graph} .states=${states} .values=${values} .lit=${this.frame?.lit}
        selected=${this.selected ?? ''} @task-select=${(e) => { this.selected = e.detail.task; }}></vf-graph>
      <div class="task-panel">${this.taskPanel()}</div>
      ${this.replaying ? html`<vf-timeline .history=${this.history} .graph=${this.graph}
        @step=${(e) => { this.frame = e.detail; }}></vf-timeline>` : html`<div></div>`}`;
  }
}
customElements.define('vf-run', VfRun);
