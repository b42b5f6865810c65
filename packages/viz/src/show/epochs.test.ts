import { describe, expect, it } from 'vitest';
import { hoverColumns, tableColumns, type EpochRow } from './epochs.js';

const rows: EpochRow[] = [
  { epoch: 1, lr: 0.1, trainLoss: 0.3, trainAcc: 0.91, testLoss: 0.28, testAcc: 0.92, seconds: 4, samplesPerSec: 15000, lrWarmup: 0.5 },
  { epoch: 2, lr: 0.1, trainLoss: 0.2, trainAcc: 0.95, testLoss: 0.19, testAcc: 0.951, seconds: 8, samplesPerSec: 15100, lrWarmup: 1, gap: 0.01, valAcc: 0.94 },
];

describe('the columns of per-epoch rows', () => {
  it('puts the known keys in words and in order, then any other numeric key as itself, in the order met', () => {
    expect(tableColumns(rows).map((c) => c.label)).toEqual([
      'Epoch', 'Learning rate', 'Train loss', 'Train accuracy', 'Test loss', 'Test accuracy', 'Validation accuracy',
      'Seconds', 'Samples per second', 'lrWarmup', 'gap',
    ]);
  });

  it('leads the hover read-out with the accuracies and leaves out the epoch and the speed', () => {
    expect(hoverColumns(rows).map((c) => c.key)).toEqual([
      'trainAcc', 'testAcc', 'valAcc', 'trainLoss', 'testLoss', 'lr', 'seconds', 'lrWarmup', 'gap',
    ]);
  });

  it('shows a key only when some row has a number for it', () => {
    const sparse = [{ epoch: 1, trainDataLoss: undefined, note: 'text' as unknown as number }];
    expect(tableColumns(sparse)).toEqual([{ key: 'epoch', label: 'Epoch' }]);
    expect(hoverColumns(sparse)).toEqual([]);
  });
});
