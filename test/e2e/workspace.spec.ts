/**
 * The review workspace as a civil servant meets it (issue 9), in real Chromium through the
 * browser host: citations in words, no keyboard trap, a question before irreversible steps, no
 * state from the previous document, search by document, an access page instead of an empty
 * library, long documents drawn in blocks, and layouts that neither cut nor wrap mid-word.
 */
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { expect, REPO, test } from './host-fixture';

const DRAFT = path.join(REPO, 'test', 'fixtures', 'review', 'draft-yaopin.docx');
const TITLE = '国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

const FILLER = '各有关部门应当按照职责分工，加强统筹协调，完善工作机制，做好政策衔接和督促落实。';

/** A plain-text policy: a title, then numbered articles. */
function policy(title: string, articles: string[]): string {
  return [title, ...articles.map((a, i) => `第${i + 1}条 ${a}`)].join('\n');
}

async function importFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (
    await chooser
  ).setFiles(files.map((f) => ({ name: f.name, mimeType: 'text/plain', buffer: Buffer.from(f.text, 'utf8') })));
  await expect(page.getByTestId('import-reports').locator('li')).toHaveCount(files.length);
}

async function importDraft(page: Page): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入文档…' }).click();
  await (await chooser).setFiles(DRAFT);
  await expect(page.getByTestId('import-reports')).toContainText(`《${TITLE}》`);
}

async function openDocument(page: Page, title: string): Promise<void> {
  await page.getByTestId('documents').getByRole('link', { name: title }).click();
  await expect(page.getByTestId('workspace').getByRole('heading', { name: title })).toBeVisible();
}

/** Calls the API the way the page does (with this tab's token). */
async function api<T>(page: Page, name: string, args: unknown): Promise<T> {
  return page.evaluate(
    async ([n, a]) => {
      const res = await fetch(`/api/${n}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${sessionStorage.getItem('fcr.token') ?? ''}`,
        },
        body: JSON.stringify(a),
      });
      const env = await res.json();
      if (!env.ok) throw new Error(env.error.message);
      return env.result;
    },
    [name, args] as const,
  ) as Promise<T>;
}

async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  const { width } = page.viewportSize()!;
  await page.screenshot({ path: info.outputPath(`${name}-${width}.png`) });
}

test('findings, checklist and the manual-finding picker cite the law in words', async ({ page, app }) => {
  await page.goto(app.url);
  await importDraft(page);
  await openDocument(page, TITLE);

  const card = page.getByTestId('findings-panel').locator('[data-finding-card]').filter({ hasText: 'M14-3' }).first();
  await expect(card.locator('.citation')).toContainText('《实施办法》第十四条第（三）项');
  await expect(card.locator('.citation')).toContainText('（《条例》第九条第（二）项）');
  await expect(card.locator('.citation')).toContainText('以在本地投资设点作为参与条件');
  // The code is a small tag after the words, not what the line starts with.
  await expect(card.locator('.code-tag')).toHaveText('M14-3');
  expect((await card.locator('.citation').textContent())!.trim()).toMatch(/^《实施办法》/);

  await page.keyboard.press('c');
  const item = page.getByTestId('checklist').locator('[data-standard="M14-3"]');
  await expect(item.locator('.citation')).toContainText('《实施办法》第十四条第（三）项');
  await expect(item.locator('.code-tag')).toHaveText('M14-3');
  await page.keyboard.press('f');

  // Select a few characters of the text and add a finding by hand.
  await page.evaluate(() => {
    const span = document.querySelector('[data-testid=document-text] .run span')!;
    const range = document.createRange();
    range.setStart(span.firstChild!, 0);
    range.setEnd(span.firstChild!, 6);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    span.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  });
  await page.getByTestId('annotate').click();
  const dialog = page.getByTestId('manual-dialog');
  const picker = dialog.getByTestId('standard-picker');
  const all = await picker.getByRole('radio').count();
  expect(all).toBe(67);
  // Grouped by the four categories (and the catch-all).
  await expect(picker.locator('.picker-group h3')).toHaveText([
    /^市场准入和退出/,
    /^商品和要素自由流动/,
    /^影响生产经营成本/,
    /^影响生产经营行为/,
    /^兜底条款/,
  ]);
  await dialog.getByLabel('查找审查标准').fill('招标');
  const narrowed = await picker.getByRole('radio').count();
  expect(narrowed).toBeGreaterThan(0);
  expect(narrowed).toBeLessThan(10);
  await dialog.getByLabel('查找审查标准').fill('补贴');
  await expect(picker.locator('label').first()).toContainText('《实施办法》');
  await picker.getByRole('radio').first().check();
  await dialog.getByRole('button', { name: '添加' }).click();
  await expect(dialog).toHaveCount(0);
  const manual = page.getByTestId('findings-panel').locator('.finding').filter({ hasText: '人工' });
  await expect(manual.locator('.citation')).toContainText('《实施办法》');
});

