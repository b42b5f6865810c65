// @mnist-ts/viz: figures as PNG bytes and terminal text (render/), and the figures and HTML
// report of a run directory (show/). Takes plain typed arrays and numbers only.

// render/: pure, data in, PNG bytes or strings out.
export { Canvas, type Rect } from './render/canvas.js';
export { PALETTE, diverging, luminance, parseColor, sequential, type Color, type Rgba } from './render/color.js';
export { ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, LINE_HEIGHT, glyph, hasGlyph, textHeight, textWidth } from './render/font.js';
export { decodePng, encodePng, type RgbaImage } from './render/png.js';
export { autoRange, fixedRange, formatTick, formatValue, niceStep, type AxisRange } from './render/ticks.js';
export { lineChart, lineChartSvg, type LineChartOptions, type Series, type SeriesValues } from './render/line-chart.js';
export { barChart, barChartSvg, zoomedAxis, type BarChartOptions } from './render/bar-chart.js';
export { CHART_FONT, chartFontFile, svgToPng } from './render/svg.js';
export {
  matrixColumns, tileShape, weightGrid, weightGridCanvas, type TileSource, type WeightGridOptions,
} from './render/weight-grid.js';
export { confusionMatrix, confusionMatrixSvg, type ConfusionOptions } from './render/confusion.js';
export {
  misclassifiedGrid, misclassifiedGridCanvas, type DigitGridOptions, type MisclassifiedItem,
} from './render/digit-grid.js';
export { sweepChart, sweepChartSvg, varyingParams, type SweepChartOptions, type SweepTrial } from './render/sweep-chart.js';
export {
  ansi256, brailleChart, heatmapHalfBlock, sparkline, type BrailleOptions, type HeatmapOptions,
} from './render/terminal.js';

// show/: the figures and report of a run, as bytes and strings; the caller writes the files.
export {
  accuracyChart, accuracyChartOptions, accuracySvg, lossChart, lossChartOptions, lossSvg, runFigures,
  w1Figure, w1w2, w1w2Figure, w2Figure,
  type FigureOptions, type RunFigure, type RunFigureData,
} from './show/figures.js';
export { hoverColumns, tableColumns, type EpochColumn, type EpochRow } from './show/epochs.js';
export {
  humanLabel, renderReport,
  type FinalNumbers, type QuantizationCheck, type ReportData, type ReportImage, type ReportModel,
} from './show/report.js';
export { TopActivations, selectExamples, type EvaluatedRows, type ExampleLimits, type ReportExamples } from './show/examples.js';
export { dequantize, quantizeColumns, type QuantBits, type QuantizedMatrix } from './show/quantize.js';
