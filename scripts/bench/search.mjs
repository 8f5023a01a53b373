// Search latency over 2,000 documents built from the real corpus texts, beside a naive
// baseline (String.includes over every document's text) in the same run.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CORPUS, fmt, loadTs, mb, stats } from './_ts.mjs';

const { SearchIndex } = await loadTs('electron/services/search.ts');

const DOCS = 2000;
const docsDir = path.join(CORPUS, 'documents');
const paragraphs = [
  ...readdirSync(docsDir)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => readFileSync(path.join(docsDir, f), 'utf8').split('\n')),
  ...readFileSync(path.join(CORPUS, 'clauses.dev.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).text),
].filter((p) => p.trim().length > 10);

// Deterministic pseudo-random documents of ~120 paragraphs (~10,000 chars, a typical policy document).
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const documents = Array.from({ length: DOCS }, () =>
  Array.from({ length: 120 }, () => paragraphs[Math.floor(rand() * paragraphs.length)]).join('\n'),
);
const totalChars = documents.reduce((a, d) => a + d.length, 0);

const QUERIES = [
  '本地企业',
  '税收返还',
  '指定',
  '公平竞争审查',
  '政府采购',
  '注册',
  '返',
  '供应商',
  '优先',
  '市场准入负面清单',
];

global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const index = new SearchIndex();
let t0 = performance.now();
documents.forEach((text, i) => index.addDocument(i + 1, text, false));
const loadMs = performance.now() - t0;
// Searching before the background index exists: every document is scanned.
const unindexed = QUERIES.map((q) => {
  const t = performance.now();
  index.search(q, 200);
  return performance.now() - t;
});
t0 = performance.now();
while (index.indexPending(50) > 0);
const buildMs = performance.now() - t0;
global.gc?.();
const heapAfter = process.memoryUsage().heapUsed;

const ROUNDS = 20;
const indexed = [];
const naive = [];
let hits = 0;
for (let r = 0; r < ROUNDS; r++) {
  for (const q of QUERIES) {
    let t = performance.now();
    hits += index.search(q, 200).length;
    indexed.push(performance.now() - t);
    t = performance.now();
    let n = 0;
    for (const d of documents) {
      let at = d.indexOf(q);
      while (at >= 0 && n < 200) {
        n++;
        at = d.indexOf(q, at + q.length);
      }
      if (n >= 200) break;
    }
    naive.push(performance.now() - t);
  }
}
const si = stats(indexed);
const sn = stats(naive);
console.log(`corpus: ${DOCS} documents, ${(totalChars / 1e6).toFixed(1)} M chars`);
console.log(
  `documents searchable after ${fmt(loadMs, 0)} ms (scanned until indexed); background index build ${fmt(buildMs, 0)} ms, heap +${mb(heapAfter - heapBefore)}`,
);
console.log(`search before the index is built (scan): p95 ${fmt(stats(unindexed).p95, 2)} ms`);
console.log(
  `search (flexsearch bigrams): median ${fmt(si.median, 2)} ms, p95 ${fmt(si.p95, 2)} ms, max ${fmt(si.max, 2)} ms  (target p95 < 50 ms)`,
);
console.log(`baseline (String.includes scan): median ${fmt(sn.median, 2)} ms, p95 ${fmt(sn.p95, 2)} ms`);
console.log(`p95 ratio baseline/indexed: ${fmt(sn.p95 / si.p95)}×  (${hits} matches returned)`);
