import { LitElement, html, svg, css } from 'lit';

const short = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

// Draws a laid-out workflow graph (the server computes the layout) as SVG; pans, zooms, fits.
// In editable mode, dragging from an output port onto a task asks to link them; plugins dropped on it are added.
export class VfGraph extends LitElement {
  static properties = {
    graph: { attribute: false },
    states: { attribute: false }, // task -> state, in a run
    values: { attribute: false }, // variable -> value, in a run
    problems: { attribute: false }, // task -> [problem text]
    lit: { attribute: false }, // { tasks: Set, variables: Set } highlighted by the timeline
    selected: { type: String },
    editable: { type: Boolean },
    view: { state: true },
    linking: { state: true },
  };

  static styles = css`
    :host { display: block; position: relative; overflow: hidden; background: #fafbfc; border: 1px solid #d0d7de;
      border-radius: 6px; min-height: 300px; }
    svg { width: 100%; height: 100%; display: block; cursor: grab; user-select: none; }
    .tools { position: absolute; right: 8px; top: 8px; display: flex; gap: 4px; }
    .tools button { font: inherit; width: 30px; height: 28px; border: 1px solid #d0d7de; background: #fff;
      border-radius: 4px; cursor: pointer; }
    .empty { position: absolute; inset: 0; display: grid; place-items: center; color: #57606a; pointer-events: none; }
    .node rect.box { fill: #fff; stroke: #8c959f; stroke-width: 1.2; }
    .node.variable rect.box { fill: #f6f8fa; stroke-dasharray: 4 3; }
    .node.split rect.box { stroke: #c79100; stroke-width: 2.4; }
    .node.join rect.box { stroke: #1565c0; stroke-width: 2.4; }
    .node.selected rect.box { stroke: #0969da; stroke-width: 3; }
    .node.state-RUNNING rect.box, .node.state-ACTIVATED rect.box { fill: #ddf4ff; }
    .node.state-RETRY_WAIT rect.box { fill: #fff8c5; }
    .node.state-SUCCEEDED rect.box { fill: #dafbe1; }
    .node.state-FAILED rect.box, .node.state-TIMED_OUT rect.box { fill: #ffebe9; }
    .node.state-SKIPPED rect.box { fill: #eaeef2; }
    .node.lit rect.box { stroke: #8250df; stroke-width: 3; }
    .node.problem rect.box { stroke: #cf222e; stroke-width: 2.4; }
    .title { font: 600 13px system-ui, sans-serif; fill: #1f2328; }
    .plugin { font: 11px ui-monospace, monospace; fill: #57606a; }
    .state { font: 10px system-ui, sans-serif; fill: #57606a; }
    .badge { font: 700 9px system-ui, sans-serif; letter-spacing: .5px; }
    .badge.split { fill: #9a6700; } .badge.join { fill: #0b4f99; }
    .portname { font: 10px ui-monospace, monospace; fill: #57606a; }
    .port { fill: #fff; stroke: #57606a; stroke-width: 1.2; }
    .editable .port.out { cursor: crosshair; fill: #ddf4ff; }
    .edge polyline { fill: none; stroke: #8c959f; stroke-width: 1.4; marker-end: url(#arrow); }
    .edge.after polyline { stroke-dasharray: 5 4; }
    .edge.set polyline { stroke: #1a7f37; stroke-width: 2; }
    .edge.lit polyline { stroke: #8250df; stroke-width: 3; }
    .edge rect { fill: #fff; stroke: #d0d7de; }
    .edge.set rect { fill: #dafbe1; stroke: #1a7f37; }
    .edge text { font: 10px ui-monospace, monospace; fill: #24292f; }
    .problem-badge { fill: #cf222e; } .problem-badge + text { fill: #fff; font: 700 11px sans-serif; }
    .linkline { stroke: #0969da; stroke-width: 2; stroke-dasharray: 4 3; pointer-events: none; }
  `;

  constructor() {
    super();
    this.view = { x: 0, y: 0, k: 1 };
    this.fitted = null;
  }

  updated(changed) {
    // Every new layout is fitted until the person pans or zooms; then their view is kept.
    if (changed.has('graph') && this.graph && !this.moved) this.fit();
  }

