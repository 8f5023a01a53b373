/**
 * A drafting agency's whole self-review in real Chromium through the browser host: import a
 * real document as .docx, see the highlighted findings, dispose of each from the keyboard, fill
 * the checklist with an exception and its conditions, conclude, finalise, reopen and find it
 * locked; then search finds the clause by a Chinese substring.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, REPO, test } from './host-fixture';

const DRAFT = path.join(REPO, 'test', 'fixtures', 'review', 'draft-yaopin.docx');
const TITLE = '国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知';

async function shot(page: Page, name: string, info: import('@playwright/test').TestInfo): Promise<void> {
  await page.screenshot({ path: info.outputPath(`${name}.png`) });
}

test('self-review of a real .docx from import to a locked conclusion', async ({ page, app }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(app.url);

  // Reviewer profile first, so the review is signed.
  await page.getByRole('link', { name: '设置' }).click();
  await page.getByLabel('姓名').fill('张审查');
  await page.getByLabel('单位').fill('某市卫生健康委员会');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  await shot(page, '1-settings', testInfo);

  // Import the .docx.
  await page.getByRole('link', { name: '文档库' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (await chooser).setFiles(DRAFT);
  await expect(page.getByTestId('import-reports')).toContainText(`已导入：《${TITLE}》`);
  const row = page.getByTestId('documents').getByRole('row', { name: new RegExp(TITLE) });
  await expect(row).toContainText('未审查');
  await expect(row).toContainText('国办发〔2019〕2号');
  await shot(page, '2-library', testInfo);

  // Open it: findings are highlighted in the text and listed in the panel.
  await row.getByRole('link', { name: TITLE }).click();
  const panel = page.getByTestId('findings-panel');
  await expect(panel.locator('.finding').first()).toBeVisible();
  const total = await panel.locator('.finding').count();
  expect(total).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('document-text').locator('.mark.strong').first()).toBeVisible();
  await expect(page.getByTestId('clause-outline')).toContainText('三、');
  await shot(page, '3-reader-findings', testInfo);

  // Dispose of every finding from the keyboard: the branch requirement is claimed as an
  // exception, the weak duplicate is rejected, everything else is accepted for revision.
  let exceptionStandard = '';
  for (let i = 0; i < total; i++) {
    await page.keyboard.press('j');
    const card = panel.locator('.finding.selected');
    await expect(card).toBeVisible();
    const head = (await card.locator('.finding-head').textContent()) ?? '';
    if (!exceptionStandard && head.includes('M14-3') && head.includes('强')) {
      exceptionStandard = 'M14-3';
      await page.keyboard.press('2');
      await page.keyboard.type('保障偏远地区应急配送，确需本地网点');
      await page.keyboard.press('Control+Enter');
      await expect(card.locator('.disposition')).toHaveText('适用例外');
    } else if (head.includes('弱')) {
      await page.keyboard.press('3');
      await page.keyboard.type('与同一条款的强提示重复');
      await page.keyboard.press('Control+Enter');
      await expect(card.locator('.disposition')).toHaveText('不采纳（误报）');
    } else {
      await page.keyboard.press('1');
      await expect(card.locator('.disposition')).toHaveText('采纳（需修改）');
    }
    await page.locator('body').click({ position: { x: 5, y: 5 } }); // leave the reason box
  }
  expect(exceptionStandard).toBe('M14-3');
  await expect(page.getByRole('tab', { name: /疑似问题/ })).not.toContainText(/\d/);

  // Checklist: prefilled from the dispositions; the exception needs its five points.
  await page.keyboard.press('c');
  const checklist = page.getByTestId('checklist');
  const item = checklist.locator('[data-standard="M14-3"]');
  await expect(item.getByRole('radio', { name: '适用例外' })).toBeChecked();
  await item
    .getByLabel('具有或者可能具有的排除、限制竞争效果')
    .fill('要求外地配送企业在本市设立分支机构，提高其进入成本');
  await item.getByLabel('适用的《公平竞争审查条例》第十二条具体情形').selectOption('E3');
  await item
    .getByLabel('对公平竞争影响最小的理由（没有影响更小的替代方案）')
    .fill('偏远地区须两小时内送达，无其他可行方式');
  await item.getByLabel('实施期限或者终止条件合理的理由').fill('试点期一年，试点结束即终止');
  await item.getByRole('button', { name: '保存', exact: true }).click();
  await expect(item.locator('.problems')).toHaveCount(0);
  await expect(checklist.locator('[data-standard="M19-4"]').getByRole('radio', { name: '涉及-不符合' })).toBeChecked();
  await shot(page, '4-checklist', testInfo);

  // Conclusion and finalise.
  await page.keyboard.press('r');
  const conclusion = page.getByTestId('conclusion');
  await expect(conclusion.getByText('建议结论为：不符合（需修改后出台）')).toBeVisible();
  await conclusion.getByRole('radio', { name: '不符合（需修改后出台）' }).check();
  await expect(conclusion.getByLabel('审查人员')).toHaveValue('张审查');
  await conclusion.getByText('已征求利害关系人意见').click();
  await conclusion.getByLabel('征求意见具体情况').fill('2026年3月征求配送企业及行业协会意见 6 条，采纳 4 条');
  await conclusion
    .getByLabel('审查意见')
    .fill('第三部分第（五）项须删除本地注册、设立分支机构及按纳税额奖励的内容后方可出台。');
  await conclusion.getByTestId('finalize').click();
  await page.getByRole('dialog', { name: '定稿并锁定' }).getByRole('button', { name: '定稿并锁定' }).click();
  await expect(page.getByTestId('locked-banner')).toBeVisible();
  await shot(page, '5-finalised', testInfo);

  // Reopen: still locked, dispositions cannot change.
  await page.reload();
  await expect(page.getByTestId('findings-panel').locator('.finding').first()).toBeVisible();
  await page.keyboard.press('j');
  await expect(page.getByTestId('findings-panel').getByRole('button', { name: '采纳（需修改）' })).toBeDisabled();
  await page.keyboard.press('r');
  await expect(page.getByTestId('locked-banner')).toContainText('第 1 版');
  await page.keyboard.press('h');
  await expect(page.getByTestId('history')).toContainText('定稿');
  await expect(page.getByTestId('history')).toContainText('张审查 · 导入文档');
  await shot(page, '6-history', testInfo);

  // The library shows the outcome; search finds the clause by a Chinese substring.
  await page.keyboard.press('g');
  await expect(row).toContainText('已定稿');
  await expect(row).toContainText('不符合（需修改后出台）');
  await page.getByTestId('search-input').fill('地方财政贡献');
  const results = page.getByTestId('search-results');
  await expect(results.locator('li')).toHaveCount(1);
  await expect(results).toContainText('三、（五）');
  await expect(results.locator('mark')).toHaveText('地方财政贡献');
  await shot(page, '7-search', testInfo);
  await results.locator('li a').click();
  await expect(page.getByTestId('document-text').locator('.flash').first()).toBeVisible();
});

test('help overlay, metadata correction, and delete with confirmation and restore', async ({ page, app }) => {
  await page.goto(app.url);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (await chooser).setFiles(DRAFT);
  const row = page.getByTestId('documents').getByRole('row', { name: new RegExp(TITLE) });
  await row.getByRole('link', { name: TITLE }).click();
  await expect(page.getByTestId('findings-panel')).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toContainText('下一个疑似问题');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help')).toHaveCount(0);

  // Metadata guessed at import can be corrected.
  await page.getByRole('button', { name: '编辑信息' }).click();
  const meta = page.getByTestId('meta-dialog');
  await expect(meta.getByLabel('文号')).toHaveValue('国办发〔2019〕2号');
  await meta.getByLabel('发文机关').fill('国务院办公厅（测试更正）');
  await meta.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByTestId('document-meta')).toContainText('发文机关：国务院办公厅（测试更正）');

  await page.keyboard.press('g');
  await row.getByRole('button', { name: /删除/ }).click();
  await page.getByRole('dialog', { name: '删除文档' }).getByRole('button', { name: '删除' }).click();
  await expect(page.getByText('文档库为空')).toBeVisible();
  await page.getByRole('button', { name: '回收站' }).click();
  await page.getByRole('button', { name: /恢复/ }).click();
  await expect(page.getByText('回收站为空')).toBeVisible();
  await page.getByRole('button', { name: '返回文档库' }).click();
  await expect(row).toBeVisible();
});
