// @mnist-ts/dashboard: the `mnist` command (see cli.ts) and its parts, for tests and embedding.
export { main, buildProgram, VERSION } from './main.js';
export type { Io, OutStream, Mode } from './io.js';
export { processIo, chooseMode } from './io.js';
export type { Deps } from './commands/context.js';
export type { PipelineApi, PipelineOutcome, PipelineRunOptions } from './pipeline-api.js';
export { reduce, reduceAll, initialState, type ViewState, type DashboardEvent } from './state.js';
export { App, type AppProps } from './ui/app.js';
export { ViewStore, type ViewListener } from './view-store.js';
export { Pauser } from './pauser.js';
export { PlainLog, formatPlain, epochLine } from './plain-log.js';
export { jsonLine } from './json-log.js';
export { decodeImage, toMnistInput, type GrayImage } from './image.js';
