// report.html as a string: one self-contained page (inline CSS, SVG and script, data embedded,
// no network) with the final numbers, interactive charts, per-digit accuracy, a drawing pad
// whose digit the embedded model reads live, a W1 explorer, the errors up close, other figures,
// the metrics table, a sweep's trials and the spec. Pure: the caller writes the file.
import { gzipSync } from 'node:zlib';
import { barChartSvg } from '../render/bar-chart.js';
import { confusionMatrixSvg } from '../render/confusion.js';
import { sweepChartSvg, type SweepTrial } from '../render/sweep-chart.js';
import { formatValue } from '../render/ticks.js';
import { hoverColumns, tableColumns, type EpochRow } from './epochs.js';
import { accuracySvg, lossSvg } from './figures.js';
import type { ReportExamples } from './examples.js';
import { PAGE_FUNCTIONS, type PageData } from './page/script.js';
import { PAGE_CSS } from './page/style.js';
import type { QuantizedMatrix } from './quantize.js';

/** The run's final numbers; accuracies are fractions 0..1. Extra fields are shown as given. */
export interface FinalNumbers {
  trainAcc?: number;
  testAcc?: number;
  testLoss?: number;
  epochs?: number;
  seconds?: number;
  [key: string]: unknown;
}

/** A figure already drawn: its file name (for the caption) and PNG bytes. */
export interface ReportImage {
  name: string;
  png: Uint8Array;
}

/** How much accuracy the stored (quantised) weights give next to the float ones, on real data. */
export interface QuantizationCheck {
  floatAccuracy: number;
  quantizedAccuracy: number;
  /** Rows measured, and which part of the data. */
  n: number;
  split: string;
}

/** The model the page runs: W1 quantised by column, the rest as floats. */
export interface ReportModel {
  hidden: number;
  W1: QuantizedMatrix;
  b1: Float32Array;
  W2: Float32Array;
  b2: Float32Array;
  /** Pixel p becomes offset + scale·p. */
  normalization: { scale: number; offset: number };
  quantization?: QuantizationCheck;
  /**
   * Frames a drawing like MNIST (mnist-data's frameDigit: crop, scale to 20×20, centre by mass).
   * It must be self-contained: the page embeds its source text.
   */
  frame?: (pixels: ArrayLike<number>, width: number, height: number) => Uint8Array;
}

export interface ReportData {
  title?: string;
  spec: unknown;
  final: FinalNumbers;
  metrics: readonly EpochRow[];
  /** Accuracy of each digit 0..9, fractions, on `split`. */
  perClass?: readonly number[];
  /** 10×10 counts, rows = true digit. */
  confusion?: readonly (readonly number[])[];
  /** Which part of the data perClass, confusion and the examples come from (default "test"). */
  split?: string;
  model?: ReportModel;
  examples?: ReportExamples;
  /** PNG figures shown as images, in order (e.g. w2.png, w1w2.png, a plugin's). */
  images?: readonly ReportImage[];
  sweep?: readonly SweepTrial[];
}

const CAPTIONS: Record<string, string> = {
  'w1.png': 'W1: the first hidden units (up to 100), 28×28 each, each tile on its own scale',
  'w2.png': 'W2: the weights from the hidden units to each digit',
  'w1w2.png': 'W1·W2: what each input pixel adds to each digit (one scale)',
  'misclassified.png': 'Misclassified digits',
};

/** Field names as people say them. */
const LABELS: Record<string, string> = {
  trainAcc: 'Train accuracy', testAcc: 'Test accuracy', validationAcc: 'Validation accuracy',
  trainLoss: 'Train loss', testLoss: 'Test loss', validationLoss: 'Validation loss',
  testN: 'Test images', trainN: 'Train images', validationN: 'Validation images',
  epochs: 'Epochs', seconds: 'Training time', trials: 'Trials', bestParams: 'Best parameters',
  bestValAcc: 'Best validation accuracy', bestTestAcc: 'Test accuracy of the best trial',
};

/** A field name as words: "bestValAcc" -> "Best val acc" when it has no label of its own. */
export function humanLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return LABELS[key] ?? words.charAt(0).toUpperCase() + words.slice(1);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

/** A final number as a person reads it: accuracies in %, seconds with a unit. */
function formatFinal(key: string, v: unknown): string {
  if (typeof v === 'number') {
    if (/acc/i.test(key) && v >= 0 && v <= 1) return pct(v);
    if (/seconds/i.test(key)) return `${v.toFixed(1)} s`;
    return formatValue(v);
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    return Object.entries(v).map(([k, x]) => `${k} ${typeof x === 'number' ? formatValue(x) : String(x)}`).join(', ');
  }
  return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
}

