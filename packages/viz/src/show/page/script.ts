/// <reference lib="dom" />
// The report page's script. These functions run in the browser, not in Node: report.ts embeds
// their source text (String(fn)) in one <script>, then calls reportMain(data). So each function
// uses only its arguments, browser globals and the other functions listed in PAGE_FUNCTIONS:
// no imports (but of types, which compile away), no module-level constants. They stay in this one file (past the ~300-line mark) on
// purpose: a call to a function imported from another module is rewritten by bundlers and test
// transforms (e.g. to `__vi_import_0__.make(...)`), which the embedded source text cannot resolve;
// a call within the file stays a plain name.

import type { EpochColumn, EpochRow } from '../epochs.js';
import type { ReportExamples } from '../examples.js';

/** What the page's JSON block holds (see report.ts for how it is filled). */
export interface PageData {
  metrics: EpochRow[];
  /** What the chart hover shows of an epoch, in order, with its words (see epochs.ts). */
  readout: EpochColumn[];
  model?: PageModel;
  examples?: PageExamples;
}

export interface PageModel {
  hidden: number;
  bits: 8 | 16;
  /** W1 [784, H] as bits-bit integers, gzip then base64. */
  W1: string;
  scales: number[];
  b1: number[];
  W2: number[];
  b2: number[];
  norm: { scale: number; offset: number };
}

/** The report's examples as the page gets them: the pool images gzip-compressed, then base64. */
export type PageExamples = Omit<ReportExamples, 'images'> & { images: string };

interface Net {
  hidden: number;
  W1: Int8Array | Int16Array;
  scales: number[];
  b1: number[];
  W2: number[];
  b2: number[];
  norm: { scale: number; offset: number };
}

type Frame = (pixels: ArrayLike<number>, width: number, height: number) => Uint8Array;

