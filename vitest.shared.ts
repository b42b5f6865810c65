// Shared vitest settings: tests read each workspace package's TypeScript source through the
// "@mnist-ts/source" export condition, so no build is needed to test a change.
export const sourceConditions = ['@mnist-ts/source', 'import', 'module', 'node', 'default'];
