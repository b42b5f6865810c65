#!/usr/bin/env node
// Packs every publishable package of the workspace into one folder of tarballs (default
// `tarballs/`, or the folder given as the first argument), then checks what went in.
//
// pnpm is the packer, not npm: `pnpm pack` rewrites `workspace:^` into a real range (^0.1.0) and
// applies `publishConfig` (the published `exports` drop the `@mnist-ts/source` condition, which
// points at src/ that is not shipped). `npm pack` does neither, and its tarballs do not install.
// Run after a build (`pnpm pack-all` builds first).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

const root = resolve(new URL('..', import.meta.url).pathname);
const outDir = resolve(process.argv[2] ?? join(root, 'tarballs'));

/** The publishable packages, in dependency order: every package.json without `private`. */
export function publishableDirs() {
  const dirs = [];
  for (const group of ['packages', 'apps', 'examples']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      const dir = join(root, group, name);
      let manifest;
      try { manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')); } catch { continue; }
      if (!manifest.private) dirs.push(dir);
    }
  }
  return dirs;
}

/** pnpm as the user ran it (`npx pnpm@10 pack-all` sets npm_execpath), else through npx. */
function pnpm(args, cwd) {
  const exec = process.env.npm_execpath ?? '';
  const [cmd, pre] = /pnpm/.test(exec)
    ? (exec.endsWith('.js') || exec.endsWith('.cjs') ? [process.execPath, [exec]] : [exec, []])
    : ['npx', ['-y', 'pnpm@10.34.8']];
  return execFileSync(cmd, [...pre, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The file names in a .tgz, and its package.json (a tar reader in 20 lines: 512-byte headers). */
export function readTarball(path) {
  const tar = gunzipSync(readFileSync(path));
  const files = new Map();
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    files.set(prefix ? `${prefix}/${name}` : name, tar.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** What a tarball must not hold; one line per problem, naming the tarball. */
export function checkTarball(path) {
  const files = readTarball(path);
  const problems = [];
  const manifestBytes = files.get('package/package.json');
  if (!manifestBytes) return [`${path}: no package/package.json`];
  const text = manifestBytes.toString('utf8');
  const manifest = JSON.parse(text);
  if (text.includes('workspace:')) problems.push(`${path}: package.json still says "workspace:" (pack with pnpm, not npm)`);
  if (text.includes('@mnist-ts/source')) problems.push(`${path}: exports still carry the @mnist-ts/source condition (src/ is not shipped)`);
  for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
    if (dep.startsWith('@mnist-ts/') && !range.startsWith('^')) problems.push(`${path}: sibling ${dep} is pinned to "${range}", expected a ^ range`);
  }
  if (!files.has('package/LICENSE')) problems.push(`${path}: no LICENSE`);
  if (!files.has('package/README.md')) problems.push(`${path}: no README.md`);
  for (const name of files.keys()) {
    if (name.endsWith('.map')) problems.push(`${path}: ships a source map (${name})`);
    if (/\.test\.|\/src\//.test(name)) problems.push(`${path}: ships a source or test file (${name})`);
  }
  return problems;
}

export function packAll(dest = outDir) {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const dir of publishableDirs()) pnpm(['pack', '--pack-destination', dest], dir);
  const tarballs = readdirSync(dest).filter((f) => f.endsWith('.tgz')).sort().map((f) => join(dest, f));
  const problems = tarballs.flatMap(checkTarball);
  if (problems.length > 0) throw new Error(`pack-all: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  return tarballs;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  try {
    const tarballs = packAll();
    console.log(tarballs.map((t) => (isAbsolute(t) ? t : resolve(t))).join('\n'));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
