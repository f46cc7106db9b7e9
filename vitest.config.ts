import { defineConfig } from 'vitest/config';

// Three projects in one run: the embedded suites first, then the browser suite (reports opened
// in headless Chromium), then the Fabric suite, which brings its own network up
// (test/fabric/global-setup.ts) and runs its files one at a time, since fault tests stop nodes
// of the network every file shares.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    pool: 'forks',
    // One fast-check seed per run (test/fc-seed.ts), printed once by the first project.
    setupFiles: ['test/fc-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'embedded',
          include: ['test/**/*.test.ts', 'chaincode/src/**/*.test.ts'],
          exclude: ['test/fabric/**', 'test/browser/**'],
          globalSetup: ['test/fc-banner.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 240_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'fabric',
          include: ['test/fabric/**/*.test.ts'],
          globalSetup: ['test/fabric/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 240_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
