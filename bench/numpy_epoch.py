"""The benchmark's numpy peer: the same algorithm as @mnist-ts/train, in float32, on real MNIST.

784-H-10, ReLU, softmax + cross-entropy (dz2 = a2 - y), L2 lambda/m on W, He-normal init, batch 64,
one shuffled epoch per measurement, then evaluation of the 10,000 test images.

Usage (bench/run.mjs does this, with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset):
  python3 bench/numpy_epoch.py <dir with the IDX files> [epochs=3] [hidden=512] [seed=1]
Prints one JSON object: per-epoch seconds, eval seconds, test accuracy, peak RSS.
"""
import json, sys, time, resource
import numpy as np

def idx(path, offset):
    with open(path, 'rb') as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)

d = sys.argv[1]
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
H = int(sys.argv[3]) if len(sys.argv) > 3 else 512
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
Xtr = (idx(f'{d}/train-images-idx3-ubyte', 16).reshape(-1, 784).astype(np.float32) / 255 * 0.99 + 0.01).astype(np.float32)
ytr = idx(f'{d}/train-labels-idx1-ubyte', 8)
Xte = (idx(f'{d}/t10k-images-idx3-ubyte', 16).reshape(-1, 784).astype(np.float32) / 255 * 0.99 + 0.01).astype(np.float32)
yte = idx(f'{d}/t10k-labels-idx1-ubyte', 8)
Ytr = np.eye(10, dtype=np.float32)[ytr]

rng = np.random.default_rng(seed)
W1 = (rng.standard_normal((784, H)) * np.sqrt(2 / 784)).astype(np.float32)
b1 = (rng.standard_normal((1, H)) * np.sqrt(2 / 784)).astype(np.float32)
W2 = (rng.standard_normal((H, 10)) * np.sqrt(2 / H)).astype(np.float32)
b2 = (rng.standard_normal((1, 10)) * np.sqrt(2 / H)).astype(np.float32)
lr, lam, B = np.float32(0.1), np.float32(1e-4), 64

def forward(x):
    z1 = x @ W1 + b1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2 + b2
    e = np.exp(z2 - z2.max(axis=1, keepdims=True))
    return z1, a1, e / e.sum(axis=1, keepdims=True)

times = []
for epoch in range(epochs):
    t0 = time.perf_counter()
    order = rng.permutation(len(Xtr))
    for s in range(0, len(Xtr), B):
        idxs = order[s:s + B]
        x, y = Xtr[idxs], Ytr[idxs]
        m = np.float32(len(idxs))
        z1, a1, a2 = forward(x)
        dz2 = a2 - y
        dW2 = a1.T @ dz2 / m + lam / m * W2
        db2 = dz2.sum(axis=0, keepdims=True) / m
        dz1 = (dz2 @ W2.T) * (z1 > 0)
        dW1 = x.T @ dz1 / m + lam / m * W1
        db1 = dz1.sum(axis=0, keepdims=True) / m
        W1 -= lr * dW1; b1 -= lr * db1; W2 -= lr * dW2; b2 -= lr * db2
    times.append(time.perf_counter() - t0)
    lr = np.float32(lr * 0.95)

t0 = time.perf_counter()
acc = float((forward(Xte)[2].argmax(axis=1) == yte).mean())
eval_s = time.perf_counter() - t0
try:
    from threadpoolctl import threadpool_info
    blas = [(i.get('internal_api'), i.get('architecture'), i.get('num_threads')) for i in threadpool_info()]
except Exception:
    blas = np.__version__
train_acc = float((forward(Xtr)[2].argmax(axis=1) == ytr).mean())
print(json.dumps({ 'seed': seed, 'epochs': epochs, 'trainAcc': train_acc, 'epochSeconds': times, 'evalSeconds': eval_s, 'testAcc': acc, 'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'blas': str(blas) }))
