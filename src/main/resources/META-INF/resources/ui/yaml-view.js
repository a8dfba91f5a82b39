import { LitElement, html, css } from 'lit';
import { live } from 'lit/directives/live.js';

// The workflow's YAML, editable: typing re-validates and re-draws through the server. Lines with problems are
// marked in the gutter, lines the last edit changed are highlighted.
export class VfYaml extends LitElement {
  static properties = {
    text: { type: String },
    problems: { attribute: false },
    changed: { attribute: false },
    readonly: { type: Boolean },
  };

  static styles = css`
    :host { display: flex; border: 1px solid #d0d7de; border-radius: 6px; overflow: hidden; background: #fff;
      font: 12px/18px ui-monospace, SFMono-Regular, Menlo, monospace; }
    .gutter { overflow: hidden; background: #f6f8fa; color: #8c959f; text-align: right; min-width: 44px;
      border-right: 1px solid #d0d7de; padding: 6px 0; }
    .gutter div { padding: 0 6px; height: 18px; }
    .gutter .bad { background: #ffebe9; color: #cf222e; font-weight: 700; }
    .gutter .changed { background: #fff8c5; color: #9a6700; }
    textarea { flex: 1; border: 0; resize: none; outline: none; padding: 6px 8px; font: inherit; white-space: pre;
      overflow: auto; tab-size: 2; }
  `;

  lines() {
    const bad = new Map();
    for (const p of this.problems ?? []) bad.set(p.line, [...(bad.get(p.line) ?? []), p.text]);
    const count = (this.text ?? '').split('\n').length;
    return Array.from({ length: count }, (_, i) => i + 1).map((n) => html`<div
      class="${bad.has(n) ? 'bad' : ''} ${this.changed?.has(n) ? 'changed' : ''}" data-line=${n}
      title=${(bad.get(n) ?? []).join('\n')}>${bad.has(n) ? '● ' : ''}${n}</div>`);
  }

  scrollToLine(line) {
    const area = this.renderRoot.querySelector('textarea');
    area.scrollTop = Math.max(0, (line - 3) * 18);
  }

  render() {
    return html`<div class="gutter">${this.lines()}</div>
      <textarea spellcheck="false" ?readonly=${this.readonly} .value=${live(this.text ?? '')}
        @scroll=${(e) => { this.renderRoot.querySelector('.gutter').scrollTop = e.target.scrollTop; }}
        @input=${(e) => this.dispatchEvent(new CustomEvent('yaml-input', { detail: { text: e.target.value } }))}
        @keydown=${(e) => { if (e.key === 'Tab') { e.preventDefault(); document.execCommand('insertText', false, '  '); } }}
      ></textarea>`;
  }
}
customElements.define('vf-yaml', VfYaml);