function finalCards(final: FinalNumbers): string {
  const cards = Object.entries(final)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<div class="card${k === 'testAcc' ? ' main' : ''}"><div class="k">${escapeHtml(humanLabel(k))}</div><div class="v">${escapeHtml(formatFinal(k, v))}</div></div>`);
  return `<div class="cards">${cards.join('')}</div>`;
}

/** One row per epoch; a column for each known key some row has, then any other numeric key. */
function metricsTable(metrics: readonly EpochRow[]): string {
  const cols = tableColumns(metrics);
  const cell = (k: string, v: number | undefined) =>
    v === undefined ? '' : /Acc$/.test(k) ? pct(v) : k === 'samplesPerSec' ? Math.round(v).toString() : formatValue(v);
  const head = cols.map(({ label }) => `<th>${escapeHtml(label)}</th>`).join('');
  const body = metrics.map((m) => `<tr>${cols.map(({ key }) => `<td data-value="${m[key] ?? ''}">${cell(key, m[key])}</td>`).join('')}</tr>`);
  return `<div class="scroll"><table class="metrics sortable"><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}

function sweepTable(trials: readonly SweepTrial[]): string {
  const names = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  const extra = (t: SweepTrial, k: string) => (t as unknown as Record<string, unknown>)[k];
  const hasTest = trials.some((t) => typeof t.testAcc === 'number');
  const hasSeconds = trials.some((t) => typeof extra(t, 'seconds') === 'number');
  const head = ['Trial', ...names, 'Validation accuracy', ...(hasTest ? ['Test accuracy'] : []), ...(hasSeconds ? ['Seconds'] : []), 'Status'];
  const td = (v: unknown, shown: string) => `<td data-value="${escapeHtml(String(v ?? ''))}">${escapeHtml(shown)}</td>`;
  const rows = trials.map((t, i) => {
    const cells = [td(i + 1, String(i + 1)), ...names.map((k) => td(t.params[k], t.params[k] === undefined ? '' : String(t.params[k])))];
    cells.push(td(t.valAcc, typeof t.valAcc === 'number' ? pct(t.valAcc) : '–'));
    if (hasTest) cells.push(td(t.testAcc, typeof t.testAcc === 'number' ? pct(t.testAcc) : ''));
    if (hasSeconds) cells.push(td(extra(t, 'seconds'), typeof extra(t, 'seconds') === 'number' ? `${(extra(t, 'seconds') as number).toFixed(1)} s` : ''));
    cells.push(td(t.status, String(t.status)));
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<p class="note">Click a column heading to sort by it; click again to reverse.</p><div class="scroll"><table class="sortable sweep"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function figureHtml(img: ReportImage): string {
  const caption = CAPTIONS[img.name] ?? img.name;
  const src = `data:image/png;base64,${Buffer.from(img.png).toString('base64')}`;
  return `<figure><img src="${src}" alt="${escapeHtml(caption)}"><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

const pack = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).toString('base64');
const round = (a: Float32Array, digits = 6) => Array.from(a, (v) => Number(v.toPrecision(digits)));

/** The JSON the page's script reads: metrics, the model (W1 packed) and the example digits. */
function pageData(data: ReportData): PageData {
  const out: PageData = { metrics: data.metrics.map((m) => ({ ...m })), readout: hoverColumns(data.metrics) };
  if (data.model) {
    const m = data.model;
    const q = m.W1.q;
    out.model = {
      hidden: m.hidden, bits: m.W1.bits, W1: pack(new Uint8Array(q.buffer, q.byteOffset, q.byteLength)),
      scales: round(m.W1.scales, 8), b1: round(m.b1), W2: round(m.W2), b2: round(m.b2), norm: m.normalization,
    };
  }
  if (data.examples) out.examples = { ...data.examples, images: pack(data.examples.images) };
  return out;
}

/** JSON safe inside <script>: no "</script>" or "<!--" can end or bend it. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

function quantizationNote(m: ReportModel): string {
  const q = m.quantization;
  const size = `W1 is stored as ${m.W1.bits}-bit integers with one scale per hidden unit`;
  if (!q) return `<p class="note">${size}; no data was given to measure what that costs.</p>`;
  const diff = (q.quantizedAccuracy - q.floatAccuracy) * 100;
  return `<p class="note">${size}. On ${q.n.toLocaleString('en')} ${escapeHtml(q.split)} images the stored weights score ${pct(q.quantizedAccuracy)}, the full float32 weights ${pct(q.floatAccuracy)} (${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(2)} points).</p>`;
}

function drawSection(m: ReportModel): string {
  return `<section id="draw"><h2>Draw a digit</h2>
<p class="note">Draw with the mouse or a finger. The drawing is framed the way MNIST was made (cropped, scaled to fit 20×20, centred by its centre of mass in 28×28), then the network in this page reads it.</p>
<div class="draw-row"><div><canvas id="pad" width="280" height="280" aria-label="Drawing pad"></canvas><div><button id="clear" type="button">Clear</button></div></div>
<div class="framed-box"><div class="k">What the network sees</div><canvas id="framed" width="28" height="28"></canvas><div class="k">Prediction</div><div id="prediction" class="prediction">–</div></div>
<div class="probs-box"><div class="k">Probabilities</div><div id="probs" class="probs"></div></div></div>
<h3>Hidden units that fired most</h3><div id="fired" class="fired"></div>${quantizationNote(m)}</section>`;
}

function unitsSection(m: ReportModel): string {
  return `<section id="units"><h2>Hidden units (W1)</h2><p class="note">Each tile is one of the ${m.hidden} hidden units: its weights from the 28×28 input pixels, red positive, blue negative, each on its own scale. Click one.</p>
<div id="unit-detail" class="unit-detail"></div><div id="unit-grid" class="unit-grid"></div></section>`;
}

function errorsSection(data: ReportData): string {
  const split = data.split ?? 'test';
  const parts = [`<section id="errors"><h2>Errors up close</h2>`];
  if (data.examples) {
    const shown = data.examples.misclassified.length;
    parts.push(`<h3>Misclassified ${escapeHtml(split)} digits (${shown}${data.confusion ? ` of ${wrongCount(data.confusion)}` : ''}): true → predicted</h3><p class="note">Hover over or tap a digit to see its 10 probabilities.</p><div id="gallery" class="thumbs"></div>`);
  }
  if (data.confusion) {
    parts.push(`<h3>Confusion matrix</h3><p class="note">Rows are the true digit, columns the predicted one. Click a cell to see its digits.</p><div class="svg-box">${confusionMatrixSvg(data.confusion, undefined, { title: `Confusion matrix (${split})` })}</div><div id="cell-images"></div>`);
  }
  parts.push('</section>');
  return parts.join('');
}

const wrongCount = (c: readonly (readonly number[])[]) => c.reduce((s, row, i) => s + row.reduce((a, v, j) => a + (i === j ? 0 : v), 0), 0);

function curvesSection(metrics: readonly EpochRow[]): string {
  return `<section id="curves"><h2>Training curves</h2>
<div class="toggles">Show: <label><input type="checkbox" data-toggle="train" checked> Train</label> <label><input type="checkbox" data-toggle="test" checked> Test</label></div>
<div class="charts"><div class="svg-box">${accuracySvg(metrics)}</div><div class="svg-box">${lossSvg(metrics)}</div></div>
<div id="readout" class="readout" aria-live="polite">Hover over a chart (or touch it) to read an epoch's numbers.</div></section>`;
}

function perDigitSection(perClass: readonly number[], split: string): string {
  const worst = perClass.reduce((w, a, d) => (a < perClass[w]! ? d : w), 0);
  const svg = barChartSvg({ title: `${split === 'test' ? 'Test' : humanLabel(split)} accuracy per digit`, labels: perClass.map((_, d) => String(d)), values: perClass, percent: true, max: 1, highlight: worst, chartId: 'per-digit' });
  return `<section id="per-digit"><h2>Accuracy per digit</h2><div class="svg-box narrow">${svg}</div><p class="note">The weakest digit, ${worst}, is in red.</p></section>`;
}

/** The whole page as a string. */
export function renderReport(data: ReportData): string {
  const title = data.title ?? 'MNIST two-layer network: run report';
  const split = data.split ?? 'test';
  const images = data.images ?? [];
  const frame = data.model?.frame;
  const nav = [
    data.metrics.length > 0 && ['curves', 'Curves'], data.perClass && ['per-digit', 'Per digit'], data.model && frame && ['draw', 'Draw'],
    data.model && ['units', 'Hidden units'], (data.examples || data.confusion) && ['errors', 'Errors'], images.length > 0 && ['figures', 'Figures'],
    data.sweep && ['trials', 'Trials'], data.metrics.length > 0 && ['metrics', 'By epoch'], ['spec', 'Spec'],
  ].filter((x): x is [string, string] => Array.isArray(x));
  const script = `${PAGE_FUNCTIONS.map(String).join('\n')}\nreportMain(JSON.parse(document.getElementById('report-data').textContent), ${frame ? `(${String(frame)})` : 'undefined'}).catch((e) => { console.error(e); });`;
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${PAGE_CSS}</style></head><body>`,
    `<header><h1>${escapeHtml(title)}</h1><nav>${nav.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav>${finalCards(data.final)}</header><main>`,
    data.metrics.length > 0 ? curvesSection(data.metrics) : '',
    data.perClass && data.perClass.length > 0 ? perDigitSection(data.perClass, split) : '',
    data.model && frame ? drawSection(data.model) : '',
    data.model ? unitsSection(data.model) : '',
    data.examples || data.confusion ? errorsSection(data) : '',
    images.length > 0 ? `<section id="figures"><h2>Figures</h2>${images.map(figureHtml).join('')}</section>` : '',
    data.sweep ? `<section id="trials"><h2>Trials</h2><div class="svg-box">${sweepChartSvg(data.sweep)}</div>${sweepTable(data.sweep)}</section>` : '',
    data.metrics.length > 0 ? `<section id="metrics"><h2>Numbers by epoch</h2>${metricsTable(data.metrics)}</section>` : '',
    `<section id="spec"><h2>Spec</h2><details><summary>The resolved pipeline spec (JSON)</summary><pre>${escapeHtml(JSON.stringify(data.spec, null, 2) ?? 'null')}</pre></details></section>`,
    `</main><div id="tip" class="tip" hidden></div>`,
    `<script type="application/json" id="report-data">${scriptJson(pageData(data))}</script>`,
    `<script>${script.replace(/<\/script/gi, '<\\/script')}</script>`,
    '</body></html>\n',
  ];
  return parts.join('\n');
}
