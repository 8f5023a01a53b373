/**
 * Batches (issue 12): named sets of documents imported together (抽查, 第三方评估, 清理).
 * A batch import records every file as a batch item first (pending), then imports the files
 * through the worker pool, several at a time: the workers extract, scan and fingerprint, the
 * main thread only writes. Writes are grouped: the files ready within a short interval are
 * written in one transaction (one commit instead of one per file), each file in its own
 * savepoint — stored, scanned, audited and its item marked done together, or (on an error)
 * nothing of it and its item marked failed. After a crash or a kill the next import of the
 * same files resumes: items already done are skipped, none is half-stored. A file's failure
 * is recorded on its item and never stops the batch. .zip archives are expanded here, under
 * the import limits (zip-bomb guards); review bundles from agencies (.fcrbundle, or a zip
 * recognised by its manifest) go through the bundle import, signature checked.
 */
import { createHash } from 'node:crypto';
import type { ArgsOf } from '../../shared/api.js';
import {
  isBatchFile,
  isBundleFile,
  isZipArchive,
  type BatchCounts,
  type BatchInfo,
  type BatchKind,
  type BatchProgress,
  type BatchStatus,
} from '../../shared/batch.js';
import { FcrError, toErrorInfo } from '../../shared/errors.js';
import type { BundleImportResult } from '../../shared/export/files.js';
import { appendAudit } from './audit.js';
import { cached, type Db } from './db.js';
import { manifestKind } from './export/signed-zip.js';
import { resolveLimits, type ImportLimits } from './import/limits.js';
import { ZipReader } from './import/zip.js';
import type { LibraryService, PreparedImport } from './library.js';

/** One file to import into a batch: a path inside the batch (folder-relative or archive/entry). */
export interface BatchSource {
  path: string;
  size: number;
  read(): Promise<Uint8Array> | Uint8Array;
}

/** A source after expansion: a document, or a review bundle from an agency. */
interface BatchFile extends BatchSource {
  bundle?: boolean;
}

/** Imports a review bundle (signature checked); `onStored` runs inside its transaction. */
export type BundleImporter = (name: string, bytes: Uint8Array, onStored: (id: number) => void) => BundleImportResult;

/** A file extracted and waiting for its group's write. */
interface Ready {
  file: BatchFile;
  prepared: PreparedImport;
}

/** Files written per transaction at most, and how long a ready file waits for others. */
const GROUP_MAX = 32;
const GROUP_WAIT_MS = 250;
const BUNDLE_KIND = 'fcr-review-bundle';

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
  /** Files imported at once, whatever their size (read, hashed, extracted: in a worker or waiting for one). */
  lanes: number;
  /**
   * Files imported at once at most: past `lanes`, a file is taken only while the files in hand
   * are small (LANE_BYTES), so that small files keep every worker's queue full while big ones
   * are not read ahead.
   */
  maxLanes?: number;
  limits?: Partial<ImportLimits>;
}

/** Bytes of the files in hand past which no more than `lanes` files are taken. */
const LANE_BYTES = 32 * 1024 * 1024;

export class BatchService {
  private readonly running = new Map<number, BatchProgress>();
  private readonly limits: ImportLimits;

