// SVG as the one description of a chart: the report inlines the SVG text, and `svgToPng` turns
// the same text into the PNG files with resvg (a Rust SVG renderer, prebuilt for each platform as
// an npm package). Text is set in DejaVu Sans from the dejavu-fonts-ttf package, loaded by path:
// no system font is looked up, so a bare machine draws the same pixels as a desktop.
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { Color } from './color.js';

/** The font every chart names; the PNG renderer loads exactly this file. */
export const CHART_FONT = 'DejaVu Sans';
export const CHART_FONT_STACK = `'${CHART_FONT}', 'Helvetica Neue', Arial, sans-serif`;

const require = createRequire(import.meta.url);
let fontFile: string | undefined;

/** The TrueType file of DejaVu Sans inside the dejavu-fonts-ttf package. */
export function chartFontFile(): string {
  fontFile ??= require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
  return fontFile;
}

/** A colour as CSS text: '#rrggbb' as given, [r, g, b(, a)] as rgb(). */
export function cssColor(c: Color): string {
  return typeof c === 'string' ? c : `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Escapes text for SVG/HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A number for an SVG attribute: at most 2 decimals, no trailing zeros. */
export function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** `<tag a="1" b="x">children</tag>`; undefined attributes are left out. */
export function el(tag: string, attrs: Record<string, string | number | undefined>, children = ''): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : esc(v as string)}"`)
    .join('');
  return children === '' && tag !== 'text' && tag !== 'g' ? `<${tag}${a}/>` : `<${tag}${a}>${children}</${tag}>`;
}

/** A standalone SVG document of `width`×`height` CSS pixels on a white background. */
export function svgDocument(width: number, height: number, body: string, attrs: Record<string, string | undefined> = {}): string {
  const root = {
    xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`,
    'font-family': CHART_FONT_STACK, 'font-size': 12, ...attrs,
  };
  return el('svg', root, el('rect', { width, height, fill: '#ffffff' }) + body);
}

/** Rasterises an SVG document to PNG bytes, `dpr` device pixels per CSS pixel (default 2). */
export function svgToPng(svg: string, options: { dpr?: number } = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.dpr ?? 2 },
    font: { fontFiles: [chartFontFile()], loadSystemFonts: false, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
  });
  return resvg.render().asPng();
}
