// The sweep chart of a sweep directory (sweep.png).
import { sweepChart, type SweepChartOptions, type SweepTrial } from '../render/sweep-chart.js';
import { writeFileAtomic } from './atomic.js';

/** Renders `trials` and writes the PNG to `path` atomically; returns `path`. */
export async function writeSweepChart(path: string, trials: readonly SweepTrial[], options: SweepChartOptions = {}): Promise<string> {
  await writeFileAtomic(path, sweepChart(trials, options));
  return path;
}
