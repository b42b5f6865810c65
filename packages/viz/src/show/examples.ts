// The digits a report page shows: misclassified ones, a few per confusion cell, and the images
// that excite each hidden unit most. They are gathered into one pool (each image once) that the
// page receives as bytes; everything else refers to the pool by index.

/** For each hidden unit, the `k` rows with the largest activation, fed chunk by chunk. */
export class TopActivations {
  private readonly rows: Int32Array;
  private readonly values: Float32Array;

  constructor(readonly units: number, readonly k: number) {
    this.rows = new Int32Array(units * k).fill(-1);
    this.values = new Float32Array(units * k).fill(-Infinity);
  }

  /** `a1`: `count` rows of `units` activations, row-major; `first` numbers the first row. */
  add(a1: Float32Array, count: number, first: number): void {
    const { units, k, rows, values } = this;
    for (let r = 0; r < count; r++) {
      for (let u = 0; u < units; u++) {
        const v = a1[r * units + u]!;
        const base = u * k;
        if (!(v > values[base + k - 1]!)) continue;
        let j = k - 1; // insertion into the unit's descending list
        while (j > 0 && values[base + j - 1]! < v) {
          values[base + j] = values[base + j - 1]!;
          rows[base + j] = rows[base + j - 1]!;
          j--;
        }
        values[base + j] = v;
        rows[base + j] = first + r;
      }
    }
  }

  /** Each unit's rows, strongest first (fewer than k when fewer rows were added). */
  result(): number[][] {
    return Array.from({ length: this.units }, (_, u) =>
      Array.from(this.rows.subarray(u * this.k, (u + 1) * this.k)).filter((r) => r >= 0));
  }
}

/** What the caller knows about the evaluated rows. */
export interface EvaluatedRows {
  /** Which part of the data ("test"). */
  split: string;
  n: number;
  /** n·784 bytes. */
  images: Uint8Array;
  labels: ArrayLike<number>;
  predictions: ArrayLike<number>;
  /** n·10 probabilities. */
  probabilities: ArrayLike<number>;
  /** Per hidden unit, the rows that excite it most (TopActivations.result()). */
  topByUnit?: number[][];
}

export interface ExampleLimits {
  /** Misclassified digits to keep (default 300). */
  misclassified?: number;
  /** Correct digits to keep per class, for the diagonal cells (default 8). */
  perCorrectCell?: number;
  /** Images per hidden unit (default 4). */
  perUnit?: number;
}

/** The pool and the lists into it that the report page reads. */
export interface ReportExamples {
  split: string;
  /** Pool images, 784 bytes each. */
  images: Uint8Array;
  labels: number[];
  predicted: number[];
  /** Per pool image, its 10 probabilities rounded to 4 decimals. */
  probabilities: number[][];
  /** Pool indices of the misclassified digits kept, in data order. */
  misclassified: number[];
  /** cells[true][predicted]: pool indices of that confusion cell's digits. */
  cells: number[][][];
  /** Per hidden unit: pool indices of its strongest images. */
  topByUnit: number[][];
}

/** Picks the example digits from evaluated rows and packs them into one pool. */
export function selectExamples(rows: EvaluatedRows, limits: ExampleLimits = {}): ReportExamples {
  const maxWrong = limits.misclassified ?? 300;
  const perCorrect = limits.perCorrectCell ?? 8;
  const poolOf = new Map<number, number>();
  const picked: number[] = [];
  const add = (row: number): number => {
    let at = poolOf.get(row);
    if (at === undefined) {
      at = picked.length;
      poolOf.set(row, at);
      picked.push(row);
    }
    return at;
  };
  const cells = Array.from({ length: 10 }, () => Array.from({ length: 10 }, (): number[] => []));
  const misclassified: number[] = [];
  for (let i = 0; i < rows.n; i++) {
    const t = rows.labels[i]!, p = rows.predictions[i]!;
    const cell = cells[t]?.[p];
    if (cell === undefined) continue;
    if (t !== p && misclassified.length < maxWrong) {
      const at = add(i);
      misclassified.push(at);
      cell.push(at);
    } else if (t === p && cell.length < perCorrect) cell.push(add(i));
  }
  const topByUnit = (rows.topByUnit ?? []).map((list) => list.slice(0, limits.perUnit ?? 4).map(add));
  const images = new Uint8Array(picked.length * 784);
  picked.forEach((row, k) => images.set(rows.images.subarray(row * 784, (row + 1) * 784), k * 784));
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    split: rows.split, images, misclassified, cells, topByUnit,
    labels: picked.map((r) => rows.labels[r]!),
    predicted: picked.map((r) => rows.predictions[r]!),
    probabilities: picked.map((r) => Array.from({ length: 10 }, (_, d) => round(rows.probabilities[r * 10 + d] ?? 0))),
  };
}
