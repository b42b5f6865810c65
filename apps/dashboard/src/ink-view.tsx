import { render } from 'ink';
import type { Io } from './io.js';
import type { Pauser } from './pauser.js';
import { App } from './ui/app.js';
import type { ViewStore } from './view-store.js';

export interface DashboardHandle {
  /** Lets the last frame (with the summary) draw, then releases the terminal. */
  close(): Promise<void>;
}

/** Mounts the Ink dashboard on a terminal. Ctrl-C arrives as a key (raw mode), not as SIGINT. */
export function mountDashboard(io: Io, store: ViewStore, pauser: Pauser, onStop: () => void, backend: string): DashboardHandle {
  const interactive = io.stdin?.isTTY === true;
  // https://no-color.org: any NO_COLOR value turns the heat maps into ASCII shades.
  const color = io.env['NO_COLOR'] === undefined || io.env['NO_COLOR'] === '';
  const instance = render(
    <App store={store} pauser={pauser} onStop={onStop} color={color} interactive={interactive} backend={backend} />,
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
      // One frame at Ink's 30 fps is 33 ms: wait a little longer so the summary frame is drawn.
      await new Promise((resolve) => setTimeout(resolve, 80));
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
    },
  };
}
