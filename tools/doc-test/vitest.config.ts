import { defineConfig } from 'vitest/config';

// The blocks run one after another: they share one installed project, and the machine is small.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 600_000, fileParallelism: false },
});
