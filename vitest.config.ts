import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    // Builds dist/import-worker.mjs: the import worker threads run it (see electron/services/import/pool.ts).
    globalSetup: ['test/helpers/worker-setup.ts'],
  },
});
