import { useLayoutEffect, useState } from 'react';
import type { ViewState } from '../state.js';
import type { ViewStore } from '../view-store.js';

/**
 * The store's state as last drawn, and when (ms). Events draw at once, except batch:end, which
 * draws at most every `frameMs` (a frame costs the training thread 10-20 ms). The store already
 * holds the folded state; this only chooses when to copy it into React.
 */
export function useDrawnState(store: ViewStore, frameMs: number): { state: ViewState; at: number } {
  const [drawn, setDrawn] = useState(() => ({ state: store.state, at: Date.now() }));
  useLayoutEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const draw = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      setDrawn({ state: store.state, at: Date.now() });
    };
    draw(); // events that came between the first render and this subscription
    const unsubscribe = store.subscribe((e) => {
      if (e.type !== 'batch:end' || frameMs <= 0) draw();
      else timer ??= setTimeout(draw, frameMs);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, frameMs]);
  return drawn;
}
