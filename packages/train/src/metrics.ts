import type { EpochMetrics } from './events.js';
import { writeFileAtomic } from '@mnist-ts/nn';
import { readFileSync, existsSync } from 'node:fs';

const FIELDS = ['epoch', 'lr', 'trainLoss', 'trainAcc', 'testLoss', 'testAcc', 'seconds', 'samplesPerSec'] as const;

/**
 * metrics.jsonl: one line per epoch, the contract's fields first, then the extras (data loss, L2
 * term, validation). Rewritten whole and atomically each epoch, so it always matches the
 * checkpoint beside it, even after a kill.
 */
export function writeMetrics(path: string, metrics: readonly EpochMetrics[]): void {
  const lines = metrics.map((m) => {
    const ordered: Record<string, number> = {};
    for (const f of FIELDS) ordered[f] = m[f];
    for (const [k, v] of Object.entries(m)) if (!(k in ordered) && v !== undefined) ordered[k] = v as number;
    return JSON.stringify(ordered);
  });
  writeFileAtomic(path, lines.join('\n') + (lines.length ? '\n' : ''));
}

export function readMetrics(path: string): EpochMetrics[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as EpochMetrics;
      } catch (e) {
        throw new Error(`${path}:${i + 1}: not JSON: ${(e as Error).message}`);
      }
    });
}
