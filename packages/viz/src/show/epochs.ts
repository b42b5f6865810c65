// The per-epoch numbers the curves, the metrics table and the hover read-out show. viz owns no
// copy of the trainer's metrics type: a row is an epoch and named numbers, so whatever the
// trainer or an epoch-end callback adds (a warm-up factor, a validation accuracy) is shown too.
// What viz does own is presentation: the words for the keys it knows, and their order.

/**
 * One epoch's numbers, by name (accuracies as fractions 0..1), e.g. a line of metrics.jsonl.
 * A training-metrics object declared with `type` (not `interface`) whose fields are all numbers
 * is assignable to it as it is: only type aliases get the implicit index signature this needs.
 */
export type EpochRow = { readonly epoch: number } & { readonly [key: string]: number | undefined };

/** A column of the metrics table or an item of the hover read-out: the row's key and its words. */
export interface EpochColumn {
  key: string;
  label: string;
}

/** The keys viz knows, in the metrics table's order, with their words. */
const KNOWN: readonly EpochColumn[] = [
  { key: 'epoch', label: 'Epoch' }, { key: 'lr', label: 'Learning rate' },
  { key: 'trainLoss', label: 'Train loss' }, { key: 'trainAcc', label: 'Train accuracy' },
  { key: 'testLoss', label: 'Test loss' }, { key: 'testAcc', label: 'Test accuracy' },
  { key: 'trainDataLoss', label: 'Train data loss' }, { key: 'l2Loss', label: 'L2 term' },
  { key: 'valLoss', label: 'Validation loss' }, { key: 'valAcc', label: 'Validation accuracy' },
  { key: 'seconds', label: 'Seconds' }, { key: 'samplesPerSec', label: 'Samples per second' },
];

/** The hover read-out leads with the accuracies; it leaves out the epoch (its heading) and the speed. */
const HOVER_ORDER = ['trainAcc', 'testAcc', 'valAcc', 'trainLoss', 'testLoss', 'valLoss', 'trainDataLoss', 'l2Loss', 'lr', 'seconds'];
const NOT_IN_HOVER = new Set(['epoch', 'samplesPerSec']);

const isNumber = (v: unknown): v is number => typeof v === 'number';

/** Keys that some row holds a number for and viz has no words for, in the order first met. */
function extraKeys(rows: readonly EpochRow[]): string[] {
  const known = new Set(KNOWN.map((c) => c.key));
  const extra = new Set<string>();
  for (const row of rows) for (const [k, v] of Object.entries(row)) if (!known.has(k) && isNumber(v)) extra.add(k);
  return [...extra];
}

/** The metrics table's columns: the known keys some row has, then any other numeric key as itself. */
export function tableColumns(rows: readonly EpochRow[]): EpochColumn[] {
  const present = KNOWN.filter((c) => rows.some((r) => isNumber(r[c.key])));
  return [...present, ...extraKeys(rows).map((key) => ({ key, label: key }))];
}

/** The hover read-out's items: the known ones in HOVER_ORDER, then the table's extra keys. */
export function hoverColumns(rows: readonly EpochRow[]): EpochColumn[] {
  const columns = tableColumns(rows).filter((c) => !NOT_IN_HOVER.has(c.key));
  const rank = (k: string) => (HOVER_ORDER.includes(k) ? HOVER_ORDER.indexOf(k) : HOVER_ORDER.length);
  // Array.prototype.sort is stable, so the extra keys keep the order they were met in.
  return columns.sort((a, b) => rank(a.key) - rank(b.key));
}