  constructor(
    private readonly db: Db,
    private readonly library: LibraryService,
    private readonly actor: () => string,
    private readonly options: BatchServiceOptions,
    private readonly importBundle?: BundleImporter,
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

      // Files extracted wait here for one transaction with the others ready soon after.
      let ready: Ready[] = [];
      let timer: ReturnType<typeof setTimeout> | null = null;
      const flush = (): void => {
        if (timer) clearTimeout(timer);
        timer = null;
        const group = ready;
        ready = [];
        if (!group.length) return;
        for (const ok of this.writeGroup(id, group)) {
          if (ok) progress.done++;
          else progress.failed++;
        }
        onProgress?.({ ...progress });
      };
      const failed = (file: BatchFile, err: unknown): void => {
        this.failed(id, file.path, file.size, toErrorInfo(err).message);
        progress.failed++;
        onProgress?.({ ...progress });
      };

      // Lanes past the first `lanes` take a file only while the files in hand are small.
      const lanes = Math.max(1, this.options.lanes);
      const inHand = { files: 0, bytes: 0 };
      const room = (extra: boolean, size: number): boolean =>
        !extra || inHand.files < lanes || inHand.bytes + size <= LANE_BYTES;
      const waiting: (() => void)[] = [];
      let next = 0;
      const lane = async (extra: boolean): Promise<void> => {
        while (!progress.cancelled && next < todo.length) {
          if (!room(extra, todo[next]!.size)) {
            await new Promise<void>((resolve) => waiting.push(resolve));
            continue;
          }
          const file = todo[next++]!;
          progress.current = file.path;
          onProgress?.({ ...progress });
          let prepared: PreparedImport;
          inHand.files++;
          inHand.bytes += file.size;
          try {
            const bytes = await file.read();
            const name = file.path.split('/').pop() || file.path;
            if (file.bundle) {
              this.importBundleItem(id, file, name, bytes);
              progress.done++;
              onProgress?.({ ...progress });
              continue;
            }
            prepared = await this.library.prepare({ name, bytes });
          } catch (err) {
            failed(file, err);
            continue;
          } finally {
            inHand.files--;
            inHand.bytes -= file.size;
            for (const wake of waiting.splice(0)) wake();
          }
          ready.push({ file, prepared });
          if (ready.length >= GROUP_MAX) flush();
          else timer ??= setTimeout(flush, GROUP_WAIT_MS);
        }
      };
      try {
        const all = Math.max(lanes, this.options.maxLanes ?? lanes);
        await this.library.holdingIndex(() => Promise.all(Array.from({ length: all }, (_, i) => lane(i >= lanes))));
      } finally {
        flush();
      }
      progress.current = null;
      onProgress?.({ ...progress });
      return { ...this.status(id), running: { ...progress } };
    } finally {
      this.running.delete(id);
    }
  }

  /**
   * Writes a group of extracted files in one transaction, each in its own savepoint with its item
   * marked done (or, on an error, failed); should the commit itself fail, each file is written
   * alone. Returns whether each file is stored.
   */
  private writeGroup(batchId: number, group: Ready[]): boolean[] {
    const published: [number, PreparedImport][] = [];
    const writeOne = (r: Ready): boolean => {
      try {
        const { id, added } = this.db.transaction(() =>
          this.library.writePrepared(r.prepared, (documentId) =>
            this.done(batchId, r.file.path, r.prepared.sha256, documentId),
          ),
        )();
        if (added) published.push([id, r.prepared]);
        return true;
      } catch (err) {
        this.failed(batchId, r.file.path, r.file.size, toErrorInfo(err).message, r.prepared.sha256);
        return false;
      }
    };
    let outcome: boolean[];
    try {
      outcome = this.db.transaction(() => group.map(writeOne))();
    } catch {
      published.length = 0;
      outcome = group.map((r) => {
        try {
          return this.db.transaction(() => writeOne(r))();
        } catch (err) {
          this.failed(batchId, r.file.path, r.file.size, toErrorInfo(err).message, r.prepared.sha256);
          return false;
        }
      });
    }
    for (const [id, p] of published) this.library.published(id, p);
    return outcome;
  }

  /** Imports a review bundle into the batch: its document stored and its item marked done together. */
  private importBundleItem(batchId: number, file: BatchFile, name: string, bytes: Uint8Array): void {
    if (!this.importBundle) throw new FcrError('INTERNAL', `「${name}」是审查包，但此处不能导入审查包。`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    try {
      const result = this.importBundle(name, bytes, (documentId) => this.done(batchId, file.path, sha256, documentId));
      if (result.duplicate) this.done(batchId, file.path, sha256, result.document.id);
    } catch (err) {
      // The bundle import's messages name the file; say that it was a bundle where they do not.
      const { code, message } = toErrorInfo(err);
      if (message.includes('审查包')) throw err;
      throw new FcrError(code, message.startsWith('「') ? `审查包${message}` : `审查包「${name}」未导入：${message}`);
    }
  }

  private done(batchId: number, path: string, sha256: string | null, documentId: number): void {
    cached(
      this.db,
      "UPDATE batch_items SET state = 'done', sha256 = ?, error = NULL, document_id = ?, updated_at = ? WHERE batch_id = ? AND path = ?",
    ).run(sha256, documentId, new Date().toISOString(), batchId, path);
  }

  private failed(batchId: number, path: string, size: number, message: string, sha256: string | null = null): void {
    cached(
      this.db,
      `INSERT INTO batch_items (batch_id, path, size, sha256, state, error, updated_at) VALUES (?, ?, ?, ?, 'failed', ?, ?)
         ON CONFLICT (batch_id, path) DO UPDATE SET state = 'failed', sha256 = excluded.sha256,
            error = excluded.error, document_id = NULL, updated_at = excluded.updated_at`,
    ).run(batchId, path, size, sha256, message, new Date().toISOString());
  }

  /**
   * Files of the sources with .zip archives expanded and review bundles recognised (by name, or a
   * zip by its manifest); an unreadable archive is recorded as a failed item.
   */
  private async expand(batchId: number, sources: BatchSource[]): Promise<BatchFile[]> {
    const out: BatchFile[] = [];
    const isBundle = (bytes: Uint8Array) => manifestKind(bytes) === BUNDLE_KIND;
    for (const src of sources) {
      if (isBundleFile(src.path)) {
        out.push({ ...src, bundle: true });
        continue;
      }
      if (!isZipArchive(src.path)) {
        if (isBatchFile(src.path)) out.push(src);
        continue;
      }
      try {
        const bytes = await src.read();
        if (isBundle(bytes)) {
          out.push({ path: src.path, size: src.size, read: () => bytes, bundle: true });
          continue;
        }
        const zip = new ZipReader(bytes, src.path, this.limits);
        for (const entry of zip.entries.values()) {
          const path = `${src.path}/${entry.name}`;
          const read = () => zip.read(entry.name);
          if (isBundleFile(entry.name)) out.push({ path, size: entry.size, read, bundle: true });
          else if (isZipArchive(entry.name)) {
            // An archive inside an archive is not expanded, but may be a bundle under another name.
            if (isBundle(read())) out.push({ path, size: entry.size, read, bundle: true });
          } else if (isBatchFile(entry.name)) out.push({ path, size: entry.size, read });
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
