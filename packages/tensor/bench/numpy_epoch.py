"""One epoch of the paper's 784-512-10 net in numpy float32, dense: the yardstick for bench/epoch.mjs.

Same math as the TypeScript trainer: z1 = x·W1 + b1, a1 = relu(z1), z2 = a1·W2 + b2, softmax,
cross-entropy gradient dz2 = (a2 − y)/B, backward through W2 and the ReLU, SGD with L2 on the
weights. The data is random bytes with MNIST's sparsity (~19% nonzero pixels), normalised once
up front to x = 0.01 + 0.99·p/255 (a numpy trainer keeps its inputs as float32), so the timed
part is the 938 batches of 64 only.

Run (the unset variables would pin OpenBLAS to a slower core type on this machine):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/numpy_epoch.py [runs]
"""
import sys
import time

import numpy as np

N, D, H, C, B = 60_000, 784, 512, 10, 64
LR, L2 = 0.1, 1e-4
NONZERO = 0.19


def data(rng):
    p = rng.integers(1, 256, size=(N, D), dtype=np.uint8)
    p[rng.random((N, D)) >= NONZERO] = 0
    x = (0.01 + p.astype(np.float32) * np.float32(0.99 / 255)).astype(np.float32)
    y = np.zeros((N, C), np.float32)
    y[np.arange(N), rng.integers(0, C, N)] = 1
    return x, y


def epoch(x, y, W1, b1, W2, b2):
    for s in range(0, N - B + 1, B):  # 937 full batches, then the last one of 32
        step(x[s:s + B], y[s:s + B], W1, b1, W2, b2)
    if N % B:
        step(x[N - N % B:], y[N - N % B:], W1, b1, W2, b2)


def step(xb, yb, W1, b1, W2, b2):
    z1 = xb @ W1 + b1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2 + b2
    e = np.exp(z2 - z2.max(axis=1, keepdims=True))
    a2 = e / e.sum(axis=1, keepdims=True)
    dz2 = (a2 - yb) / np.float32(len(xb))       # d(mean CE)/dz2
    dW2 = a1.T @ dz2 + L2 * W2                  # d/dW2, plus the L2 term
    dz1 = (dz2 @ W2.T) * (z1 > 0)               # back through W2 and relu'
    dW1 = xb.T @ dz1 + L2 * W1
    W1 -= LR * dW1
    b1 -= LR * dz1.sum(axis=0)
    W2 -= LR * dW2
    b2 -= LR * dz2.sum(axis=0)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rng = np.random.default_rng(1)
    x, y = data(rng)
    W1 = (rng.standard_normal((D, H)) * np.sqrt(2 / D)).astype(np.float32)
    W2 = (rng.standard_normal((H, C)) * np.sqrt(2 / H)).astype(np.float32)
    b1, b2 = np.zeros(H, np.float32), np.zeros(C, np.float32)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        epoch(x, y, W1, b1, W2, b2)
        times.append(time.perf_counter() - t)
    flops = 2 * N * (2 * D * H + 3 * H * C)  # dense-equivalent: layer 1 forward + dW1; layer 2 forward + dW2 + dx
    med = float(np.median(times))
    print(f"numpy {np.__version__} float32 dense, batch {B}, {-(-N // B)} batches: "
          f"median {med:.3f} s/epoch, min {min(times):.3f} s, {flops / med / 1e9:.1f} GFLOP/s (runs: {runs})")
    assert W1.dtype == np.float32 and np.isfinite(W1).all()


if __name__ == '__main__':
    main()