/** gzip + base64 -> bytes, with the browser's own DecompressionStream (no library, no network). */
export async function unpackBytes(b64: string): Promise<Uint8Array> {
  const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const stream = new Blob([bin]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** p = softmax(W2ᵀ·relu(W1ᵀ·x + b1) + b2) for one image of 784 bytes; W1's column j is q·scale_j. */
export function forwardNet(net: Net, pixels: ArrayLike<number>): { hidden: Float32Array; probs: Float32Array } {
  const H = net.hidden;
  const acc = new Float32Array(H);
  for (let i = 0; i < 784; i++) {
    const x = net.norm.offset + net.norm.scale * (pixels[i] ?? 0);
    if (x === 0) continue;
    const row = i * H;
    for (let j = 0; j < H; j++) acc[j] = acc[j]! + x * net.W1[row + j]!;
  }
  const hidden = new Float32Array(H);
  for (let j = 0; j < H; j++) hidden[j] = Math.max(0, net.b1[j]! + net.scales[j]! * acc[j]!);
  const z = net.b2.slice();
  for (let j = 0; j < H; j++) {
    if (hidden[j] === 0) continue;
    for (let d = 0; d < 10; d++) z[d] = z[d]! + hidden[j]! * net.W2[j * 10 + d]!;
  }
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return { hidden, probs: Float32Array.from(e, (v) => v / sum) };
}

/** A 28×28 digit (white ink on black bytes) shown as dark ink on white paper. */
export function paintDigit(canvas: HTMLCanvasElement, pixels: ArrayLike<number>): void {
  canvas.width = 28;
  canvas.height = 28;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = 255 - (pixels[i] ?? 0);
    img.data.set([v, v, v, 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
}

/** Weights on the diverging map (blue < 0 < red, white at 0), each divided by the largest |w|. */
export function paintWeights(canvas: HTMLCanvasElement, values: ArrayLike<number>, width: number, height: number): void {
  canvas.width = width;
  canvas.height = height;
  let max = 0;
  for (let i = 0; i < width * height; i++) max = Math.max(max, Math.abs(values[i] ?? 0));
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const t = max > 0 ? Math.max(-1, Math.min(1, (values[i] ?? 0) / max)) : 0;
    const to = t >= 0 ? [178, 24, 43] : [33, 102, 172];
    const a = Math.abs(t);
    img.data.set([255 + (to[0]! - 255) * a, 255 + (to[1]! - 255) * a, 255 + (to[2]! - 255) * a, 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
}

/** Column j of W1 (hidden unit j's 784 input weights), dequantised. */
export function unitWeights(net: Net, j: number): Float32Array {
  const out = new Float32Array(784);
  for (let i = 0; i < 784; i++) out[i] = net.W1[i * net.hidden + j]! * net.scales[j]!;
  return out;
}

/** A new element with a class and text. */
export function make(tag: string, className: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Ten labelled bars for probabilities (or any values 0..1); the largest is marked. */
export function probabilityBars(box: HTMLElement, probs: ArrayLike<number>, trueLabel?: number): void {
  box.textContent = '';
  let best = 0;
  for (let d = 1; d < 10; d++) if (probs[d]! > probs[best]!) best = d;
  for (let d = 0; d < 10; d++) {
    const row = make('div', `prob${d === best ? ' best' : ''}${d === trueLabel ? ' truth' : ''}`);
    row.append(make('span', 'digit', String(d)));
    const bar = make('span', 'track');
    const fill = make('span', 'fill');
    fill.style.width = `${(100 * probs[d]!).toFixed(1)}%`;
    bar.append(fill);
    row.append(bar, make('span', 'pct', `${(100 * probs[d]!).toFixed(1)}%`));
    box.append(row);
  }
}

/** A metric as people read it: accuracies in %, losses to 4 decimals. */
export function formatMetric(key: string, v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (/Acc$/.test(key)) return `${(v * 100).toFixed(2)}%`;
  if (key === 'seconds') return `${v.toFixed(1)} s`;
  if (key === 'lr') return String(Number(v.toPrecision(4)));
  return v.toFixed(4);
}

/** Hovering (or touching) a chart shows the nearest epoch's numbers and a line at it. */
export function setupChartHover(svg: SVGSVGElement, metrics: EpochRow[], columns: EpochColumn[], readout: HTMLElement): void {
  const [px, py, pw, ph] = (svg.getAttribute('data-plot') ?? '0 0 1 1').split(' ').map(Number) as [number, number, number, number];
  const [x0, x1] = (svg.getAttribute('data-x') ?? '0 1').split(' ').map(Number) as [number, number];
  const vb = svg.viewBox.baseVal;
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
  line.setAttribute('y1', String(py));
  line.setAttribute('y2', String(py + ph));
  line.setAttribute('stroke', '#888');
  line.setAttribute('stroke-dasharray', '3 3');
  line.style.display = 'none';
  svg.append(line);
  const show = (clientX: number) => {
    const box = svg.getBoundingClientRect();
    const sx = ((clientX - box.left) / box.width) * vb.width;
    const epoch = x0 + ((sx - px) / pw) * (x1 - x0);
    let m = metrics[0];
    for (const c of metrics) if (m === undefined || Math.abs(c.epoch - epoch) < Math.abs(m.epoch - epoch)) m = c;
    if (m === undefined) return;
    const at = px + ((m.epoch - x0) / (x1 - x0)) * pw;
    line.setAttribute('x1', String(at));
    line.setAttribute('x2', String(at));
    line.style.display = '';
    readout.textContent = '';
    readout.append(make('strong', '', `Epoch ${m.epoch}`));
    for (const { key: k, label } of columns) {
      if (typeof m[k] !== 'number') continue;
      const item = make('span', `item ${/^train|^l2/.test(k) ? 'is-train' : /^test/.test(k) ? 'is-test' : ''}`);
      item.append(make('span', 'label', `${label} `), make('span', 'value', formatMetric(k, m[k])));
      readout.append(' ', item);
    }
  };
  svg.addEventListener('pointermove', (e) => show(e.clientX));
  svg.addEventListener('pointerdown', (e) => show(e.clientX));
  svg.addEventListener('pointerleave', () => { line.style.display = 'none'; });
}

/** The Train / Test checkboxes show or hide those series (curves, legend entries, read-out). */
export function setupToggles(root: HTMLElement): void {
  for (const box of Array.from(root.querySelectorAll<HTMLInputElement>('input[data-toggle]'))) {
    box.addEventListener('change', () => {
      const id = box.dataset.toggle ?? '';
      document.body.classList.toggle(`hide-${id}`, !box.checked);
      for (const g of Array.from(document.querySelectorAll<SVGElement>(`svg [data-series="${id}"]`))) g.style.display = box.checked ? '' : 'none';
    });
  }
}

/** A thumbnail of pool image k with a caption; hovering or focusing it shows its probabilities. */
export function thumbnail(ex: PageExamples, pool: Uint8Array, k: number, tip: HTMLElement): HTMLElement {
  const fig = make('figure', 'thumb');
  fig.tabIndex = 0;
  const c = document.createElement('canvas');
  paintDigit(c, pool.subarray(k * 784, (k + 1) * 784));
  const t = ex.labels[k]!, p = ex.predicted[k]!;
  fig.append(c, make('figcaption', t === p ? '' : 'wrong', t === p ? `${t}` : `${t} → ${p}`));
  fig.title = `True ${t}, predicted ${p} (${(100 * ex.probabilities[k]![p]!).toFixed(1)}%)`;
  const open = () => {
    tip.textContent = '';
    tip.append(make('div', 'tip-title', `True ${t}, predicted ${p}`));
    const bars = make('div', 'probs');
    probabilityBars(bars, ex.probabilities[k]!, t);
    tip.append(bars);
    const r = fig.getBoundingClientRect();
    tip.style.left = `${Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - 260)}px`;
    tip.style.top = `${window.scrollY + r.bottom + 4}px`;
    tip.hidden = false;
  };
  fig.addEventListener('pointerenter', open);
  fig.addEventListener('focus', open);
  fig.addEventListener('pointerleave', () => { tip.hidden = true; });
  fig.addEventListener('blur', () => { tip.hidden = true; });
  return fig;
}

/** The misclassified gallery, and the digits behind a confusion cell on click. */
export function setupErrors(ex: PageExamples, pool: Uint8Array, tip: HTMLElement): void {
  const gallery = document.getElementById('gallery');
  if (gallery) for (const k of ex.misclassified) gallery.append(thumbnail(ex, pool, k, tip));
  const target = document.getElementById('cell-images');
  const svg = document.querySelector('svg[data-chart="confusion"]');
  if (!target || !svg) return;
  svg.addEventListener('click', (e) => {
    const cell = (e.target as Element).closest('.cell');
    if (!cell) return;
    for (const c of Array.from(svg.querySelectorAll('.cell.selected'))) c.classList.remove('selected');
    cell.classList.add('selected');
    const t = Number(cell.getAttribute('data-true')), p = Number(cell.getAttribute('data-pred'));
    const count = Number(cell.getAttribute('data-count'));
    const list = ex.cells[t]?.[p] ?? [];
    target.textContent = '';
    const what = t === p ? `${count} ${t}s read correctly` : `${count} ${t}s read as ${p}`;
    target.append(make('p', 'cell-title', `${what}${list.length < count ? ` (showing ${list.length})` : ''}`));
    const row = make('div', 'thumbs');
    for (const k of list) row.append(thumbnail(ex, pool, k, tip));
    target.append(row);
  });
}

/** The W1 explorer: every hidden unit as a tile; a click shows it large, its W2 row and its digits. */
export function setupExplorer(net: Net, ex: PageExamples | undefined, pool: Uint8Array | undefined, tip: HTMLElement): (j: number) => void {
  const grid = document.getElementById('unit-grid')!;
  const detail = document.getElementById('unit-detail')!;
  const select = (j: number) => {
    for (const t of Array.from(grid.querySelectorAll('.selected'))) t.classList.remove('selected');
    grid.children[j]?.classList.add('selected');
    detail.textContent = '';
    const big = document.createElement('canvas');
    big.className = 'big';
    paintWeights(big, unitWeights(net, j), 28, 28);
    const left = make('div', 'unit-weights');
    left.append(make('h3', '', `Hidden unit ${j}`), big, make('p', 'note', 'Its 784 input weights: red pixels push it up, blue ones down.'));
    const w2 = Array.from({ length: 10 }, (_, d) => net.W2[j * 10 + d]!);
    const max = Math.max(...w2.map(Math.abs)) || 1;
    const rows = make('div', 'w2-row');
    rows.append(make('h3', '', 'What it votes for (its row of W2)'));
    w2.forEach((v, d) => {
      const r = make('div', 'w2');
      const bar = make('span', `w2-bar ${v >= 0 ? 'up' : 'down'}`);
      bar.style.width = `${(50 * Math.abs(v)) / max}%`;
      bar.style.marginLeft = v >= 0 ? '50%' : `${50 - (50 * Math.abs(v)) / max}%`;
      const track = make('span', 'w2-track');
      track.append(bar);
      r.append(make('span', 'digit', String(d)), track, make('span', 'pct', v.toFixed(3)));
      rows.append(r);
    });
    const tops = make('div', 'unit-top');
    tops.append(make('h3', '', `The ${ex?.split ?? 'test'} digits that excite it most`));
    const row = make('div', 'thumbs');
    if (ex && pool) for (const k of ex.topByUnit[j] ?? []) row.append(thumbnail(ex, pool, k, tip));
    if (row.children.length === 0) row.append(make('p', 'note', 'No evaluated digits were given to this report.'));
    tops.append(row);
    detail.append(left, rows, tops);
  };
  for (let j = 0; j < net.hidden; j++) {
    const c = document.createElement('canvas');
    paintWeights(c, unitWeights(net, j), 28, 28);
    c.title = `Hidden unit ${j}`;
    c.addEventListener('click', () => select(j));
    grid.append(c);
  }
  select(0);
  return select;
}

/** The drawing pad: mouse, pen or touch; the drawing is framed like MNIST and predicted live. */
export function setupDrawPad(net: Net, frame: Frame, showUnit: (j: number) => void): void {
  const pad = document.getElementById('pad') as HTMLCanvasElement;
  const framed = document.getElementById('framed') as HTMLCanvasElement;
  const probs = document.getElementById('probs')!;
  const fired = document.getElementById('fired')!;
  const out = document.getElementById('prediction')!;
  const ctx = pad.getContext('2d', { willReadFrequently: true })!;
  const clear = () => {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, pad.width, pad.height);
    out.textContent = '–';
    probs.textContent = '';
    fired.textContent = '';
    paintDigit(framed, new Uint8Array(784));
  };
  const predict = () => {
    const rgba = ctx.getImageData(0, 0, pad.width, pad.height).data;
    const grey = new Uint8Array(pad.width * pad.height);
    for (let i = 0; i < grey.length; i++) grey[i] = 255 - rgba[i * 4]!; // dark ink -> bright, as in MNIST
    const pixels = frame(grey, pad.width, pad.height);
    paintDigit(framed, pixels);
    const { hidden, probs: p } = forwardNet(net, pixels);
    let best = 0;
    for (let d = 1; d < 10; d++) if (p[d]! > p[best]!) best = d;
    out.textContent = String(best);
    out.dataset.probability = p[best]!.toFixed(4);
    probabilityBars(probs, p);
    const order = Array.from(hidden.keys()).sort((a, b) => hidden[b]! - hidden[a]!).slice(0, 8);
    fired.textContent = '';
    for (const j of order) {
      const fig = make('figure', 'unit');
      const c = document.createElement('canvas');
      paintWeights(c, unitWeights(net, j), 28, 28);
      fig.append(c, make('figcaption', '', `#${j}: ${hidden[j]!.toFixed(2)}`));
      fig.title = `Hidden unit ${j} fired ${hidden[j]!.toFixed(3)}: click to open it in the explorer`;
      fig.addEventListener('click', () => { showUnit(j); document.getElementById('units')?.scrollIntoView(); });
      fired.append(fig);
    }
  };
  let last: [number, number] | null = null;
  let queued = false;
  const point = (e: PointerEvent): [number, number] => {
    const r = pad.getBoundingClientRect();
    return [((e.clientX - r.left) * pad.width) / r.width, ((e.clientY - r.top) * pad.height) / r.height];
  };
  pad.addEventListener('pointerdown', (e) => {
    pad.setPointerCapture(e.pointerId);
    last = point(e);
  });
  pad.addEventListener('pointermove', (e) => {
    if (last === null) return;
    const next = point(e);
    ctx.strokeStyle = '#000';
    ctx.lineWidth = pad.width / 14;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(last[0], last[1]);
    ctx.lineTo(next[0], next[1]);
    ctx.stroke();
    last = next;
    if (!queued) {
      queued = true;
      requestAnimationFrame(() => { queued = false; predict(); });
    }
  });
  const end = () => { if (last !== null) predict(); last = null; };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  document.getElementById('clear')?.addEventListener('click', clear);
  clear();
}

/** Tables with class "sortable": a click on a heading sorts by that column, again to reverse. */
export function setupSortable(): void {
  for (const table of Array.from(document.querySelectorAll<HTMLTableElement>('table.sortable'))) {
    const heads = Array.from(table.tHead?.rows[0]?.cells ?? []);
    heads.forEach((th, col) => {
      th.tabIndex = 0;
      const sort = () => {
        const down = th.getAttribute('aria-sort') !== 'descending';
        for (const h of heads) h.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
        const body = table.tBodies[0]!;
        const key = (r: HTMLTableRowElement) => r.cells[col]?.dataset.value ?? r.cells[col]?.textContent ?? '';
        const rows = Array.from(body.rows).sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          const c = Number.isNaN(Number(x)) || Number.isNaN(Number(y)) || x === '' || y === '' ? x.localeCompare(y) : Number(x) - Number(y);
          return down ? -c : c;
        });
        body.append(...rows);
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  }
}

/** Wires up the page: charts, sortable tables, then (once unpacked) the model and the digits. */
export async function reportMain(data: PageData, frame: Frame | undefined): Promise<void> {
  for (const svg of Array.from(document.querySelectorAll<SVGSVGElement>('svg[data-chart="accuracy"], svg[data-chart="loss"]'))) {
    setupChartHover(svg, data.metrics, data.readout, document.getElementById('readout')!);
  }
  setupToggles(document.body);
  setupSortable();
  const tip = document.getElementById('tip')!;
  const ex = data.examples;
  const pool = ex ? await unpackBytes(ex.images) : undefined;
  if (ex && pool) setupErrors(ex, pool, tip);
  if (data.model) {
    const m = data.model;
    const bytes = await unpackBytes(m.W1);
    const W1 = m.bits === 8 ? new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length) : new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    const net: Net = { hidden: m.hidden, W1, scales: m.scales, b1: m.b1, W2: m.W2, b2: m.b2, norm: m.norm };
    const showUnit = setupExplorer(net, ex, pool, tip);
    if (frame) setupDrawPad(net, frame, showUnit);
  }
  document.body.dataset.ready = 'true';
}

/** Every function the page needs, in the order they are embedded. */
export const PAGE_FUNCTIONS: readonly ((...args: never[]) => unknown)[] = [
  unpackBytes, forwardNet, paintDigit, paintWeights, unitWeights, make, probabilityBars, formatMetric,
  setupChartHover, setupToggles, thumbnail, setupErrors, setupExplorer, setupDrawPad, setupSortable, reportMain,
];
