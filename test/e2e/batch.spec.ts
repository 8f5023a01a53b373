import path from 'node:path';
import { expect, REPO, test } from './host-fixture';

const FOLDER = path.join(REPO, 'test', 'fixtures', 'documents');

test('creates a batch, imports a folder of fixtures and watches the progress finish', async ({
  page,
  app,
}, testInfo) => {
  await page.goto(app.url);
  await page.getByRole('link', { name: '批次' }).click();
  await expect(page.getByRole('heading', { name: '批次' })).toBeVisible();

  await page.getByLabel('批次名称').fill('2025 年度抽查');
  await page.getByLabel('批次类型').selectOption('sampling');
  await page.getByLabel('委托/组织单位').fill('某市市场监督管理局');
  await page.getByRole('button', { name: '新建' }).click();
  await expect(page.getByTestId('batch-list')).toContainText('2025 年度抽查');
  await expect(page.getByTestId('batch-detail')).toContainText('2025 年度抽查（抽查）');

  await page.getByLabel('选择文件夹').setInputFiles(FOLDER);
  const progress = page.getByTestId('batch-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('导入完成', { timeout: 120_000 });
  await expect(progress).toContainText('20/20');
  await expect(page.getByTestId('batch-counts')).toContainText('文件 20 个：已完成 18，待导入 0，失败 2');
  await expect(page.getByTestId('batch-errors')).toContainText('documents/scanned.pdf');
  await expect(page.getByTestId('batch-errors')).toContainText('扫描件');
  await page.screenshot({ path: testInfo.outputPath('batch.png'), fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出失败清单（CSV）' }).click();
  expect((await download).suggestedFilename()).toBe('2025 年度抽查-导入失败清单.csv');

  // The documents are in the library.
  await page.getByRole('link', { name: '文档库' }).click();
  await expect(page.getByTestId('documents').getByRole('row')).not.toHaveCount(0);
});
