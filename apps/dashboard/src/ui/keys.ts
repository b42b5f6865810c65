/**
 * Keys as actions. A terminal may deliver several presses in one read (a fast double tap of
 * Ctrl-C, or keys a slow machine batched): Ink then hands over one string, "\x03\x03" or "qq",
 * which matches no single key. Each character of such a string counts as its own press.
 */
export type KeyAction = 'stop' | 'pause' | 'help' | 'close';

const CTRL_C = '\x03';

export function keyPresses(input: string, key: { ctrl: boolean; escape: boolean }): KeyAction[] {
  if (key.ctrl && input === 'c') return ['stop'];
  if (key.escape) return ['close'];
  const out: KeyAction[] = [];
  for (const ch of input) {
    if (ch === 'q' || ch === CTRL_C) out.push('stop');
    else if (ch === 'p') out.push('pause');
    else if (ch === '?') out.push('help');
  }
  return out;
}
