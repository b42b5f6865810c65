import { describe, expect, it } from 'vitest';
import { classify, extractBlocks, helpCommands, tableCommands, listedNames, normalizeCommand, shellCommands, shellProblems, stripJsonComments } from './blocks.js';

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

describe('shellProblems', () => {
  const ctx = {
    scripts: new Set(['start', 'mnist']),
    help: (sub: string | null) => (sub === null ? 'Commands: train' : sub === 'train' ? '--epochs <n>  --out <dir>' : ''),
    pathExists: (p: string) => p === 'pipelines/quick.json',
  };
  it('accepts known commands, flags, scripts and paths', () => {
    expect(shellProblems('npx -y pnpm@10.34.8 install && npx -y pnpm@10.34.8 start\nmnist train --epochs 1 --out x   # ok\npnpm mnist run-it pipelines/quick.json\n', { ...ctx, help: (s) => (s === 'run-it' ? 'run' : ctx.help(s)) })).toEqual([]);
  });
  it('names an unknown flag, subcommand, script and path', () => {
    expect(shellProblems('mnist train --epoch 1\nmnist trian\npnpm strat\nmnist train pipelines/qiuck.json\n', ctx)).toEqual([
      'mnist train --epoch: not in its --help',
      'mnist trian: not a command (its --help failed)',
      'pnpm strat: no such script in package.json',
      'pipelines/qiuck.json: no such file in the repository',
    ]);
  });
});

describe('stripJsonComments', () => {
  it('drops // comments but not // inside strings', () => {
    expect(JSON.parse(stripJsonComments('{ "a": "http://x", // note\n "b": 1 }'))).toEqual({ a: 'http://x', b: 1 });
  });
});

describe('helpCommands and tableCommands', () => {
  it('read the command lists of --help and of a docs table', () => {
    expect(helpCommands('Usage: mnist\n\nCommands:\n  run [options] <spec>   runs\n  new-stage <name>  x\n  help [command]  h\n\nEvery command')).toEqual(['run', 'new-stage']);
    expect(tableCommands('| command | does |\n| `mnist run <spec.json>` | runs |\n| `mnist worker --redis URL` | w |\n')).toEqual(['run', 'worker']);
  });
});
