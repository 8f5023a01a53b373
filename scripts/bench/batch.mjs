// Batch import end to end (issue 12): a 1,000-document batch (mixed .docx/.pdf/.txt generated
// from the corpus clauses at bench time: .docx with the docx package, a few .pdf by LibreOffice
// once, then copies made distinct by a trailing comment) imported, scanned and stored through
// the batch service, with a worker per core, with one worker, and with none (extraction and
// scanning in the main thread), each in a fresh process and data folder. Prints documents/s,
// total time, peak RSS (the process, workers included), the CPU the main thread used (the writes)
// and the speed-ups. Targets on a 2-core machine: < 30 s, < 800 MB, ≥ 1.7× over one worker.
// Wall times shrink with other processes on the same cores; the CPU-time ceiling (what the
// speed-up would be on idle cores, from the CPU seconds each thread used) barely does.
// Figures, not assertions. FCR_BENCH_DOCS=n changes the size; FCR_BENCH_KEEP=1 keeps the files.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildWorker } from '../build-worker.mjs';
import { CORPUS, fmt, loadTs } from './_ts.mjs';

const SELF = fileURLToPath(import.meta.url);

/**
 * CPU seconds the main thread has used (Linux: /proc/self/task/PID/stat, utime + stime), else
 * null: unlike wall time, barely changed by other processes on the same cores.
 */
function mainThreadCpuS() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** CPU seconds of the busiest thread of this process (Linux), else null: no run can be shorter. */
function busiestThreadCpuS() {
  try {
    let max = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      max = Math.max(max, (Number(fields[11]) + Number(fields[12])) / 100);
    }
    return max;
  } catch {
    return null;
  }
}

// ---- child mode: import the folder into a fresh data folder with N workers ----
if (process.argv[2] === '--measure') {
  const [, , , workers, folder, dataDir] = process.argv;
  const { createServices } = await loadTs('electron/services/index.ts');
  const services = createServices(dataDir, { workers: Number(workers) });
  const batch = await services.api.createBatch({ name: 'bench', kind: 'evaluation' });
  // The app compiles the rules at start-up: not part of a batch import.
  await services.api.getAppInfo({});
  const files = readdirSync(folder).sort();
  const sources = files.map((f) => ({
    path: f,
    size: statSync(path.join(folder, f)).size,
    read: () => readFile(path.join(folder, f)),
  }));
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
  const t0 = performance.now();
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const mainCpu0 = mainThreadCpuS();
  const status = await services.batches.import(batch.id, sources);
  const ms = performance.now() - t0;
  const mainBusy = performance.eventLoopUtilization(elu0).utilization;
  const cpu = process.cpuUsage(cpu0);
  const mainCpu1 = mainThreadCpuS();
  const mainCpuS = mainCpu0 === null ? null : mainCpu1 - mainCpu0;
  const busiestCpuS = busiestThreadCpuS();
  clearInterval(sample);
  const findings = services.db.prepare('SELECT COUNT(*) AS n FROM findings').get().n;
  services.close();
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  console.log(
    JSON.stringify({
      ms,
      done: status.counts.done,
      failed: status.counts.failed,
      findings,
      peakMb: peak / 1048576,
      mainBusy,
      cpuS: (cpu.user + cpu.system) / 1e6,
      mainCpuS,
      busiestCpuS,
      errors: status.errors.slice(0, 3),
    }),
  );
  process.exit(0);
}

