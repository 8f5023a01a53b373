import { defineConfig } from '@playwright/test';
import { resolveChromium } from './scripts/chromium';

// CHROMIUM_PATH, else a system Chromium, else the npm one (see scripts/chromium.ts).
const browser = await resolveChromium();

export default defineConfig({
  testDir: './test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    locale: 'zh-CN',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: browser.executablePath,
      args: browser.args,
      ...(browser.env && { env: { ...process.env, ...browser.env } }),
    },
  },
});
