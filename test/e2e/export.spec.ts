/**
 * Finishing a review in the UI and taking it out of the app: the 审查意见 box starts drafted from
 * the adopted findings, the form's fields are filled, the review is finalised; the opinion and the
 * form download as .docx with Chinese names and are read back; the print preview shows the same
 * content and, printed, only the document.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readDocx } from '../helpers/docx';
import { EXPORT_DRAFT, EXPORT_DRAFT_TITLE } from '../helpers/export-review';
import { expect, test } from './host-fixture';

test('finish a review, export the opinion and the form, print', async ({ page, app }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(app.url);

  await page.getByRole('link', { name: '设置' }).click();
  await page.getByLabel('姓名').fill('刘审查');
  await page.getByLabel('单位').fill('某县市场监督管理局');
  await page.getByLabel('联系人').fill('刘审查');
  await page.getByLabel('电话').fill('0000-7654321');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('已保存')).toBeVisible();

  await page.getByRole('link', { name: '文档库' }).click();
  const file = testInfo.outputPath('物流措施.txt');
  writeFileSync(file, EXPORT_DRAFT);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (await chooser).setFiles(file);
  const row = page.getByTestId('documents').getByRole('row', { name: new RegExp(EXPORT_DRAFT_TITLE) });
  await row.getByRole('link', { name: EXPORT_DRAFT_TITLE }).click();

  // Accept every finding from the keyboard except the last, rejected as a false alarm.
  const panel = page.getByTestId('findings-panel');
  await expect(panel.locator('.finding').first()).toBeVisible();
  const total = await panel.locator('.finding').count();
  let rejectedClause = '';
  for (let i = 0; i < total; i++) {
    await page.keyboard.press('j');
    const card = panel.locator('.finding.selected');
    if (i === total - 1) {
      rejectedClause = (await card.locator('.finding-head').textContent()) ?? '';
      await page.keyboard.press('3');
      await page.keyboard.type('经核实为对上位法规定的复述');
      await page.keyboard.press('Control+Enter');
      await expect(card.locator('.disposition')).toHaveText('不采纳（误报）');
    } else {
      await page.keyboard.press('1');
      await expect(card.locator('.disposition')).toHaveText('采纳（需修改）');
    }
    await page.locator('body').click({ position: { x: 5, y: 5 } });
  }
  expect(rejectedClause).not.toBe('');

  await page.keyboard.press('r');
  const conclusion = page.getByTestId('conclusion');
  // The opinion box is drafted from the adopted findings and stays editable.
  const opinion = conclusion.getByLabel('审查意见', { exact: true });
  await expect(opinion).toHaveValue(/不符合公平竞争审查标准/);
  await expect(opinion).toHaveValue(/《实施办法》第十一条第（二）项/);
  await expect(opinion).toBeEditable();
  await opinion.press('End');
  await opinion.pressSequentially('请于十日内反馈修改情况。');
  await conclusion.getByRole('radio', { name: '不符合（需修改后出台）' }).check();
  await conclusion.getByLabel('未征求意见的原因').fill('涉及尚未公开的招标安排');
  const details = conclusion.getByTestId('review-details');
  await details.getByLabel('涉及行业领域').fill('交通运输、仓储和邮政业');
  await details.getByLabel('性质').selectOption({ label: '规范性文件' });
  await details.getByLabel('起草机构', { exact: true }).fill('某县交通运输局');
  await details.getByLabel('起草机构联系人').fill('赵起草');
  await expect(details.getByLabel('审查机构联系人')).toHaveValue('刘审查');
  await expect(details.getByLabel('审查机构电话')).toHaveValue('0000-7654321');
  await conclusion.getByTestId('finalize').click();
  await page.getByRole('dialog', { name: '定稿并锁定' }).getByRole('button', { name: '定稿并锁定' }).click();
  await expect(page.getByTestId('locked-banner')).toBeVisible();

  // The opinion downloads as a .docx named after the document.
  let download = page.waitForEvent('download');
  await page.getByRole('button', { name: '审查意见 .docx' }).click();
  let saved = await download;
  expect(saved.suggestedFilename()).toBe(`审查意见-${EXPORT_DRAFT_TITLE}.docx`);
  const opinionPath = testInfo.outputPath('opinion.docx');
  await saved.saveAs(opinionPath);
  const opinionDocx = readDocx(readFileSync(opinionPath));
  const text = opinionDocx.paragraphs.join('\n');
  expect(text).toContain(`关于《${EXPORT_DRAFT_TITLE}》的公平竞争审查意见`);
  expect(text).toContain('起草单位：某县交通运输局');
  expect(text).toContain('理由是：涉及尚未公开的招标安排');
  expect(text).toContain('不符合《实施办法》第十一条第（二）项（《条例》第八条第（三）项）的规定');
  expect(text).toContain('请于十日内反馈修改情况。');
  expect(text).toContain('审查人员：刘审查');
  expect(Object.values(opinionDocx.files).some((xml) => xml.includes('草稿'))).toBe(false);

  download = page.waitForEvent('download');
  await page.getByRole('button', { name: '审查表 .docx' }).click();
  saved = await download;
  expect(saved.suggestedFilename()).toBe(`审查表-${EXPORT_DRAFT_TITLE}.docx`);
  const formPath = path.join(path.dirname(opinionPath), 'form.docx');
  await saved.saveAs(formPath);
  const form = readDocx(readFileSync(formPath)).paragraphs;
  expect(form).toContain('□是\u3000☑否');
  expect(form).toContain('交通运输、仓储和邮政业');
  expect(form).toContain('联系人：赵起草\u3000电话：\u3000\u3000');
  expect(form).toContain('联系人：刘审查\u3000电话：0000-7654321');
  expect(form).toContain('未征求意见的理由：涉及尚未公开的招标安排');

  // Print: the preview shows the same content; printed, only the document is on the page.
  await page.getByRole('button', { name: '打印' }).click();
  const preview = page.getByTestId('print-preview');
  await expect(preview.getByTestId('print-opinion')).toContainText('四、审查发现的问题及修改建议');
  await expect(preview.getByTestId('print-opinion')).toContainText('请于十日内反馈修改情况。');
  await page.screenshot({ path: testInfo.outputPath('print-preview.png') });
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('workspace')).toBeHidden();
  await expect(preview.getByRole('button', { name: '打印' })).toBeHidden();
  await expect(preview.getByTestId('print-opinion')).toBeVisible();
  // Printed to PDF (as Electron's print-to-PDF does): A4 pages of the document with “— N —”.
  const pdfPath = testInfo.outputPath('opinion-print.pdf');
  await page.pdf({ path: pdfPath, preferCSSPageSize: true });
  const pages = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
  expect(pages.length).toBeGreaterThan(1);
  expect(pages[0]).toContain('公平竞争审查意见');
  expect(pages[0]).not.toContain('文档库');
  pages.forEach((p, i) => expect(p.replace(/\s+/g, '')).toContain(`—${i + 1}—`));
  expect(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' })).toMatch(
    /Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/,
  );
  await page.emulateMedia({ media: 'screen' });
  await preview.getByRole('tab', { name: '审查表' }).click();
  await expect(preview.getByTestId('print-form').locator('td', { hasText: '审查机构主要负责人意见' })).toBeVisible();
  await preview.getByRole('button', { name: '关闭' }).click();
  await expect(preview).toHaveCount(0);
});
