import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, REPO, test } from './host-fixture';

const FILES = [
  path.join(REPO, 'test', 'fixtures', 'documents', 'banfa.txt'),
  path.join(REPO, 'test', 'fixtures', 'documents', 'typeset-legal.txt'),
  path.join(REPO, 'test', 'fixtures', 'review', 'draft-yaopin.txt'),
];

test('evaluates a batch: records a measure, sees the indicators and charts, exports the report', async ({
  page,
  app,
}, testInfo) => {
  await page.goto(app.url);
  await page.getByRole('link', { name: '批次' }).click();
  await page.getByLabel('批次名称').fill('2025 年度第三方评估');
  await page.getByLabel('批次类型').selectOption('evaluation');
  await page.getByLabel('委托/组织单位').fill('某市市场监督管理局');
  await page.getByRole('button', { name: '新建' }).click();
  await page.getByLabel('选择文件', { exact: true }).setInputFiles(FILES);
  await expect(page.getByTestId('batch-progress')).toContainText('导入完成', { timeout: 120_000 });

  const panel = page.getByTestId('evaluation');
  await expect(panel.getByTestId('evaluation-indicators')).toContainText('0/3 份');
  const rows = panel.getByTestId('evaluation-records').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  // A measure the rules flag (a county's 扶持小微企业 办法 with a local-registration condition).
  const row = rows.filter({ hasText: '青禾县扶持小微企业发展办法' });
  await row.getByRole('button', { name: /^评估：/ }).click();

  const dialog = page.getByTestId('evaluation-dialog');
  await expect(dialog).toBeVisible();
  const findings = dialog.locator('.eval-findings > li');
  expect(await findings.count()).toBeGreaterThan(1);
  await findings.first().getByRole('button', { name: '确认' }).click();
  await expect(findings.first()).toHaveAttribute('data-decision', 'confirm');
  // Rejecting without a reason is refused with a message; with one it is stored.
  await findings.nth(1).getByRole('button', { name: '排除' }).click();
  await expect(dialog.getByRole('alert')).toContainText('须说明理由');
  await findings.nth(1).getByRole('textbox').fill('系引述上位法');
  await findings.nth(1).getByRole('button', { name: '排除' }).click();
  await expect(findings.nth(1)).toHaveAttribute('data-decision', 'reject');
  await dialog.getByLabel('问题条款').fill('第五条');
  await dialog.getByLabel('审查标准').selectOption({ label: '其他影响公平竞争的内容（总兜底）' });
  await dialog.getByLabel('问题类别').selectOption('conduct');
  await dialog.getByLabel('原文摘录').fill('由主管部门指定服务机构');
  await dialog.getByLabel('问题说明').fill('指定交易对象');
  await dialog.getByRole('button', { name: '添加问题' }).click();
  await expect(dialog).toContainText('指定交易对象');
  await dialog.getByLabel('存在问题').check();
  await dialog.getByLabel('评估说明').fill('建议修改第五条');
  await dialog.getByRole('button', { name: '保存评估结论' }).click();
  await expect(dialog.getByRole('status')).toHaveText('已保存');
  await dialog.getByRole('button', { name: '关闭' }).click();

  await expect(row).toContainText('存在问题');
  await expect(panel.getByTestId('evaluation-indicators')).toContainText('1/3 份');
  const charts = panel.getByTestId('evaluation-charts').locator('img');
  await expect(charts).toHaveCount(4);
  await expect(charts.first()).toHaveAttribute('alt', /问题条款（按类别）：.*影响生产经营行为 \d+处/);
  // The charts are drawn (an image with a size), not a broken image.
  expect(await charts.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('evaluation.png'), fullPage: true });

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: '导出评估报告（.docx）' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('第三方评估报告-2025 年度第三方评估.docx');
  const zip = unzipSync(new Uint8Array(readFileSync((await file.path())!)));
  const xml = new TextDecoder().decode(zip['word/document.xml']);
  expect(xml).toContain('一、基本情况');
  expect(xml).toContain('由主管部门指定服务机构');
  expect(Object.keys(zip).filter((k) => k.startsWith('word/media/') && k.endsWith('.png'))).toHaveLength(4);

  const papers = page.waitForEvent('download');
  await panel.getByRole('button', { name: '导出工作底稿（.zip）' }).click();
  expect((await papers).suggestedFilename()).toMatch(/^评估工作底稿-2025 年度第三方评估-.*\.zip$/);

  // A sample drawn on the same page narrows the evaluation to the measures drawn.
  const sampling = page.getByTestId('sampling');
  await sampling.getByLabel('随机种子').fill('2025-评估');
  await sampling.getByLabel('最少抽取件数').fill('2');
  await sampling.getByRole('button', { name: '抽取样本' }).click();
  await expect(panel.getByTestId('evaluation-scope')).toContainText(
    '抽样抽中的 2 份（总体 3 份，不分层，随机种子 2025-评估）',
  );
  await expect(panel.getByRole('button', { name: /^评估：/ })).toHaveCount(2);
  // An evaluation batch draws its sample without the 抽查 check records, 双随机 or result list.
  await expect(sampling.locator('legend')).toHaveText('随机抽样');
  await expect(sampling.getByRole('button', { name: /^检查记录/ })).toHaveCount(0);
  await expect(sampling.getByRole('button', { name: /导出抽查结果/ })).toHaveCount(0);
});
