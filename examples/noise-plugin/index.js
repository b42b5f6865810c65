// augment.noise: a stage from outside the monorepo's packages. It has no dependencies: the
// pipeline calls the default export with its own `defineStage` and `z` (zod 4), and the stage
// uses only what flows in (a Dataset's public `subset`), so this file loads without a build.
//
// Each training image gets a random shift of up to ±shift pixels in x and y (the vacated border
// is background), then Gaussian noise of standard deviation `sigma` grey levels, rounded and
// clamped to 0..255. The test set is left alone: augmentation is for training only.

/** mulberry32: a tiny seeded generator, enough for an example (the pipeline's own stages use Rng). */
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box–Muller: two uniforms -> one standard normal.
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

/** Shifts one 28x28 image by (dx, dy) into `out`, then adds noise. */
function augment(src, out, dx, dy, sigma, rng) {
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const sx = x - dx, sy = y - dy;
      let p = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? src[sy * 28 + sx] : 0;
      if (sigma > 0) p = Math.min(255, Math.max(0, Math.round(p + sigma * rng.normal())));
      out[y * 28 + x] = p;
    }
  }
}

export default ({ defineStage, z }) =>
  defineStage({
    type: 'augment.noise',
    version: 1,
    description: 'Seeded Gaussian noise and random shifts of up to ±shift pixels for the training images',
    params: z.strictObject({
      sigma: z.number().min(0).max(128).default(16).describe('Noise standard deviation, in grey levels 0..255'),
      shift: z.int().min(0).max(4).default(2).describe('Largest shift in pixels, each way'),
      keepOriginal: z.boolean().default(true).describe('Train on the originals plus the augmented copies'),
      seed: z.int().min(0).optional().describe("Default: the spec's seed"),
    }),
    inputs: { data: 'datasets' },
    outputs: { datasets: 'datasets' },
    run({ params, inputs, emit, context }) {
      const train = inputs.data.train;
      const n = train.count;
      const first = params.keepOriginal ? n : 0;
      // subset copies rows (repeats allowed): the originals, then the rows to augment in place.
      const rows = Array.from({ length: first + n }, (_, i) => i % n);
      const out = train.subset(rows, `${train.source}+noise(sigma ${params.sigma}, shift ${params.shift})`);
      const rng = generator(params.seed ?? context.seed);
      for (let i = 0; i < n; i++) {
        const dx = Math.floor(rng.next() * (2 * params.shift + 1)) - params.shift;
        const dy = Math.floor(rng.next() * (2 * params.shift + 1)) - params.shift;
        const at = (first + i) * 784;
        augment(train.images.subarray(i * 784, (i + 1) * 784), out.images.subarray(at, at + 784), dx, dy, params.sigma, rng);
      }
      emit({ type: 'log', message: `augment.noise: ${n} images augmented, ${out.count} training images in all` });
      return { datasets: { ...inputs.data, train: out } };
    },
  });
