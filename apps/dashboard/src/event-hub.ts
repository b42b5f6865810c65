import type { DashboardEvent } from './state.js';

/** Where the dashboard gets its events from; a test passes a scripted one. */
export interface EventSource {
  /** Calls `listener` for every event from now on; returns an unsubscribe function. */
  subscribe(listener: (e: DashboardEvent) => void): () => void;
}

/**
 * A synchronous fan-out. Events emitted before anyone subscribes are kept and replayed to the
 * first subscriber, so nothing is lost while Ink mounts.
 */
export class EventHub implements EventSource {
  private listeners = new Set<(e: DashboardEvent) => void>();
  private backlog: DashboardEvent[] | null = [];

  emit = (e: DashboardEvent): void => {
    if (this.backlog) this.backlog.push(e);
    for (const l of this.listeners) l(e);
  };

  subscribe(listener: (e: DashboardEvent) => void): () => void {
    const backlog = this.backlog;
    this.backlog = null;
    this.listeners.add(listener);
    if (backlog) for (const e of backlog) listener(e);
    return () => this.listeners.delete(listener);
  }
}
