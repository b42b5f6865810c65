/**
 * Hostile inputs, each given to the real `mnist` process: every one must end with exit 1, one
 * error message on stderr (its first line naming the file or field; no stack trace), a peak
 * memory under PEAK_MB, and nothing written or changed in the directory it ran in (but for the
 * run directory a case names). The table of results is written to .vitest/hostile-inputs.md.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { canMount, built, listFiles, onTmpfs, runCli, type CliRun } from './test-cli.js';
import { goodModelBytes, idxImages, modelHeader, png, safetensors, sparse, tinySpec, write } from './test-hostile-files.js';

/** The bound from the issue: a hostile input may not cost more memory than this. */
const PEAK_MB = 600;

interface Case {
  /** What the table calls the input. */
  input: string;
  /** The command line; `dir` is the case's own working directory, filled by `setup`. */
  args: (dir: string) => string[];
  setup?: (dir: string) => void;
  /** The error on stderr (after "error: "; a spec's problems follow its first line after " / "). */
  message: RegExp;
  /** A run directory (relative) the command may create and write; everything else must stay as it was. */
  runDir?: string;
  /** The command gets as far as running stages, so stdout has progress lines. */
  progress?: boolean;
  /** Runs under a mount made for it (needs root and unshare). */
  wrap?: (dir: string) => string[];
}

const model = (dir: string) => write(dir, 'model.safetensors', goodModelBytes());
const spec = (dir: string, text: string | Uint8Array) => write(dir, 'spec.json', text);
const withHeader = (patch: (h: Record<string, unknown>) => void) => {
  const { header, data } = modelHeader(patch);
  return safetensors(header, data);
};
const digit = join(import.meta.dirname, '..', 'fixtures', 'digits', 'test-0-label-7.png');

const trainFlags: Case[] = [
  ['--hidden 1000000', /^option '--hidden <n>' argument '1000000' is invalid: a 784-1000000-10 network needs about \d+\.\d GB of memory/],
  ['--hidden 0', /^option '--hidden <n>' argument '0' is invalid: expected a whole number > 0/],
  ['--hidden -5', /^option '--hidden <n>' argument '-5' is invalid: expected a whole number > 0/],
  ['--hidden 1.5', /^option '--hidden <n>' argument '1.5' is invalid/],
  ['--lr abc', /^option '--lr <n>' argument 'abc' is invalid: expected a number > 0/],
  ['--lr 0', /^option '--lr <n>' argument '0' is invalid/],
  ['--lr Infinity', /^option '--lr <n>' argument 'Infinity' is invalid/],
  ['--lr NaN', /^option '--lr <n>' argument 'NaN' is invalid/],
  ['--l2 -1', /^option '--l2 <n>' argument '-1' is invalid: expected a number >= 0/],
  ['--epochs 0', /^option '--epochs <n>' argument '0' is invalid/],
  ['--epochs 1e309', /^option '--epochs <n>' argument '1e309' is invalid/],
  ['--batch 0', /^option '--batch <n>' argument '0' is invalid/],
  ['--seed -1', /^option '--seed <n>' argument '-1' is invalid: expected a whole number 0..4294967295/],
  ['--seed 4294967296', /^option '--seed <n>' argument '4294967296' is invalid/],
  ['--seed 0x10', /^option '--seed <n>' argument '0x10' is invalid/],
  ['--limit 0', /^option '--limit <n>' argument '0' is invalid/],
  ['--backend nope', /^option '--backend <name>' argument 'nope' is invalid: expected one of auto, /],
  ['--epoch 3', /^unknown option '--epoch' \(Did you mean --epochs\?\)/],
  ['--name ../../escape', /^option '--name <name>' argument '..\/..\/escape' is invalid: expected letters, digits/],
].map(([flags, message]) => ({ input: `train ${flags as string}`, args: () => ['train', ...(flags as string).split(' ')], message: message as RegExp }));