// ---- main mode: generate the documents, then measure ----
const DOCS = Number(process.env.FCR_BENCH_DOCS ?? 1000);
const clauses = readFileSync(path.join(CORPUS, 'clauses.dev.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).text);
const NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const articles = (i) => Array.from({ length: 8 }, (_, k) => `第${NUM[k]}条 ${clauses[(i * 8 + k) % clauses.length]}`);
const title = (i) => `关于印发第 ${i} 号实施办法的通知`;

const { Document, Packer, Paragraph, TextRun } = await import('docx');
const docx = (i) =>
  Packer.toBuffer(
    new Document({
      sections: [
        {
          children: [title(i), ...articles(i)].map(
            (t) => new Paragraph({ children: [new TextRun({ text: t, size: 32 })] }),
          ),
        },
      ],
    }),
  );

const tmp = mkdtempSync(path.join(os.tmpdir(), 'fcr-bench-batch-'));
try {
  await buildWorker();
  const folder = path.join(tmp, 'files');
  mkdirSync(folder);
  let t0 = performance.now();
  // A few PDFs by LibreOffice, once; the rest of the PDFs are copies made distinct.
  const pdfSeeds = path.join(tmp, 'pdf-seeds');
  mkdirSync(pdfSeeds);
  const SEEDS = 4;
  for (let s = 0; s < SEEDS; s++) writeFileSync(path.join(pdfSeeds, `seed${s}.docx`), await docx(100000 + s));
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${path.join(tmp, 'lo')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      pdfSeeds,
      ...Array.from({ length: SEEDS }, (_, s) => path.join(pdfSeeds, `seed${s}.docx`)),
    ],
    { stdio: 'pipe' },
  );
  const counts = { txt: 0, docx: 0, pdf: 0 };
  for (let i = 0; i < DOCS; i++) {
    const name = `doc${String(i).padStart(4, '0')}`;
    if (i % 5 === 4) {
      const file = path.join(folder, `${name}.pdf`);
      copyFileSync(path.join(pdfSeeds, `seed${i % SEEDS}.pdf`), file);
      writeFileSync(file, `\n% copy ${i}\n`, { flag: 'a' });
      counts.pdf++;
    } else if (i % 5 >= 2) {
      writeFileSync(path.join(folder, `${name}.docx`), await docx(i));
      counts.docx++;
    } else {
      writeFileSync(path.join(folder, `${name}.txt`), [title(i), ...articles(i)].join('\n'));
      counts.txt++;
    }
  }
  const genMs = performance.now() - t0;

  const measure = (workers) => {
    const dataDir = path.join(tmp, `data-${workers}`);
    const r = spawnSync(process.execPath, [SELF, '--measure', String(workers), folder, dataDir], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`measurement failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  const cores = os.availableParallelism();
  const load = os.loadavg();
  const many = measure(cores);
  const one = measure(1);
  const none = measure(0);

  console.log(
    `batch import — ${DOCS} documents (${counts.docx} .docx, ${counts.pdf} .pdf, ${counts.txt} .txt), node ${process.version}, ${cores} cores`,
  );
  console.log(
    `  load average before the runs: ${load
      .map((l) => fmt(l, 1))
      .join(' ')} (other processes on the same cores shrink the speed-up)`,
  );
  console.log(`  generated in ${fmt(genMs / 1000, 1)} s (docx package; ${SEEDS} PDFs by LibreOffice, copied)`);
  const line = (label, r) =>
    `  ${label.padEnd(24)} ${fmt(r.ms / 1000, 1).padStart(6)} s  ${fmt((r.done / r.ms) * 1000, 1).padStart(6)} documents/s  peak RSS ${fmt(r.peakMb, 0)} MB  (${r.done} stored, ${r.failed} failed, ${r.findings} findings; CPU ${fmt(r.cpuS, 1)} s, of it the main thread ${r.mainCpuS === null ? '?' : fmt(r.mainCpuS, 1)} s, busy ${fmt(r.mainBusy * 100, 0)}% of the time)`;
  console.log(line(`${cores} worker threads`, many) + '   targets < 30 s, < 800 MB');
  console.log(line('1 worker thread', one));
  console.log(line('no worker (one thread)', none));
  console.log(`  speed-up from worker threads over one worker thread: ${fmt(one.ms / many.ms, 2)}×   target ≥ 1.7×`);
  console.log(`  speed-up over extraction, scanning and writes in one thread: ${fmt(none.ms / many.ms, 2)}×`);
  if (many.busiestCpuS !== null && one.busiestCpuS !== null) {
    // On idle cores a run takes at least its busiest thread's CPU time (a worker, or the main
    // thread), and at least all its threads' CPU (workers, main, V8's GC and compiler threads)
    // shared by the cores. With one worker the other core already runs the main thread and V8's
    // background threads: that bounds what a second worker can add.
    const ideal = (r) => Math.max(r.busiestCpuS, r.cpuS / cores);
    console.log(
      `  CPU-time ceiling on idle cores: ${fmt(ideal(one) / ideal(many), 2)}× over one worker thread, ` +
        `${fmt(ideal(none) / ideal(many), 2)}× over one thread (busiest thread ${fmt(many.busiestCpuS, 1)} s of ` +
        `${fmt(many.cpuS, 1)} s CPU with ${cores} workers; ${fmt(one.busiestCpuS, 1)} s of ${fmt(one.cpuS, 1)} s with one)`,
    );
  }
  if (many.errors.length) console.log('  first errors:', many.errors);
} finally {
  if (process.env.FCR_BENCH_KEEP) console.log(`  files kept in ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
