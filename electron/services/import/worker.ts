/**
 * The import worker's entry (bundled to dist/import-worker.mjs): extracts a file (parse,
 * normalise, segment) and scans it with the rules, off the main thread. The pool (pool.ts) caps
 * its heap and kills it when a file takes too long; the main thread only writes the result.
 */
import { parentPort } from 'node:worker_threads';
import { toErrorInfo } from '../../../shared/errors.js';
import { checkFindingCount, computeScan } from '../findings.js';
import { loadRules, type LoadedRules } from '../rules.js';
import { extractDocument } from './index.js';
import { resolveLimits } from './limits.js';
import type { WorkerJob, WorkerReply } from './pool.js';

let rules: LoadedRules | null = null;

parentPort!.on('message', async (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    // Limits missing from the job (a main thread of another version) take their defaults.
    const limits = resolveLimits(job.limits);
    const doc = await extractDocument(job.fileName, job.bytes, { limits });
    let scan;
    if (job.scan) {
      rules ??= loadRules();
      scan = computeScan(rules.ruleSet, doc.text, doc.clauses);
      // Refused here too, so that an absurd scan is not copied back to the main thread.
      checkFindingCount(job.fileName, scan.rows.length, limits.maxFindings, true);
    }
    reply = { id: job.id, ok: true, doc, scan };
  } catch (err) {
    reply = { id: job.id, ok: false, error: toErrorInfo(err) };
  }
  parentPort!.postMessage(reply);
});
