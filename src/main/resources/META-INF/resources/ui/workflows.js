import { LitElement, html, css } from 'lit';
import { api, session } from './api.js';
import { tableStyles, statusBadge, when } from './common.js';

// Every registered workflow once: latest version, versions, schedule, latest runs.
export class VfWorkflows extends LitElement {
  static properties = { rows: { state: true }, error: { state: true } };
  static styles = [tableStyles, css`.new { float: right; }`];

  connectedCallback() {
    super.connectedCallback();
    api.workflows().then((rows) => { this.rows = rows; }).catch((e) => { this.error = e.message; });
  }

  render() {
    return html`
      ${session.me.admin ? html`<a class="button new" href="#/new">New workflow</a>` : ''}
      <h2>Workflows</h2>
      ${this.error ? html`<p class="error">${this.error}</p>` : ''}
      <table>
        <thead><tr><th>Name</th><th>Version</th><th>Versions</th><th>Schedule</th><th>Latest runs</th><th>Updated</th></tr></thead>
        <tbody>${(this.rows ?? []).map((w) => html`<tr data-workflow=${w.name}>
          <td><a href="#/workflows/${encodeURIComponent(w.name)}">${w.name}</a></td>
          <td>${w.latestVersion}</td><td>${w.versions}</td><td><code>${w.schedule ?? '—'}</code></td>
          <td>${w.lastRuns.map((r) => html`<a href="#/runs/${r.id}" title=${`${r.id} ${when(r.createdAt)}`}>${statusBadge(r.status)}</a> `)}</td>
          <td>${when(w.updatedAt)}</td></tr>`)}
        </tbody>
      </table>
      ${this.rows && !this.rows.length ? html`<p>No workflow registered yet.</p>` : ''}`;
  }
}
customElements.define('vf-workflows', VfWorkflows);
