import { LitElement, html, css } from 'lit';

// Every installed plugin, from its descriptor; drag one onto the canvas (or press +) to add a task running it.
export class VfPalette extends LitElement {
  static properties = { plugins: { attribute: false } };

  static styles = css`
    :host { display: block; overflow: auto; }
    h3 { font-size: 12px; text-transform: uppercase; color: #57606a; margin: 4px 0 8px; }
    .plugin { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 8px; margin-bottom: 6px; background: #fff;
      cursor: grab; display: flex; gap: 6px; align-items: start; }
    .plugin:hover { border-color: #0969da; }
    .name { font: 600 13px ui-monospace, monospace; }
    .summary { font-size: 11px; color: #57606a; }
    button { margin-left: auto; border: 1px solid #d0d7de; background: #f6f8fa; border-radius: 4px; cursor: pointer; }
  `;

  render() {
    return html`<h3>Plugins</h3>${(this.plugins ?? []).map((p) => html`
      <div class="plugin" draggable="true" data-plugin=${p.name} title=${p.summary}
          @dragstart=${(e) => { e.dataTransfer.setData('application/x-varflow-plugin', p.name); e.dataTransfer.effectAllowed = 'copy'; }}>
        <div><div class="name">${p.name}</div><div class="summary">${p.summary}</div></div>
        <button title="Add a ${p.name} task" @click=${() => this.dispatchEvent(new CustomEvent('plugin-drop',
          { detail: { plugin: p.name }, bubbles: true, composed: true }))}>+</button>
      </div>`)}`;
  }
}
customElements.define('vf-palette', VfPalette);
