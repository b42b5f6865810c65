import { render } from 'ink';
import type { Io } from './io.js';
import type { Pauser } from './pauser.js';
import { App } from './ui/app.js';
import type { ViewStore } from './view-store.js';

export interface DashboardHandle {
  /** Lets the last frame (with the summary) draw, then releases the terminal. */
  close(): Promise<void>;
}

const SUMMARY_WAIT_MS = 3_000;

/** Mounts the Ink dashboard on a terminal. Ctrl-C arrives as a key (raw mode), not as SIGINT. */
export function mountDashboard(io: Io, store: ViewStore, pauser: Pauser, onStop: () => void, backend: string): DashboardHandle {
  const interactive = io.stdin?.isTTY === true;
  // https://no-color.org: any NO_COLOR value turns the heat maps into ASCII shades.
  const color = io.env['NO_COLOR'] === undefined || io.env['NO_COLOR'] === '';
  let summaryDrawn: () => void = () => {};
  const drawn = new Promise<void>((resolve) => (summaryDrawn = resolve));
  const instance = render(
    <App store={store} pauser={pauser} onStop={onStop} color={color} interactive={interactive} backend={backend} onSummaryDrawn={() => summaryDrawn()} />,
    {
      stdout: io.stdout as NodeJS.WriteStream,
      stderr: io.stderr as NodeJS.WriteStream,
      ...(io.stdin ? { stdin: io.stdin } : {}),
      exitOnCtrlC: false,
      patchConsole: false,
    },
  );
  return {
    async close() {
      // The summary is React's to draw: wait until it has been committed (a loaded machine may
      // take a while; give up after SUMMARY_WAIT_MS), then one more Ink frame (33 ms at 30 fps).
      await Promise.race([drawn, new Promise((resolve) => setTimeout(resolve, SUMMARY_WAIT_MS))]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
    },
  };
}
