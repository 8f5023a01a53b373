/**
 * Issue 9, points 10 and 15, as a reviewer meets them in the library: files of several producers
 * get their real titles (not a chapter heading, an annex label or a portal's column header), and a
 * file that is not the format its name claims is reported as such.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, REPO, test } from './host-fixture';

const TITLES = path.join(REPO, 'test', 'fixtures', 'titles');
const EXPECTED: [file: string, title: string][] = [
  ['policy.docx', '青禾县公共资源交易平台服务管理暂行办法（2024年修订）'],
  ['annex.pdf', '青禾县2024年度政策措施公平竞争审查自查情况统计表'],
  ['portal.html', '青禾县市场监督管理局关于2024年第一批公平竞争审查抽查结果的公告'],
  ['draft.txt', '青禾县关于进一步规范招标投标领域市场主体准入和退出若干措施（征求意见稿）'],
];

test('titles come from the document, not from headings, annex labels or portal furniture', async ({ page, app }) => {
  await page.goto(app.url);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (await chooser).setFiles(EXPECTED.map(([file]) => path.join(TITLES, file)));
  // Four imports (one a PDF) can take a while on a loaded machine: wait for all four reports.
  await expect(page.getByTestId('import-reports').getByText(/已导入/)).toHaveCount(EXPECTED.length, {
    timeout: 30_000,
  });
  const documents = page.getByTestId('documents');
  for (const [, title] of EXPECTED) {
    await expect(documents.getByRole('link', { name: title, exact: true })).toBeVisible();
  }
  await expect(documents).not.toContainText('第二章');
  await expect(documents).not.toContainText('通知公告');
});

test('random bytes named .pdf are reported as a broken PDF, naming the file', async ({ page, app }) => {
  await page.goto(app.url);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (await chooser).setFiles([{ name: '损坏的文件.pdf', mimeType: 'application/pdf', buffer: randomBytes(4096) }]);
  const reports = page.getByTestId('import-reports');
  await expect(reports).toContainText('「损坏的文件.pdf」不是有效的 PDF 文件');
  await expect(reports).not.toContainText('.txt');
});