test('after Ctrl+Enter saves a reason, J and 1 act on the list again', async ({ page, app }) => {
  await page.goto(app.url);
  await importDraft(page);
  await openDocument(page, TITLE);
  const panel = page.getByTestId('findings-panel');
  await expect(panel.locator('.finding').first()).toBeVisible();
  const ids = await panel
    .locator('[data-finding-card]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-finding-card')));

  await page.keyboard.press('j');
  await page.keyboard.press('3');
  await page.keyboard.type('有行政法规依据');
  await page.keyboard.press('Control+Enter');
  const first = panel.locator(`[data-finding-card="${ids[0]}"]`);
  await expect(first.locator('.disposition')).toHaveText('不采纳（误报）');

  // No click anywhere: the next keys go to the list, not into the reason box.
  await page.keyboard.press('j');
  const second = panel.locator(`[data-finding-card="${ids[1]}"]`);
  await expect(second).toHaveClass(/selected/);
  await page.keyboard.press('1');
  await expect(second.locator('.disposition')).toHaveText('采纳（需修改）');
  const review = await api<{ findings: { id: number; dispositionReason: string }[] }>(page, 'getReview', {
    documentId: 1,
  });
  expect(review.findings.find((f) => String(f.id) === ids[0])!.dispositionReason).toBe('有行政法规依据');
});

test('finalising and starting a revision ask first and say what follows', async ({ page, app }) => {
  await page.goto(app.url);
  await importFiles(page, [{ name: '办公用房.txt', text: policy('关于节约使用办公用房的通知', [FILLER]) }]);
  await page.getByRole('link', { name: '设置' }).click();
  await page.getByLabel('姓名').fill('李审查');
  await page.getByLabel('单位').fill('某局');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  // Everything finalising needs, through the API: every standard answered 不涉及, a conclusion.
  const state = await api<{ checklist: { standardId: string; category: string }[] }>(page, 'getReview', {
    documentId: 1,
  });
  for (const { standardId, category } of state.checklist) {
    await api(page, 'saveChecklistItem', {
      documentId: 1,
      standardId,
      category,
      answer: 'na',
      note: '',
      exception: null,
    });
  }
  await api(page, 'saveConclusion', {
    documentId: 1,
    conclusion: 'compliant',
    reviewer: '李审查',
    unit: '某局',
    consultation: { stakeholders: false, publicComment: false, details: '', notDoneReason: '内部管理事项' },
    opinion: '',
  });

  await page.getByRole('link', { name: '文档库' }).click();
  await openDocument(page, '关于节约使用办公用房的通知');
  await page.keyboard.press('r');
  await page.getByTestId('finalize').click();
  const ask = page.getByRole('dialog', { name: '定稿并锁定' });
  await expect(ask).toContainText('锁定');
  await expect(ask).toContainText('新建修订版本');
  await ask.getByRole('button', { name: '取消' }).click();
  await expect(page.getByTestId('locked-banner')).toHaveCount(0);

  await page.getByTestId('finalize').click();
  await page.getByRole('dialog', { name: '定稿并锁定' }).getByRole('button', { name: '定稿并锁定' }).click();
  await expect(page.getByTestId('locked-banner')).toContainText('第 1 版');

  await page.getByTestId('locked-banner').getByRole('button', { name: '新建修订版本' }).click();
  const revise = page.getByRole('dialog', { name: '新建修订版本' });
  await expect(revise).toContainText('第 2 版');
  await expect(revise).toContainText('复制');
  await revise.getByRole('button', { name: '取消' }).click();
  await expect(page.getByTestId('locked-banner')).toBeVisible();
  await page.getByTestId('locked-banner').getByRole('button', { name: '新建修订版本' }).click();
  await page.getByRole('dialog', { name: '新建修订版本' }).getByRole('button', { name: '新建修订版本' }).click();
  await expect(page.getByTestId('locked-banner')).toHaveCount(0);
  await expect(page.locator('.review-badges')).toContainText('第 2 版');
});

