/** Small specs for tests: a few hundred real MNIST images and a tiny network, so a run takes ~1 s. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineError } from './errors.js';
import { outputsOfKind, type PipelineRun } from './runner.js';
import { paperSpec } from './paper.js';
import type { PipelineSpecInput } from './spec-schema.js';
import type { ModelValue } from './kinds.js';

/** The paper's pipeline (every figure, model.save, report) on 500/200 images, H = 16, 2 epochs. */
export function tinySpec(name = 'tiny'): PipelineSpecInput {
  const spec = paperSpec({ name, hidden: 16, epochs: 2, batchSize: 50 });
  spec.stages[0]!.params = { limit: 500, testLimit: 200 };
  return spec;
}

const made: string[] = [];

/** A fresh temporary directory, removed by removeTempDirs (call it in afterAll). */
export function tempDir(prefix = 'pipeline-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<PipelineError> {
  try {
    await p;
  } catch (e) {
    return e as PipelineError;
  }
  throw new Error('expected a rejection');
}

/** What the last model-producing stage says about its training (train.sgd sets it). */
export function training(run: PipelineRun): NonNullable<ModelValue['training']> | undefined {
  return outputsOfKind(run, 'model').at(-1)?.training;
}
