export * from './render/line-chart.js';
export * from './render/canvas.js';
