/** The worker-thread side of {@link AugmentThread}: augments one set of images per message. */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { augmentImages } from './images.js';
import type { AugmentRequest, AugmentReply } from './thread.js';

/**
 * Sets this thread's nice value. On Linux a thread has its own (setpriority on its thread id,
 * which /proc/thread-self names); elsewhere, or if not allowed, the thread keeps the process's.
 */
function setThreadNiceness(niceness: number): void {
  if (niceness === 0) return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, niceness);
  } catch {
    // not Linux: the nice value stays the process's
  }
}

setThreadNiceness((workerData as { niceness: number }).niceness);

parentPort!.on('message', (req: AugmentRequest) => {
  let reply: AugmentReply;
  try {
    augmentImages(new Uint8Array(req.images), req.count, new Uint8Array(req.out), req.options, req.seed, { from: req.from, to: req.to });
    reply = { id: req.id };
  } catch (e) {
    reply = { id: req.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
