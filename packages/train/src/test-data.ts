import { Rng } from '@mnist-ts/tensor';
import { Dataset } from '@mnist-ts/mnist-data';

/**
 * Small generated digit-like data for tests: each class is a fixed random blob pattern (about 20%
 * of pixels lit, like MNIST) plus per-image noise, so a net can learn it in a few epochs.
 */
export function syntheticData(count: number, seed: number, noise = 0.15): Dataset {
  const protoRng = new Rng(12345); // the same 10 class patterns for every split
  const protos = Array.from({ length: 10 }, () => {
    const p = new Uint8Array(784);
    for (let i = 0; i < 784; i++) if (protoRng.next() < 0.2) p[i] = 128 + protoRng.int(128);
    return p;
  });
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let r = 0; r < count; r++) {
    const label = rng.int(10);
    labels[r] = label;
    const proto = protos[label]!;
    for (let i = 0; i < 784; i++) {
      const flip = rng.next() < noise;
      const v = flip ? (proto[i]! > 0 ? 0 : rng.int(256)) : proto[i]!;
      images[r * 784 + i] = v;
    }
  }
  return new Dataset({ images, labels, source: `synthetic(${count}, seed ${seed})` });
}

export function syntheticSplit(train = 600, test = 200) {
  return { train: syntheticData(train, 1), test: syntheticData(test, 2) };
}
