import { parentPort, workerData } from 'node:worker_threads';
import { listBackends, setBackend } from '@mnist-ts/tensor';
import type { TrialData } from './executor.js';
import type { WorkerMessage } from './thread-executor.js';
import type { TrainEvent } from './events.js';
import { runTrial } from './trial.js';

/** A sweep worker: runs the trials it is sent, forwarding epoch-level events to the parent. */
const port = parentPort!;
let controller: AbortController | null = null;
/** The data the parent shared (SharedArrayBuffers: these are its very bytes, not a copy). */
let data: TrialData | null = null;
const wanted = (workerData as { backend?: string } | null)?.backend ?? 'single-thread';
// 'single-thread': the highest-priority backend whose kernels run on one thread.
const single = listBackends().find((b) => (b.threads ?? 1) === 1);
const ready = setBackend(wanted === 'single-thread' ? (single?.name ?? 'auto') : wanted);

port.on('message', async (msg: WorkerMessage) => {
  if (msg.type === 'abort') return controller?.abort();
  if (msg.type === 'data') return void (data = msg.data);
  await ready;
  controller = new AbortController();
  const forward = (event: TrainEvent) => {
    // Batch events stay in the worker: the sweep view shows trials and epochs.
    if (event.type === 'epoch:end') port.postMessage({ type: 'event', event: { ...event, preview: undefined } });
  };
  const { digest, ...spec } = msg.spec;
  // The parent sends the data before the first trial that needs it; a mismatch is a bug there.
  if (data?.digest !== digest) throw new Error(`trial ${spec.trial}: this worker holds data ${data?.digest ?? 'none'}, the trial needs ${digest}`);
  const outcome = await runTrial({ ...spec, data }, forward, controller.signal);
  port.postMessage({ type: 'done', outcome });
});
