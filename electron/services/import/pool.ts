/**
 * Bounded imports (issue 13) and batch throughput (issue 12): a pool of worker threads that
 * extract and scan files. Each worker's heap is capped (`resourceLimits`) and each file has a
 * wall-clock limit: on expiry the worker is terminated and replaced, so a hostile file can
 * neither hang nor exhaust the process that keeps answering the UI.
 *
 * The worker runs the bundled dist/import-worker.mjs (scripts/build.mjs builds it; the vitest
 * global setup builds it too, so tests of the TypeScript sources use the same bundle).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NormalizedDocument } from '../../../shared/document.js';
import { FcrError, type ErrorInfo } from '../../../shared/errors.js';
import type { TextFingerprint } from '../../../shared/text/fingerprint.js';
import { appRoot } from '../../paths.js';
import type { ComputedScan } from '../findings.js';
import type { LoadOptions } from '../rules.js';
import { resolveLimits, type ImportLimits } from './limits.js';

export const WORKER_FILE = 'import-worker.mjs';

export interface WorkerJob {
  id: number;
  fileName: string;
  bytes: Uint8Array;
  limits: ImportLimits;
  scan: boolean;
  /** Which rules to scan with (the data folder's settings), as the main thread loads them. */
  rules?: LoadOptions;
}

export type WorkerReply =
  | { id: number; ok: true; doc: NormalizedDocument; scan?: ComputedScan; fingerprint?: TextFingerprint }
  | { id: number; ok: false; error: ErrorInfo };

export interface Extracted {
  doc: NormalizedDocument;
  scan?: ComputedScan;
  /** The text's fingerprint, when the worker computed it. */
  fingerprint?: TextFingerprint;
}

export interface PoolOptions {
  /** Number of workers (default: every core). */
  size?: number;
  /** Heap cap of each worker (MB). */
  heapMb?: number;
  limits?: Partial<ImportLimits>;
  /** The rules' settings (the data folder's rules.config.yaml): a scan with other rules is redone. */
  rules?: LoadOptions;
  /** The worker script (default: found next to the bundle, else in dist/). */
  workerFile?: string;
}

/**
 * Heap cap of each worker (MB). At 1 GB V8 collected garbage so often that a batch of 1,000
 * documents took about 50 % more CPU in the workers than in one thread (scripts/bench/batch.mjs).
 */
export const DEFAULT_HEAP_MB = 2048;
/** Time a worker gets past the file's own time budget to stop cooperatively before it is killed. */
const GRACE_MS = 1000;

/** The bundled worker: beside the running bundle (dist/cli.mjs), else the app's dist/. */
export function findWorkerFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, WORKER_FILE), path.join(appRoot(), 'dist', WORKER_FILE)];
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new FcrError('INTERNAL', `缺少导入程序文件 ${WORKER_FILE}，请先运行 npm run build。`);
  return found;
}

interface Slot {
  worker: Worker;
  /** Jobs posted to the worker, in order: it runs the first; the others wait in its port. */
  jobs: Pending[];
  /** The wall-clock limit of the first job. */
  timer: ReturnType<typeof setTimeout> | null;
}

interface Pending {
  job: WorkerJob;
  resolve(r: Extracted): void;
  reject(e: Error): void;
}

/**
 * Jobs posted to a worker at once: the one it runs and those waiting in its port, which it starts
 * as soon as the one before ends. Without them a worker waited for its result to reach this
 * thread and the next job to come back, while this thread was busy writing (a batch's worker was
 * idle a sixth of the time). One job always waits; more only while those waiting are small.
 */
const MAX_JOBS = 4;
const MAX_WAITING_BYTES = 16 * 1024 * 1024;

