// Import throughput: a generated 300-page .docx (docx package) and the same document as PDF
// (LibreOffice), through the real import pipeline (extractDocument: read, normalise, segment).
// Prints pages/s, MB/s and peak memory, beside simple baselines measured in the same run:
// a naive full-DOM parse of document.xml (docx) and poppler's pdftotext (pdf). Figures, not assertions.
// Targets: a 300-page .docx under 2 s, a 300-page text PDF under 10 s on a 2-core machine.
// FCR_BENCH_ARTICLES=n changes the size (880 条 ≈ 300 pages); FCR_BENCH_KEEP=1 keeps the files.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CORPUS, fmt, loadTs, mb, stats } from './_ts.mjs';

const SELF = fileURLToPath(import.meta.url);

// ---- child mode: measure one format in a fresh process so that peak memory is its own ----
if (process.argv[2] === '--measure') {
  const [, , , kind, file, runs] = process.argv;
  const { extractDocument } = await loadTs('electron/services/import/index.ts');
  const bytes = readFileSync(file);
  const times = [];
  let doc;
  for (let i = 0; i < Number(runs); i++) {
    const t0 = performance.now();
    doc = await extractDocument(path.basename(file), bytes);
    times.push(performance.now() - t0);
  }
  let baseline = null;
  if (kind === 'docx') {
    // Baseline: unzip everything and build a full element tree of document.xml, then join the w:t text.
    const { unzipSync, strFromU8 } = await import('fflate');
    const { parseXml } = await loadTs('electron/services/import/xml.ts');
    const bt = [];
    for (let i = 0; i < Number(runs); i++) {
      const t0 = performance.now();
      const files = unzipSync(bytes);
      const tree = parseXml(strFromU8(files['word/document.xml']), 'x', 'document.xml');
      const parts = [];
      const walk = (el) => {
        if (el.name === 'w:t') parts.push(el.text);
        for (const c of el.children) walk(c);
      };
      walk(tree);
      parts.join('');
      bt.push(performance.now() - t0);
    }
    baseline = stats(bt).median;
  }
  const { flattenClauses } = await loadTs('shared/segment/index.ts');
  const clauses = flattenClauses(doc.clauses);
  console.log(
    JSON.stringify({
      median: stats(times).median,
      first: times[0],
      baseline,
      chars: doc.text.length,
      blocks: doc.blocks.length,
      articles: clauses.filter((c) => c.kind === 'article').length,
      clauses: clauses.length,
      pages: doc.pages ?? null,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
  process.exit(0);
}

// ---- main mode: generate the documents, then measure each format in its own process ----
const {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  LevelSuffix,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} = await import('docx');

const docsDir = path.join(CORPUS, 'documents');
const sentences = readdirSync(docsDir)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => readFileSync(path.join(docsDir, f), 'utf8').split(/(?<=[。；])/))
  .map((s) => s.replace(/^[#\s]+|\s+$/g, '').replace(/^[（(]?[一二三四五六七八九十\d]+[）)、.．]/, ''))
  // Plain sentences only: a number inside a generated paragraph would be a different clause in the PDF.
  .filter(
    (s) =>
      s.length > 15 &&
      s.length < 160 &&
      !s.includes('|') &&
      !/[（(][一二三四五六七八九十\d]+[）)]|\d+[.、]|：$/.test(s),
  );

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const sentence = () => sentences[Math.floor(rand() * sentences.length)];

const FONT = { ascii: '仿宋_GB2312', eastAsia: '仿宋_GB2312', hAnsi: '仿宋_GB2312', cs: '仿宋_GB2312' };
const run = (text) => new TextRun({ text, font: FONT, size: 32 });
const level = (reference, format, text) => ({
  reference,
  levels: [{ level: 0, format, text, suffix: LevelSuffix.SPACE, alignment: AlignmentType.LEFT }],
});

const ARTICLES = Number(process.env.FCR_BENCH_ARTICLES ?? 880);
const body = [new Paragraph({ heading: HeadingLevel.TITLE, children: [run('某市公平竞争审查实施办法（基准测试）')] })];
let itemInstance = 0;
for (let a = 0; a < ARTICLES; a++) {
  if (a % 20 === 0) {
    body.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        numbering: { reference: 'chapter', level: 0 },
        children: [run('审查标准')],
      }),
    );
  }
  body.push(new Paragraph({ numbering: { reference: 'article', level: 0 }, children: [run(sentence() + sentence())] }));
  if (a % 3 === 0) {
    itemInstance++;
    for (let i = 0; i < 4; i++) {
      body.push(
        new Paragraph({
          numbering: { reference: 'item', level: 0, instance: itemInstance },
          children: [run(sentence())],
        }),
      );
    }
  } else {
    body.push(new Paragraph({ indent: { firstLine: 640 }, children: [run(sentence() + sentence())] }));
  }
}
const document = new Document({
  numbering: {
    config: [
      level('chapter', LevelFormat.CHINESE_COUNTING, '第%1章'),
      level('article', LevelFormat.CHINESE_COUNTING, '第%1条'),
      level('item', LevelFormat.CHINESE_COUNTING, '（%1）'),
    ],
  },
  sections: [
    {
      headers: { default: new Header({ children: [new Paragraph({ children: [run('某市市场监督管理局')] })] }) },
      footers: {
        default: new Footer({
          children: [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'] })],
            }),
          ],
        }),
      },
      children: body,
    },
  ],
});

