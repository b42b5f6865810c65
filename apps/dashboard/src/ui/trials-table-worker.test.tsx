import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { initialState, reduce } from '../state.js';
import { TrialsTable } from './trials-table.js';

const plain = (s: string | undefined) => (s ?? '').replace(/\x1b\[[0-9;]*m/g, '');

describe('the trials table with queue workers', () => {
  it("shows each trial's worker, kept after the trial ends and updated when it moves", () => {
    let s = initialState;
    const params = { hidden: 64, lr: 0.1 };
    s = reduce(s, { type: 'trial:start', trial: 1, total: 2, params, worker: 'box-a:101' }, 0);
    s = reduce(s, { type: 'trial:start', trial: 2, total: 2, params: { hidden: 32, lr: 0.1 }, worker: 'box-b:202' }, 0);
    s = reduce(s, { type: 'trial:start', trial: 2, total: 2, params: { hidden: 32, lr: 0.1 }, worker: 'box-c:303' }, 0); // box-b died
    s = reduce(s, { type: 'trial:end', trial: 1, total: 2, params, status: 'ok', valAcc: 0.93, seconds: 2 }, 0);
    expect(s.trials.map((t) => t.worker)).toEqual(['box-a:101', 'box-c:303']);
    const { lastFrame } = render(<TrialsTable trials={s.trials} best={s.bestTrial} rows={5} width={80} />);
    expect(plain(lastFrame())).toMatchInlineSnapshot(`
      "   #  params                                        status  val acc     time
      ★  1  hidden=64 lr=0.1 @box-a:101                   ok       93.00%     2.0s
         2  hidden=32 lr=0.1 @box-c:303                   running       –        …"
    `);
  });
});
