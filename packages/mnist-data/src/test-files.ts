/**
 * Test helpers (not built): small synthetic data sets, a scratch directory under os.tmpdir(), and
 * a snapshot serializer that prints a DataError as its code, its path and its message, with the
 * scratch directory's random name replaced by <tmp> so that inline snapshots stay stable.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { DataError } from './errors.js';
import { FEATURES } from './shape.js';

export interface Scratch {
  dir: string;
  /** Writes bytes or text to `name` in the scratch dir and returns its path. */
  write(name: string, data: Uint8Array | string): string;
  path(name: string): string;
}

/** A fresh scratch directory for this test file, removed after its tests. */
export function useScratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'mnist-data-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  useDataErrorSnapshots(dir);
  return {
    dir,
    path: (name) => join(dir, name),
    write(name, data) {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    },
  };
}

/** Snapshots print a DataError as `CODE at path` and its message, with `dir` shown as <tmp>. */
export function useDataErrorSnapshots(dir?: string): void {
  const clean = (s: string): string => (dir === undefined ? s : s.replaceAll(dir, '<tmp>'));
  expect.addSnapshotSerializer({
    test: (v: unknown) => v instanceof DataError,
    serialize: (v: DataError) => `${v.code} at ${clean(v.path)}\n${clean(v.message)}`,
  });
}

/**
 * `count` images whose pixels are a known function of (row, pixel): (row·7 + j·3) mod 256, and
 * labels row mod 10, so any mix-up of rows or offsets shows in the values.
 */
export function synthetic(count: number): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(count * FEATURES);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 10;
    for (let j = 0; j < FEATURES; j++) images[i * FEATURES + j] = (i * 7 + j * 3) % 256;
  }
  return { images, labels };
}

/** Byte equality for big arrays (vitest's toEqual walks 7.8 M elements one by one: ~30 s). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
