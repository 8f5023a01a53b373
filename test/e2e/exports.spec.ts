import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { LOCAL_PREFERENCE_DRAFT as DRAFT } from '../helpers/drafts';
import { expect, startApp, test } from './host-fixture';

const OTHER = '关于规范会议管理的通知\n一、会议材料应提前印发。\n二、本通知自发布之日起施行。';
const TITLE = '关于支持本市产业发展的若干措施';

test('downloads the ledger of the listed documents and a bundle, which another data folder imports', async ({
  page,
  app,
}) => {
  await page.goto(app.url);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (
    await chooser
  ).setFiles([
    { name: '草案.txt', mimeType: 'text/plain', buffer: Buffer.from(DRAFT) },
    { name: '会议.txt', mimeType: 'text/plain', buffer: Buffer.from(OTHER) },
  ]);
  await expect(page.getByTestId('documents').getByRole('row')).toHaveCount(3);

  // The filter is the selection: only the listed document goes into the ledger.
  await page.getByRole('textbox', { name: '筛选' }).fill('产业');
  await expect(page.getByTestId('documents').getByRole('row')).toHaveCount(2);
  let download = page.waitForEvent('download');
  await page.getByRole('button', { name: '台账 .xlsx' }).click();
  const xlsx = await download;
  expect(xlsx.suggestedFilename()).toMatch(/^公平竞争审查台账-.*\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await xlsx.path());
  const sheet = wb.getWorksheet('审查台账')!;
  expect(sheet.rowCount).toBe(2);
  expect(sheet.getRow(2).getCell(2).value).toBe(TITLE);
  expect(wb.getWorksheet('问题台账')!.rowCount).toBeGreaterThan(1);

  // The opinions of the listed documents, one .docx each, in one .zip.
  download = page.waitForEvent('download');
  await page.getByRole('button', { name: '审查意见 .zip' }).click();
  const opinions = await download;
  expect(opinions.suggestedFilename()).toMatch(/^审查意见-1份-.*\.zip$/);
  const zipped = Object.keys(unzipSync(readFileSync(await opinions.path())));
  expect(zipped).toHaveLength(1);
  expect(zipped[0]).toMatch(/审查意见-.*\.docx$/);

  download = page.waitForEvent('download');
  await page.getByRole('button', { name: '问题台账 .csv' }).click();
  const csv = readFileSync(await (await download).path());
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.toString('utf8')).toContain('《实施办法》依据');

  await page.getByTestId('documents').getByRole('link', { name: TITLE }).click();
  await expect(page.getByTestId('workspace')).toBeVisible();
  download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出审查包' }).click();
  const bundle = await download;
  expect(bundle.suggestedFilename()).toBe(`${TITLE}.fcrbundle`);
  const bundleBytes = readFileSync(await bundle.path());
  expect(bundleBytes.subarray(0, 2).toString()).toBe('PK');

  // Another data folder imports it from its library and shows who signed it.
  const other = await startApp();
  try {
    await page.goto(other.url);
    await expect(page.getByText('文档库为空')).toBeVisible();
    await page.getByTestId('bundle-input').setInputFiles({
      name: bundle.suggestedFilename(),
      mimeType: 'application/octet-stream',
      buffer: bundleBytes,
    });
    await expect(page.getByTestId('bundle-notice')).toContainText(`已导入《${TITLE}》`);
    await expect(page.getByTestId('bundle-notice')).toContainText(/密钥指纹 [0-9A-F]{4} /);
    await expect(page.getByTestId('documents').getByRole('link', { name: TITLE })).toBeVisible();
  } finally {
    await other.stop();
  }
});