export class ImportPool {
  readonly size: number;
  readonly limits: ImportLimits;
  private readonly heapMb: number;
  private readonly workerFile: string;
  private readonly rules: LoadOptions | undefined;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, options.size ?? os.availableParallelism());
    this.heapMb = options.heapMb ?? DEFAULT_HEAP_MB;
    this.limits = resolveLimits(options.limits);
    this.workerFile = options.workerFile ?? findWorkerFile();
    this.rules = options.rules;
  }

  /** Extracts (and with `scan`, scans) one file in a worker. */
  run(fileName: string, bytes: Uint8Array, scan = true): Promise<Extracted> {
    if (this.closed) return Promise.reject(new FcrError('INTERNAL', '导入程序已关闭。'));
    return new Promise((resolve, reject) => {
      const job: WorkerJob = { id: this.nextId++, fileName, bytes, limits: this.limits, scan };
      if (this.rules) job.rules = this.rules;
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  /** Posts the queued jobs: to an idle worker, else a new one, else the least loaded with room. */
  private dispatch(): void {
    while (this.queue.length) {
      const bytes = this.queue[0]!.job.bytes.byteLength;
      let slot = this.slots.find((s) => s.jobs.length === 0);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) {
        for (const s of this.slots) {
          if (takes(s, bytes) && (!slot || s.jobs.length < slot.jobs.length)) slot = s;
        }
      }
      if (!slot) return;
      this.post(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerFile, {
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    worker.unref();
    const slot: Slot = { worker, jobs: [], timer: null };
    worker.on('message', (reply: WorkerReply) => this.replied(slot, reply));
    worker.on('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/i.test(err.message);
      this.fail(slot, (name) =>
        oom
          ? new FcrError(
              'TOO_LARGE',
              `「${name}」处理时占用内存超过上限（${this.heapMb} MB），已停止导入。文件可能过大或结构异常。`,
            )
          : new FcrError('INTERNAL', `「${name}」处理时出错：${err.message}`),
      );
    });
    worker.on('exit', () =>
      this.fail(slot, (name) => new FcrError('INTERNAL', `「${name}」处理时导入程序意外退出，已停止导入。`)),
    );
    this.slots.push(slot);
    return slot;
  }

  private retire(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
  }

  private post(slot: Slot, pending: Pending): void {
    slot.jobs.push(pending);
    slot.worker.ref();
    slot.worker.postMessage(pending.job);
    if (slot.jobs.length === 1) this.startClock(slot);
  }

  /** Starts the wall-clock limit of the worker's first job (the worker starts it now, or has just). */
  private startClock(slot: Slot): void {
    const { job } = slot.jobs[0]!;
    const seconds = Math.round(job.limits.timeoutMs / 1000);
    slot.timer = setTimeout(
      () =>
        this.fail(
          slot,
          (name) =>
            new FcrError(
              'TIMEOUT',
              `「${name}」处理超时（超过 ${seconds} 秒），已强制停止导入。文件可能过大或结构异常。`,
            ),
        ),
      job.limits.timeoutMs + GRACE_MS,
    );
  }

  private replied(slot: Slot, reply: WorkerReply): void {
    // Replies come in order (the worker runs its jobs one after the other); any other is taken too.
    const at = slot.jobs.findIndex((p) => p.job.id === reply.id);
    if (at < 0) return;
    const [done] = slot.jobs.splice(at, 1);
    if (at === 0) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      if (slot.jobs.length) this.startClock(slot);
    }
    if (!slot.jobs.length) slot.worker.unref();
    if (reply.ok) done!.resolve({ doc: reply.doc, scan: reply.scan, fingerprint: reply.fingerprint });
    else done!.reject(new FcrError(reply.error.code, reply.error.message));
    this.dispatch();
  }

  /**
   * The worker's running job fails with the error `error` makes for its file, and the worker is
   * replaced; the jobs waiting in it go back to the front of the queue (none of them was started).
   */
  private fail(slot: Slot, error: (fileName: string) => Error): void {
    const [running, ...waiting] = slot.jobs;
    slot.jobs = [];
    this.retire(slot);
    this.queue.unshift(...waiting);
    running?.reject(error(running.job.fileName));
    if (!this.closed) this.dispatch();
  }

  /** Ends every worker; pending and running jobs fail. */
  close(): void {
    this.closed = true;
    const closed = (): FcrError => new FcrError('INTERNAL', '导入程序已关闭。');
    for (const p of this.queue.splice(0)) p.reject(closed());
    for (const slot of [...this.slots]) {
      const jobs = slot.jobs.splice(0);
      this.retire(slot);
      for (const p of jobs) p.reject(closed());
    }
  }
}

/** Whether a busy worker takes one more job of `bytes` to wait in its port. */
function takes(slot: Slot, bytes: number): boolean {
  if (slot.jobs.length >= MAX_JOBS) return false;
  if (slot.jobs.length === 1) return true;
  let waiting = bytes;
  for (let i = 1; i < slot.jobs.length; i++) waiting += slot.jobs[i]!.job.bytes.byteLength;
  return waiting <= MAX_WAITING_BYTES;
}
