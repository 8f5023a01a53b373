/**
 * Batches (issue 12): named sets of documents imported together (抽查, 第三方评估, 清理).
 * A batch import records every file as a batch item first (pending), then imports the files
 * through the worker pool, several at a time; each document is stored, scanned, audited and its
 * item marked done in ONE transaction, so after a crash or a kill the next import of the same
 * files resumes: items already done are skipped, none is half-stored. A file's failure is
 * recorded on its item and never stops the batch. .zip archives are expanded here, under the
 * import limits (zip-bomb guards).
 */
import { createHash } from 'node:crypto';
import type { ArgsOf } from '../../shared/api.js';
import {
  isBatchFile,
  isZipArchive,
  type BatchCounts,
  type BatchInfo,
  type BatchKind,
  type BatchProgress,
  type BatchStatus,
} from '../../shared/batch.js';
import { FcrError, toErrorInfo } from '../../shared/errors.js';
import { appendAudit } from './audit.js';
import type { Db } from './db.js';
import { resolveLimits, type ImportLimits } from './import/limits.js';
import { ZipReader } from './import/zip.js';
import type { LibraryService } from './library.js';

/** One file to import into a batch: a path inside the batch (folder-relative or archive/entry). */
export interface BatchSource {
  path: string;
  size: number;
  read(): Promise<Uint8Array> | Uint8Array;
}

interface BatchRow {
  id: number;
  name: string;
  kind: BatchKind;
  body: string | null;
  period: string | null;
  region: string | null;
  sector: string | null;
  level: string | null;
  created_at: string;
}

export interface BatchServiceOptions {
  /** Files imported at once (the worker pool's size plus one keeps every worker busy). */
  lanes: number;
  limits?: Partial<ImportLimits>;
}

export class BatchService {
  private readonly running = new Map<number, BatchProgress>();
  private readonly limits: ImportLimits;

  constructor(
    private readonly db: Db,
    private readonly library: LibraryService,
    private readonly actor: () => string,
    private readonly options: BatchServiceOptions,
  ) {
    this.limits = resolveLimits(options.limits);
  }

