// augment.translate: random translation on the fly. Each epoch, every training image is shifted
// by a fresh random (dx, dy) in -shift..shift (the vacated border is background), so no two
// epochs see the same images. The shifts come from the `rng` train.sgd hands the hook for that
// epoch, a pure function of the run's seed and the epoch: a run killed and resumed rebuilds the
// same images and ends with the same bytes. Pixels stay uint8; the test set is never shifted.
//
// A TypeScript plugin with no build step: the pipeline loads it with jiti, and `import type` is
// erased, so the only thing it needs at run time is what the factory receives.
import type { EpochImagesContext, PluginFactory } from '@mnist-ts/pipeline';

/** Copies image `r` of `images` into `out`, moved right by dx and down by dy. */
function shiftImage(images: Uint8Array, out: Uint8Array, r: number, dx: number, dy: number): void {
  const base = r * 784;
  out.fill(0, base, base + 784);
  for (let y = Math.max(0, dy); y < Math.min(28, 28 + dy); y++) {
    const from = base + (y - dy) * 28;
    const to = base + y * 28;
    for (let x = Math.max(0, dx); x < Math.min(28, 28 + dx); x++) out[to + x] = images[from + x - dx]!;
  }
}

/** The epoch transform: a fresh shift per image, drawn in row order from this epoch's rng. */
export function translateEpoch(shift: number) {
  return ({ rng, images, count, out }: EpochImagesContext): void => {
    for (let r = 0; r < count; r++) {
      const dx = rng.int(2 * shift + 1) - shift;
      const dy = rng.int(2 * shift + 1) - shift;
      shiftImage(images, out, r, dx, dy);
    }
  };
}

const plugin: PluginFactory = ({ defineStage, z }) =>
  defineStage({
    type: 'augment.translate',
    version: 1,
    description: 'Random translation on the fly: each epoch, each training image shifted by up to ±shift pixels',
    params: z.strictObject({ shift: z.int().min(1).max(6).default(2).describe('Largest shift in pixels, each way') }),
    outputs: { hooks: 'hooks' },
    run: ({ params }) => ({ hooks: { name: 'augment.translate', epochImages: translateEpoch(params.shift) } }),
  });

export default plugin;
