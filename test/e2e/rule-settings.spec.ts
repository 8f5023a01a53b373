// Issue 11 from the browser: a deployment switches a rule off and adds its county's place names
// in 设置 → 规则设置, without editing a rule file; a document imported before is offered a rescan
// under the new rules, and the rescan applies them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './host-fixture';

const TITLE = '关于支持青禾县产业发展的若干措施';
const DRAFT = [
  TITLE,
  '第一条 参加投标的企业应当在青禾县注册登记，并在青禾县设立分支机构。',
  '第二条 对在本县纳税的企业给予财政奖励。',
].join('\n');

test('规则设置: a rule off and a local place name, in force after a rescan', async ({ page, app }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fcr-rules-'));
  const file = path.join(dir, '青禾县措施.txt');
  writeFileSync(file, DRAFT);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(app.url);

  // Imported under the rule files as they are: the tax reward is flagged (M19-4), the fictional
  // county is not a known place.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('import-reports')).toContainText(`已导入：《${TITLE}》`);
  await page.getByTestId('documents').getByRole('link', { name: TITLE }).click();
  const panel = page.getByTestId('findings-panel');
  await expect(panel.locator('.finding').first()).toBeVisible();
  await expect(panel.locator('.finding', { hasText: 'M19-4' })).toHaveCount(1);
  const branch = panel.locator('.finding', { hasText: '在青禾县设立分支机构' });
  await expect(branch).toHaveCount(1);
  // The card names its rule, so the reviewer knows what to switch off.
  await panel.locator('.finding', { hasText: 'M19-4' }).click();
  await expect(panel.locator('.finding.selected .rule-id')).toContainText('CO-TAX-REWARD');

  // 设置 → 规则设置: find the rule, switch it off, add the county.
  await page.getByRole('link', { name: '设置' }).click();
  const settings = page.getByTestId('rule-settings');
  await expect(settings.getByRole('row', { name: /CO-TAX-REWARD/ })).toHaveCount(1);
  const before = (await settings.locator('p.muted code').nth(1).textContent())!.trim();
  await settings.getByLabel('查找规则').fill('co-tax-reward');
  await expect(settings.locator('tbody tr')).toHaveCount(1);
  await settings.getByLabel('CO-TAX-REWARD 本地设置').selectOption('off');
  await settings.getByLabel('本地地名').fill('青禾县、青禾');
  await expect(settings).toContainText('已改动 1 条');
  await settings.getByRole('button', { name: '保存规则设置' }).click();
  await expect(page.getByTestId('rule-settings-saved')).toContainText('规则设置已生效（规则版本');
  const after = (await settings.locator('p.muted code').nth(1).textContent())!.trim();
  expect(after).not.toBe(before);
  await settings.getByLabel('查找规则').fill('');
  await settings.getByLabel('只看已改动的').check();
  await expect(settings.locator('tbody tr')).toHaveCount(1);
  const config = readFileSync(path.join(app.dataDir, 'rules.config.yaml'), 'utf8');
  expect(config).toContain('CO-TAX-REWARD: off');
  expect(config).toContain('青禾县');

  // A bad place name is named and nothing is saved.
  await settings.getByLabel('本地地名').fill('青禾县\nQinghe');
  await settings.getByRole('button', { name: '保存规则设置' }).click();
  await expect(page.getByTestId('rule-settings-error')).toContainText('“Qinghe”');
  expect(readFileSync(path.join(app.dataDir, 'rules.config.yaml'), 'utf8')).toBe(config);

  // Back in the review: scanned with older rules, a rescan applies the settings.
  await page.getByRole('link', { name: '文档库' }).click();
  await page.getByTestId('documents').getByRole('link', { name: TITLE }).click();
  await page.getByRole('button', { name: '按新规则重新扫描' }).click();
  await expect(page.getByTestId('rescan-summary')).toBeVisible();
  await expect(panel.locator('.finding', { hasText: 'M19-4' })).toHaveCount(0);
  // The county is now a known place: the branch requirement is also flagged as naming a place.
  await expect(branch).toHaveCount(2);
  await expect(page.getByText(`规则版本 ${after}`)).toBeVisible();
  rmSync(dir, { recursive: true, force: true });
});
