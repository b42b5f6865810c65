/**
 * The one owner of the dashboard's view state. Every event is folded once, here, by the pure
 * reducer; the views (Ink, the plain log, the JSON lines, the closing summary) read the result.
 */
import { initialState, reduce, type DashboardEvent, type ViewState } from './state.js';

/** Called after each event with the state before and after it. */
export type ViewListener = (e: DashboardEvent, prev: ViewState, next: ViewState) => void;

export class ViewStore {
  private current: ViewState = initialState;
  private readonly listeners = new Set<ViewListener>();

  /** `now` stamps each event (milliseconds); tests pass a fake clock. */
  constructor(private readonly now: () => number = Date.now) {}

  get state(): ViewState {
    return this.current;
  }

  /** Folds `e` into the state, then tells every listener. */
  dispatch = (e: DashboardEvent): void => {
    const prev = this.current;
    this.current = reduce(prev, e, this.now());
    for (const l of this.listeners) l(e, prev, this.current);
  };

  /** Calls `listener` for every event from now on; returns an unsubscribe function. */
  subscribe(listener: ViewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
