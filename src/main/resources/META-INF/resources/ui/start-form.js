import { LitElement, html, css } from 'lit';
import { api } from './api.js';

// Starts a run of a saved workflow; one field per variable the workflow expects from outside.
export class VfStartForm extends LitElement {
  static properties = { workflow: { type: String }, graph: { attribute: false }, error: { state: true } };

  static styles = css`
    dialog { border: 1px solid #d0d7de; border-radius: 8px; padding: 16px; min-width: 320px; }
    label { display: block; font: 600 12px ui-monospace, monospace; margin-top: 8px; }
    input { width: 100%; box-sizing: border-box; font: 13px ui-monospace, monospace; padding: 4px 6px; }
    .error { color: #cf222e; font-size: 12px; }
    button { margin-top: 12px; border-radius: 6px; padding: 5px 14px; cursor: pointer; }
    .primary { background: #1f883d; color: #fff; border: 1px solid #1a7f37; font-weight: 600; }
  `;

  variables() {
    return (this.graph?.nodes ?? []).filter((n) => n.kind === 'VARIABLE' && !n.name.startsWith('env: '))
      .map((n) => n.name);
  }

  async submit(e) {
    e.preventDefault();
    const vars = {};
    for (const input of e.target.querySelectorAll('input')) if (input.value !== '') vars[input.name] = input.value;
    try {
      const { id } = await api.start(this.workflow, vars);
      this.close();
      location.hash = `#/runs/${encodeURIComponent(id)}`;
    } catch (err) {
      this.error = err.message;
    }
  }

  close() { this.dispatchEvent(new CustomEvent('close', { bubbles: true, composed: true })); }

  render() {
    const vars = this.variables();
    return html`<dialog open id="start"><form @submit=${this.submit}>
      <b>Start a run of ${this.workflow}</b>
      ${vars.length ? vars.map((v) => html`<label>${v}</label><input name=${v}>`)
        : html`<p>This workflow needs no start variables.</p>`}
      ${this.error ? html`<p class="error">${this.error}</p>` : ''}
      <button class="primary" type="submit" id="start-run">Start run</button>
      <button type="button" @click=${this.close}>Cancel</button>
    </form></dialog>`;
  }
}
customElements.define('vf-start-form', VfStartForm);