const outDirs: Case[] = [
  { input: 'train --out /proc/self/x', args: () => ['train', '--out', '/proc/self/x'], message: /^\/proc\/self\/x: cannot create the run directory: no such file or directory \(ENOENT\)/ },
  {
    input: 'train --out <a directory with files>',
    setup: (d) => write(d, 'used/notes.txt', 'mine'),
    args: () => ['train', '--out', 'used'],
    message: /^used: already exists and is not an empty directory; choose another --out, or continue that run with "mnist resume used"/,
  },
  { input: 'train --out <a file>', setup: (d) => write(d, 'afile', 'x'), args: () => ['train', '--out', 'afile'], message: /^afile: already exists and is not an empty directory/ },
  { input: 'train --out <a file>/run', setup: (d) => write(d, 'afile', 'x'), args: () => ['train', '--out', 'afile/run'], message: /^afile\/run: cannot create the run directory: .*afile is a file, not a directory/ },
  { input: 'train --out <name of 300 characters>', args: () => ['train', '--out', 'x'.repeat(300)], message: /^x{300}: cannot create the run directory: the name is too long \(ENAMETOOLONG\)/ },
  {
    input: 'train --out <a symbolic link to itself>',
    setup: (d) => symlinkSync('loop', join(d, 'loop')),
    args: () => ['train', '--out', 'loop'],
    message: /^loop: cannot create the lock file in the run directory: too many symbolic links \(ELOOP\)/,
  },
  {
    input: 'train --out <a directory another live process holds>',
    // The holder is this test process: alive, and not the command's own.
    setup: (d) => write(d, 'held/.lock', JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' })),
    args: () => ['train', '--out', 'held'],
    message: new RegExp(`^held: the run directory is in use by process ${process.pid}, which took it at 2026-01-01T00:00:00.000Z`),
  },
  {
    input: 'train --out <on a read-only mount>',
    setup: (d) => mkdirSync(join(d, 'ro')),
    wrap: (d) => onTmpfs(join(d, 'ro'), 'ro'),
    args: () => ['train', '--out', 'ro/run'],
    message: /^ro\/run: cannot create the run directory: read-only file system \(EROFS\)/,
  },
];

const specs: Case[] = [
  { input: 'run <no such spec>', args: () => ['run', 'nope.json'], message: /^spec file nope\.json not found \(looked for .*nope\.json\)/ },
  { input: 'run <a directory>', setup: (d) => mkdirSync(join(d, 'adir')), args: () => ['run', 'adir'], message: /^spec file adir is a directory, expected a file/ },
  { input: 'run /dev/zero', args: () => ['run', '/dev/zero'], message: /^spec file \/dev\/zero is not a regular file \(a device, a FIFO or a socket\)/ },
  { input: 'run <empty file>', setup: (d) => spec(d, ''), args: () => ['run', 'spec.json'], message: /^spec\.json:1:1: not valid JSON: unexpected end of JSON input/ },
  { input: 'run <JSON cut off>', setup: (d) => spec(d, '{"name":"t","stages":['), args: () => ['run', 'spec.json'], message: /^spec\.json:1:\d+: not valid JSON/ },
  { input: 'run <random bytes>', setup: (d) => spec(d, Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 97 + 13) % 256))), args: () => ['run', 'spec.json'], message: /^spec\.json:1:\d+: not valid JSON/ },
  { input: 'run <a JSON array>', setup: (d) => spec(d, '[1,2]'), args: () => ['run', 'spec.json'], message: /^spec\.json: spec: expected an object \{ "name", "stages", \.\.\. \}, received an array/ },
  { input: 'run <unknown stage type>', setup: (d) => spec(d, tinySpec({}, (s) => (s[1]!['type'] = 'model.two-layr'))), args: () => ['run', 'spec.json'], message: /^spec\.json: stages\[1\]\.type: unknown stage type "model\.two-layr"; did you mean "model\.two-layer"\?/ },
  { input: 'run <lr -0.1>', setup: (d) => spec(d, tinySpec({}, (s) => ((s[2]!['params'] as Record<string, unknown>)['lr'] = -0.1))), args: () => ['run', 'spec.json'], message: /^spec\.json: stages\[2\]\.params\.lr \(train\.sgd\): expected a number > 0, received -0\.1/ },
  {
    input: 'run <hidden 1000000 in the spec>',
    setup: (d) => spec(d, tinySpec({}, (s) => ((s[1]!['params'] as Record<string, unknown>)['hidden'] = 1_000_000))),
    args: () => ['run', 'spec.json'],
    message: /^spec\.json: stages\[1\]\.params\.hidden is 1000000: a 784-1000000-10 network needs about/,
  },
  { input: 'run <100k-deep objects>', setup: (d) => spec(d, `{"name":"t","stages":[${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}]}`), args: () => ['run', 'spec.json'], message: /^spec\.json: nested more than 64 levels deep; a spec needs fewer than 10/ },
  { input: 'run <100k-deep arrays>', setup: (d) => spec(d, `${'['.repeat(100_000)}${']'.repeat(100_000)}`), args: () => ['run', 'spec.json'], message: /^spec\.json: (nested more than 64 levels deep|spec: expected an object)/ },
  { input: 'run <a spec of 12 MB>', setup: (d) => spec(d, JSON.stringify({ name: 't', description: 'x'.repeat(12_000_000), stages: [] })), args: () => ['run', 'spec.json'], message: /^spec\.json: 12000\d+ bytes; a spec may have at most 10000000/ },
  { input: 'run <plugin /dev/zero>', setup: (d) => spec(d, tinySpec({ plugins: ['/dev/zero'] })), args: () => ['run', 'spec.json'], message: /^spec\.json: plugins\[0\]: plugin "\/dev\/zero" is a device, not a regular file/ },
  {
    input: 'run <400,000 bad stages>',
    setup: (d) => spec(d, JSON.stringify({ name: 't', stages: Array.from({ length: 400_000 }, () => ({ type: 'x' })) })),
    args: () => ['run', 'spec.json'],
    message: /^spec\.json: stages: expected at most 1000 stages, received 400000/,

  },
  {
    input: 'run <model.save path "../escaped.safetensors">',
    setup: (d) => spec(d, tinySpec({}, (s) => (s[3]!['params'] = { path: '../escaped.safetensors' }))),
    args: () => ['run', 'spec.json', '--out', 'run'],
    message: /^spec\.json: stages\[3\]\.params\.path \(model\.save\): expected a path inside the run directory \(it leads out with "\.\."\)/,
    runDir: 'run',
  },
  {
    input: 'run <model.save path "spec.json">',
    setup: (d) => spec(d, tinySpec({}, (s) => (s[3]!['params'] = { path: 'spec.json' }))),
    args: () => ['run', 'spec.json', '--out', 'run'],
    message: /^spec\.json: stages\[3\]\.params\.path \(model\.save\): expected a file other than the run's own spec\.json/,
    runDir: 'run',
  },
  { input: 'run --out <locked directory>', setup: (d) => (spec(d, tinySpec()), write(d, 'held/.lock', JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' }))), args: () => ['run', 'spec.json', '--out', 'held'], message: /^held: the run directory is in use by process \d+/ },
];

const resumes: Case[] = [
  { input: 'resume <no such directory>', args: () => ['resume', 'gone'], message: /^run directory gone not found/ },
  { input: 'resume <a file>', setup: (d) => write(d, 'afile', 'x'), args: () => ['resume', 'afile'], message: /^run directory afile is a file, expected a directory/ },
  { input: 'resume <a directory without spec.json>', setup: (d) => write(d, 'run/notes.txt', 'x'), args: () => ['resume', 'run'], message: /^run is not a run directory: it has no spec\.json/ },
  { input: 'resume <spec.json not JSON>', setup: (d) => write(d, 'run/spec.json', '{"name":'), args: () => ['resume', 'run'], message: /^run\/spec\.json:1:\d+: not valid JSON/, runDir: 'run' },
  {
    input: 'resume <spec.json with hidden 1000000>',
    setup: (d) => write(d, 'run/spec.json', tinySpec({}, (s) => ((s[1]!['params'] as Record<string, unknown>)['hidden'] = 1_000_000))),
    args: () => ['resume', 'run'],
    message: /^run\/spec\.json: stages\[1\]\.params\.hidden is 1000000: a 784-1000000-10 network needs about/,
  },
  {
    input: 'resume <checkpoint of random bytes>',
    setup: (d) => (write(d, 'run/spec.json', tinySpec()), write(d, 'run/checkpoint.safetensors', Buffer.alloc(64, 7))),
    args: () => ['resume', 'run'],
    message: /^stage "train" \(train\.sgd\) failed: .*run\/checkpoint\.safetensors: the header length is \d+ bytes, more than the 100000000-byte limit/,
    runDir: 'run',
    progress: true,
  },
  {
    input: 'resume <a directory another live process holds>',
    setup: (d) => (write(d, 'run/spec.json', tinySpec()), write(d, 'run/.lock', JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' }))),
    args: () => ['resume', 'run'],
    message: /^run: the run directory is in use by process \d+/,
  },
];

const models: Case[] = [
  { input: 'evaluate <no such model>', args: () => ['evaluate', 'nope.safetensors'], message: /^model file nope\.safetensors not found/ },
  { input: 'evaluate <a directory>', setup: (d) => mkdirSync(join(d, 'm')), args: () => ['evaluate', 'm'], message: /^model file m is a directory, expected a file/ },
  { input: 'evaluate /dev/zero', args: () => ['evaluate', '/dev/zero'], message: /^model file \/dev\/zero is not a regular file/ },
  { input: 'evaluate <empty file>', setup: (d) => write(d, 'm.safetensors', ''), args: () => ['evaluate', 'm.safetensors'], message: /^m\.safetensors: the file is 0 bytes; a safetensors file starts with an 8-byte header length/ },
  {
    input: 'evaluate <1.9 GB sparse file, header length 4 GB>',
    setup: (d) => sparse(d, 'm.safetensors', Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]), 1_900_000_000),
    args: () => ['evaluate', 'm.safetensors'],
    message: /^m\.safetensors: the header length is 4294967295 bytes, more than the 100000000-byte limit/,
  },
  { input: 'evaluate <header length past the end>', setup: (d) => write(d, 'm.safetensors', safetensors('{}', undefined, 1000n)), args: () => ['evaluate', 'm.safetensors'], message: /^m\.safetensors: the header length is 1000 bytes, more than the 2 bytes after the length field/ },
  { input: 'evaluate <header not JSON>', setup: (d) => write(d, 'm.safetensors', safetensors('{"W1": nope}')), args: () => ['evaluate', 'm.safetensors'], message: /^m\.safetensors: the 12-byte header is not valid UTF-8 JSON/ },
  { input: 'evaluate <header a JSON array>', setup: (d) => write(d, 'm.safetensors', safetensors('[1]')), args: () => ['evaluate', 'm.safetensors'], message: /^m\.safetensors: the header should be a JSON object of tensors, found an array/ },
  {
    input: 'evaluate <header of 1,000,000 tiny tensors>',
    setup: (d) => write(d, 'm.safetensors', safetensors(`{${Array.from({ length: 1_000_000 }, (_, i) => `"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`).join(',')}}`)),
    args: () => ['evaluate', 'm.safetensors'],
    message: /^m\.safetensors: the header lists more than 10000 tensors \(a model file holds 4: W1, b1, W2, b2\)$/,
  },
  {
    input: 'evaluate <W1 named twice>',
    setup: (d) => write(d, 'm.safetensors', safetensors(`{"W1":{"dtype":"F32","shape":[784,16],"data_offsets":[0,4]},${JSON.stringify(modelHeader().header).slice(1)}`, modelHeader().data)),
    args: () => ['evaluate', 'm.safetensors'],
    message: /^m\.safetensors: the header names "W1" twice; each name must appear once/,
  },
  {
    input: 'evaluate <a tensor name of 1 MB>',
    setup: (d) => write(d, 'm.safetensors', safetensors(`{"${'n'.repeat(1_000_000)}":5}`)),
    args: () => ['evaluate', 'm.safetensors'],
    message: /^m\.safetensors: tensor "n+… \(\d+ more characters\)$/,
  },
  { input: 'evaluate <dtype F16>', setup: (d) => write(d, 'm.safetensors', withHeader((h) => ((h['b2'] as Record<string, unknown>)['dtype'] = 'F16'))), args: () => ['evaluate', 'm.safetensors'], message: /^m\.safetensors: tensor "b2" has dtype F16; only F32 is supported/ },
  { input: 'evaluate <b2 missing>', setup: (d) => write(d, 'm.safetensors', withHeader((h) => delete h['b2'])), args: () => ['evaluate', 'm.safetensors'], message: /^m\.safetensors: no tensor "b2"; a model holds W1, b1, W2, b2/ },
  {
    input: 'evaluate <W1 of shape [100,16]>',
    setup: (d) => write(d, 'm.safetensors', withHeader((h) => (h['W1'] = { dtype: 'F32', shape: [100, 16], data_offsets: [0, 6400] }))),
    args: () => ['evaluate', 'm.safetensors'],
    message: /^m\.safetensors: tensor "W1" should be \[784,H\] with H >= 1, found \[100,16\]/,
  },
  {
    input: 'evaluate <offsets past the data>',
    setup: (d) => write(d, 'm.safetensors', withHeader((h) => (h['b2'] = { dtype: 'F32', shape: [10], data_offsets: [1e9, 1e9 + 40] }))),
    args: () => ['evaluate', 'm.safetensors'],
    message: /^m\.safetensors: tensor "b2" has data_offsets \[1000000000, 1000000040\], outside the \d+-byte data section/,
  },
  {
    input: 'evaluate <two tensors sharing bytes>',
    setup: (d) => write(d, 'm.safetensors', withHeader((h) => (h['b2'] = { dtype: 'F32', shape: [10], data_offsets: [0, 40] }))),
    args: () => ['evaluate', 'm.safetensors'],
    message: /^m\.safetensors: tensors "b2" \[0, 40\) and "W1" \[0, 50176\) share bytes/,
  },
  {
    input: 'evaluate <NaN weights>',
    setup: (d) => {
      const { header, data } = modelHeader();
      new DataView(data.buffer).setFloat32(8, Number.NaN, true);
      write(d, 'm.safetensors', safetensors(header, data));
    },
    args: () => ['evaluate', 'm.safetensors'],
    message: /^m\.safetensors: tensor "W1" holds NaN at flat index 2/,
  },
  {
    input: 'evaluate <another format>',
    setup: (d) => write(d, 'm.safetensors', withHeader((h) => (h['__metadata__'] = { format: 'gpt-2' }))),
    args: () => ['evaluate', 'm.safetensors'],
    message: /^m\.safetensors: __metadata__\.format is "gpt-2", expected "mnist-two-layer\/1"/,
  },
  {
    input: 'evaluate <unknown normalization>',
    setup: (d) => write(d, 'm.safetensors', withHeader((h) => (h['__metadata__'] = { normalization: 'x/7' }))),
    args: () => ['evaluate', 'm.safetensors', '--data', 'test'],
    message: /^m\.safetensors: __metadata__\.normalization is "x\/7", expected "x\/255\*0\.99\+0\.01" or "x\/255"/,
  },
  { input: 'evaluate --data <no such file>', setup: model, args: () => ['evaluate', 'model.safetensors', '--data', 'nope.csv'], message: /^data file nope\.csv not found/ },
  { input: 'evaluate --data <random bytes>', setup: (d) => (model(d), write(d, 'x.bin', Buffer.alloc(100, 9))), args: () => ['evaluate', 'model.safetensors', '--data', 'x.bin'], message: /x\.bin/ },
  { input: 'evaluate --data <CSV pixel 300>', setup: (d) => (model(d), write(d, 'x.csv', `7,${Array.from({ length: 784 }, (_, i) => (i === 5 ? 300 : 0)).join(',')}\n`)), args: () => ['evaluate', 'model.safetensors', '--data', 'x.csv'], message: /x\.csv.*300/ },
  {
    input: 'evaluate --data <IDX declaring 1e9 images>',
    setup: (d) => (model(d), write(d, 'x-images-idx3-ubyte', idxImages(1_000_000_000, 28, 28, 784)), write(d, 'x-labels-idx1-ubyte', Buffer.from([0, 0, 8, 1, 0, 0, 0, 1, 7]))),
    args: () => ['evaluate', 'model.safetensors', '--data', 'x-images-idx3-ubyte'],
    message: /x-images-idx3-ubyte/,
  },
];

const images: Case[] = [
  { input: 'predict <PNG declaring 40000×10000>', setup: (d) => (model(d), write(d, 'big.png', png(40_000, 10_000, 64))), args: () => ['predict', 'model.safetensors', 'big.png'], message: /^big\.png: the PNG declares 40000×10000 pixels, more than the 16777216 \(4096×4096\) that predict decodes/ },
  { input: 'predict <PNG declaring 50000×50000>', setup: (d) => (model(d), write(d, 'big.png', png(50_000, 50_000, 16))), args: () => ['predict', 'model.safetensors', 'big.png'], message: /^big\.png: the PNG declares 50000×50000 pixels/ },
  { input: 'predict <PNG of 0×28>', setup: (d) => (model(d), write(d, 'empty.png', png(0, 28, 0))), args: () => ['predict', 'model.safetensors', 'empty.png'], message: /^empty\.png: the PNG is 0×28 pixels, an empty image; expected at least 1×1/ },
  { input: 'predict <PNG cut after its header>', setup: (d) => (model(d), write(d, 'cut.png', png(28, 28))), args: () => ['predict', 'model.safetensors', 'cut.png'], message: /^cut\.png: not a readable PNG \(the file ends before its image data does \(cut off\?\)\)/ },
  { input: 'predict <PNG with 3 of 28 rows>', setup: (d) => (model(d), write(d, 'short.png', png(28, 28, 3))), args: () => ['predict', 'model.safetensors', 'short.png'], message: /^short\.png: not a readable PNG \(the file ends before its image data does/ },
  { input: 'predict <JPEG bytes>', setup: (d) => (model(d), write(d, 'p.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))), args: () => ['predict', 'model.safetensors', 'p.jpg'], message: /^p\.jpg: expected a PNG or a PGM \(P5 or P2\) image, found bytes ff d8 ff e0 \(a JPEG\? convert it to PNG\)/ },
  { input: 'predict <empty image file>', setup: (d) => (model(d), write(d, 'e.png', '')), args: () => ['predict', 'model.safetensors', 'e.png'], message: /^e\.png: expected a PNG or a PGM \(P5 or P2\) image, found bytes \(empty file\)/ },
  { input: 'predict <PGM declaring 100000×100000>', setup: (d) => (model(d), write(d, 'big.pgm', 'P2 100000 100000 255\n0 0 0')), args: () => ['predict', 'model.safetensors', 'big.pgm'], message: /^big\.pgm: the PGM declares 100000×100000 pixels/ },
  { input: 'predict <PGM of width 0>', setup: (d) => (model(d), write(d, 'z.pgm', 'P5 0 28 255\n')), args: () => ['predict', 'model.safetensors', 'z.pgm'], message: /^z\.pgm: PGM width must be a whole number > 0, found "0"/ },
  { input: 'predict <PGM raster cut short>', setup: (d) => (model(d), write(d, 'c.pgm', 'P5 28 28 255\nabc')), args: () => ['predict', 'model.safetensors', 'c.pgm'], message: /^c\.pgm: PGM raster of 28×28 needs 784 bytes, found 3/ },
  {
    input: 'predict <image file of 3 GB (sparse)>',
    setup: (d) => (model(d), sparse(d, 'huge.png', png(28, 28, 28), 3_000_000_000)),
    args: () => ['predict', 'model.safetensors', 'huge.png'],
    message: /^huge\.png: the file is 3000000000 bytes, more than the 134217728 \(128 MiB\) an image for predict may take/,
  },
  { input: 'predict <no such image>', setup: model, args: () => ['predict', 'model.safetensors', 'nope.png'], message: /^image nope\.png not found/ },
  { input: 'predict <image is a directory>', setup: (d) => (model(d), mkdirSync(join(d, 'img'))), args: () => ['predict', 'model.safetensors', 'img'], message: /^image img is a directory, expected a file/ },
  { input: 'predict /dev/zero as the image', setup: model, args: () => ['predict', 'model.safetensors', '/dev/zero'], message: /^image \/dev\/zero is not a regular file/ },
  { input: 'predict <a PNG as the model>', setup: () => {}, args: () => ['predict', digit, digit], message: /test-0-label-7\.png: the header length is \d+ bytes, more than/ },
];

const dataBombs: Case[] = [
  {
    input: 'evaluate --data <gzip bomb: 300 kB inflating to 300 MB>',
    setup: (d) => (model(d), write(d, 'bomb.csv.gz', gzipSync(Buffer.alloc(300 * 2 ** 20, 0x30), { level: 9 }))),
    args: () => ['evaluate', 'model.safetensors', '--data', 'bomb.csv.gz'],
    message: /^CSV file bomb\.csv\.gz inflates to more than the 268435456 bytes \(256 MiB\) a data file may hold/,
  },
  {
    input: 'evaluate --data <CSV of 1.5 GB (sparse)>',
    setup: (d) => (model(d), sparse(d, 'big.csv', Buffer.from('7,0\n'), 1_500_000_000)),
    args: () => ['evaluate', 'model.safetensors', '--data', 'big.csv'],
    message: /^CSV file big\.csv is 1500000000 bytes, more than the 268435456 bytes \(256 MiB\) a data file may hold/,
  },
];

const visualize: Case[] = [
  {
    input: 'visualize <a run directory another live process holds>',
    setup: (d) => (write(d, 'run/spec.json', tinySpec()), write(d, 'run/.lock', JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' }))),
    args: () => ['visualize', 'run'],
    message: new RegExp(`^run: the run directory is in use by process ${process.pid}, which took it at 2026-01-01T00:00:00.000Z`),
  },
  { input: 'visualize <no such directory>', args: () => ['visualize', 'gone'], message: /^run directory gone not found/ },
  { input: 'visualize <a directory without spec.json>', setup: (d) => write(d, 'run/x.txt', 'x'), args: () => ['visualize', 'run'], message: /run: not a run directory \(no spec\.json in it\)/ },
];

const cases: Case[] = [...trainFlags, ...outDirs, ...specs, ...resumes, ...models, ...dataBombs, ...images, ...visualize];

interface Row {
  input: string;
  code: number | null;
  message: string;
  peakMB: number | null;
}
const rows: Row[] = [];
const root = mkdtempSync(join(tmpdir(), 'mnist-hostile-'));
const mountable = canMount();

describe.runIf(built).concurrent('hostile inputs to the mnist process', () => {
  it('there are at least 60 of them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  // Skipped, and so shown as such: the cases that need a mount, on a machine without root.
  const runnable = (c: Case) => !c.wrap || mountable;
  it.skip.each(cases.filter((c) => !runnable(c)))('$input', () => {});

  it.each(cases.map((c, i) => ({ ...c, i })).filter(runnable))('$input', async (c) => {
    const dir = join(root, `case-${c.i}`);
    mkdirSync(dir);
    c.setup?.(dir);
    const before = listFiles(dir);
    const r = await runCli(c.args(dir), { cwd: dir, timeoutMs: 60_000, ...(c.wrap ? { wrap: c.wrap(dir) } : {}) });
    rows.push({ input: c.input, code: r.code, message: firstLine(r), peakMB: r.peakMB });
    expectRefused(r, c.message, { progress: c.progress === true });
    const after = listFiles(dir).filter((f) => !c.runDir || !(f === `${c.runDir}/` || f.startsWith(`${c.runDir}/`)));
    expect(after).toEqual(before.filter((f) => !c.runDir || !f.startsWith(`${c.runDir}/`)));
  });
});

/** Exit 1, one error on stderr whose first line matches, no stack, bounded memory. */
export function expectRefused(r: CliRun, message: RegExp, o: { progress?: boolean; code?: number } = {}): void {
  const err = r.stderr;
  expect({ code: r.code, err }).toMatchObject({ code: o.code ?? 1 });
  expect(err.match(/^error: /gm) ?? [], err).toHaveLength(1);
  expect(err).not.toMatch(/^\s+at /m);
  expect(err).not.toContain('this looks like a bug');
  expect(firstLine(r)).toMatch(message);
  if (!o.progress) expect(r.stdout).toBe('');
  expect(r.peakMB).not.toBeNull();
  expect(r.peakMB!).toBeLessThan(PEAK_MB);
}

/**
 * The error as the table shows it: its first line, and the problems a spec error lists under it
 * (indented), joined with " / ".
 */
function firstLine(r: CliRun): string {
  const lines = r.stderr.split('\n');
  const at = Math.max(0, lines.findIndex((l) => l.startsWith('error: ')));
  const problems = [];
  for (let i = at + 1; i < lines.length && /^\s+\S/.test(lines[i]!); i++) problems.push(lines[i]!.trim());
  return [lines[at] ?? '', ...problems].join(' / ').replace(/^error: /, '').replaceAll(root, '<tmp>');
}

afterAll(() => {
  const order = new Map(cases.map((c, i) => [c.input, i]));
  rows.sort((a, b) => order.get(a.input)! - order.get(b.input)!);
  const cell = (s: string) => s.replaceAll('|', '\\|').slice(0, 160);
  const table = [
    '| # | input | exit | message (first line) | peak RSS |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r, i) => `| ${i + 1} | ${cell(r.input)} | ${r.code} | ${cell(r.message)} | ${r.peakMB === null ? '–' : `${r.peakMB.toFixed(0)} MB`} |`),
  ];
  mkdirSync(join(import.meta.dirname, '..', '.vitest'), { recursive: true });
  writeFileSync(join(import.meta.dirname, '..', '.vitest', 'hostile-inputs.md'), `${table.join('\n')}\n`);
});
