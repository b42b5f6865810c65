/**
 * report.html in a real browser: Playwright (playwright-core, no browser download) drives
 * Debian's Chromium at /usr/bin/chromium. A pipeline trains a small network on real MNIST
 * (20,000 images, 3 epochs, a few seconds), writes its report, and the test opens it, draws a
 * "1" and a "0" stroke by stroke with the mouse and a "1" with a finger, hovers a chart (whose
 * read-out includes a number an epoch-end callback added), clicks a hidden unit and a
 * confusion cell, hovers a misclassified digit, sorts a table, and takes screenshots at 1280 and 390 pixels wide. Any console error or any
 * network request fails it. UPDATE_SCREENSHOTS=1 also copies the screenshots to docs/.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EpochMetrics } from '@mnist-ts/train';
import { decodePng } from '@mnist-ts/viz';
import { createRegistry, outputsOfKind, runPipeline, defineStage, type PipelineRun, type PipelineSpecInput } from '../index.js';
import { removeTempDirs, tempDir } from '../test-specs.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const DOCS = join(import.meta.dirname, '..', '..', '..', '..', 'docs');
/** The page must stay one file that is easy to share. */
const MAX_PAGE_BYTES = 2 * 1024 * 1024;
const MAX_SCREENSHOT_BYTES = 1024 * 1024;

if (!existsSync(CHROMIUM)) {
  console.warn(`report browser test SKIPPED: ${CHROMIUM} is absent (apt-get install chromium; .ci/run installs it)`);
}

/**
 * An epoch-end callback that adds a number of its own to each epoch (and changes nothing else):
 * the report must show it in the hover read-out and the table under its key.
 */
const warmup = defineStage({
  type: 'test.warmup',
  version: 1,
  params: z.strictObject({}),
  outputs: { hooks: 'hooks' },
  run: () => ({ hooks: { name: 'test.warmup', epochEnd: ({ epoch }) => ({ metrics: { lrWarmup: Math.min(1, epoch / 4) } }) } }),
});

const spec: PipelineSpecInput = {
  name: 'browser',
  seed: 3,
  stages: [
    { id: 'warmup', type: 'test.warmup' },
    { id: 'mnist', type: 'data.mnist', params: { limit: 20000, testLimit: 2000 } },
    { id: 'init', type: 'model.two-layer', params: { hidden: 100 } },
    { id: 'train', type: 'train.sgd', inputs: { data: 'mnist.datasets', model: 'init.model', hooks: 'warmup.hooks' }, params: { lr: 0.1, epochs: 3, batchSize: 32 } },
    { id: 'eval', type: 'eval.accuracy', inputs: { model: 'train.model', data: 'mnist.datasets' } },
    { id: 'weights', type: 'viz.weights', inputs: { model: 'train.model' } },
    { id: 'report', type: 'report.html', inputs: { metrics: 'train.metrics', model: 'train.model', evaluation: 'eval.evaluation' } },
  ],
};

/** Presses the mouse at the first point, moves through the rest, releases: one stroke. */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  await page.locator('#pad').scrollIntoViewIfNeeded();
  const box = (await page.locator('#pad').boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 2 });
  await page.mouse.up();
}

async function prediction(page: Page): Promise<string> {
  await page.waitForFunction(() => document.getElementById('prediction')?.textContent !== '–');
  return (await page.locator('#prediction').textContent()) ?? '';
}

