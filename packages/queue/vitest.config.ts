import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
  test: { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], testTimeout: 60_000, hookTimeout: 60_000 },
});
