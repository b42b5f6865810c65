/** Commands on a trained model: evaluate (a data set) and predict (image files). */
import { NORMALIZATION_KINDS, loadDataset, loadMnist, normalization, normalizationOfText, normalizationText, type Dataset, type Normalization } from '@mnist-ts/mnist-data';
import { loadModel } from '@mnist-ts/nn';
import { ByteMatrix } from '@mnist-ts/tensor';
import type { Command } from 'commander';
import { CliError, requireFile } from '../cli-error.js';
import { decodeImage, readImageFile, toMnistInput } from '../image.js';
import { jsonLine } from '../json-log.js';
import { withGlobalOptions, type GlobalOptions } from '../options.js';
import { useBackend, type Ctx } from './context.js';
import { confusionTable, perClassTable, predictionLine } from './tables.js';

/** The affine map a model file records in __metadata__.normalization. */
export function modelNormalization(metadata: Record<string, string>, file: string): Normalization {
  const text = metadata['normalization'] ?? normalizationText('paper');
  const kind = normalizationOfText(text);
  if (kind) return normalization(kind);
  throw new CliError(`${file}: __metadata__.normalization is ${JSON.stringify(text)}, expected ${NORMALIZATION_KINDS.map((k) => JSON.stringify(normalizationText(k))).join(' or ')}`);
}

function dataFor(which: string): Dataset {
  if (which === 'test' || which === 'train') return loadMnist(which);
  requireFile(which, 'data file');
  return loadDataset(which);
}

export function registerModelCommands(program: Command, ctx: Ctx): void {
  withGlobalOptions(
    program
      .command('evaluate')
      .description('accuracy, loss, per-class accuracy and confusion matrix of a model on a data set')
      .argument('<model.safetensors>', 'the model file'),
  )
    .option('--data <set>', 'test, train, or a path: a .csv file or an IDX images file (*-images-idx3-ubyte)', 'test')
    .action(async (modelPath: string, opts: GlobalOptions & { data: string }) => {
      await useBackend(opts.backend);
      requireFile(modelPath, 'model file');
      const { net, metadata } = loadModel(modelPath);
      const data = dataFor(opts.data);
      const ev = net.evaluateBytes(data.images, data.labels, data.count, modelNormalization(metadata, modelPath));
      const result = { model: modelPath, data: data.source, n: ev.n, accuracy: ev.accuracy, loss: ev.loss, perClass: ev.perClass, confusion: ev.confusion };
      const out = ctx.io.stdout;
      if (opts.json) out.write(jsonLine({ type: 'result', ...result }));
      else {
        out.write(`model     ${modelPath} (784-${net.config.hidden}-10)\ndata      ${data.source} (${data.count} images)\n`);
        out.write(`accuracy  ${(ev.accuracy * 100).toFixed(2)}%\nloss      ${ev.loss.toFixed(4)}\n\n`);
        out.write(`${perClassTable(ev.perClass)}\n\n${confusionTable(ev.confusion)}\n`);
      }
      ctx.exitCode = 0;
    });

  withGlobalOptions(
    program
      .command('predict')
      .description('the digit and its 10 probabilities for each image (PNG or PGM; inverted if light, framed like MNIST unless 28×28)')
      .argument('<model.safetensors>', 'the model file')
      .argument('<images...>', 'PNG or PGM (P5/P2) files'),
  ).action(async (modelPath: string, files: string[], opts: GlobalOptions) => {
    await useBackend(opts.backend);
    requireFile(modelPath, 'model file');
    for (const file of files) requireFile(file, 'image');
    const { net, metadata } = loadModel(modelPath);
    const norm = modelNormalization(metadata, modelPath);
    const inputs = files.map((file) => ({ file, ...toMnistInput(decodeImage(readImageFile(file), file)) }));
    const pixels = new Uint8Array(inputs.length * 784);
    inputs.forEach((x, i) => pixels.set(x.pixels, i * 784));
    const probs = net.forward(new ByteMatrix(inputs.length, 784, pixels, norm.scale, norm.offset));
    const predictions = inputs.map((x, i) => {
      const p = Array.from(probs.data.subarray(i * 10, i * 10 + 10));
      const label = p.indexOf(Math.max(...p));
      return { file: x.file, label, probabilities: p, inverted: x.inverted, size: [x.width, x.height] };
    });
    if (opts.json) ctx.io.stdout.write(jsonLine({ type: 'result', model: modelPath, predictions }));
    else for (const p of predictions) ctx.io.stdout.write(`${predictionLine(p)}\n`);
    ctx.exitCode = 0;
  });
}
