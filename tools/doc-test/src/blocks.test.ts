import { describe, expect, it } from 'vitest';
import { classify, extractBlocks, listedNames, normalizeCommand, shellCommands } from './blocks.js';

describe('extractBlocks', () => {
  it('finds fenced blocks, indented ones in lists too, with their line and kind', () => {
    const md = ['# t', '```ts', 'const a = 1;', '```', '1. step', '   ```json', '   { "a": 1 }', '   ```', '```', 'x', '```'].join('\n');
    const blocks = extractBlocks(md, 'README.md');
    expect(blocks.map((b) => [b.line, b.kind, b.code])).toEqual([
      [2, 'ts', 'const a = 1;\n'],
      [6, 'json', '{ "a": 1 }\n'],
      [9, 'untagged', 'x\n'],
    ]);
  });

  it('classifies info strings; an unknown language is not silently skipped', () => {
    expect(['ts', 'ts api', 'js', 'sh', 'sh run', 'bash', 'jsonc', 'text', '', 'python'].map(classify))
      .toEqual(['ts', 'api', 'js', 'sh', 'sh-run', 'sh', 'json', 'text', 'untagged', 'unknown']);
  });
});

describe('listedNames', () => {
  it('takes the names a listing declares, not their parameters or members', () => {
    const listing = [
      'class TwoLayerNet {',
      '  forward(x: Matrix): Matrix',
      '}',
      'Evaluation = { n, loss }',
      'encodeModel(net, metadata?) / decodeModel(bytes, file?)',
      'crossEntropy, meanSquaredError: SoftmaxLoss { value(a, y) };  softmaxLoss(kind)',
      '// a comment naming notAName(x)',
      'loadMnist(part: \'train\' | \'test\'): Dataset   // source',
    ].join('\n');
    expect(listedNames(listing)).toEqual(['TwoLayerNet', 'Evaluation', 'encodeModel', 'decodeModel', 'crossEntropy', 'meanSquaredError', 'softmaxLoss', 'loadMnist']);
  });
});

describe('shellCommands', () => {
  it('drops comments and prompts, joins continuations, splits chains', () => {
    expect(shellCommands('$ npx -y pnpm@10.34.8 install && npx -y pnpm@10.34.8 start   # train\nmnist train \\\n  --epochs 1 | cat\n'))
      .toEqual([['npx', '-y', 'pnpm@10.34.8', 'install'], ['npx', '-y', 'pnpm@10.34.8', 'start'], ['mnist', 'train', '--epochs', '1'], ['cat']]);
    expect(normalizeCommand(['npx', '-y', 'pnpm@10.34.8', 'mnist', 'run'])).toEqual(['pnpm', 'mnist', 'run']);
  });
});
