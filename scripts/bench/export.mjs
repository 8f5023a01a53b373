// Exporting 200 审查意见 (.docx, 公文 layout) through the service API, each of a finished review
// of a typical draft (several clauses with accepted findings, one rejected): total and per-opinion
// time and peak memory, beside a baseline in the same run — building the same 200 contents
// (shared/export/content.ts) without writing any .docx. Figures, not assertions.
// FCR_BENCH_OPINIONS=n changes the count.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, loadTs, mb, stats } from './_ts.mjs';

const COUNT = Number(process.env.FCR_BENCH_OPINIONS ?? 200);
const { createServices } = await loadTs('electron/services/index.ts');
const { EXPORT_DRAFT } = await loadTs('test/helpers/export-review.ts');
const { opinionContent } = await loadTs('shared/export/content.ts');
const { exportInput } = await loadTs('electron/services/export/input.ts');

const dir = mkdtempSync(path.join(os.tmpdir(), 'fcr-bench-export-'));
const services = createServices(dir);
const { api } = services;
try {
  const t0 = performance.now();
  const ids = [];
  for (let i = 0; i < COUNT; i++) {
    const text = `${EXPORT_DRAFT}\n第八条 本措施由第${i + 1}号工作组负责解释。`;
    const { document } = await api.importDocument({ name: `草案${i + 1}.txt`, bytes: new TextEncoder().encode(text) });
    const state = await api.getReview({ documentId: document.id });
    for (const [j, f] of state.findings.entries()) {
      const reject = j === state.findings.length - 1;
      await api.setDisposition({
        documentId: document.id,
        findingId: f.id,
        disposition: reject ? 'reject' : 'accept',
        reason: reject ? '重复' : '',
      });
    }
    ids.push(document.id);
  }
  console.log(`setup: ${COUNT} reviewed drafts in ${fmt((performance.now() - t0) / 1000)} s`);

  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.resourceUsage().maxRSS * 1024;

  // Baseline: the same contents, no .docx.
  let t = performance.now();
  for (const id of ids) opinionContent(exportInput({ documents: services.documents, reviews: services.reviews }, id));
  const baselineMs = performance.now() - t;

  const per = [];
  let bytes = 0;
  let peakHeap = 0;
  t = performance.now();
  for (const id of ids) {
    const s = performance.now();
    const file = await api.exportOpinion({ documentId: id });
    per.push(performance.now() - s);
    bytes += file.bytes.length;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const totalMs = performance.now() - t;
  const st = stats(per);
  console.log(
    `export ${COUNT} opinions: ${fmt(totalMs / 1000, 2)} s total, ${fmt(COUNT / (totalMs / 1000))} opinions/s`,
  );
  console.log(
    `   per opinion: median ${fmt(st.median)} ms, p95 ${fmt(st.p95)} ms, max ${fmt(st.max)} ms; ${mb(bytes)} written in all`,
  );
  console.log(`   baseline (content only, no .docx): ${fmt(baselineMs / 1000, 2)} s for ${COUNT}`);
  console.log(
    `   memory: heap ${mb(heapBefore)} before, peak ${mb(peakHeap)}; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} (${mb(rssBefore)} after setup)`,
  );
} finally {
  services.close();
  rmSync(dir, { recursive: true, force: true });
}
