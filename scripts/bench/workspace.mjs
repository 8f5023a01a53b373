/* global document, window, MutationObserver, requestAnimationFrame -- used inside page.evaluate */
// Time from opening a 300-page document in the review workspace to its findings being visible,
// in real Chromium through the browser host, beside a baseline in the same run: fetching the
// same document and showing its text as one plain block (no clauses, no highlighting).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { fmt, loadTs, ROOT, stats } from './_ts.mjs';

const PAGES = 300;
const CHARS_PER_PAGE = 1200;
const dir = mkdtempSync(path.join(os.tmpdir(), 'fcr-bench-ws-'));
const file = path.join(dir, 'long-draft.txt');

// A long plan-style draft: chapters of articles; every 25th article carries a suspect clause.
const filler = '各有关部门应当按照职责分工，加强统筹协调，完善工作机制，做好政策衔接和督促落实，确保各项任务取得实效。';
const suspects = [
  '对在本市注册并纳税的企业，按其地方财政贡献给予奖励。',
  '政府采购项目应当优先采购本地企业生产的产品。',
  '外地企业须在本市设立分支机构后方可参与投标。',
];
const lines = ['关于推进产业高质量发展的若干措施（征求意见稿）'];
let chars = 0;
let article = 0;
for (let ch = 1; chars < PAGES * CHARS_PER_PAGE; ch++) {
  lines.push(`第${ch}章 工作要求`);
  for (let a = 0; a < 10; a++) {
    article++;
    const body = filler.repeat(3) + (article % 25 === 0 ? suspects[article % 3] : '');
    lines.push(`第${article}条 ${body}`);
    chars += body.length;
  }
}
writeFileSync(file, lines.join('\n'));
const fcr = path.join(ROOT, 'bin', 'fcr.mjs');
const imported = spawnSync(process.execPath, [fcr, 'import', file, '--data-dir', dir], { encoding: 'utf8' });
if (imported.status !== 0) throw new Error(imported.stderr);

const host = spawn(process.execPath, [fcr, 'serve', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve) => {
  let out = '';
  host.stdout.on('data', (d) => {
    out += d;
    const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(out);
    if (m) resolve(m[1]);
  });
});
const origin = new URL(url).origin;
const token = url.split('#token=')[1];
const { resolveChromium } = await loadTs('scripts/chromium.ts');
const found = await resolveChromium();
const browser = await chromium.launch({
  executablePath: found.executablePath,
  args: found.args,
  ...(found.env && { env: { ...process.env, ...found.env } }),
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(url);
await page.waitForSelector('[data-testid=documents]');

const ROUNDS = 5;
const open = [];
const baseline = [];
let findings = 0;
for (let r = 0; r < ROUNDS; r++) {
  await page.goto(`${origin}/?round=${r}#/`);
  await page.waitForSelector('[data-testid=documents]');
  // Measured inside the page: from the navigation to the first frame painted with a highlighted
  // finding in the text and its card in the panel (a MutationObserver, then the next frame).
  const openMs = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const t0 = performance.now();
        const ready = () =>
          document.querySelector('.document-pane .mark') && document.querySelector('.findings-panel .finding');
        const obs = new MutationObserver(() => {
          if (!ready()) return;
          obs.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
        });
        obs.observe(document.body, { childList: true, subtree: true });
        window.location.hash = '#/doc/1';
      }),
  );
  open.push(openMs);
  await page.waitForSelector('[data-testid=findings-panel] .finding', { state: 'visible' });
  findings = await page.locator('[data-testid=findings-panel] .finding').count();

  // Baseline, timed the same way inside the page.
  const baseMs = await page.evaluate(async (tok) => {
    const t0 = performance.now();
    const res = await fetch('/api/getDocument', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
      body: JSON.stringify({ id: 1 }),
    });
    const { result } = await res.json();
    const pre = document.createElement('pre');
    pre.id = 'baseline';
    pre.textContent = result.text;
    document.body.replaceChildren(pre);
    await new Promise((r2) => requestAnimationFrame(() => setTimeout(r2)));
    return performance.now() - t0;
  }, token);
  baseline.push(baseMs);
}
await browser.close();
host.kill();
rmSync(dir, { recursive: true, force: true });

const so = stats(open);
const sb = stats(baseline);
console.log(
  `document: ${PAGES} pages (~${(chars / 1000).toFixed(0)}k chars), ${article} articles, ${findings} findings`,
);
console.log(`open to findings visible: median ${fmt(so.median, 0)} ms, max ${fmt(so.max, 0)} ms  (target < 1500 ms)`);
console.log(`baseline (fetch + plain text, no clauses or highlights): median ${fmt(sb.median, 0)} ms`);
console.log(`workspace / baseline: ${fmt(so.median / sb.median)}×`);
