// 抽查 draw: time to draw a stratified, weighted sample (shared/sampling.ts) from populations of
// 10,000 and 100,000 documents with 500 issuing bodies, beside a baseline measured in the same
// run: sorting the same population by its key (every draw sorts it once).
import { loadTs, stats } from './_ts.mjs';

const { drawSample, fnv1a32 } = await loadTs('shared/sampling.ts');

function population(n) {
  return Array.from({ length: n }, (_, i) => ({
    documentId: i + 1,
    key: fnv1a32(`k${i}`).toString(16).padStart(8, '0') + i.toString(16),
    title: `文件 ${i}`,
    docNumber: null,
    issuer: `第${i % 500}单位`,
    docDate: null,
    region: `地区${i % 40}`,
    kind: '通知',
    strong: i % 7 === 0 ? 1 : 0,
    priorProblems: i % 11 === 0,
  }));
}

for (const n of [10_000, 100_000]) {
  const pop = population(n);
  const draws = [];
  const sorts = [];
  for (let r = 0; r < 5; r++) {
    let t = performance.now();
    const d = drawSample(pop, {
      seed: `bench-${r}`,
      ratio: 0.05,
      min: 100,
      strata: 'issuer',
      weights: { strong: 3, prior: 2 },
      filter: {},
    });
    draws.push(performance.now() - t);
    if (d.drawn.length !== Math.ceil(n * 0.05)) throw new Error('unexpected sample size');
    t = performance.now();
    [...pop].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    sorts.push(performance.now() - t);
  }
  const d = stats(draws);
  const s = stats(sorts);
  console.log(
    `population ${n}: draw (500 strata, weights) median ${d.median.toFixed(1)} ms; baseline sort median ${s.median.toFixed(1)} ms (×${(d.median / s.median).toFixed(1)})`,
  );
}
