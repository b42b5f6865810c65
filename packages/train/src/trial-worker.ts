import { parentPort, workerData } from 'node:worker_threads';
import { listBackends, setBackend } from '@mnist-ts/tensor';
import type { TrialSpec } from './executor.js';
import type { TrainEvent } from './events.js';
import { runTrial } from './trial.js';

/** A sweep worker: runs the trials it is sent, forwarding epoch-level events to the parent. */
const port = parentPort!;
let controller: AbortController | null = null;
const wanted = (workerData as { backend?: string } | null)?.backend ?? 'single-thread';
// 'single-thread': the highest-priority backend whose kernels run on one thread.
const single = listBackends().find((b) => (b.threads ?? 1) === 1);
const ready = setBackend(wanted === 'single-thread' ? (single?.name ?? 'auto') : wanted);

port.on('message', async (msg: { type: 'run'; spec: TrialSpec } | { type: 'abort' }) => {
  if (msg.type === 'abort') return controller?.abort();
  await ready;
  controller = new AbortController();
  const forward = (event: TrainEvent) => {
    // Batch events stay in the worker: the sweep view shows trials and epochs.
    if (event.type === 'epoch:end') port.postMessage({ type: 'event', event: { ...event, preview: undefined } });
  };
  const outcome = await runTrial(msg.spec, forward, controller.signal);
  port.postMessage({ type: 'done', outcome });
});