  fit() {
    const box = this.getBoundingClientRect();
    if (!this.graph || !box.width) return;
    const k = Math.min(1.2, (box.width - 24) / this.graph.width, (box.height - 24) / this.graph.height);
    this.view = { k, x: (box.width - this.graph.width * k) / 2, y: (box.height - this.graph.height * k) / 2 };
  }

  zoom(factor, cx, cy) {
    const box = this.getBoundingClientRect();
    const px = cx ?? box.width / 2;
    const py = cy ?? box.height / 2;
    const k = Math.max(0.05, Math.min(4, this.view.k * factor));
    const ratio = k / this.view.k;
    this.view = { k, x: px - (px - this.view.x) * ratio, y: py - (py - this.view.y) * ratio };
    this.moved = true;
  }

  toGraph(event) {
    const box = this.renderRoot.querySelector('svg').getBoundingClientRect();
    return { x: (event.clientX - box.left - this.view.x) / this.view.k, y: (event.clientY - box.top - this.view.y) / this.view.k };
  }

  onWheel(event) {
    event.preventDefault();
    const box = this.getBoundingClientRect();
    this.zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - box.left, event.clientY - box.top);
  }

  onDown(event) {
    const port = event.target.closest?.('.port.out');
    if (this.editable && port) {
      const p = this.toGraph(event);
      this.linking = { from: port.dataset.task, variable: port.dataset.port, x1: p.x, y1: p.y, x2: p.x, y2: p.y };
      event.preventDefault();
      return;
    }
    this.pan = { sx: event.clientX, sy: event.clientY, x: this.view.x, y: this.view.y, moved: false };
  }

  onMove(event) {
    if (this.linking) {
      const p = this.toGraph(event);
      this.linking = { ...this.linking, x2: p.x, y2: p.y };
    } else if (this.pan) {
      const dx = event.clientX - this.pan.sx;
      const dy = event.clientY - this.pan.sy;
      if (Math.abs(dx) + Math.abs(dy) > 3) this.pan.moved = this.moved = true;
      this.view = { ...this.view, x: this.pan.x + dx, y: this.pan.y + dy };
    }
  }

  onUp(event) {
    const node = event.target.closest?.('g[data-task]');
    if (this.linking) {
      const { from, variable } = this.linking;
      this.linking = null;
      if (node && node.dataset.task !== from && node.dataset.kind === 'TASK') {
        this.emit('link', { from, to: node.dataset.task, variable: variable === '*' ? '' : variable });
      }
      return;
    }
    if (this.pan && !this.pan.moved && node) this.emit('task-select', { task: node.dataset.task });
    this.pan = null;
  }

  onDrop(event) {
    event.preventDefault();
    const plugin = event.dataTransfer.getData('application/x-varflow-plugin');
    if (plugin && this.editable) this.emit('plugin-drop', { plugin });
  }

  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  render() {
    const g = this.graph;
    const v = this.view;
    return html`
      <svg class=${this.editable ? 'editable' : ''} @wheel=${this.onWheel} @mousedown=${this.onDown}
          @mousemove=${this.onMove} @mouseup=${this.onUp} @mouseleave=${() => { this.pan = null; this.linking = null; }}
          @dragover=${(e) => e.preventDefault()} @drop=${this.onDrop}>
        <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
          orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8c959f"/></marker></defs>
        <g transform="translate(${v.x},${v.y}) scale(${v.k})">
          ${g ? g.edges.map((e) => this.edge(e)) : ''}
          ${g ? g.nodes.map((n) => this.node(n)) : ''}
          ${this.linking ? svg`<line class="linkline" x1=${this.linking.x1} y1=${this.linking.y1}
              x2=${this.linking.x2} y2=${this.linking.y2}></line>` : ''}
        </g>
      </svg>
      ${!g || g.nodes.length === 0 ? html`<div class="empty">${this.editable
        ? 'Drag a plugin from the palette here to add a task' : 'No tasks'}</div>` : ''}
      <div class="tools">
        <button title="Zoom in" @click=${() => this.zoom(1.25)}>+</button>
        <button title="Zoom out" @click=${() => this.zoom(0.8)}>−</button>
        <button title="Fit" class="fit" @click=${() => { this.moved = false; this.fit(); }}>⤢</button>
      </div>`;
  }

  edge(e) {
    const value = e.variable && this.values ? this.values[e.variable] : undefined;
    const set = value !== undefined && e.kind === 'DATA';
    const lit = this.lit?.variables?.has(e.variable) && this.lit?.tasks?.has(e.to);
    const text = e.kind === 'AFTER' ? 'after' : e.variable;
    const shown = set ? `= ${short(value, 16)}` : '';
    const w = Math.max(text.length * 6.6 + 8, shown.length * 6.2 + 8);
    const l = e.points[0] && e.labelX != null;
    return svg`<g class="edge ${e.kind.toLowerCase()} ${set ? 'set' : ''} ${lit ? 'lit' : ''}"
        data-from=${e.from} data-to=${e.to} data-variable=${e.variable ?? ''}>
      <polyline points=${e.points.map((p) => `${p.x},${p.y}`).join(' ')}></polyline>
      ${l ? svg`<rect x=${e.labelX} y=${e.labelY - 1} width=${w} height=${set ? 28 : 16} rx="3"></rect>
        <text class="edgelabel" x=${e.labelX + 4} y=${e.labelY + 11}>${text}${set ? svg`<tspan class="value"
          x=${e.labelX + 4} dy="12">${shown}</tspan>` : ''}</text>${set ? svg`<title>${e.variable}=${value}</title>` : ''}` : ''}
    </g>`;
  }

  node(n) {
    const state = this.states?.[n.id];
    const problems = this.problems?.[n.id] ?? [];
    const classes = ['node', n.kind.toLowerCase(), n.split ? 'split' : '', n.join ? 'join' : '',
      state ? `state-${state}` : '', this.selected === n.id ? 'selected' : '', problems.length ? 'problem' : '',
      this.lit?.tasks?.has(n.id) ? 'lit' : ''].join(' ');
    if (n.kind === 'VARIABLE') {
      return svg`<g class=${classes} transform="translate(${n.x},${n.y})" data-task=${n.id} data-kind=${n.kind}>
        <rect class="box" width=${n.width} height=${n.height} rx=${n.height / 2}></rect>
        <text class="plugin" x="14" y=${n.height / 2 + 4}>${n.name}</text></g>`;
    }
    return svg`<g class=${classes} transform="translate(${n.x},${n.y})" data-task=${n.id} data-kind=${n.kind}
        data-state=${state ?? ''}>
      <title>${[n.name, n.plugin, state, ...problems].filter(Boolean).join('\n')}</title>
      <rect class="box" width=${n.width} height=${n.height} rx="6"></rect>
      <text class="title" x="10" y="16">${n.name}</text>
      <text class="plugin" x="10" y="30">${n.plugin}${state ? svg` · <tspan class="state">${state}</tspan>` : ''}</text>
      ${n.split ? svg`<text class="badge split" x=${n.width - 34} y="12">SPLIT</text>` : ''}
      ${n.join ? svg`<text class="badge join" x=${n.width - (n.split ? 64 : 30)} y="12">JOIN</text>` : ''}
      ${problems.length ? svg`<circle class="problem-badge" cx=${n.width - 4} cy="-4" r="8"></circle>
        <text x=${n.width - 7} y="0">!</text>` : ''}
      ${n.inputs.map((p) => svg`<circle class="port in" cx=${p.x} cy=${p.y} r="4" data-task=${n.id}
          data-port=${p.name} data-kind="TASK"></circle>
        <text class="portname" x=${p.x + 8} y=${p.y + 3}>${p.name}</text>`)}
      ${n.outputs.map((p) => svg`<text class="portname" x=${p.x - 8} y=${p.y + 3} text-anchor="end">${p.name}</text>
        <circle class="port out" cx=${p.x} cy=${p.y} r="5" data-task=${n.id} data-port=${p.name}></circle>`)}
      ${this.editable ? svg`<circle class="port out new" cx=${n.width} cy=${n.height - 8} r="5" data-task=${n.id}
          data-port="*"><title>Drag to a task to link them through a new variable</title></circle>
        <text class="portname" x=${n.width - 8} y=${n.height - 5} text-anchor="end">+</text>` : ''}
    </g>`;
  }
}
customElements.define('vf-graph', VfGraph);