test('another document opened with 版本与记录 active shows only its own entries', async ({ page, app }) => {
  await page.goto(app.url);
  await importFiles(page, [
    { name: '甲.txt', text: policy('关于甲项工作的通知', [FILLER]) },
    { name: '乙.txt', text: policy('关于乙项工作的通知', [FILLER]) },
  ]);
  await openDocument(page, '关于甲项工作的通知');
  await page.getByRole('button', { name: '编辑信息' }).click();
  await page.getByTestId('meta-dialog').getByLabel('发文机关').fill('某委员会');
  await page.getByTestId('meta-dialog').getByRole('button', { name: '保存', exact: true }).click();
  await page.keyboard.press('h');
  await expect(page.getByTestId('history')).toContainText('修改文档信息');

  await page.keyboard.press('g');
  await openDocument(page, '关于乙项工作的通知');
  await expect(page.getByTestId('history')).toContainText('导入文档');
  await expect(page.getByTestId('history')).not.toContainText('修改文档信息');
});

test('search results are grouped by document, and a hit opens scrolled into view and marked', async ({
  page,
  app,
}, testInfo) => {
  const long = Array.from({ length: 400 }, () => FILLER);
  long[380] = '对引进的企业按其缴纳税款给予税收返还。';
  await page.goto(app.url);
  await importFiles(page, [
    { name: '长文件.txt', text: policy('关于促进产业发展的若干措施', long) },
    {
      name: '短文件.txt',
      text: policy('关于招商引资工作的通知', ['不得给予税收返还。', FILLER, '严禁变相税收返还。']),
    },
  ]);
  await page.getByTestId('search-input').fill('税收返还');
  const results = page.getByTestId('search-results');
  const groups = results.locator('.result-group');
  await expect(groups).toHaveCount(2);
  const short = groups.filter({ hasText: '关于招商引资工作的通知' });
  await expect(short.locator('.result-doc')).toContainText('短文件.txt');
  await expect(short.locator('.result-doc')).toContainText('2 处');
  await expect(short.locator('li')).toHaveCount(2);
  const longGroup = groups.filter({ hasText: '关于促进产业发展的若干措施' });
  await expect(longGroup.locator('.result-doc')).toContainText('长文件.txt');
  await expect(longGroup.locator('.result-doc')).toContainText('1 处');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await shot(page, testInfo, 'search');
  }

  await longGroup.locator('li a').click();
  const hit = page.getByTestId('document-text').locator('.flash');
  await expect(hit).toHaveText('税收返还');
  await expect(hit).toBeInViewport();
});

test('without a valid token only a page explaining how to open the app shows; a pasted URL is accepted in place', async ({
  page,
  app,
  context,
}) => {
  const origin = new URL(app.url).origin;
  // A new tab: no token.
  const tab = await context.newPage();
  await tab.goto(`${origin}/`);
  await expect(tab.getByTestId('access-denied')).toBeVisible();
  await expect(tab.getByTestId('access-denied')).toContainText(`${origin}/#token=`);
  await expect(tab.getByText('文档库为空')).toHaveCount(0);
  await expect(tab.getByText('0 / 0 份')).toHaveCount(0);
  await expect(tab.getByRole('heading', { name: '文档库' })).toHaveCount(0);

  // The start URL pasted into the same tab: accepted without a reload.
  await tab.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  await tab.goto(app.url);
  await expect(tab.getByRole('heading', { name: '文档库' })).toBeVisible();
  await expect(tab.getByTestId('access-denied')).toHaveCount(0);
  expect(await tab.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  await expect(tab).toHaveURL(/#\/$/);

  // A restarted host: the tab's token is no longer valid.
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: '文档库' })).toBeVisible();
  await page.evaluate(() => sessionStorage.setItem('fcr.token', '0123456789abcdef0123456789abcdef'));
  await page.reload();
  await expect(page.getByTestId('access-denied')).toBeVisible();
  await expect(page.getByText('文档库为空')).toHaveCount(0);
  await expect(page.getByText('0 / 0 份')).toHaveCount(0);
});

