"""The benchmark's numpy peer: the same algorithm as @mnist-ts/train, in float32, on real MNIST.

784-H-10, ReLU, softmax + cross-entropy (dz2 = a2 - y), L2 lambda/m on W, He-normal init, batch 64,
one shuffled epoch per measurement, then evaluation of the 10,000 test images.

Usage (bench/run.mjs does this, with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset):
  python3 bench/numpy_epoch.py <dir with the IDX files> [epochs=3] [hidden=512] [seed=1] [dtype=float32]
dtype float64 runs the same draws (weights and orders) in double precision, to see what float32
rounding does to the final accuracy.
Prints one JSON object: per-epoch seconds, eval seconds, test and train accuracy, peak RSS.
"""
import json, os, resource, sys, time
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paper_numpy import accuracy, load_mnist, sgd_epoch

d = sys.argv[1]
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
H = int(sys.argv[3]) if len(sys.argv) > 3 else 512
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
dtype = np.dtype(sys.argv[5] if len(sys.argv) > 5 else 'float32')
Xtr, ytr, Ytr, Xte, yte = load_mnist(d)
Xtr, Ytr, Xte = Xtr.astype(dtype), Ytr.astype(dtype), Xte.astype(dtype)

rng = np.random.default_rng(seed)
he = lambda shape, fan_in: (rng.standard_normal(shape) * np.sqrt(2 / fan_in)).astype(np.float32)
p = {'W1': he((784, H), 784), 'b1': he((1, H), 784), 'W2': he((H, 10), H), 'b2': he((1, 10), H)}
p = {k: v.astype(dtype) for k, v in p.items()}  # float64: the float32-rounded draws, widened
lr, lam = dtype.type(0.1), dtype.type(1e-4)

times = []
for epoch in range(epochs):
    t0 = time.perf_counter()
    sgd_epoch(p, Xtr, Ytr, rng.permutation(len(Xtr)), lr, lam)
    times.append(time.perf_counter() - t0)
    lr = dtype.type(lr * 0.95)

t0 = time.perf_counter()
test_acc = accuracy(p, Xte, yte)
eval_s = time.perf_counter() - t0
print(json.dumps({'seed': seed, 'epochs': epochs, 'trainAcc': accuracy(p, Xtr, ytr), 'testAcc': test_acc, 'epochSeconds': times,
                  'evalSeconds': eval_s, 'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'numpy': np.__version__, 'dtype': dtype.name}))