const tmp = mkdtempSync(path.join(os.tmpdir(), 'fcr-bench-import-'));
try {
  const docxFile = path.join(tmp, 'bench300.docx');
  let t0 = performance.now();
  writeFileSync(docxFile, await Packer.toBuffer(document));
  const genMs = performance.now() - t0;

  t0 = performance.now();
  const profile = path.join(tmp, 'lo-profile');
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', tmp, docxFile],
    { stdio: 'pipe' },
  );
  const loMs = performance.now() - t0;
  const pdfFile = path.join(tmp, 'bench300.pdf');

  const measure = (kind, file, runs) => {
    const r = spawnSync(process.execPath, [SELF, '--measure', kind, file, String(runs)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`${kind} measurement failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  const pdf = measure('pdf', pdfFile, 3);
  const pages = pdf.pages;
  const docx = measure('docx', docxFile, 5);

  t0 = performance.now();
  let pdftotextMs = null;
  try {
    execFileSync('pdftotext', ['-enc', 'UTF-8', pdfFile, path.join(tmp, 'out.txt')]);
    pdftotextMs = performance.now() - t0;
  } catch {
    // poppler-utils not installed: no baseline.
  }

  const docxSize = statSync(docxFile).size;
  const pdfSize = statSync(pdfFile).size;
  const line = (label, ms, size, extra = '') =>
    `  ${label.padEnd(34)} ${fmt(ms, 0).padStart(6)} ms  ${fmt((pages / ms) * 1000, 0).padStart(5)} pages/s  ${fmt(size / 1048576 / (ms / 1000), 2).padStart(6)} MB/s${extra}`;

  console.log(
    `import throughput — ${pages}-page document (${ARTICLES} 条, ${docx.chars.toLocaleString('en')} chars), node ${process.version}, ${os.cpus().length} CPUs`,
  );
  console.log(`  generated with the docx package in ${fmt(genMs, 0)} ms; LibreOffice PDF export ${fmt(loMs, 0)} ms`);
  console.log(`  .docx ${mb(docxSize)}, .pdf ${mb(pdfSize)}`);
  console.log('');
  console.log(
    line(
      'docx  extractDocument (median of 5)',
      docx.median,
      docxSize,
      `   first run ${fmt(docx.first, 0)} ms, peak RSS ${fmt(docx.maxRssMb, 0)} MB   target < 2000 ms`,
    ),
  );
  console.log(
    line(
      '      baseline: unzip + full DOM',
      docx.baseline,
      docxSize,
      '   (text only: no numbering, structure or clauses)',
    ),
  );
  console.log(
    line(
      'pdf   extractDocument (median of 3)',
      pdf.median,
      pdfSize,
      `   first run ${fmt(pdf.first, 0)} ms, peak RSS ${fmt(pdf.maxRssMb, 0)} MB   target < 10000 ms`,
    ),
  );
  if (pdftotextMs !== null)
    console.log(
      line('      baseline: pdftotext (poppler)', pdftotextMs, pdfSize, '   (text only, separate native process)'),
    );
  console.log('');
  console.log(
    `  docx: ${docx.blocks} blocks, ${docx.clauses} clauses (${docx.articles} 条); pdf: ${pdf.blocks} blocks, ${pdf.clauses} clauses (${pdf.articles} 条)`,
  );
} finally {
  if (process.env.FCR_BENCH_KEEP) console.log(`  files kept in ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
