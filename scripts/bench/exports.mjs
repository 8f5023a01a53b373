// Data exports: one ledger of 200 reviews as .xlsx (both sheets) and as .csv (each sheet), plus
// signing and verifying one review bundle, through the real services over a fresh data folder.
// The 200 documents are generated drafts (ten articles, one with a suspect clause), each with
// its findings decided. Prints time and peak memory (maxRSS, and the heap growth of the export).
// Figures, not assertions. FCR_BENCH_REVIEWS=n changes the count.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, loadTs, mb } from './_ts.mjs';

const N = Number(process.env.FCR_BENCH_REVIEWS ?? 200);
const { createServices } = await loadTs('electron/services/index.ts');
const dir = mkdtempSync(path.join(os.tmpdir(), 'fcr-bench-exports-'));
const s = createServices(dir);
const enc = (t) => new TextEncoder().encode(t);
const suspects = [
  '政府采购项目应当优先采购本地企业生产的产品。',
  '外地企业须在本市设立分支机构后方可参与投标。',
  '对在本市注册并纳税的企业，按其地方财政贡献给予奖励。',
];

try {
  const t0 = performance.now();
  await s.api.saveSettings({ reviewer: '审查人', unit: '某市市场监督管理局' });
  for (let i = 0; i < N; i++) {
    const lines = [`关于推进第${i + 1}批重点项目建设的若干措施`];
    for (let a = 1; a <= 10; a++)
      lines.push(`第${a}条 各部门应当按照职责分工做好第${i + 1}批项目第${a}项工作。${a === 5 ? suspects[i % 3] : ''}`);
    const { document } = await s.api.importDocument({ name: `措施${i + 1}.txt`, bytes: enc(lines.join('\n')) });
    const state = await s.api.getReview({ documentId: document.id });
    for (const f of state.findings)
      await s.api.setDisposition({ documentId: document.id, findingId: f.id, disposition: 'accept', reason: '' });
  }
  const findings = s.db.prepare('SELECT COUNT(*) AS n FROM findings').get().n;
  console.log(`setup: ${N} reviews, ${findings} findings in ${fmt((performance.now() - t0) / 1000)} s`);

  const measure = async (label, fn) => {
    globalThis.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const t = performance.now();
    const file = await fn();
    const ms = performance.now() - t;
    const heap = process.memoryUsage().heapUsed - heap0;
    console.log(
      `${label.padEnd(28)} ${fmt(ms, 0).padStart(6)} ms   ${(file.bytes.byteLength / 1024).toFixed(0).padStart(6)} KB   heap +${mb(Math.max(0, heap))}`,
    );
    return file;
  };
  // The first .xlsx also loads exceljs: measured once cold, then warm.
  await measure('ledger .xlsx (first, cold)', () => s.api.exportLedger({ format: 'xlsx' }));
  await measure('ledger .xlsx', () => s.api.exportLedger({ format: 'xlsx' }));
  await measure('reviews ledger .csv', () => s.api.exportLedger({ format: 'csv', sheet: 'reviews' }));
  await measure('findings ledger .csv', () => s.api.exportLedger({ format: 'csv', sheet: 'findings' }));
  const bundle = await measure('one review bundle', () => s.api.exportBundle({ documentId: 1 }));
  const other = createServices(path.join(dir, 'other'));
  try {
    await measure('verify + import bundle', async () => {
      await other.api.importBundle({ name: bundle.fileName, bytes: bundle.bytes });
      return bundle;
    });
  } finally {
    other.close();
  }
  console.log(`peak memory (maxRSS of the whole run): ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB`);
} finally {
  s.close();
  rmSync(dir, { recursive: true, force: true });
}
