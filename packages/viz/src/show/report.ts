// report.html: one self-contained page (inline CSS, figures as data: URIs, no network) with the
// spec, the final numbers, per-class accuracy, every figure and the metrics table.
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { formatValue } from '../render/ticks.js';
import { writeFileAtomic } from './atomic.js';
import type { EpochMetrics } from './figures.js';

/** The run's final numbers; accuracies are fractions 0..1. Extra fields are shown as given. */
export interface FinalNumbers {
  trainAcc?: number;
  testAcc?: number;
  testLoss?: number;
  epochs?: number;
  seconds?: number;
  [key: string]: unknown;
}

export interface ReportData {
  spec: unknown;
  final: FinalNumbers;
  /** Test accuracy of each digit 0..9, fractions. */
  perClass?: readonly number[];
  metrics: readonly EpochMetrics[];
  /** PNG files to inline, absolute or relative to the run directory. */
  figures: readonly string[];
  title?: string;
  /** Device-pixel ratio the figures were drawn at, so they show at their CSS size (default 2). */
  dpr?: number;
}

/** A figure already read: its file name (for the caption) and PNG bytes. */
export interface ReportImage {
  name: string;
  png: Uint8Array;
}

const CAPTIONS: Record<string, string> = {
  'accuracy.png': 'Accuracy by epoch',
  'loss.png': 'Loss by epoch',
  'w1.png': 'W1: the first hidden units (up to 100), 28x28 each, each tile on its own scale',
  'w2.png': 'W2: the weights from the hidden units to each digit',
  'w1w2.png': 'W1·W2: what each input pixel adds to each digit (one scale)',
  'confusion.png': 'Confusion matrix (rows: true digit, columns: predicted)',
  'misclassified.png': 'Misclassified test digits',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A final number as a person reads it: accuracies in %, seconds with a unit. */
function formatFinal(key: string, v: unknown): string {
  if (typeof v === 'number') {
    if (/acc/i.test(key) && v >= 0 && v <= 1) return `${(v * 100).toFixed(2)}%`;
    if (/seconds/i.test(key)) return `${v.toFixed(1)} s`;
    return formatValue(v);
  }
  return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
}

function finalTable(final: FinalNumbers): string {
  const rows = Object.entries(final)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(formatFinal(k, v))}</td></tr>`);
  return `<table class="final">${rows.join('')}</table>`;
}

function perClassTable(perClass: readonly number[]): string {
  const worst = Math.min(...perClass);
  const rows = perClass.map((a, d) => {
    const w = Math.max(0, Math.min(100, a * 100)).toFixed(1);
    const cls = a === worst ? ' class="worst"' : '';
    return `<tr${cls}><th>${d}</th><td>${(a * 100).toFixed(2)}%</td><td class="bar"><div style="width:${w}%"></div></td></tr>`;
  });
  return `<table class="perclass"><tr><th>digit</th><th>accuracy</th><th></th></tr>${rows.join('')}</table>`;
}

const METRIC_COLUMNS: [keyof EpochMetrics, string][] = [
  ['epoch', 'epoch'], ['lr', 'lr'], ['trainLoss', 'train loss'], ['trainAcc', 'train acc'],
  ['testLoss', 'test loss'], ['testAcc', 'test acc'], ['trainDataLoss', 'data loss'], ['l2Loss', 'L2 term'],
  ['seconds', 'seconds'], ['samplesPerSec', 'samples/s'],
];

function metricsTable(metrics: readonly EpochMetrics[]): string {
  const cols = METRIC_COLUMNS.filter(([k]) => metrics.some((m) => m[k] !== undefined));
  const cell = (k: keyof EpochMetrics, v: number | undefined) =>
    v === undefined ? '' : /Acc$/.test(k) ? `${(v * 100).toFixed(2)}%` : k === 'samplesPerSec' ? Math.round(v).toString() : formatValue(v);
  const head = cols.map(([, h]) => `<th>${h}</th>`).join('');
  const body = metrics.map((m) => `<tr>${cols.map(([k]) => `<td>${cell(k, m[k])}</td>`).join('')}</tr>`);
  return `<table class="metrics"><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

/** The width in the PNG header (IHDR: big-endian uint32 at byte 16), or null if not a PNG. */
function pngWidth(png: Uint8Array): number | null {
  if (png.length < 24 || png[1] !== 0x50 || png[2] !== 0x4e || png[3] !== 0x47) return null;
  return new DataView(png.buffer, png.byteOffset, png.byteLength).getUint32(16);
}

function figureHtml(img: ReportImage, dpr: number): string {
  const caption = CAPTIONS[img.name] ?? img.name;
  const src = `data:image/png;base64,${Buffer.from(img.png).toString('base64')}`;
  const w = pngWidth(img.png);
  const size = w === null ? '' : ` width="${Math.round(w / dpr)}"`;
  return `<figure><img src="${src}"${size} alt="${escapeHtml(caption)}"><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}th,td{padding:.2em .7em;text-align:right;border-bottom:1px solid #eee}
table.final th{text-align:left;font-weight:600}
.perclass td.bar{width:220px}.perclass .bar div{height:.8em;background:#2166ac}
.perclass tr.worst td{color:#c0392b;font-weight:600}
.metrics{font-variant-numeric:tabular-nums;font-size:.9em}.metrics thead th{position:sticky;top:0;background:#fff}
figure{margin:1.5em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:#666;font-size:.9em}
pre{background:#f6f8fa;padding:1em;overflow:auto;font-size:.85em}
`;

/** The whole page as a string, from figures already read. */
export function renderReport(data: Omit<ReportData, 'figures'>, images: readonly ReportImage[]): string {
  const title = data.title ?? 'MNIST two-layer network: run report';
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<h2>Final numbers</h2>${finalTable(data.final)}`,
    data.perClass && data.perClass.length > 0 ? `<h2>Test accuracy per digit</h2>${perClassTable(data.perClass)}` : '',
    images.length > 0 ? `<h2>Figures</h2>${images.map((img) => figureHtml(img, data.dpr ?? 2)).join('')}` : '',
    data.metrics.length > 0 ? `<h2>Metrics by epoch</h2>${metricsTable(data.metrics)}` : '',
    `<h2>Spec</h2><pre>${escapeHtml(JSON.stringify(data.spec, null, 2) ?? 'null')}</pre>`,
    '</body></html>\n',
  ];
  return parts.join('\n');
}

/** Reads the figures, writes <runDir>/report.html atomically and returns its path. */
export async function writeReport(runDir: string, data: ReportData): Promise<string> {
  const images = await Promise.all(
    data.figures.map(async (f) => ({ name: basename(f), png: await readFile(resolve(runDir, f)) })),
  );
  const path = join(runDir, 'report.html');
  await writeFileAtomic(path, renderReport(data, images));
  return path;
}
