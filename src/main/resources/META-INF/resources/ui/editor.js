import { LitElement, html, css } from 'lit';
import { api, session } from './api.js';
import './graph.js';
import './palette.js';
import './properties.js';
import './yaml-view.js';
import './start-form.js';

const NEW_WORKFLOW = '# A new workflow: drag plugins onto the canvas, link their ports, then Save.\nworkflow:\n  name: "my-workflow"\n  tasks:\n';

function changedLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let ea = a.length - 1;
  let eb = b.length - 1;
  while (ea >= start && eb >= start && a[ea] === b[eb]) { ea--; eb--; }
  const lines = new Set();
  for (let i = start; i <= eb; i++) lines.add(i + 1);
  return lines;
}

// The workflow editor: palette, canvas, property panel and YAML view, all kept in sync by the server.
export class VfEditor extends LitElement {
  static properties = {
    name: { type: String }, // null for a new workflow
    yaml: { state: true },
    view: { state: true },
    plugins: { state: true },
    selected: { state: true },
    changed: { state: true },
    message: { state: true },
    linkAsk: { state: true },
    starting: { state: true },
    savedYaml: { state: true },
  };

  static styles = css`
    :host { display: grid; grid-template-columns: 200px 1fr 440px; grid-template-rows: auto 1fr auto; gap: 10px;
      height: calc(100vh - 70px); padding: 10px; box-sizing: border-box; }
    header { grid-column: 1 / 4; display: flex; gap: 8px; align-items: center; }
    header h2 { margin: 0 12px 0 0; font-size: 18px; }
    .status { font-size: 12px; padding: 2px 8px; border-radius: 10px; }
    .status.ok { background: #dafbe1; color: #116329; } .status.bad { background: #ffebe9; color: #82071e; }
    .message { font-size: 12px; color: #57606a; } .message.error { color: #cf222e; }
    button.primary { background: #1f883d; color: #fff; border: 1px solid #1a7f37; border-radius: 6px; padding: 5px 14px;
      font-weight: 600; cursor: pointer; }
    button.primary:disabled { opacity: .5; cursor: default; }
    button.secondary { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 5px 14px; cursor: pointer; }
    vf-palette { grid-row: 2 / 4; }
    vf-graph { grid-row: 2; }
    .side { grid-row: 2 / 4; grid-column: 3; display: grid; grid-template-rows: minmax(120px, 45%) 1fr; gap: 10px; min-height: 0; }
    vf-properties { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; background: #fff; }
    .problems { grid-column: 2; max-height: 130px; overflow: auto; font: 12px ui-monospace, monospace; }
    .problems div { padding: 2px 6px; cursor: pointer; border-radius: 4px; }
    .problems .error { color: #82071e; background: #ffebe9; margin-bottom: 2px; }
    .problems .warning { color: #7d4e00; background: #fff8c5; margin-bottom: 2px; }
    dialog { border: 1px solid #d0d7de; border-radius: 8px; padding: 16px; }
    dialog input { font: 13px ui-monospace, monospace; padding: 4px 6px; width: 260px; }
    :host(.readonly) { grid-template-columns: 0 1fr 440px; }
  `;

  async connectedCallback() {
    super.connectedCallback();
    this.readonly = !session.me.admin;
    this.classList.toggle('readonly', this.readonly);
    api.plugins().then((p) => { this.plugins = p; }).catch(() => { this.plugins = []; });
    if (this.name) {
      this.view = await api.graph(this.name);
      this.yaml = this.savedYaml = this.view.yaml;
    } else {
      await this.show(NEW_WORKFLOW);
    }
  }

  get file() { return `${this.view?.graph ? this.workflowName() : 'workflow'}.yaml`; }

