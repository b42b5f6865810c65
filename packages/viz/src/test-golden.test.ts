import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { Canvas } from './render/canvas.js';
import { decodePng, encodePng } from './render/png.js';
import { checkGolden, pixelDiff } from './test-golden.js';

const dir = mkdtempSync(join(tmpdir(), 'viz-golden-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function image(mark: boolean): Uint8Array {
  const c = new Canvas(8, 6, '#ffffff');
  c.fillRect(1, 1, 3, 2, '#336699');
  if (mark) c.setPixel(6, 4, [255, 0, 0, 255]);
  return c.toPng();
}

describe('golden comparison', () => {
  it('counts differing pixels, and null for a size change', () => {
    const a = decodePng(image(false));
    expect(pixelDiff(a, decodePng(image(true)))).toBe(1);
    expect(pixelDiff(a, a)).toBe(0);
    expect(pixelDiff(a, { width: 6, height: 8, data: a.data })).toBeNull();
  });

  it('compares decoded pixels, not bytes', () => {
    const c = new Canvas(8, 6, '#ffffff');
    c.fillRect(2, 2, 2, 2, '#123456');
    // The same pixels stored as 8-bit RGBA instead of our RGB: other bytes, same image.
    const png = new PNG({ width: c.width, height: c.height });
    png.data = Buffer.from(c.data);
    const rgba = PNG.sync.write(png, { colorType: 6 });
    const rgb = encodePng(c);
    expect(Buffer.compare(rgba, rgb)).not.toBe(0);
    expect(checkGolden('same.png', rgba, { dir, update: true }).status).toBe('created');
    expect(checkGolden('same.png', rgb, { dir, update: false }).status).toBe('match');
  });

  it('fails on one changed pixel and names the count, without touching the golden', () => {
    expect(checkGolden('one.png', image(false), { dir, update: true }).status).toBe('created');
    const r = checkGolden('one.png', image(true), { dir, update: false });
    expect(r.ok).toBe(false);
    expect(r.status).toBe('mismatch');
    expect(r.differing).toBe(1);
    expect(checkGolden('one.png', image(false), { dir, update: false }).status).toBe('match');
  });

  it('fails when the golden is missing unless updating', () => {
    const r = checkGolden('absent.png', image(false), { dir, update: false });
    expect(r).toMatchObject({ ok: false, status: 'missing' });
  });

  it('updates a changed golden and reports how many pixels changed', () => {
    checkGolden('upd.png', image(false), { dir, update: true });
    const r = checkGolden('upd.png', image(true), { dir, update: true });
    expect(r).toMatchObject({ ok: true, status: 'updated', differing: 1 });
    expect(checkGolden('upd.png', image(true), { dir, update: false }).status).toBe('match');
  });
});
