// Issue 9, points 8 and 11 in Chromium: a revision that takes the revised draft (修改稿) and shows
// what it fixed; the same measure imported in two formats is named at import, and one is kept.
import Database from 'better-sqlite3';
import path from 'node:path';
import { FIRST_DRAFT, REVISED_DRAFT } from '../helpers/drafts';
import { expect, REPO, test } from './host-fixture';

const TITLE = '关于支持本市产业发展的若干措施';
const DOCS = path.join(REPO, 'test', 'fixtures', 'documents');

test('a revision takes the revised draft and shows what it fixed', async ({ page, app }, testInfo) => {
  await page.goto(app.url);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (await chooser).setFiles({ name: '征求意见稿.txt', mimeType: 'text/plain', buffer: Buffer.from(FIRST_DRAFT) });
  await expect(page.getByTestId('import-reports')).toContainText(`已导入：《${TITLE}》`);

  // Revision 1 rejected the findings on 第三条 and was finalised (written straight to the store).
  const db = new Database(path.join(app.dataDir, 'fcr.sqlite3'));
  const now = new Date().toISOString();
  db.prepare(
    "INSERT INTO reviews (document_id, revision, status, created_at, updated_at) VALUES (1, 1, 'draft', ?, ?)",
  ).run(now, now);
  db.prepare(
    `INSERT INTO dispositions (review_id, rule_id, clause_hash, disposition, reason, updated_at)
     SELECT 1, rule_id, clause_hash, 'reject', '面向全部企业', ? FROM findings WHERE clause_label = '第三条'`,
  ).run(now);
  db.prepare("UPDATE reviews SET status = 'final', finalized_at = ? WHERE id = 1").run(now);
  db.close();

  await page.getByRole('link', { name: TITLE }).click();
  await expect(page.getByTestId('document-text')).toContainText('优先采购本地企业');
  await page.getByRole('tab', { name: '审查结论' }).click();
  const draft = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入修改稿…' }).click();
  await (await draft).setFiles({ name: '修改稿.txt', mimeType: 'text/plain', buffer: Buffer.from(REVISED_DRAFT) });
  const dialog = page.getByRole('dialog', { name: '导入修改稿' });
  await expect(dialog).toContainText('以修改稿「修改稿.txt」新建第 2 版');
  await dialog.getByRole('button', { name: '导入并新建修订版本' }).click();

  await expect(page.locator('.review-badges')).toContainText('第 2 版');
  await expect(page.getByTestId('document-text')).toContainText('平等对待各类经营主体');
  const comparison = page.getByTestId('revision-comparison');
  await expect(comparison).toContainText(/修订对比.*第 1 版「征求意见稿\.txt」→ 第\s*2 版「修改稿\.txt」/);
  await expect(comparison).toContainText(/[1-9]\d* 处已修改解决，[1-9]\d* 处仍存在，[1-9]\d* 处新增/);
  await comparison.locator('summary').click();
  const resolved = page.getByTestId('revision-resolved');
  await expect(resolved).toContainText('第二条');
  await expect(resolved).toContainText('优先采购本地企业');
  await expect(resolved).toContainText('平等对待各类经营主体');
  await expect(resolved).toContainText('《实施办法》');
  const remaining = page.getByTestId('revision-remaining');
  await expect(remaining).toContainText('第三条');
  await expect(remaining).toContainText('（条款未改动）');
  await expect(remaining).toContainText('（沿用处理意见：不采纳）');
  await expect(page.getByTestId('revision-added')).toContainText('第四条');
  await page.screenshot({ path: testInfo.outputPath('revision-comparison.png') });

  // Revision 1's text and decisions stay on record.
  await page.getByRole('button', { name: '查看第 1 版原文' }).click();
  const record = page.getByRole('dialog', { name: '第 1 版原文' });
  await expect(record.getByTestId('revision-record-text')).toHaveText(FIRST_DRAFT);
  await expect(record).toContainText('「征求意见稿.txt」');
  await expect(record).toContainText(/第三条 · 《实施办法》第十二条第（二）项「[^」]+」 · 命中“在本市注册”：不采纳/);
  await record.getByRole('button', { name: '关闭' }).click();
  await expect(record).toHaveCount(0);

  // The carried decisions hold; the history says what the draft did.
  await page.getByRole('tab', { name: /疑似问题/ }).click();
  await expect(page.getByTestId('findings-panel').locator('.disposition', { hasText: '不采纳' }).first()).toBeVisible();
  await page.getByRole('tab', { name: '版本与记录' }).click();
  await expect(page.getByTestId('history')).toContainText(
    /修订版本 2：导入修改稿《修改稿\.txt》，已解决 \d+、仍存在 \d+、新增 \d+/,
  );
});

test('the same measure as .docx and .pdf is named at import; keep the earlier one or both', async ({
  page,
  app,
}, testInfo) => {
  await page.goto(app.url);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (await chooser).setFiles([path.join(DOCS, 'banfa.docx'), path.join(DOCS, 'banfa.pdf')]);
  const reports = page.getByTestId('import-reports').locator('li');
  await expect(reports).toHaveCount(2);
  const rows = page.getByTestId('documents').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const title = (await rows.first().locator('.title-cell a').textContent())!.trim();
  const pdf = reports.filter({ hasText: 'banfa.pdf' });
  await expect(pdf.getByTestId('same-as')).toContainText(`与已导入的《${title}》（.docx）内容相同`);
  await expect(reports.filter({ hasText: 'banfa.docx' }).getByTestId('same-as')).toHaveCount(0);

  await page.screenshot({ path: testInfo.outputPath('same-as.png') });
  await pdf.getByRole('button', { name: '保留原有' }).click();
  await expect(pdf).toContainText('已保留原有文档，新导入的文档已移入回收站。');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('banfa.docx');
  await page.getByRole('button', { name: '回收站' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('banfa.pdf');
  await page.getByRole('button', { name: '返回文档库' }).click();

  const again = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (await again).setFiles(path.join(DOCS, 'banfa.txt'));
  await expect(page.getByTestId('same-as')).toContainText(`与已导入的《${title}》（.docx）内容相同`);
  await page.getByRole('button', { name: '都保留' }).click();
  await expect(page.getByTestId('import-reports')).toContainText('两份都已保留。');
  await expect(rows).toHaveCount(2);
});