test('a long document draws its first part at once, fills in the rest, and J/K reach findings far down', async ({
  page,
  app,
}) => {
  const articles = Array.from({ length: 1500 }, (_, i) =>
    i % 50 === 49 ? `${FILLER}外地企业须在本市设立分支机构后方可参与投标。` : FILLER,
  );
  await page.goto(app.url);
  await importFiles(page, [{ name: '长文件.txt', text: policy('关于推进产业高质量发展的若干措施', articles) }]);
  // Count the text's runs at the moment the first finding card appears.
  await page.evaluate(() => {
    const w = window as unknown as { runsAtFirstCard?: number };
    const obs = new MutationObserver(() => {
      if (!document.querySelector('.findings-panel .finding')) return;
      w.runsAtFirstCard = document.querySelectorAll('[data-testid=document-text] .run').length;
      obs.disconnect();
    });
    obs.observe(document.body, { childList: true, subtree: true });
  });
  await openDocument(page, '关于推进产业高质量发展的若干措施');
  await expect(page.getByTestId('findings-panel').locator('.finding').first()).toBeVisible();
  const atFirst = await page.evaluate(() => (window as unknown as { runsAtFirstCard: number }).runsAtFirstCard);
  expect(atFirst).toBeGreaterThan(0);
  expect(atFirst).toBeLessThan(1000);
  // The rest fills in: eventually the pane holds the whole text.
  const text = policy('关于推进产业高质量发展的若干措施', articles);
  await expect.poll(() => page.getByTestId('document-text').evaluate((el) => el.textContent!.length)).toBe(text.length);
  await expect(page.locator('.statusbar')).toContainText(/打开用时 \d+ ms/);

  // K from the start goes to the last finding, far down: its card and its highlight are in view.
  await page.keyboard.press('k');
  const selected = page.getByTestId('findings-panel').locator('.finding.selected');
  await expect(selected).toBeInViewport();
  const id = await selected.getAttribute('data-finding-card');
  await expect(page.locator(`[data-testid=document-text] [data-finding~="${id}"]`).first()).toHaveClass(/selected/);
  await expect(page.locator(`[data-testid=document-text] [data-finding~="${id}"]`).first()).toBeInViewport();
  await page.keyboard.press('1');
  await expect(selected.locator('.disposition')).toHaveText('采纳（需修改）');
});

/** Elements whose text is broken over more than one line. */
async function wrapped(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        // Two boxes on different lines: one starts below where the other ends.
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        return rects.some((a) => rects.some((b) => b.top >= a.bottom - 1));
      })
      .map((el) => el.textContent!.trim()),
  );
}

test('layout at 1366×768 and 1920×1080: nothing wraps mid-word, nothing is cut, the checklist uses the width', async ({
  page,
  app,
}, testInfo) => {
  await page.goto(app.url);
  const files = Array.from({ length: 14 }, (_, i) => ({
    name: `某县人民政府办公室关于印发推进第${i + 1}批重点产业项目建设若干政策措施的通知.txt`,
    text: policy(`某县人民政府办公室关于印发推进第${i + 1}批重点产业项目建设若干政策措施的通知`, [
      `${FILLER}对在本县注册并纳税的企业，按其地方财政贡献给予奖励。`,
      FILLER,
    ]),
  }));
  await importFiles(page, files);
  await importDraft(page);

  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.getByRole('link', { name: '文档库', exact: true }).click();
    // The finished import report stays out of the table's way and can be closed.
    const table = page.getByTestId('documents');
    if (size.width === 1366) {
      await expect(table.locator('tbody tr').first()).toBeInViewport();
      await page.getByRole('region', { name: '导入结果' }).getByRole('button', { name: '关闭' }).click();
      await expect(page.getByTestId('import-reports')).toHaveCount(0);
    }
    await expect(table.locator('tbody tr')).toHaveCount(15);
    expect(await wrapped(page, 'table.documents th button')).toEqual([]);
    expect(await wrapped(page, 'table.documents .status')).toEqual([]);
    expect(await wrapped(page, 'table.documents td:last-child button')).toEqual([]);
    // The filter's placeholder fits its box.
    const filter = page.getByLabel('筛选', { exact: true });
    const fits = await filter.evaluate((el: HTMLInputElement) => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      const style = getComputedStyle(el);
      ctx.font = `${style.fontSize} ${style.fontFamily}`;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return ctx.measureText(el.placeholder).width <= room;
    });
    expect(fits).toBe(true);
    await shot(page, testInfo, 'library');

    await openDocument(page, TITLE);
    const panel = page.getByTestId('findings-panel');
    await expect(panel.locator('.finding').first()).toBeVisible();
    await page.keyboard.press('j');
    await page.keyboard.press('1');
    await expect(panel.locator('.finding.selected .disposition')).toBeVisible();
    expect(await wrapped(page, '.findings-panel .disposition, .findings-panel .level, .review-badges .status')).toEqual(
      [],
    );
    expect(await wrapped(page, '.disposition-buttons button, .tabs button')).toEqual([]);
    await shot(page, testInfo, 'review-findings');

    await page.keyboard.press('c');
    const checklist = page.getByTestId('checklist');
    await expect(checklist).toBeVisible();
    const box = (await checklist.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(size.width * 0.38);
    expect(await wrapped(page, '.checklist-item .answers label, .checklist-item .tag')).toEqual([]);
    await shot(page, testInfo, 'review-checklist');
    await page.keyboard.press('f');
  }
});
