/**
 * The import worker's entry (bundled to dist/import-worker.mjs): extracts a file (parse,
 * normalise, segment), scans it with the rules and computes its text fingerprint, off the main
 * thread. The pool (pool.ts) caps its heap and kills it when a file takes too long; the main
 * thread only writes the result.
 */
import { parentPort } from 'node:worker_threads';
import { toErrorInfo } from '../../../shared/errors.js';
import { textFingerprint } from '../../../shared/text/fingerprint.js';
import { checkFindingCount, computeScan } from '../findings.js';
import { loadRules, type LoadedRules } from '../rules.js';
import { extractDocument } from './index.js';
import { SyncDecompressionStream } from './inflate-stream.js';
import { resolveLimits } from './limits.js';
import type { WorkerJob, WorkerReply } from './pool.js';

// pdf.js inflates its streams through this global: synchronous zlib here (see inflate-stream.ts).
Object.defineProperty(globalThis, 'DecompressionStream', {
  value: SyncDecompressionStream,
  writable: true,
  configurable: true,
});

/** The compiled rules, per settings file (the same for every job of a pool). */
const rules = new Map<string, LoadedRules>();

/** Jobs run one after the other: the pool posts the next one before this one ends. */
let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', (job: WorkerJob) => {
  queue = queue.then(() => run(job));
});

async function run(job: WorkerJob): Promise<void> {
  let reply: WorkerReply;
  try {
    // Limits missing from the job (a main thread of another version) take their defaults.
    const limits = resolveLimits(job.limits);
    const doc = await extractDocument(job.fileName, job.bytes, { limits });
    let scan;
    if (job.scan) {
      const key = JSON.stringify(job.rules ?? {});
      let loaded = rules.get(key);
      if (!loaded) rules.set(key, (loaded = loadRules(undefined, job.rules)));
      scan = computeScan(loaded.ruleSet, doc.text, doc.clauses);
      // Refused here too, so that an absurd scan is not copied back to the main thread.
      checkFindingCount(job.fileName, scan.rows.length, limits.maxFindings, true);
    }
    reply = { id: job.id, ok: true, doc, scan, fingerprint: textFingerprint(doc.text) };
  } catch (err) {
    reply = { id: job.id, ok: false, error: toErrorInfo(err) };
  }
  parentPort!.postMessage(reply);
}
