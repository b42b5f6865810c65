// The outsider's side of the doc-test: pack every package with the repository's own `pack-all`,
// then install the tarballs with npm into a temporary project outside the workspace, the way a
// user of the packages would. Nothing here reads the workspace's node_modules but TypeScript.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Consumer {
  /** The temporary folder holding everything below. */
  tmp: string;
  tarballDir: string;
  tarballs: string[];
  /** An npm project (type: module) with every tarball and @types/node installed. */
  project: string;
  /** The npm prefix for `npm i -g` (its bin/ goes first on PATH for shell blocks). */
  prefix: string;
}

/** npm quiet and offline-first: the tarballs are local, the rest is usually in npm's cache. */
export const npmEnv = (prefix: string): NodeJS.ProcessEnv => ({
  ...process.env,
  npm_config_prefix: prefix,
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_loglevel: 'error',
  // The workspace's pnpm run sets these; an outsider's shell has none of them.
  npm_config_user_agent: undefined,
  npm_execpath: undefined,
  NODE_OPTIONS: undefined,
  PATH: `${join(prefix, 'bin')}:${process.env['PATH'] ?? ''}`,
});

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout = 300_000) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? `\n${r.error.message}` : '') };
}

export function setUpConsumer(root: string): Consumer {
  const tmp = mkdtempSync(join(tmpdir(), 'mnist-ts-doc-test-'));
  const tarballDir = join(tmp, 'tarballs');
  const started = performance.now();
  execFileSync(process.execPath, [join(root, 'scripts', 'pack-all.mjs'), tarballDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const tarballs = readdirSync(tarballDir).filter((f) => f.endsWith('.tgz')).map((f) => join(tarballDir, f));
  const packed = performance.now();
  const project = join(tmp, 'project');
  const prefix = join(tmp, 'npm-global');
  mkdirSync(project);
  mkdirSync(prefix);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  const r = run('npm', ['install', ...tarballs, '@types/node@20'], project, npmEnv(prefix));
  if (r.status !== 0) throw new Error(`npm install of the tarballs failed in ${project}:\n${r.stderr}`);
  const seconds = (a: number, b: number) => ((b - a) / 1000).toFixed(1);
  console.log(`doc-test: packed ${tarballs.length} tarballs in ${seconds(started, packed)} s, npm install in ${seconds(packed, performance.now())} s (${tmp})`);
  return { tmp, tarballDir, tarballs, project, prefix };
}
