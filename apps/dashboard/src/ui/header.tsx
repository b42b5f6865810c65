import { Box, Text } from 'ink';
import * as f from '../format.js';
import { isSweep, type Status, type ViewState } from '../state.js';

const BADGE: Record<Status, { text: string; color: string }> = {
  waiting: { text: '… starting', color: 'gray' },
  running: { text: '● running', color: 'green' },
  paused: { text: '❚❚ paused', color: 'yellow' },
  stopping: { text: '■ stopping', color: 'yellow' },
  done: { text: '✓ done', color: 'green' },
  interrupted: { text: '■ interrupted', color: 'yellow' },
  failed: { text: '✗ failed', color: 'red' },
};

/** One line: what is running (spec name, model shape, seed, backend, data sizes) and its state. */
export function Header({ state, width, backend }: { state: ViewState; width: number; backend?: string }) {
  const badge = BADGE[state.status];
  const info = describe(state, backend);
  const room = Math.max(0, width - badge.text.length - 1);
  return (
    <Box width={width} justifyContent="space-between">
      <Text bold wrap="truncate">
        {f.fit(info, room)}
      </Text>
      <Text color={badge.color}>{badge.text}</Text>
    </Box>
  );
}

function describe(s: ViewState, backend?: string): string {
  const r = s.run;
  if (r && !(isSweep(s) && s.trials.some((t) => t.status === 'running'))) {
    const m = r.model;
    const val = r.data.validation ? ` val ${f.count(r.data.validation)}` : '';
    return `${r.name} · ${m.inputs}-${m.hidden}-${m.outputs} · seed ${r.seed} · ${r.backend} · train ${f.count(r.data.train)} test ${f.count(r.data.test)}${val}`;
  }
  const stage = s.stage ? ` · stage ${s.stage.id} (${s.stage.stage})` : '';
  const trials = isSweep(s) ? `sweep · ${s.trialsTotal} trials` : 'mnist';
  return `${trials}${backend ? ` · ${backend}` : ''}${stage}`;
}
