/** The paper's best model as a spec in memory: what `mnist train` runs, and seed-best.json holds. */
import { PAPER_CONFIG } from '@mnist-ts/train';
import type { PipelineSpecInput } from '@mnist-ts/pipeline-core';

export interface PaperOverrides {
  hidden?: number;
  lr?: number;
  l2?: number;
  epochs?: number;
  batchSize?: number;
  seed?: number;
  name?: string;
}

/**
 * MNIST -> a fresh 784-H-10 network -> SGD (exponential decay 0.95) -> test evaluation -> every
 * figure, the model file and report.html. Defaults are the paper's best: H = 512, lr 0.1,
 * λ = 1e-4, batches of 64, 50 epochs.
 */
export function paperSpec(o: PaperOverrides = {}): PipelineSpecInput {
  const c = PAPER_CONFIG;
  const train = { data: 'mnist.datasets', model: 'train.model' };
  const evaluation = { evaluation: 'eval.evaluation' };
  return {
    name: o.name ?? 'train',
    description: "The paper's best model: 784-512-10 ReLU/softmax, SGD with lr 0.1 decayed by 0.95 each epoch, L2 1e-4, batches of 64, 50 epochs",
    seed: o.seed ?? c.seed,
    stages: [
      { id: 'mnist', type: 'data.mnist' },
      { id: 'init', type: 'model.two-layer', params: { hidden: o.hidden ?? c.hidden, l2: o.l2 ?? c.l2 } },
      {
        id: 'train', type: 'train.sgd', inputs: { data: 'mnist.datasets', model: 'init.model' },
        params: { lr: o.lr ?? c.lr, epochs: o.epochs ?? c.epochs, batchSize: o.batchSize ?? c.batchSize, schedule: { kind: 'exponential', gamma: 0.95 } },
      },
      { id: 'eval', type: 'eval.accuracy', inputs: { model: train.model, data: train.data } },
      { id: 'curves', type: 'viz.curves', inputs: { metrics: 'train.metrics' } },
      { id: 'weights', type: 'viz.weights', inputs: { model: train.model } },
      { id: 'confusion', type: 'viz.confusion', inputs: evaluation },
      { id: 'misclassified', type: 'viz.misclassified', inputs: evaluation },
      { id: 'save', type: 'model.save', inputs: { model: train.model, ...evaluation } },
      { id: 'report', type: 'report.html', inputs: { metrics: 'train.metrics', model: train.model, ...evaluation } },
    ],
  };
}
