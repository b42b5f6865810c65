// `pnpm mnist <command>`: builds what changed first (turbo's cache makes that about a second when
// nothing did), then runs the CLI, so no separate build step comes before `mnist`. The build
// talks on stderr only: stdout stays the command's own (one JSON object per line with --json).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const turbo = fileURLToPath(new URL('../node_modules/turbo/bin/turbo', import.meta.url));
const build = spawnSync(process.execPath, [turbo, 'run', 'build', '--output-logs=errors-only', '--log-prefix=none'], {
  cwd: root,
  stdio: ['ignore', 2, 2],
});
if (build.status !== 0) {
  process.stderr.write(`mnist: the build failed (exit ${build.status ?? build.signal}); see the errors above\n`);
  process.exit(1);
}
await import('../apps/dashboard/dist/cli.js');
