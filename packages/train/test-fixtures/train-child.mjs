// A training process to kill: `node train-child.mjs <runDir> <train.idx> <test.idx> <configJSON> fresh|resume`.
// Prints "batch <epoch> <batch>" after every batch, and writes the final weights to <runDir>/final.bin.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '@mnist-ts/mnist-data';
import { train, loadCheckpoint } from '../dist/index.js';

const [runDir, trainPath, testPath, configJson, mode] = process.argv.slice(2);
const data = { train: loadDataset(trainPath), test: loadDataset(testPath) };
const resume = mode === 'resume' ? loadCheckpoint(join(runDir, 'checkpoint.safetensors')) : undefined;
const result = await train(JSON.parse(configJson), data, {
  runDir,
  resume,
  batchEventInterval: 0,
  emit: (e) => { if (e.type === 'batch:end') process.stdout.write(`batch ${e.epoch} ${e.batch}\n`); },
});
const n = result.net;
writeFileSync(join(runDir, 'final.bin'), Buffer.concat([n.W1.data, n.b1.data, n.W2.data, n.b2.data].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
