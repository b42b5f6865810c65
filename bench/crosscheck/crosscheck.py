"""numpy float32 training from exactly the start a TypeScript run of the same seed had.

Reads init.safetensors and orders.u32 written by export-start.mjs, trains the paper's setup
(batch 64, lr 0.1 x 0.95 per epoch, L2 1e-4/m, cross-entropy) and prints test accuracy per epoch
as JSON lines, to put beside the run's metrics.jsonl.
  python3 bench/crosscheck/crosscheck.py <dir> <mnist data dir> [epochs=50]
"""
import json, struct, sys
import numpy as np

d, data = sys.argv[1], sys.argv[2]
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 50
raw = open(f'{d}/init.safetensors', 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
header = json.loads(raw[8:8 + n])
def tensor(name):
    b, e = header[name]['data_offsets']
    return np.frombuffer(raw[8 + n + b:8 + n + e], dtype='<f4').reshape(header[name]['shape']).copy()
W1, b1, W2, b2 = tensor('W1'), tensor('b1')[None, :], tensor('W2'), tensor('b2')[None, :]
orders = np.fromfile(f'{d}/orders.u32', dtype='<u4').reshape(-1, 60000)

def idx(path, offset):
    return np.frombuffer(open(path, 'rb').read(), dtype=np.uint8, offset=offset)
Xtr = (idx(f'{data}/train-images-idx3-ubyte', 16).reshape(-1, 784).astype(np.float32) / 255 * 0.99 + 0.01).astype(np.float32)
ytr = idx(f'{data}/train-labels-idx1-ubyte', 8)
Xte = (idx(f'{data}/t10k-images-idx3-ubyte', 16).reshape(-1, 784).astype(np.float32) / 255 * 0.99 + 0.01).astype(np.float32)
yte = idx(f'{data}/t10k-labels-idx1-ubyte', 8)
Ytr = np.eye(10, dtype=np.float32)[ytr]
lr, lam, B = np.float32(0.1), np.float32(1e-4), 64

def forward(x):
    z1 = x @ W1 + b1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2 + b2
    e = np.exp(z2 - z2.max(axis=1, keepdims=True))
    return z1, a1, e / e.sum(axis=1, keepdims=True)

for epoch in range(epochs):
    order = orders[epoch]
    for s in range(0, 60000, B):
        i = order[s:s + B]
        x, y, m = Xtr[i], Ytr[i], np.float32(len(i))
        z1, a1, a2 = forward(x)
        dz2 = a2 - y
        dW2 = a1.T @ dz2 / m + lam / m * W2
        db2 = dz2.sum(axis=0, keepdims=True) / m
        dz1 = (dz2 @ W2.T) * (z1 > 0)
        dW1 = x.T @ dz1 / m + lam / m * W1
        db1 = dz1.sum(axis=0, keepdims=True) / m
        W1 -= lr * dW1; b1 -= lr * db1; W2 -= lr * dW2; b2 -= lr * db2
    acc = float((forward(Xte)[2].argmax(axis=1) == yte).mean())
    print(json.dumps({'epoch': epoch + 1, 'lr': float(lr), 'testAcc': acc}), flush=True)
    lr = np.float32(lr * 0.95)
print(json.dumps({'trainAcc': float((forward(Xtr)[2].argmax(axis=1) == ytr).mean())}))
