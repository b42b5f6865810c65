// @mnist-ts/viz: figures as PNG bytes and terminal text (render/), and the figures and HTML
// report of a run directory (show/). Takes plain typed arrays and numbers only.

// render/: pure, data in, PNG bytes or strings out.
export { Canvas, type LineStyle, type MarkerShape, type Rect } from './render/canvas.js';
export { PALETTE, diverging, luminance, parseColor, sequential, type Color, type Rgba } from './render/color.js';
export { ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, LINE_HEIGHT, glyph, hasGlyph, textHeight, textWidth } from './render/font.js';
export { decodePng, encodePng, type RgbaImage } from './render/png.js';
export { autoRange, fixedRange, formatTick, formatValue, niceStep, type AxisRange } from './render/ticks.js';
export { lineChart, lineChartCanvas, type LineChartOptions, type Series, type SeriesValues } from './render/line-chart.js';
export {
  matrixColumns, tileShape, weightGrid, weightGridCanvas, type TileSource, type WeightGridOptions,
} from './render/weight-grid.js';
export { confusionMatrix, confusionMatrixCanvas, type ConfusionOptions } from './render/confusion.js';
export {
  misclassifiedGrid, misclassifiedGridCanvas, type DigitGridOptions, type MisclassifiedItem,
} from './render/digit-grid.js';
export { sweepChart, sweepChartCanvas, varyingParams, type SweepChartOptions, type SweepTrial } from './render/sweep-chart.js';
export {
  ansi256, brailleChart, heatmapHalfBlock, sparkline, type BrailleOptions, type HeatmapOptions,
} from './render/terminal.js';

// show/: the figures and report of a run directory, written atomically.
export { writeFileAtomic } from './show/atomic.js';
export {
  accuracyChart, lossChart, w1Figure, w1w2, w1w2Figure, w2Figure, writeRunFigures,
  type EpochMetrics, type FigureOptions, type RunFigureData,
} from './show/figures.js';
export { renderReport, writeReport, type FinalNumbers, type ReportData, type ReportImage } from './show/report.js';
export { writeSweepChart } from './show/sweep.js';
