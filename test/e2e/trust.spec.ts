// Issue 13 from the browser: 设置 verifies the audit log and makes and lists backups (the host made
// a daily one at start); a second host on the same data folder is refused with a clear message.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, REPO, test } from './host-fixture';

test('设置: verify the audit log, back up, and a second app on the folder is refused', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('link', { name: '设置' }).click();
  await page.getByRole('button', { name: '校验审计日志' }).click();
  await expect(page.getByTestId('audit-ok')).toContainText('审计日志完好');
  await expect(page.getByTestId('audit-banner')).toHaveCount(0);

  const backups = page.getByTestId('backups');
  await expect(backups.getByRole('row', { name: /每日/ })).toHaveCount(1);
  await backups.getByRole('button', { name: '立即备份' }).click();
  await expect(backups).toContainText(/已备份：fcr-.*-manual\.sqlite3/);
  await expect(backups.getByRole('row', { name: /手动/ })).toHaveCount(1);

  const second = spawnSync(process.execPath, [path.join(REPO, 'bin', 'fcr.mjs'), 'serve', '--data-dir', app.dataDir], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(second.status).toBe(1);
  expect(second.stderr).toMatch(/正被另一个正在运行的审查助手使用：fcr serve（浏览器界面），进程 \d+/);
});
