import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
  // The reliability tests start real processes; three at a time keep a 2-core machine (and the
  // other packages' tests running beside them) responsive.
  test: { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], testTimeout: 60_000, maxConcurrency: 3 },
});
