import { LitElement, html, css } from 'lit';
import { api } from './api.js';
import { tableStyles, statusBadge, when } from './common.js';

const STATUSES = ['', 'RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'STALLED', 'CANCELLED'];
const PERIODS = { '': 0, '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };

// Runs, newest first, filtered by status, workflow and age; refreshed every two seconds while shown.
export class VfRuns extends LitElement {
  static properties = { rows: { state: true }, status: { state: true }, workflow: { state: true },
    period: { state: true }, error: { state: true } };
  static styles = [tableStyles, css`.filters { display: flex; gap: 12px; margin-bottom: 10px; align-items: center; }`];

  constructor() { super(); this.status = ''; this.workflow = ''; this.period = ''; }

  connectedCallback() {
    super.connectedCallback();
    this.refresh();
    this.timer = setInterval(() => this.refresh(), 2000);
  }

  disconnectedCallback() { super.disconnectedCallback(); clearInterval(this.timer); }

  async refresh() {
    try {
      const rows = await api.runs(this.status, this.workflow.trim());
      const since = PERIODS[this.period] ? Date.now() - PERIODS[this.period] : 0;
      this.rows = rows.filter((r) => !since || Date.parse(r.createdAt) >= since);
      this.error = null;
    } catch (e) { this.error = e.message; }
  }

  set(field, value) { this[field] = value; this.refresh(); }

  render() {
    return html`<h2>Runs</h2>
      <div class="filters">
        <label>Status <select id="status" @change=${(e) => this.set('status', e.target.value)}>
          ${STATUSES.map((s) => html`<option value=${s}>${s || 'any'}</option>`)}</select></label>
        <label>Workflow <input id="workflow" placeholder="name" @change=${(e) => this.set('workflow', e.target.value)}></label>
        <label>Started <select id="period" @change=${(e) => this.set('period', e.target.value)}>
          ${Object.keys(PERIODS).map((p) => html`<option value=${p}>${p ? `in the last ${p}` : 'any time'}</option>`)}</select></label>
        ${this.error ? html`<span class="error">${this.error}</span>` : ''}
      </div>
      <table><thead><tr><th>Run</th><th>Workflow</th><th>Status</th><th>Started</th><th>Finished</th></tr></thead>
        <tbody>${(this.rows ?? []).map((r) => html`<tr data-run=${r.id}>
          <td><a href="#/runs/${r.id}"><code>${r.id}</code></a></td><td>${r.workflow}</td>
          <td>${statusBadge(r.status)}</td><td>${when(r.createdAt)}</td><td>${when(r.finishedAt)}</td></tr>`)}</tbody>
      </table>`;
  }
}
customElements.define('vf-runs', VfRuns);
