/** The worker-thread side of {@link AugmentThread}: augments one set of images (or a range of it) per message. */
import { parentPort } from 'node:worker_threads';
import { augmentImages } from './images.js';
import type { AugmentRequest, AugmentReply } from './thread.js';

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
