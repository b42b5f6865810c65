/** Plain-text tables for evaluate and predict (no colour: they are read in pipes as well). */

const pct1 = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

/** `class   0 ... 9` over `acc   99.4% ...`. */
export function perClassTable(perClass: readonly number[]): string {
  const head = ['class', ...perClass.map((_, i) => String(i))];
  const row = ['acc', ...perClass.map(pct1)];
  const w = 7;
  return [head, row].map((r) => r.map((c, i) => (i === 0 ? c.padEnd(6) : c.padStart(w))).join('')).join('\n');
}

/** The confusion matrix, rows the true class, columns the predicted one. */
export function confusionTable(confusion: readonly (readonly number[])[]): string {
  const w = Math.max(5, ...confusion.flat().map((v) => String(v).length + 1));
  const lines = ['confusion (rows: true digit, columns: predicted)', `${'true'.padEnd(6)}${confusion.map((_, i) => String(i).padStart(w)).join('')}`];
  confusion.forEach((row, t) => lines.push(`${String(t).padEnd(6)}${row.map((v) => String(v).padStart(w)).join('')}`));
  return lines.join('\n');
}

/** `digit.png  7  99.81%  (next: 2 0.12%, 3 0.04%)  inverted` */
export function predictionLine(p: { file: string; label: number; probabilities: number[]; inverted: boolean; size: number[] }): string {
  const ranked = p.probabilities.map((v, digit) => ({ v, digit })).sort((a, b) => b.v - a.v);
  const next = ranked.slice(1, 3).map((r) => `${r.digit} ${pct1(r.v)}`).join(', ');
  const notes = [p.inverted ? 'inverted' : '', p.size[0] !== 28 || p.size[1] !== 28 ? `framed from ${p.size[0]}×${p.size[1]}` : ''].filter(Boolean);
  return `${p.file}  ${p.label}  ${(ranked[0]!.v * 100).toFixed(2)}%  (next: ${next})${notes.length ? `  ${notes.join(', ')}` : ''}`;
}
