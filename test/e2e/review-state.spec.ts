// One path through the services, seen from the browser: a document imported with the CLI while
// the host runs is found by search; looking does not start a review; the rescan button shows only
// for outdated findings; a final review locks the document's metadata.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, REPO, test } from './host-fixture';

const TITLE = '关于做好假期值班安排的通知';

test('CLI import while the host runs, looking without reviewing, and the lock on metadata', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByText('文档库为空')).toBeVisible();

  const file = path.join(app.dataDir, '通知.txt');
  writeFileSync(file, `${TITLE}\n一、各单位要做好值班安排。\n二、本通知自印发之日起施行。\n`);
  execFileSync(process.execPath, [path.join(REPO, 'bin', 'fcr.mjs'), 'import', file, '--data-dir', app.dataDir]);

  // The host's search sees the CLI's import.
  await page.getByTestId('search-input').fill('值班安排');
  await expect(page.getByTestId('search-results')).toContainText('值班安排');

  await page.reload();
  const row = page.getByTestId('documents').getByRole('row', { name: new RegExp(TITLE) });
  await expect(row).toContainText('未审查');
  await row.getByRole('link', { name: TITLE }).click();
  await expect(page.getByTestId('document-text')).toContainText('各单位要做好值班安排');
  // Scanned with the current rules (and nothing found): no rescan to offer.
  await expect(page.getByRole('button', { name: '按新规则重新扫描' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '编辑信息' })).toBeEnabled();

  // Looking is not reviewing.
  await page.keyboard.press('g');
  await expect(row).toContainText('未审查');

  // A final review (written straight to the store) locks the metadata.
  const db = new Database(path.join(app.dataDir, 'fcr.sqlite3'));
  const now = new Date().toISOString();
  db.prepare(
    "INSERT INTO reviews (document_id, revision, status, created_at, updated_at, finalized_at) VALUES (1, 1, 'final', ?, ?, ?)",
  ).run(now, now, now);
  db.close();
  await row.getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('button', { name: '编辑信息' })).toBeDisabled();
});
