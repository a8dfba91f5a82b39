import { LitElement, html, css } from 'lit';

const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

// The selected task's fields: name, plugin, typed params from the plugin's descriptor (with its description),
// inputs, outputs, when, retries, timeout, permissions. Each change is sent as one edit of one key.
export class VfProperties extends LitElement {
  static properties = {
    task: { attribute: false },
    plugins: { attribute: false },
    problems: { attribute: false },
    readonly: { type: Boolean },
  };

  static styles = css`
    :host { display: block; overflow: auto; font-size: 13px; }
    h3 { margin: 0 0 8px; font-size: 14px; }
    label { display: block; margin: 8px 0 2px; font-weight: 600; font-size: 12px; }
    .type { font-weight: 400; color: #57606a; font-family: ui-monospace, monospace; }
    .desc { color: #57606a; font-size: 11px; margin-top: 2px; }
    input, select, textarea { width: 100%; box-sizing: border-box; font: 12px ui-monospace, monospace; padding: 4px 6px;
      border: 1px solid #d0d7de; border-radius: 4px; }
    textarea { min-height: 60px; resize: vertical; }
    .problem { background: #ffebe9; color: #82071e; border-radius: 4px; padding: 4px 6px; margin-bottom: 4px;
      font: 11px ui-monospace, monospace; white-space: pre-wrap; }
    fieldset { border: 1px solid #d0d7de; border-radius: 6px; margin: 10px 0; padding: 4px 8px 8px; }
    legend { font-size: 12px; color: #57606a; }
    .danger { margin-top: 12px; color: #cf222e; border: 1px solid #cf222e; background: #fff; border-radius: 4px;
      padding: 4px 10px; cursor: pointer; }
    .hint { color: #57606a; }
  `;

  set(path, value) {
    this.dispatchEvent(new CustomEvent('set-field', { detail: { path, value: value === '' ? null : value } }));
  }

  field(label, value, path, { type = 'text', multi = false, description = '', placeholder = '', asList = false } = {}) {
    const onChange = (e) => this.set(path, asList ? list(e.target.value) : e.target.value);
    const shown = asList ? (value ?? []).join(', ') : value ?? '';
    return html`<label>${label}</label>
      ${multi ? html`<textarea name=${path.join('.')} ?readonly=${this.readonly} placeholder=${placeholder}
          .value=${shown} @change=${onChange}></textarea>`
        : html`<input name=${path.join('.')} type=${type} ?readonly=${this.readonly} placeholder=${placeholder}
          .value=${shown} @change=${onChange}>`}
      ${description ? html`<div class="desc">${description}</div>` : ''}`;
  }

  param(p, value) {
    const label = html`${p.name} <span class="type">${p.type.toLowerCase()}${p.required ? ' · required' : ''}</span>`;
    const placeholder = p.defaultValue != null ? `default: ${p.defaultValue}` : p.example ? `e.g. ${p.example}` : '';
    const path = ['params', p.name];
    if (p.type === 'BOOLEAN') {
      return html`<label>${label}</label><select name=${path.join('.')} ?disabled=${this.readonly}
          @change=${(e) => this.set(path, e.target.value)}>
          ${['', 'true', 'false'].map((o) => html`<option value=${o} ?selected=${(value ?? '') === o}>${o || '(default)'}</option>`)}
        </select><div class="desc">${p.description}</div>`;
    }
    const multi = p.type === 'STRING' && (p.name === 'command' || (value ?? '').includes('\n'));
    return this.field(label, value, path, { type: p.type === 'INTEGER' ? 'number' : 'text', multi,
      description: p.description, placeholder });
  }

  render() {
    const t = this.task;
    if (!t) return html`<p class="hint">Select a task to see its properties.</p>`;
    const descriptor = (this.plugins ?? []).find((p) => p.name === t.plugin);
    const described = new Set((descriptor?.params ?? []).map((p) => p.name));
    const extra = Object.keys(t.params).filter((k) => !described.has(k));
    return html`
      <h3>Task ${t.name}</h3>
      ${(this.problems ?? []).map((p) => html`<div class="problem">${p.text}</div>`)}
      <label>name</label>
      <input name="name" ?readonly=${this.readonly} .value=${t.name} @change=${(e) =>
        this.dispatchEvent(new CustomEvent('rename', { detail: { name: e.target.value } }))}>
      <label>plugin</label>
      <select name="plugin" ?disabled=${this.readonly} @change=${(e) => this.set(['plugin'], e.target.value)}>
        ${descriptor ? '' : html`<option selected>${t.plugin}</option>`}
        ${(this.plugins ?? []).map((p) => html`<option ?selected=${p.name === t.plugin}>${p.name}</option>`)}
      </select>
      ${descriptor ? html`<div class="desc">${descriptor.summary}</div>` : ''}
      <fieldset><legend>params</legend>
        ${(descriptor?.params ?? []).map((p) => this.param(p, t.params[p.name]))}
        ${extra.map((k) => this.field(k, t.params[k], ['params', k], { multi: t.params[k].includes('\n') }))}
        ${!descriptor?.params?.length && !extra.length ? html`<div class="desc">This plugin takes no params.</div>` : ''}
      </fieldset>
      ${this.field('inputs', t.inputs, ['inputs'], { asList: true, description: 'Variables that fire the task when all are set' })}
      ${this.field('outputs', t.outputs, ['outputs'], { asList: true, description: 'Variables it may set (* for any)' })}
      ${this.field('when', t.when, ['when'], { description: 'CEL condition over the inputs; false skips the task' })}
      ${this.field('retries', t.retries, ['execution', 'retries'], { type: 'number', description: 'Most attempts, the first included' })}
      ${this.field('timeout', t.timeout, ['execution', 'timeout'], { placeholder: 'e.g. 30s, 5m' })}
      ${this.field('permissions', t.permissions, ['permissions', 'required'], { asList: true })}
      ${this.readonly ? '' : html`<button class="danger" @click=${() =>
        this.dispatchEvent(new CustomEvent('delete-task'))}>Delete task</button>`}`;
  }
}
customElements.define('vf-properties', VfProperties);
