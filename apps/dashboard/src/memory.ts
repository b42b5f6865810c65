/**
 * Will a network of H hidden units fit? Training holds the weights (795·H floats for 784-H-10),
 * their gradients, the bytes of the checkpoint being encoded, and the activations of a
 * 1000-image evaluation chunk (z1 and a1: 2·1000·H floats). Measured peak RSS of `mnist train`
 * grows by 17.1 kB per hidden unit (H = 10,000: 358 MB, H = 30,000: 692 MB) over ~200 MB for
 * Node, the data and the figures; the estimate rounds that up to 18 kB.
 */
import { freemem, totalmem } from 'node:os';

const BYTES_PER_HIDDEN = 18_000;
const BASE_BYTES = 200e6;

export function trainingBytes(hidden: number): number {
  return BASE_BYTES + BYTES_PER_HIDDEN * hidden;
}

/**
 * What a run may use: half the machine's memory (the rest is the system's and other programs'),
 * or what is free now if that is less, or the cgroup's limit (a container) if lower still.
 */
export function memoryBudget(): { bytes: number; total: number } {
  const total = totalmem();
  const limit = process.constrainedMemory?.() ?? 0;
  const caps = [total / 2, freemem(), ...(limit > 0 && limit < total ? [limit] : [])];
  return { bytes: Math.min(...caps), total };
}

const gb = (b: number) => `${(b / 1e9).toFixed(1)} GB`;

/** Null when H fits; otherwise why not, for a message that names the field. */
export function hiddenTooLarge(hidden: number, budget = memoryBudget()): string | null {
  const need = trainingBytes(hidden);
  if (need <= budget.bytes) return null;
  return (
    `a 784-${hidden}-10 network needs about ${gb(need)} of memory to train (weights, gradients, the checkpoint being written, ` +
    `evaluation activations), more than the ${gb(budget.bytes)} a run may use on this machine (${gb(budget.total)} in all; a run takes at most half, or what is free)`
  );
}