describe.skipIf(!existsSync(CHROMIUM))('report.html in Chromium', () => {
  let run: PipelineRun;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const shots = mkdtempSync(join(tempDir(), 'shots-'));

  beforeAll(async () => {
    run = await runPipeline(spec, { outDir: tempDir(), registry: createRegistry().use(warmup, 'test') });
    context = await chromium.launchPersistentContext(tempDir('chromium-profile-'), {
      executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 },
    });
    const report = pathToFileURL(join(run.runDir, 'report.html')).href;
    context.on('request', (r) => { if (r.url() !== report && !/^(data|blob):/.test(r.url())) problems.push(`network request: ${r.url()}`); });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(report);
    await page.waitForSelector('body[data-ready="true"]');
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    removeTempDirs();
  });

  it('is one file under 2 MB', () => {
    const size = statSync(join(run.runDir, 'report.html')).size;
    console.log(`report.html: ${(size / 1024).toFixed(0)} KiB; test accuracy ${((outputsOfKind(run, 'model').at(-1)?.training?.testAcc ?? NaN) * 100).toFixed(2)}%`);
    expect(size).toBeLessThan(MAX_PAGE_BYTES);
  });

  it('reads a "1" and a "0" drawn stroke by stroke with the mouse', async () => {
    await stroke(page, [[150, 40], [146, 90], [142, 140], [138, 190], [135, 240]]);
    const one = await prediction(page);
    const pOne = await page.locator('#prediction').getAttribute('data-probability');
    await page.click('#clear');
    const ring: [number, number][] = Array.from({ length: 33 }, (_, k) => {
      const a = (k / 32) * 2 * Math.PI;
      return [140 + 65 * Math.sin(a), 140 - 100 * Math.cos(a)];
    });
    await stroke(page, ring.slice(0, 17));
    await stroke(page, ring.slice(16));
    const zero = await prediction(page);
    console.log(`drawn 1 -> ${one} (p = ${pOne}), drawn 0 -> ${zero} (p = ${await page.locator('#prediction').getAttribute('data-probability')})`);
    expect([one, zero]).toEqual(['1', '0']);
    expect(await page.locator('#probs .prob').count()).toBe(10);
    expect(await page.locator('#fired figure').count()).toBe(8);
  });

  it('reads a "1" drawn with a finger at phone width (touch events)', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.click('#clear');
    await page.locator('#pad').scrollIntoViewIfNeeded();
    const box = (await page.locator('#pad').boundingBox())!;
    const cdp = await context.newCDPSession(page);
    const at = (x: number, y: number) => [{ x: box.x + (x * box.width) / 280, y: box.y + (y * box.height) / 280 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(150, 40) });
    for (let y = 60; y <= 240; y += 20) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(150 - (y - 40) / 12, y) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    expect(await prediction(page)).toBe('1');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("shows an epoch's numbers on hovering a chart", async () => {
    const svg = page.locator('svg[data-chart="accuracy"]');
    await svg.scrollIntoViewIfNeeded();
    const box = (await svg.boundingBox())!;
    const [px, py, pw, ph] = ((await svg.getAttribute('data-plot')) ?? '').split(' ').map(Number) as [number, number, number, number];
    const [x0, x1] = ((await svg.getAttribute('data-x')) ?? '').split(' ').map(Number) as [number, number];
    const scale = box.width / 640;
    await page.mouse.move(box.x + (px + ((2 - x0) / (x1 - x0)) * pw) * scale, box.y + (py + ph / 2) * scale);
    const text = (await page.locator('#readout').textContent()) ?? '';
    const m = (run.outputs.train!.metrics as EpochMetrics[])[1]!;
    console.log(`hover read-out: ${text}`);
    expect(text).toContain('Epoch 2');
    expect(text).toContain(`Test accuracy ${(m.testAcc * 100).toFixed(2)}%`);
    expect(text).toContain(`Train loss ${m.trainLoss.toFixed(4)}`);
    expect(text).toContain('lrWarmup 0.5000'); // the callback's number, under its key
  });

  it('opens a hidden unit and a confusion cell on click', async () => {
    await page.locator('#unit-grid canvas').nth(5).click();
    await expect.poll(() => page.locator('#unit-detail h3').first().textContent()).toBe('Hidden unit 5');
    expect(await page.locator('#unit-detail .unit-top .thumb').count()).toBe(4);
    await page.locator('svg[data-chart="confusion"] .cell[data-true="3"][data-pred="3"]').click();
    expect(await page.locator('#cell-images .thumb').count()).toBeGreaterThan(0);
  });

  it('shows a misclassified digit\'s probabilities on hover, and sorts a table by a column', async () => {
    const first = page.locator('#gallery .thumb').first();
    await first.hover();
    await expect.poll(() => page.locator('#tip').isVisible()).toBe(true);
    expect(await page.locator('#tip .prob').count()).toBe(10);
    const head = page.locator('#metrics th', { hasText: 'Test accuracy' });
    await head.click(); // descending
    const column = await head.evaluate((th) => (th as HTMLTableCellElement).cellIndex);
    const values = await page.locator(`#metrics tbody tr td:nth-child(${column + 1})`).evaluateAll((tds) => tds.map((td) => Number((td as HTMLElement).dataset.value)));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(await head.getAttribute('aria-sort')).toBe('descending');
    const warmupColumn = await page.locator('#metrics th', { hasText: 'lrWarmup' }).evaluate((th) => (th as HTMLTableCellElement).cellIndex);
    const warmups = await page.locator(`#metrics tbody tr td:nth-child(${warmupColumn + 1})`).allTextContents();
    expect(warmups.sort()).toEqual(['0.25', '0.5', '0.75']);
  });

  it('takes screenshots at 1280 and 390 pixels wide', async () => {
    for (const [name, width, height] of [['report-desktop.png', 1280, 1500], ['report-phone.png', 390, 1500]] as const) {
      await page.setViewportSize({ width, height });
      await page.evaluate(() => window.scrollTo(0, 0));
      const path = join(shots, name);
      await page.screenshot({ path });
      expect(decodePng(readFileSync(path)).width).toBe(width);
      expect(statSync(path).size).toBeLessThan(MAX_SCREENSHOT_BYTES);
      if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(path, join(DOCS, name));
    }
  });

  it('made no network request and logged no console error', () => {
    expect(problems).toEqual([]);
  });
});