  create(args: ArgsOf<'createBatch'>): BatchInfo {
    const name = args.name.trim();
    if (!name) throw new FcrError('BAD_ARGS', '批次名称不能为空。');
    if (this.db.prepare('SELECT 1 FROM batches WHERE name = ?').get(name)) {
      throw new FcrError('BAD_ARGS', `批次“${name}”已存在，请换一个名称。`);
    }
    const clean = (v: string | undefined) => (v && v.trim() ? v.trim() : null);
    const row = [clean(args.body), clean(args.period), clean(args.region), clean(args.sector), clean(args.level)];
    const id = this.db.transaction(() => {
      const batchId = Number(
        this.db
          .prepare(
            'INSERT INTO batches (name, kind, body, period, region, sector, level, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(name, args.kind, ...row, new Date().toISOString()).lastInsertRowid,
      );
      appendAudit(this.db, {
        actor: this.actor(),
        action: 'batch.create',
        subject: `batch:${batchId}`,
        detail: { name, kind: args.kind },
      });
      return batchId;
    })();
    return this.info(id);
  }

  list(): BatchInfo[] {
    const rows = this.db.prepare('SELECT * FROM batches ORDER BY created_at DESC, id DESC').all() as BatchRow[];
    return rows.map((r) => this.toInfo(r));
  }

  info(id: number): BatchInfo {
    const row = this.db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;
    if (!row) throw new FcrError('NOT_FOUND', `找不到编号为 ${id} 的批次。`);
    return this.toInfo(row);
  }

  status(id: number): BatchStatus {
    const errors = this.db
      .prepare("SELECT path, error FROM batch_items WHERE batch_id = ? AND state = 'failed' ORDER BY path")
      .all(id) as { path: string; error: string | null }[];
    const running = this.running.get(id);
    return {
      ...this.info(id),
      errors: errors.map((e) => ({ path: e.path, message: e.error ?? '' })),
      running: running ? { ...running } : null,
    };
  }

  cancel(id: number): BatchStatus {
    const running = this.running.get(id);
    if (running) running.cancelled = true;
    return this.status(id);
  }

  /**
   * Imports files into a batch (archives expanded), `lanes` at a time; files already done with
   * the same size are skipped. Cancel stops taking new files; the files not reached stay pending.
   */
  async import(id: number, sources: BatchSource[], onProgress?: (p: BatchProgress) => void): Promise<BatchStatus> {
    const batch = this.info(id);
    if (this.running.has(id)) throw new FcrError('BAD_ARGS', `批次“${batch.name}”正在导入，请等待完成或先取消。`);
    const progress: BatchProgress = {
      total: 0,
      done: 0,
      failed: 0,
      current: null,
      startedAt: new Date().toISOString(),
      cancelled: false,
    };
    this.running.set(id, progress);
    try {
      const files = await this.expand(id, sources);
      const known = new Map(
        (
          this.db.prepare('SELECT path, size, state FROM batch_items WHERE batch_id = ?').all(id) as {
            path: string;
            size: number;
            state: string;
          }[]
        ).map((r) => [r.path, r]),
      );
      const todo = files.filter((f) => {
        const k = known.get(f.path);
        return !(k && k.state === 'done' && k.size === f.size);
      });
      const register = this.db.prepare(
        `INSERT INTO batch_items (batch_id, path, size, state, updated_at) VALUES (?, ?, ?, 'pending', ?)
           ON CONFLICT (batch_id, path) DO UPDATE SET size = excluded.size, state = 'pending', error = NULL,
              document_id = NULL, updated_at = excluded.updated_at`,
      );
      const now = new Date().toISOString();
      this.db.transaction(() => todo.forEach((f) => register.run(id, f.path, f.size, now)))();
      progress.total = todo.length;
      onProgress?.({ ...progress });
      let next = 0;
      const lane = async (): Promise<void> => {
        while (!progress.cancelled && next < todo.length) {
          const file = todo[next++]!;
          progress.current = file.path;
          onProgress?.({ ...progress });
          if (await this.importOne(id, file)) progress.done++;
          else progress.failed++;
          onProgress?.({ ...progress });
        }
      };
      await this.library.holdingIndex(() => Promise.all(Array.from({ length: Math.max(1, this.options.lanes) }, lane)));
      progress.current = null;
      onProgress?.({ ...progress });
      return { ...this.status(id), running: { ...progress } };
    } finally {
      this.running.delete(id);
    }
  }

  /** Imports one file; records the outcome on its item. True when the file is stored (or already was). */
  private async importOne(batchId: number, file: BatchSource): Promise<boolean> {
    let sha256: string | null = null;
    const done = (documentId: number): void => {
      this.db
        .prepare(
          "UPDATE batch_items SET state = 'done', sha256 = ?, error = NULL, document_id = ?, updated_at = ? WHERE batch_id = ? AND path = ?",
        )
        .run(sha256, documentId, new Date().toISOString(), batchId, file.path);
    };
    try {
      const bytes = await file.read();
      sha256 = createHash('sha256').update(bytes).digest('hex');
      const name = file.path.split('/').pop() || file.path;
      const result = await this.library.import({ name, bytes }, done);
      if (result.duplicate) done(result.document.id);
      return true;
    } catch (err) {
      this.failed(batchId, file.path, file.size, toErrorInfo(err).message, sha256);
      return false;
    }
  }

  private failed(batchId: number, path: string, size: number, message: string, sha256: string | null = null): void {
    this.db
      .prepare(
        `INSERT INTO batch_items (batch_id, path, size, sha256, state, error, updated_at) VALUES (?, ?, ?, ?, 'failed', ?, ?)
           ON CONFLICT (batch_id, path) DO UPDATE SET state = 'failed', sha256 = excluded.sha256,
              error = excluded.error, document_id = NULL, updated_at = excluded.updated_at`,
      )
      .run(batchId, path, size, sha256, message, new Date().toISOString());
  }

  /** Files of the sources with .zip archives expanded; an unreadable archive is recorded as a failed item. */
  private async expand(batchId: number, sources: BatchSource[]): Promise<BatchSource[]> {
    const out: BatchSource[] = [];
    for (const src of sources) {
      if (!isZipArchive(src.path)) {
        if (isBatchFile(src.path)) out.push(src);
        continue;
      }
      try {
        const zip = new ZipReader(await src.read(), src.path, this.limits);
        for (const entry of zip.entries.values()) {
          if (isBatchFile(entry.name) && !isZipArchive(entry.name)) {
            out.push({ path: `${src.path}/${entry.name}`, size: entry.size, read: () => zip.read(entry.name) });
          }
        }
      } catch (err) {
        this.failed(batchId, src.path, src.size, toErrorInfo(err).message);
      }
    }
    return out;
  }

  private toInfo(r: BatchRow): BatchInfo {
    const counts: BatchCounts = { total: 0, pending: 0, done: 0, failed: 0 };
    for (const c of this.db
      .prepare('SELECT state, COUNT(*) AS n FROM batch_items WHERE batch_id = ? GROUP BY state')
      .all(r.id) as { state: keyof BatchCounts; n: number }[]) {
      counts[c.state] = c.n;
      counts.total += c.n;
    }
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      body: r.body,
      period: r.period,
      region: r.region,
      sector: r.sector,
      level: r.level,
      createdAt: r.created_at,
      counts,
    };
  }
}
