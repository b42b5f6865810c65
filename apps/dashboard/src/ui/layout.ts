/**
 * How the train view spends an width × height terminal. Pure, so the 80×24 budget is tested
 * without Ink. The frame stays one line shorter than the terminal: Ink clears the whole screen
 * on every frame once its output is as tall as the terminal, which flickers.
 */

/** A W1 unit: 28 columns plus a gap; its panel is a title line plus 14 half-block rows. */
export const UNIT_COLS = 29;
export const PREVIEW_ROWS = 15;
/**
 * An augmented digit: 14 braille columns (28 pixels) plus a gap; its panel is a title line, the
 * originals' 7 rows and the epoch's 7 rows (see augmented-digits.tsx).
 */
export const DIGIT_COLS = 15;
export const DIGITS_ROWS = 15;
/** At most this many augmented digits, however wide the terminal. */
const MAX_DIGITS = 8;
/** Header (1) and progress (2) lines. */
const TOP_ROWS = 3;
/** Below the panels: status + keys while running, the summary (5 lines) when finished. */
export const RUNNING_FOOTER = 2;
export const FINISHED_FOOTER = 5;
/** The epoch table and chart column needs about this much width to show every column. */
const LEFT_MIN = 50;

export interface TrainLayout {
  /** Rows between the progress lines and the footer. */
  middle: number;
  /** Preview beside the charts (true) or below them (false). */
  wide: boolean;
  leftWidth: number;
  /** W1 units shown (0 = no room for the preview, or the augmented digits took its place). */
  units: number;
  /** Augmented digits shown, in the preview's column (0 = none: a plain run, or no room). */
  digits: number;
  /** Width of the preview's column (W1 units and augmented digits). */
  side: number;
  accRows: number;
  lossRows: number;
  /** Epoch rows in the table (0 = no table). */
  tableRows: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * `digits`: the run sends augmented digits (epoch:samples). They go in the W1 preview's column,
 * below the W1 units when both fit, in their place otherwise; without them the layout is as before.
 */
export function trainLayout(width: number, height: number, finished: boolean, digits = false): TrainLayout {
  const footer = finished ? FINISHED_FOOTER : RUNNING_FOOTER;
  const middle = Math.max(6, height - 1 - TOP_ROWS - footer);
  const wide = width >= LEFT_MIN + UNIT_COLS && middle >= PREVIEW_ROWS;
  let units: number;
  let left: number;
  if (wide) {
    units = clamp(Math.floor((width - LEFT_MIN) / UNIT_COLS), 1, 4);
    left = middle;
  } else {
    // Stacked: the preview goes under the charts only when the charts keep a useful height.
    units = middle >= PREVIEW_ROWS + 10 ? clamp(Math.floor(width / UNIT_COLS), 0, 4) : 0;
    left = middle - (units > 0 ? PREVIEW_ROWS : 0);
  }
  let side = units * UNIT_COLS;
  let shown = 0;
  if (digits && units > 0) {
    if (!wide) side = width; // under the charts the digits may use the whole width
    shown = Math.min(MAX_DIGITS, Math.floor((side + 1) / DIGIT_COLS));
    // Both when the column is tall enough (wide), or the charts keep 10 rows above both (stacked).
    const both = wide ? middle >= PREVIEW_ROWS + DIGITS_ROWS : left - DIGITS_ROWS >= 10;
    if (!both) units = 0; // the digits take the W1 units' place
    else if (!wide) left -= DIGITS_ROWS;
  }
  const tableRows = left >= 16 ? 4 : left >= 12 ? 2 : left >= 9 ? 1 : 0;
  // What is left after the batch line, the table (header + rows) and two chart titles.
  const charts = Math.max(2, left - 1 - (tableRows > 0 ? tableRows + 1 : 0) - 2);
  return {
    middle,
    wide,
    leftWidth: wide ? width - side : width,
    units,
    digits: shown,
    side,
    accRows: Math.ceil(charts / 2),
    lossRows: Math.floor(charts / 2),
    tableRows,
  };
}

/** Rows of the sweep's trial table: what is left after header, progress, table header, footer. */
export function sweepRows(height: number, finished: boolean): number {
  const footer = finished ? FINISHED_FOOTER : RUNNING_FOOTER;
  return Math.max(3, height - 1 - TOP_ROWS - 1 - footer);
}
