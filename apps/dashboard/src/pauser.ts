/**
 * The `p` key. Events are emitted synchronously, so the dashboard cannot block the trainer from
 * an event callback; instead the trainer awaits `wait()` between batches (TrainOptions.pause),
 * which holds while `paused` is true.
 */
export class Pauser {
  private waiters: (() => void)[] = [];
  private state = false;

  get paused(): boolean {
    return this.state;
  }

  /** Resolves at once when running; otherwise when resume() is called. */
  wait(): Promise<void> {
    if (!this.state) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  pause(): void {
    this.state = true;
  }

  resume(): void {
    this.state = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Flips the state; returns the new one. */
  toggle(): boolean {
    if (this.state) this.resume();
    else this.pause();
    return this.state;
  }
}
