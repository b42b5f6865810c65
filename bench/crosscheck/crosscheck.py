"""numpy float32 training from exactly the start a TypeScript run of the same seed had.

Reads init.safetensors and orders.u32 written by export-start.mjs, trains the paper's setup
(batch 64, lr 0.1 x 0.95 per epoch, L2 1e-4/m, cross-entropy) and prints test accuracy per epoch
as JSON lines, to put beside the run's metrics.jsonl.
  python3 bench/crosscheck/crosscheck.py <dir> <mnist data dir> [epochs=50] [init=ours|numpy] [orders=ours|numpy] [seed=1]
With init or orders set to numpy, that part of the start is drawn by numpy instead (He-normal
weights from default_rng(seed).standard_normal, then that generator's permutation each epoch), to
tell which part of the start a difference between the two implementations' runs comes from.
"""
import json, os, struct, sys
import numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from paper_numpy import accuracy, load_mnist, sgd_epoch

d, data = sys.argv[1], sys.argv[2]
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 50
init_from = sys.argv[4] if len(sys.argv) > 4 else 'ours'
orders_from = sys.argv[5] if len(sys.argv) > 5 else 'ours'
rng = np.random.default_rng(int(sys.argv[6]) if len(sys.argv) > 6 else 1)
raw = open(f'{d}/init.safetensors', 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
header = json.loads(raw[8:8 + n])
def tensor(name):
    b, e = header[name]['data_offsets']
    return np.frombuffer(raw[8 + n + b:8 + n + e], dtype='<f4').reshape(header[name]['shape']).copy()
p = {'W1': tensor('W1'), 'b1': tensor('b1')[None, :], 'W2': tensor('W2'), 'b2': tensor('b2')[None, :]}
if init_from == 'numpy':
    he = lambda shape, fan_in: (rng.standard_normal(shape) * np.sqrt(2 / fan_in)).astype(np.float32)
    H = p['W1'].shape[1]
    p = {'W1': he((784, H), 784), 'b1': he((1, H), 784), 'W2': he((H, 10), H), 'b2': he((1, 10), H)}
orders = np.fromfile(f'{d}/orders.u32', dtype='<u4').reshape(-1, 60000)
Xtr, ytr, Ytr, Xte, yte = load_mnist(data)
lr, lam = np.float32(0.1), np.float32(1e-4)
for epoch in range(epochs):
    order = rng.permutation(60000) if orders_from == 'numpy' else orders[epoch]
    sgd_epoch(p, Xtr, Ytr, order, lr, lam)
    print(json.dumps({'epoch': epoch + 1, 'lr': float(lr), 'testAcc': accuracy(p, Xte, yte)}), flush=True)
    lr = np.float32(lr * 0.95)
print(json.dumps({'trainAcc': accuracy(p, Xtr, ytr)}))
