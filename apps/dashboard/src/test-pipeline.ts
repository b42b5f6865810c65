/** A scripted stand-in for @mnist-ts/pipeline: replays events, then finishes, fails or waits for Ctrl-C. */
import type { LoadedSpec } from '@mnist-ts/pipeline';
import type { TrainEvent } from '@mnist-ts/train';
import type { PipelineApi, PipelineOutcome, PipelineRunOptions } from './pipeline-api.js';

export const RESULT = {
  runDir: 'runs/seed-best-1',
  modelPath: 'runs/seed-best-1/model.safetensors',
  trainAcc: 0.9912,
  testAcc: 0.9804,
  testLoss: 0.065,
  epochs: 2,
  seconds: 8.2,
};

export interface Script {
  events: TrainEvent[];
  /**
   * 'done' resolves with RESULT; 'fail' throws `error`; 'wait' resolves interrupted after the
   * abort; 'hang' is a stage that never stops (resolves interrupted only when `release` is called).
   */
  end: 'done' | 'fail' | 'wait' | 'hang';
  release?: () => void;
  error?: Error;
  /** loadSpecFile throws this (a spec that does not check out). */
  specError?: Error;
  /** Every call's spec argument and options, for assertions. */
  calls?: { fn: string; spec: unknown; options: PipelineRunOptions | Omit<PipelineRunOptions, 'outDir' | 'overrides'> }[];
}

export function scriptedPipeline(script: Script): PipelineApi {
  const play = async (fn: string, spec: unknown, o: PipelineRunOptions): Promise<PipelineOutcome> => {
    script.calls?.push({ fn, spec, options: o });
    for (const e of script.events) o.emit(e);
    if (script.end === 'fail') throw script.error ?? new Error('stage failed');
    if (script.end === 'hang') await new Promise<void>((resolve) => (script.release = resolve));
    if (script.end === 'wait' || script.end === 'hang') {
      if (!o.signal.aborted) await new Promise<void>((resolve) => o.signal.addEventListener('abort', () => resolve(), { once: true }));
      o.emit({ type: 'checkpoint', path: `${RESULT.runDir}/checkpoint.safetensors`, epoch: 1 });
      o.emit({ type: 'run:end', status: 'interrupted', runDir: RESULT.runDir });
      return { runDir: RESULT.runDir, interrupted: true };
    }
    o.emit({ type: 'artifact', kind: 'figure', path: `${RESULT.runDir}/figures/accuracy.png` });
    o.emit({ type: 'artifact', kind: 'report', path: `${RESULT.runDir}/report.html` });
    o.emit({ type: 'run:end', status: 'done', runDir: RESULT.runDir });
    return { runDir: RESULT.runDir, result: RESULT };
  };
  return {
    // A scripted spec stands in for the checked one; runPipeline receives it back.
    loadSpecFile: async (path, o) => {
      if (script.specError) throw script.specError;
      return { file: path, overrides: o?.overrides } as unknown as LoadedSpec;
    },
    runPipeline: (spec, o) => play('runPipeline', spec, o),
    resumePipeline: (runDir, o) => play('resumePipeline', runDir, o),
    paperSpec: (p) => ({ name: p.name ?? 'train', seed: p.seed, stages: [{ id: 'train', type: 'train.sgd', params: { ...p } }] }),
    visualizeRun: async (runDir, o) => {
      const files = [`${runDir}/figures/accuracy.png`, `${runDir}/report.html`];
      for (const path of files) o?.emit?.({ type: 'artifact', kind: path.endsWith('.html') ? 'report' : 'figure', path });
      return { runDir, files };
    },
    formatPipelineError: (e) => (e instanceof Error ? e.message : String(e)),
  };
}
