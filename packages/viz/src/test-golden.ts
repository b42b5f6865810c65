// Golden-image checks for tests: a rendered PNG is compared with src/__golden__/<name> by its
// decoded pixels (not its bytes, which depend on the encoder). UPDATE_GOLDEN=1 rewrites goldens;
// scripts/refresh-golden.mjs does that and reports what changed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, type RgbaImage } from './render/png.js';

export const GOLDEN_DIR = fileURLToPath(new URL('./__golden__/', import.meta.url));

/**
 * Largest per-channel difference that still counts as equal. Rendering is integer arithmetic on
 * a fixed font and fixed inputs, so any drift is a real change: zero.
 */
export const CHANNEL_TOLERANCE = 0;

/** Pixels whose RGBA differ by more than `tolerance` in some channel; null when sizes differ. */
export function pixelDiff(a: RgbaImage, b: RgbaImage, tolerance = CHANNEL_TOLERANCE): number | null {
  if (a.width !== b.width || a.height !== b.height) return null;
  let n = 0;
  for (let p = 0; p < a.width * a.height * 4; p += 4) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs((a.data[p + c] ?? 0) - (b.data[p + c] ?? 0)) > tolerance) {
        n++;
        break;
      }
    }
  }
  return n;
}

export interface GoldenResult {
  ok: boolean;
  status: 'match' | 'created' | 'updated' | 'mismatch' | 'missing';
  /** Differing pixels (0 for match/created; -1 when the sizes differ). */
  differing: number;
  message: string;
}

/** Compares `png` with the golden `name`; with `update` it (re)writes the golden instead of failing. */
export function checkGolden(
  name: string, png: Uint8Array, options: { update?: boolean; dir?: string } = {},
): GoldenResult {
  const update = options.update ?? process.env.UPDATE_GOLDEN === '1';
  const path = join(options.dir ?? GOLDEN_DIR, name);
  const actual = decodePng(png);
  if (!existsSync(path)) {
    if (!update) return { ok: false, status: 'missing', differing: -1, message: `golden ${name} is missing: run UPDATE_GOLDEN=1 npx vitest run` };
    mkdirSync(options.dir ?? GOLDEN_DIR, { recursive: true });
    writeFileSync(path, png);
    return { ok: true, status: 'created', differing: 0, message: `golden ${name}: created` };
  }
  const diff = pixelDiff(decodePng(readFileSync(path)), actual);
  if (diff === 0) return { ok: true, status: 'match', differing: 0, message: `golden ${name}: match` };
  const what = diff === null ? 'a different size' : `${diff} differing pixels`;
  if (update) {
    writeFileSync(path, png);
    return { ok: true, status: 'updated', differing: diff ?? -1, message: `golden ${name}: updated (${what})` };
  }
  // A fresh directory per run: a shared fixed name fails for a second user of the machine.
  const seen = mkdtempSync(join(tmpdir(), 'viz-golden-actual-'));
  writeFileSync(join(seen, name), png);
  return {
    ok: false, status: 'mismatch', differing: diff ?? -1,
    message: `golden ${name}: ${what}; the new image is at ${join(seen, name)}. If the change is intended, run UPDATE_GOLDEN=1 npx vitest run`,
  };
}
