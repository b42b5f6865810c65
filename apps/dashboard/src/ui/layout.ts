/**
 * How the train view spends an width × height terminal. Pure, so the 80×24 budget is tested
 * without Ink. The frame stays one line shorter than the terminal: Ink clears the whole screen
 * on every frame once its output is as tall as the terminal, which flickers.
 */

/** A W1 unit: 28 columns plus a gap; its panel is a title line plus 14 half-block rows. */
export const UNIT_COLS = 29;
export const PREVIEW_ROWS = 15;
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
  /** W1 units shown (0 = no room for the preview). */
  units: number;
  accRows: number;
  lossRows: number;
  /** Epoch rows in the table (0 = no table). */
  tableRows: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function trainLayout(width: number, height: number, finished: boolean): TrainLayout {
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
  const tableRows = left >= 16 ? 4 : left >= 12 ? 2 : left >= 9 ? 1 : 0;
  // What is left after the batch line, the table (header + rows) and two chart titles.
  const charts = Math.max(2, left - 1 - (tableRows > 0 ? tableRows + 1 : 0) - 2);
  return {
    middle,
    wide,
    leftWidth: wide ? width - units * UNIT_COLS : width,
    units,
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
