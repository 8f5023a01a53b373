import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, REPO, test } from './host-fixture';

const GBK_FILE = path.join(REPO, 'test', 'fixtures', 'txt', 'gb18030-yaopin.txt');
const TITLE = '国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知';

test('imports a GB18030 .txt through the file picker and shows its text', async ({ page, app }, testInfo) => {
  await page.goto(app.url);
  // The token moves from the fragment into session storage; the address bar no longer shows it.
  await expect(page).toHaveURL(/#\/$/);
  await expect(page.getByRole('heading', { name: '文档库' })).toBeVisible();
  await expect(page.getByText('文档库为空')).toBeVisible();

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (await chooser).setFiles(GBK_FILE);

  await expect(page.getByTestId('import-reports')).toContainText(`已导入：《${TITLE}》`);
  const row = page.getByTestId('documents').getByRole('row', { name: new RegExp(TITLE) });
  await expect(row).toContainText('gb18030');
  await page.screenshot({ path: testInfo.outputPath('library.png'), fullPage: true });

  await row.getByRole('link', { name: TITLE }).click();
  const text = page.getByTestId('document-text');
  await expect(text).toContainText('《国家组织药品集中采购和使用试点方案》（以下简称《方案》）已经国务院同意');
  const expected = readFileSync(GBK_FILE.replace('gb18030', 'utf8'), 'utf8');
  expect(await text.textContent()).toBe(expected);
  await page.screenshot({ path: testInfo.outputPath('reader.png'), fullPage: true });

  // What the UI stored is what the CLI lists from the same data folder.
  const listed = execFileSync(
    process.execPath,
    [path.join(REPO, 'bin', 'fcr.mjs'), 'list', '--format', 'json', '--data-dir', app.dataDir],
    {
      encoding: 'utf8',
    },
  );
  expect(JSON.parse(listed)).toMatchObject([{ title: TITLE, encoding: 'gb18030' }]);
});

test('reports bad files by name in Chinese and keeps the library intact', async ({ page, app }) => {
  await page.goto(app.url);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (
    await chooser
  ).setFiles([
    { name: 'gb18030-yaopin.txt', mimeType: 'text/plain', buffer: readFileSync(GBK_FILE) },
    { name: '空白.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    { name: '伪装.txt', mimeType: 'text/plain', buffer: readFileSync(process.execPath).subarray(0, 8192) },
  ]);
  const reports = page.getByTestId('import-reports');
  await expect(reports).toContainText('空白.txt：「空白.txt」是空文件（0 字节）');
  await expect(reports).toContainText('伪装.txt：「伪装.txt」');
  await expect(page.getByTestId('documents').getByRole('row')).toHaveCount(2); // header + one document
});

test('refuses API calls without the token', async ({ page, app }) => {
  const origin = new URL(app.url).origin;
  await page.goto(`${origin}/`);
  const status = await page.evaluate(async () => {
    const res = await fetch('/api/listDocuments', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return res.status;
  });
  expect(status).toBe(401);
});

test('imports several files dropped onto the library, with progress and per-file results', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByText('文档库为空')).toBeVisible();
  const drop = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['关于甲事项的通知\n一、各单位依法办理。'], '甲.txt', { type: 'text/plain' }));
    dt.items.add(new File(['关于乙事项的通知\n一、对在本市注册的企业给予奖励。'], '乙.txt', { type: 'text/plain' }));
    dt.items.add(new File([new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03])], '程序.docx'));
    return dt;
  });
  const library = page.locator('section.library');
  await library.dispatchEvent('dragover', { dataTransfer: drop });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await library.dispatchEvent('drop', { dataTransfer: drop });
  const reports = page.getByTestId('import-reports');
  await expect(reports.locator('li')).toHaveCount(3);
  await expect(reports).toContainText('甲.txt：已导入：《关于甲事项的通知》');
  await expect(reports).toContainText('程序.docx：「程序.docx」');
  const rows = page.getByTestId('documents').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  // The flagged draft shows its strong-finding count; sorting by it puts it first.
  await page.getByRole('button', { name: /^强/ }).click();
  await expect(rows.first()).toContainText('关于乙事项的通知');
  await expect(rows.first().locator('.level.strong')).toBeVisible();
});
