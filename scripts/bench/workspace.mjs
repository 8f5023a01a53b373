/* global document, window, MutationObserver, requestAnimationFrame, KeyboardEvent -- used inside page.evaluate */
// The review workspace on a large .docx (~282,000 characters, over a thousand findings), in real
// Chromium through the browser host: open to findings visible, one `J` (next finding), and one
// disposition (`1`, 采纳), each timed inside the page up to the next painted frame; beside a
// baseline in the same run: fetching the same document and showing its text as one plain block.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { chromium } from 'playwright-core';
import { fmt, loadTs, ROOT, stats } from './_ts.mjs';

const TARGET_CHARS = 268_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'fcr-bench-ws-'));
const file = path.join(dir, 'long-draft.docx');

// A long plan-style draft: chapters of articles; every 6th article carries a suspect clause.
const filler = '各有关部门应当按照职责分工，加强统筹协调，完善工作机制，做好政策衔接和督促落实，确保各项任务取得实效。';
const suspects = [
  '对在本市注册并纳税的企业，按其地方财政贡献给予奖励。',
  '政府采购项目应当优先采购本地企业生产的产品。',
  '外地企业须在本市设立分支机构后方可参与投标。',
];
const lines = ['关于推进产业高质量发展的若干措施（征求意见稿）'];
let chars = 0;
let article = 0;
for (let ch = 1; chars < TARGET_CHARS; ch++) {
  lines.push(`第${ch}章 工作要求`);
  for (let a = 0; a < 10; a++) {
    article++;
    const body = filler.repeat(3) + (article % 6 === 0 ? suspects[Math.floor(article / 6) % 3] : '');
    lines.push(`第${article}条 ${body}`);
    chars += body.length;
  }
}
const docx = new Document({ sections: [{ children: lines.map((text) => new Paragraph({ text })) }] });
writeFileSync(file, await Packer.toBuffer(docx));
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

/** In the page: runs `act`, then resolves with the time until `done()` holds and a frame has painted. */
const timed = (act, done) =>
  page.evaluate(
    ([actSrc, doneSrc]) =>
      new Promise((resolve) => {
        const isDone = new Function(`return (${doneSrc})()`);
        const t0 = performance.now();
        const finish = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
        const obs = new MutationObserver(() => {
          if (!isDone()) return;
          obs.disconnect();
          finish();
        });
        obs.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
        new Function(actSrc)();
        if (isDone()) {
          obs.disconnect();
          finish();
        }
      }),
    [act, done.toString()],
  );

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const open = [];
const footer = [];
const baseline = [];
const step = [];
const dispose = [];
const frame = [];
const apiOnly = [];
let findings = 0;
for (let r = 0; r < ROUNDS; r++) {
  await page.goto(`${origin}/?round=${r}#/`);
  await page.waitForSelector('[data-testid=documents]');
  open.push(
    await timed(
      "window.location.hash = '#/doc/1'",
      () => document.querySelector('.document-pane .mark') && document.querySelector('.findings-panel .finding'),
    ),
  );
  await page.waitForSelector('.statusbar');
  await page.waitForFunction(() => /打开用时\s*\d+/.test(document.querySelector('.statusbar')?.textContent ?? ''));
  footer.push(Number(/打开用时\s*(\d+)/.exec(await page.locator('.statusbar').textContent())[1]));
  findings = await page.evaluate(() =>
    Number(/(\d+) 处疑似问题/.exec(document.querySelector('.statusbar').textContent)[1]),
  );

  // J: the next finding selected (its card and its highlight), painted.
  for (let i = 0; i < 8; i++) {
    const next = i + 1;
    step.push(
      await timed(
        "window.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }))",
        new Function(
          `return () => document.querySelectorAll('.finding-list .finding')[${next - 1}]?.classList.contains('selected')`,
        )(),
      ),
    );
  }
  // 1: accept the next finding without a disposition; done when its card shows one.
  for (let i = 0; i < 2; i++) {
    await page.evaluate(async () => {
      do {
        window.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
        await new Promise((r2) => requestAnimationFrame(() => setTimeout(r2)));
      } while (document.querySelector('.finding.selected .disposition'));
    });
    dispose.push(
      await timed("window.dispatchEvent(new KeyboardEvent('keydown', { key: '1', bubbles: true }))", () =>
        document.querySelector('.finding.selected .disposition'),
      ),
    );
  }

  // Floors for J and a disposition: one painted frame with no work, and the setDisposition call
  // alone (fetch and decode the new review state).
  frame.push(await timed('', () => true));
  apiOnly.push(
    await page.evaluate(async (tok) => {
      const state = await (
        await fetch('/api/getReview', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
          body: JSON.stringify({ documentId: 1 }),
        })
      ).json();
      const f = state.result.findings.find((x) => x.disposition === null);
      const t0 = performance.now();
      const res = await fetch('/api/setDisposition', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
        body: JSON.stringify({ documentId: 1, findingId: f.id, disposition: 'reject', reason: '基准' }),
      });
      await res.json();
      return performance.now() - t0;
    }, token),
  );

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

const show = (label, samples, target) => {
  const s = stats(samples);
  console.log(
    `${label}: median ${fmt(s.median, 0)} ms, max ${fmt(s.max, 0)} ms${target ? `  (target < ${target} ms)` : ''}`,
  );
};
console.log(
  `document: .docx, ${lines.join('').length.toLocaleString('en')} chars, ${article} articles, ${findings} findings`,
);
show('open to findings visible', open, 1000);
show('  footer "打开用时" shows', footer);
show('J (next finding, painted)', step, 50);
show('disposition (1 = 采纳, painted)', dispose, 200);
show('  floor: one painted frame, no work', frame);
show('  floor: the setDisposition call alone', apiOnly);
const sb = stats(baseline);
console.log(`baseline (fetch + plain text, no clauses or highlights): median ${fmt(sb.median, 0)} ms`);
console.log(`open / baseline: ${fmt(stats(open).median / sb.median)}×`);
