// After `turbo run test`: one closing line for the whole workspace, summed from each package's
// vitest JSON report (.vitest/results.json), in the plain form CI reads: "N passed, N failed".
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0, failed = 0, skipped = 0, packages = 0;
for (const group of ['packages', 'apps', 'examples', 'tools']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const report = join(dir, name, '.vitest', 'results.json');
    if (!existsSync(report) || !statSync(report).isFile()) continue;
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    packages++;
  }
}
console.log(`\n${packages} packages`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || packages === 0 ? 1 : 0);
