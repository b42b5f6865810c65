import { describe, expect, it } from 'vitest';
import { decodePng } from './png.js';
import { chartFontFile, svgDocument, svgToPng } from './svg.js';

/** Pixels darker than mid grey. */
function inked(png: Uint8Array): number {
  const img = decodePng(png);
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if (img.data[i]! < 128) n++;
  return n;
}

describe('svgToPng', () => {
  it('sets text in the bundled DejaVu Sans, whatever family the SVG asks for, and no system font', () => {
    expect(chartFontFile()).toMatch(/dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSans\.ttf$/);
    const text = (family: string) => svgDocument(200, 40, `<text x="10" y="28" font-size="20" font-family="${family}">Accuracy 98%</text>`);
    const a = svgToPng(text("'DejaVu Sans'"), { dpr: 1 });
    expect(inked(a)).toBeGreaterThan(100); // the text was drawn
    // an unknown family falls back to the one loaded font: the same pixels
    expect(Buffer.compare(decodePng(svgToPng(text('NoSuchFont, sans-serif'), { dpr: 1 })).data, decodePng(a).data)).toBe(0);
    expect(inked(svgToPng(svgDocument(200, 40, ''), { dpr: 1 }))).toBe(0); // the check can fail
  });

  it('rasterises at the device-pixel ratio', () => {
    expect(decodePng(svgToPng(svgDocument(30, 20, ''), { dpr: 3 }))).toMatchObject({ width: 90, height: 60 });
  });
});
