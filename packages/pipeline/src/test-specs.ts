/** Small specs for tests: a few hundred real MNIST images and a tiny network, so a run takes ~1 s. */
import { outputsOfKind, paperSpec, type PipelineRun, type PipelineSpecInput, type ModelValue } from './index.js';

export { rejection, removeTempDirs, tempDir } from '@mnist-ts/pipeline-core/testing';

/** The paper's pipeline (every figure, model.save, report) on 500/200 images, H = 16, 2 epochs. */
export function tinySpec(name = 'tiny'): PipelineSpecInput {
  const spec = paperSpec({ name, hidden: 16, epochs: 2, batchSize: 50 });
  spec.stages[0]!.params = { limit: 500, testLimit: 200 };
  return spec;
}

/** What the last model-producing stage says about its training (train.sgd sets it). */
export function training(run: PipelineRun): NonNullable<ModelValue['training']> | undefined {
  return outputsOfKind(run, 'model').at(-1)?.training;
}
