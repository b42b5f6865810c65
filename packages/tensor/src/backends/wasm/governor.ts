/**
 * Splitting pays only while the helper really runs beside the main thread. When the other core
 * is busy with another process, the helper waits for a time slice and a split call takes longer
 * than one thread would (measured: an epoch 1.2 s on one thread, 1.5-2.5 s split). The governor
 * times each split call: the main thread's wait for the helper after its own half is near 0 when
 * the halves run side by side, as long as the half or longer when the helper lags. A call that
 * waited more than 0.6 of its half (and more than 50 µs, a scheduler's jitter: the second layer's
 * halves take ~15 µs, and one late wake-up must not brand them all) gained too little; when half
 * of a window of 32 split calls did, it runs single-threaded for the next 200 ms, then tries
 * again, waiting twice as long after each window that is slow again (up to 3.2 s) and 200 ms
 * after a good one (a time, not a count of calls: a brief stall of the other core, or the
 * helper's code not yet optimised in the first batches, should cost a fifth of a second, not half
 * an epoch, and a core that stays busy should cost few retries). A window, not an average: single
 * late wake-ups (a 1 ms helper now and then) should not stop the splitting.
 *
 * A core can also be lent (`lend()`): while any loan is out, nothing is split, so the helper goes
 * idle (it spins ~0.15 ms, then sleeps) and a thread of the caller's (a worker making the next
 * epoch's images) has the second core to itself. Unsplit kernels give the same bytes.
 */
export class Governor {
  private static readonly WINDOW = 32;
  private static readonly PAUSE_MS = 200;
  private static readonly MAX_PAUSE_MS = 3200;
  private pauseMs = Governor.PAUSE_MS;
  private calls = 0;
  private slow = 0;
  private pausedUntil = 0;
  /** For profiles: split calls so far and the main thread's total wait for the helper (ms). */
  splitCalls = 0;
  waitMs = 0;

  constructor(private readonly adaptive: boolean) {}

  /** Loans out: while > 0, nothing is split. */
  private lent = 0;

  /** Stop splitting until the returned function is called (calling it again does nothing). */
  lend(): () => void {
    this.lent++;
    let returned = false;
    return () => {
      if (returned) return;
      returned = true;
      this.lent--;
    };
  }

  /** Whether this call should be split. */
  split(): boolean {
    if (this.lent > 0) return false;
    if (this.pausedUntil === 0) return true;
    if (performance.now() < this.pausedUntil) return false;
    this.pausedUntil = 0;
    return true;
  }

  /** Record a split call: started at t0, main thread's half done at t1, helper joined at t2. */
  record(t0: number, t1: number, t2: number): void {
    this.splitCalls++;
    this.waitMs += t2 - t1;
    if (!this.adaptive) return;
    // Waiting for the helper longer than 60% of the main half (and more than a scheduler's jitter
    // of ~50 µs: the small products' halves take ~15 µs, a late wake-up would flag them all) is slow.
    if (t2 - t1 > Math.max(0.6 * (t1 - t0), 0.05)) this.slow++;
    if (++this.calls < Governor.WINDOW) return;
    if (2 * this.slow >= Governor.WINDOW) {
      this.pausedUntil = performance.now() + this.pauseMs;
      this.pauseMs = Math.min(2 * this.pauseMs, Governor.MAX_PAUSE_MS); // still busy next time: wait longer
    } else {
      this.pauseMs = Governor.PAUSE_MS;
    }
    this.calls = this.slow = 0;
  }
}
