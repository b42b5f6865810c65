/**
 * Pixel normalisation: an affine map from a uint8 pixel p to the network's input x = offset + scale·p.
 *   'paper' (default): x = p/255·0.99 + 0.01, so 0 -> 0.01 and 255 -> 1.0 (inputs never exactly 0,
 *            as in the paper; the model file records it as "x/255*0.99+0.01")
 *   'unit':            x = p/255, so 0 -> 0 and 255 -> 1
 * Pixels stay uint8; a backend applies { scale, offset } itself, or uses the 256-entry table below,
 * whose entries are exactly Math.fround(offset + scale·p).
 */

export type NormalizationKind = 'paper' | 'unit';

/** x = offset + scale·p for a pixel p in 0..255. */
export interface Normalization {
  readonly scale: number;
  readonly offset: number;
}

/** Either a named normalisation or an explicit affine map. */
export type NormalizationSpec = NormalizationKind | Normalization;

const AFFINE: Record<NormalizationKind, Normalization> = {
  paper: Object.freeze({ scale: 0.99 / 255, offset: 0.01 }),
  unit: Object.freeze({ scale: 1 / 255, offset: 0 }),
};

/** How a model file's `__metadata__.normalization` records each named normalisation (the CONTRACT's strings). */
const TEXT: Record<NormalizationKind, string> = { paper: 'x/255*0.99+0.01', unit: 'x/255' };

export const NORMALIZATION_KINDS: readonly NormalizationKind[] = ['paper', 'unit'];

/** The formula a model file records for `kind`: 'paper' -> "x/255*0.99+0.01", 'unit' -> "x/255". */
export function normalizationText(kind: NormalizationKind): string {
  return TEXT[kind];
}

/** The named normalisation a recorded formula stands for, or undefined for any other text. */
export function normalizationOfText(text: string): NormalizationKind | undefined {
  return NORMALIZATION_KINDS.find((k) => TEXT[k] === text);
}

/** Every kind with its formula, for help texts: "'paper': x/255*0.99+0.01; 'unit': x/255". */
export function describeNormalizations(): string {
  return NORMALIZATION_KINDS.map((k) => `'${k}': ${TEXT[k]}`).join('; ');
}

/** The affine form of a named normalisation: 'paper' -> { scale: 0.99/255, offset: 0.01 }. */
export function normalization(kind: NormalizationSpec = 'paper'): Normalization {
  if (typeof kind === 'object') return kind;
  const found = AFFINE[kind];
  if (found === undefined) {
    throw new RangeError(`normalization: unknown kind ${JSON.stringify(kind)}, expected "paper" or "unit"`);
  }
  return found;
}

const tables = new Map<NormalizationKind, Float32Array>();

/** 256 float32 values, a fresh copy: table[p] = Math.fround(offset + scale·p). */
export function normalizationTable(kind: NormalizationSpec = 'paper'): Float32Array {
  return lookupTable(kind).slice();
}

/** The shared (cached, never to be modified) table for `kind`. */
export function lookupTable(kind: NormalizationSpec): Float32Array {
  const cached = typeof kind === 'string' ? tables.get(kind) : undefined;
  if (cached !== undefined) return cached;
  const { scale, offset } = normalization(kind);
  const table = new Float32Array(256);
  for (let p = 0; p < 256; p++) table[p] = offset + scale * p;
  if (typeof kind === 'string') tables.set(kind, table);
  return table;
}

/** Writes normalised `pixels` into `out` (out[i] = offset + scale·pixels[i]); returns `out`. */
export function normalizeInto(
  pixels: Uint8Array,
  out: Float32Array = new Float32Array(pixels.length),
  kind: NormalizationSpec = 'paper',
): Float32Array {
  if (out.length < pixels.length) {
    throw new RangeError(`normalizeInto: out holds ${out.length} floats, ${pixels.length} pixels need as many`);
  }
  const table = lookupTable(kind);
  for (let i = 0; i < pixels.length; i++) out[i] = table[pixels[i]!]!;
  return out;
}