  workflowName() {
    const match = /^\s+name:\s*"?([^"\n]+)"?/m.exec(this.yaml ?? '');
    return match ? match[1].trim() : this.name ?? 'workflow';
  }

  async show(text) {
    this.yaml = text;
    this.view = await api.view(text, this.file);
  }

  async apply(edit) {
    const before = this.yaml;
    try {
      const view = await api.edit(before, this.file, edit);
      this.view = view;
      this.yaml = view.yaml;
      this.changed = changedLines(before, view.yaml);
      this.message = null;
      await this.updateComplete;
      const first = Math.min(...this.changed);
      if (Number.isFinite(first)) this.renderRoot.querySelector('vf-yaml')?.scrollToLine(first);
      return view;
    } catch (e) {
      this.message = { error: true, text: e.message };
      return null;
    }
  }

  onYamlInput(text) {
    this.yaml = text;
    this.changed = null;
    clearTimeout(this.typing);
    this.typing = setTimeout(async () => {
      const view = await api.view(text, this.file).catch((e) => ({ error: e }));
      if (this.yaml === text && !view.error) this.view = view;
    }, 350);
  }

  async save() {
    try {
      const saved = await api.save(this.yaml, this.file);
      this.savedYaml = this.yaml;
      this.message = { text: `Saved ${saved.name} version ${saved.version}` };
      if (this.name !== saved.name) {
        this.name = saved.name;
        history.replaceState(null, '', `#/workflows/${encodeURIComponent(saved.name)}`);
      }
    } catch (e) {
      this.message = { error: true, text: `Not saved: ${e.message}` };
    }
  }

  async addTask(plugin) {
    const before = new Set(Object.keys(this.view?.tasks ?? {}));
    const view = await this.apply({ kind: 'ADD_TASK', plugin });
    const added = view && Object.keys(view.tasks).find((t) => !before.has(t));
    if (added) this.selected = added;
  }

  problemsByTask() {
    const by = {};
    for (const p of this.view?.problems ?? []) if (p.task && p.severity === 'error') (by[p.task] ??= []).push(p.text);
    return by;
  }

  render() {
    const view = this.view;
    const errors = (view?.problems ?? []).filter((p) => p.severity === 'error').length;
    const task = this.selected ? view?.tasks?.[this.selected] : null;
    const dirty = this.yaml !== this.savedYaml;
    return html`
      <header>
        <h2>${this.name ?? 'New workflow'}</h2>
        ${view ? html`<span class="status ${errors ? 'bad' : 'ok'}">${errors ? `${errors} problem${errors > 1 ? 's' : ''}` : 'valid'}</span>` : ''}
        ${this.readonly ? html`<span class="message">read-only: your role cannot save workflows</span>` : html`
          <button class="primary" id="save" ?disabled=${!dirty || errors > 0} @click=${this.save}>Save</button>`}
        ${session.me.operate ? html`<button class="secondary" id="run" ?disabled=${dirty || !this.name}
            title=${dirty ? 'Save first: runs start from a saved version' : 'Start a run'}
            @click=${() => { this.starting = true; }}>Run…</button>` : ''}
        ${this.message ? html`<span class="message ${this.message.error ? 'error' : ''}">${this.message.text}</span>` : ''}
      </header>
      ${this.readonly ? html`<div></div>` : html`<vf-palette .plugins=${this.plugins} @plugin-drop=${(e) => this.addTask(e.detail.plugin)}></vf-palette>`}
      <vf-graph .graph=${view?.graph} .problems=${this.problemsByTask()} selected=${this.selected ?? ''}
        ?editable=${!this.readonly} @task-select=${(e) => { this.selected = e.detail.task; }}
        @plugin-drop=${(e) => this.addTask(e.detail.plugin)}
        @link=${(e) => { this.linkAsk = e.detail; }}></vf-graph>
      <div class="side">
        <vf-properties .task=${task} .plugins=${this.plugins} ?readonly=${this.readonly}
          .problems=${(view?.problems ?? []).filter((p) => p.task && p.task === this.selected)}
          @set-field=${(e) => this.apply({ kind: 'SET', task: this.selected, path: e.detail.path, value: e.detail.value })}
          @rename=${async (e) => { if (await this.apply({ kind: 'RENAME', task: this.selected, name: e.detail.name })) this.selected = e.detail.name; }}
          @delete-task=${async () => { await this.apply({ kind: 'DELETE', task: this.selected }); this.selected = null; }}
        ></vf-properties>
        <vf-yaml .text=${this.yaml} .problems=${view?.problems} .changed=${this.changed} ?readonly=${this.readonly}
          @yaml-input=${(e) => this.onYamlInput(e.detail.text)}></vf-yaml>
      </div>
      <div class="problems">${(view?.problems ?? []).map((p) => html`<div class=${p.severity}
          @click=${() => { if (p.task) this.selected = p.task; this.renderRoot.querySelector('vf-yaml').scrollToLine(p.line); }}>
          ${p.text}</div>`)}</div>
      ${this.linkAsk ? this.linkDialog() : ''}
      ${this.starting ? html`<vf-start-form .workflow=${this.name} .graph=${view?.graph}
          @close=${() => { this.starting = false; }}></vf-start-form>` : ''}`;
  }

  linkDialog() {
    const { from, to, variable } = this.linkAsk;
    const submit = async (e) => {
      e.preventDefault();
      const name = e.target.querySelector('input').value.trim();
      this.linkAsk = null;
      if (name) await this.apply({ kind: 'LINK', from, to, variable: name });
    };
    return html`<dialog open id="link">
      <form @submit=${submit}>
        <p>Link <b>${from}</b> → <b>${to}</b> through variable:</p>
        <input name="variable" list="vars" .value=${variable} autofocus required pattern="[A-Za-z_][A-Za-z0-9_]*">
        <datalist id="vars">${(this.view?.variables ?? []).map((v) => html`<option value=${v}></option>`)}</datalist>
        <p><button class="primary" type="submit">Link</button>
          <button class="secondary" type="button" @click=${() => { this.linkAsk = null; }}>Cancel</button></p>
      </form></dialog>`;
  }
}
customElements.define('vf-editor', VfEditor);
