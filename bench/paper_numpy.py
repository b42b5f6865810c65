"""The paper's network in numpy float32: the benchmark's peer and the crosscheck's reference.

Same math as @mnist-ts/nn and @mnist-ts/train: x = p/255*0.99 + 0.01; z1 = x·W1 + b1; ReLU;
softmax; dz2 = a2 - y; dW = aᵀ·dz/m + λ/m·W; db = Σdz/m; SGD.
"""
import numpy as np


def load_mnist(d):
    """(Xtr, ytr, Ytr one-hot, Xte, yte) from the original IDX files in directory d."""
    def idx(name, offset):
        return np.frombuffer(open(f'{d}/{name}', 'rb').read(), dtype=np.uint8, offset=offset)
    norm = lambda p: (p.reshape(-1, 784).astype(np.float32) / 255 * 0.99 + 0.01).astype(np.float32)
    Xtr, ytr = norm(idx('train-images-idx3-ubyte', 16)), idx('train-labels-idx1-ubyte', 8)
    Xte, yte = norm(idx('t10k-images-idx3-ubyte', 16)), idx('t10k-labels-idx1-ubyte', 8)
    return Xtr, ytr, np.eye(10, dtype=np.float32)[ytr], Xte, yte


def forward(p, x):
    z1 = x @ p['W1'] + p['b1']
    a1 = np.maximum(z1, 0)
    z2 = a1 @ p['W2'] + p['b2']
    e = np.exp(z2 - z2.max(axis=1, keepdims=True))
    return z1, a1, e / e.sum(axis=1, keepdims=True)


def sgd_epoch(p, X, Y, order, lr, lam, batch=64):
    """One epoch of minibatch SGD over X[order] (the last batch may be short), updating p in place."""
    for s in range(0, len(order), batch):
        i = order[s:s + batch]
        x, y, m = X[i], Y[i], np.float32(len(i))
        z1, a1, a2 = forward(p, x)
        dz2 = a2 - y
        dW2 = a1.T @ dz2 / m + lam / m * p['W2']
        db2 = dz2.sum(axis=0, keepdims=True) / m
        dz1 = (dz2 @ p['W2'].T) * (z1 > 0)
        dW1 = x.T @ dz1 / m + lam / m * p['W1']
        db1 = dz1.sum(axis=0, keepdims=True) / m
        p['W1'] -= lr * dW1; p['b1'] -= lr * db1; p['W2'] -= lr * dW2; p['b2'] -= lr * db2


def accuracy(p, X, y):
    return float((forward(p, X)[2].argmax(axis=1) == y).mean())
