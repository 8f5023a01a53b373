import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, REPO, test } from './host-fixture';
import { readDocx } from '../helpers/docx';

const FILES = ['banfa.docx', 'zhejiang.docx', 'typeset-plan.docx', 'features.docx', 'typeset-legal.txt'].map((f) =>
  path.join(REPO, 'test', 'fixtures', 'documents', f),
);

test('抽查: a batch from fixture files, a sample drawn, a check with a rectification, the result list exported', async ({
  page,
  app,
}, testInfo) => {
  await page.goto(app.url);
  await page.getByRole('link', { name: '批次' }).click();
  await page.getByLabel('批次名称').fill('2025 年度抽查');
  await page.getByLabel('批次类型').selectOption('sampling');
  await page.getByLabel('委托/组织单位').fill('某市市场监督管理局');
  await page.getByRole('button', { name: '新建' }).click();
  await expect(page.getByTestId('batch-detail')).toContainText('2025 年度抽查（抽查）');
  await page.getByLabel('选择文件', { exact: true }).setInputFiles(FILES);
  await expect(page.getByTestId('batch-progress')).toContainText('导入完成', { timeout: 120_000 });
  await expect(page.getByTestId('batch-counts')).toContainText('已完成 5');

  // Draw: 10% of 5 is 1, at least 2.
  const panel = page.getByTestId('sampling');
  await expect(panel).toContainText('本批次可抽取的文件 5 件');
  await panel.getByLabel('随机种子').fill('2025-e2e');
  await panel.getByLabel('最少抽取件数').fill('2');
  await panel.getByRole('button', { name: '抽取样本' }).click();
  await expect(page.getByTestId('sample-plan')).toContainText('随机种子 2025-e2e');
  await expect(page.getByTestId('sample-plan')).toContainText('总体 5 件，抽取 2 件');
  const rows = page.getByTestId('sample-drawn').locator('tbody tr');
  await expect(rows).toHaveCount(2);

  // 双随机.
  await panel.getByLabel('检查人员名单').fill('张三,某市财政局\n李四,某市商务局');
  await panel.getByRole('button', { name: '随机指派' }).click();
  await expect(rows.first()).toContainText(/张三|李四/);

  // A check record with a problem and an overdue rectification, then 约谈.
  await rows
    .first()
    .getByRole('button', { name: /^检查记录/ })
    .click();
  const dialog = page.getByTestId('check-record');
  await dialog.getByLabel('审查结论是否准确', { exact: true }).selectOption('fail');
  await dialog.getByLabel('程序问题类型').selectOption('no_consultation');
  await dialog.getByRole('button', { name: '添加程序问题' }).click();
  await expect(dialog.getByTestId('check-problems')).toContainText('程序问题：未听取意见');
  await dialog.getByLabel('处理方式').selectOption('revise');
  await dialog.getByLabel('整改期限').fill('2020-01-31');
  await dialog.getByLabel('整改状态').selectOption('pending');
  await expect(dialog.getByTestId('check-overdue')).toBeVisible();
  await dialog.getByLabel('约谈日期').fill('2020-03-01');
  await dialog.getByLabel('约谈对象').fill('起草单位主要负责人');
  await dialog.getByRole('button', { name: '记录约谈' }).click();
  await expect(dialog.getByTestId('check-interviews')).toContainText('起草单位主要负责人');
  await page.screenshot({ path: testInfo.outputPath('check-record.png') });
  await dialog.getByRole('button', { name: '保存检查记录' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByRole('status')).toContainText('检查记录已保存');
  await expect(rows.first()).toHaveClass(/overdue/);
  await expect(rows.first()).toContainText('修订');
  await expect(rows.first()).toContainText('约谈 1 次');
  await expect(page.getByTestId('sample-plan')).toContainText('逾期未整改 1 件');
  const title = (await rows.first().locator('td').nth(1).innerText()).replace('已报送审查包', '').trim();
  await page.screenshot({ path: testInfo.outputPath('sampling.png'), fullPage: true });

  // The published result list.
  const docx = page.waitForEvent('download');
  await panel.getByRole('button', { name: '导出抽查结果（.docx）' }).click();
  const d = await docx;
  expect(d.suggestedFilename()).toBe('抽查结果-2025 年度抽查.docx');
  const text = readDocx(new Uint8Array(readFileSync((await d.path())!))).paragraphs.join('\n');
  expect(text).toContain('公平竞争审查抽查结果');
  expect(text).toContain(title);
  expect(text).toContain('程序问题：未听取意见');
  const xlsx = page.waitForEvent('download');
  await panel.getByRole('button', { name: '导出抽查结果（.xlsx）' }).click();
  expect((await xlsx).suggestedFilename()).toBe('抽查结果-2025 年度抽查.xlsx');
});
