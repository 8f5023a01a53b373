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
  busy: boolean;
  /** Fails the running job (when the pool closes). */
  abort?: (err: Error) => void;
}

interface Pending {
  job: WorkerJob;
  resolve(r: Extracted): void;
  reject(e: Error): void;
}

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

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerFile, {
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    worker.unref();
    const slot: Slot = { worker, busy: false };
    this.slots.push(slot);
    return slot;
  }

  private retire(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
  }

  private start(slot: Slot, { job, resolve, reject }: Pending): void {
    slot.busy = true;
    slot.worker.ref();
    const { worker } = slot;
    const name = job.fileName;
    const seconds = Math.round(job.limits.timeoutMs / 1000);
    const finish = (fail: Error | null, value?: Extracted, dead = false): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      slot.abort = undefined;
      if (dead) this.retire(slot);
      else {
        slot.busy = false;
        worker.unref();
      }
      if (fail) reject(fail);
      else resolve(value!);
      this.dispatch();
    };
    const onMessage = (reply: WorkerReply): void => {
      if (reply.id !== job.id) return;
      if (reply.ok) finish(null, { doc: reply.doc, scan: reply.scan, fingerprint: reply.fingerprint });
      else finish(new FcrError(reply.error.code, reply.error.message));
    };
    const onError = (err: Error & { code?: string }): void => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/i.test(err.message);
      finish(
        new FcrError(
          oom ? 'TOO_LARGE' : 'INTERNAL',
          oom
            ? `「${name}」处理时占用内存超过上限（${this.heapMb} MB），已停止导入。文件可能过大或结构异常。`
            : `「${name}」处理时出错：${err.message}`,
        ),
        undefined,
        true,
      );
    };
    const onExit = (): void =>
      finish(new FcrError('INTERNAL', `「${name}」处理时导入程序意外退出，已停止导入。`), undefined, true);
    const timer = setTimeout(
      () =>
        finish(
          new FcrError(
            'TIMEOUT',
            `「${name}」处理超时（超过 ${seconds} 秒），已强制停止导入。文件可能过大或结构异常。`,
          ),
          undefined,
          true,
        ),
      job.limits.timeoutMs + GRACE_MS,
    );
    slot.abort = (err) => finish(err, undefined, true);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job);
  }

  /** Ends every worker; pending and running jobs fail. */
  close(): void {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new FcrError('INTERNAL', '导入程序已关闭。'));
    for (const slot of [...this.slots]) {
      if (slot.abort) slot.abort(new FcrError('INTERNAL', '导入程序已关闭。'));
      else this.retire(slot);
    }
  }
}
