import { LitElement, html, css } from 'lit';
import { api, session } from './api.js';
import './workflows.js';
import './runs.js';
import './run.js';
import './editor.js';

// The shell: who is signed in, the navigation, and the page the location's hash names.
//   #/workflows  #/workflows/NAME  #/new  #/runs  #/runs/ID
export class VfApp extends LitElement {
  static properties = { route: { state: true }, ready: { state: true }, error: { state: true } };

  static styles = css`
    :host { display: block; min-height: 100vh; background: #f6f8fa; }
    nav { display: flex; align-items: center; gap: 18px; padding: 0 20px; height: 48px; background: #24292f; color: #fff; }
    nav .brand { font-weight: 700; font-size: 16px; letter-spacing: .3px; }
    nav a { color: #d0d7de; text-decoration: none; font-size: 14px; }
    nav a.active { color: #fff; font-weight: 600; }
    nav .me { margin-left: auto; font-size: 12px; color: #d0d7de; }
    main { padding: 0; }
    vf-run { padding: 10px 16px; }
    .error { padding: 20px; color: #cf222e; }
  `;

  constructor() {
    super();
    this.route = location.hash || '#/workflows';
    window.addEventListener('hashchange', () => { this.route = location.hash || '#/workflows'; });
  }

  async connectedCallback() {
    super.connectedCallback();
    try {
      session.me = await api.me();
      this.ready = true;
    } catch (e) {
      this.error = `Expected to read who you are from /api/me, but: ${e.message}`;
    }
  }

  page() {
    const [, section, id] = this.route.split('/').map(decodeURIComponent);
    if (section === 'new') return html`<vf-editor></vf-editor>`;
    if (section === 'workflows' && id) return html`<vf-editor .name=${id}></vf-editor>`;
    if (section === 'runs' && id) return html`<vf-run .runId=${id}></vf-run>`;
    if (section === 'runs') return html`<vf-runs></vf-runs>`;
    return html`<vf-workflows></vf-workflows>`;
  }

  render() {
    const section = this.route.split('/')[1];
    const me = session.me;
    return html`<nav>
        <span class="brand">Varflow</span>
        <a href="#/workflows" class=${section === 'workflows' || section === 'new' ? 'active' : ''}>Workflows</a>
        <a href="#/runs" class=${section === 'runs' ? 'active' : ''}>Runs</a>
        ${this.ready ? html`<span class="me" id="me">${me.name} · ${me.roles[me.roles.length - 1] ?? 'no role'}</span>` : ''}
      </nav>
      ${this.error ? html`<p class="error">${this.error}</p>` : ''}
      <main>${this.ready ? this.page() : ''}</main>`;
  }
}
customElements.define('vf-app', VfApp);
