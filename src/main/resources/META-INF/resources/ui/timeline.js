import { LitElement, html, css } from 'lit';

const detail = (entry) => { try { return JSON.parse(entry.detail ?? '{}') ?? {}; } catch { return {}; } };

// Replays a run's history step by step: which variables were set when, and which tasks fired because of them.
// Emits 'step' with the graph's states, variable values and the highlighted tasks and variables at that step.
export class VfTimeline extends LitElement {
  static properties = { history: { attribute: false }, graph: { attribute: false }, step: { state: true } };

  static styles = css`
    :host { display: block; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 10px; font-size: 12px; }
    input[type=range] { width: 100%; }
    .now { font: 12px ui-monospace, monospace; min-height: 18px; }
    .kind { font-weight: 700; }
  `;

  constructor() { super(); this.step = 0; }

  willUpdate(changed) {
    if (changed.has('history') && this.history) this.step = Math.min(this.step, this.history.length);
  }

  updated(changed) { if (changed.has('step') || changed.has('history')) this.emit(); }

  emit() {
    const states = {};
    const values = {};
    const entries = (this.history ?? []).slice(0, this.step);
    for (const e of entries) {
      const d = detail(e);
      if (e.type === 'TASK_STARTED' && e.task) states[e.task] = 'RUNNING';
      if (e.type === 'TASK_FINISHED' && e.task) states[e.task] = d.state;
      if (e.type === 'VARIABLE') values[d.name] = d.value;
    }
    const last = entries[entries.length - 1];
    const lit = { tasks: new Set(), variables: new Set() };
    const edges = this.graph?.edges ?? [];
    if (last?.type === 'VARIABLE') {
      const name = detail(last).name;
      lit.variables.add(name);
      edges.filter((e) => e.variable === name).forEach((e) => lit.tasks.add(e.to));
    } else if (last?.type === 'TASK_STARTED') {
      lit.tasks.add(last.task);
      edges.filter((e) => e.to === last.task && e.variable).forEach((e) => lit.variables.add(e.variable));
    }
    this.dispatchEvent(new CustomEvent('step', { detail: { states, values, lit } }));
  }

  describe(e) {
    if (!e) return 'Before the run: nothing set yet. Move the slider to replay.';
    const d = detail(e);
    const at = new Date(e.at).toLocaleTimeString(undefined, { hour12: false }) + `.${String(new Date(e.at).getMilliseconds()).padStart(3, '0')}`;
    const text = {
      VARIABLE: () => `${d.name} = ${d.value}${e.task ? ` (set by ${e.task})` : ''}`,
      TASK_STARTED: () => `${e.task} fired (attempt ${d.attempt ?? 1}${d.worker ? ` on ${d.worker}` : ''})`,
      TASK_FINISHED: () => `${e.task} ${d.state}${d.exitCode != null ? `, exit code ${d.exitCode}` : ''}${d.error ? `: ${d.error}` : ''}`,
    }[e.type];
    return html`${at} <span class="kind">${e.type}</span> ${text ? text() : (e.task ?? '')} ${!text && e.detail ? e.detail : ''}`;
  }

  render() {
    const n = this.history?.length ?? 0;
    return html`<label>Timeline: step <b>${this.step}</b> of ${n}</label>
      <input type="range" min="0" max=${n} .value=${String(this.step)} @input=${(e) => { this.step = Number(e.target.value); }}>
      <div class="now">${this.describe(this.history?.[this.step - 1])}</div>`;
  }
}
customElements.define('vf-timeline', VfTimeline);
