/**
 * Builds the service layer that implements the API contract; every adapter (shell, host, CLI)
 * calls this `api` and nothing below it.
 */
import type { Api } from '../../shared/api.js';
import os from 'node:os';
import { clauseAt } from '../../shared/segment/index.js';
import { readPackageVersion } from '../paths.js';
import type { ServiceContext } from './context.js';
import { openDatabase, SCHEMA_VERSION, type Db } from './db.js';
import { DocumentService } from './documents.js';
import { BatchService } from './batches.js';
import type { ImportLimits } from './import/limits.js';
import { ImportPool } from './import/pool.js';
import { LibraryService } from './library.js';
import { ReviewService } from './reviews.js';
import { loadRules, type LoadedRules } from './rules.js';
import { SettingsStore } from './settings.js';

export interface ServicesOptions {
  /** Import limits (time budget, sizes) applied by the workers. */
  limits?: Partial<ImportLimits>;
  /** Import worker threads (default: every core). */
  workers?: number;
  /** Heap cap of each import worker (MB). */
  workerHeapMb?: number;
}

export interface Services {
  api: Api;
  db: Db;
  documents: DocumentService;
  reviews: ReviewService;
  library: LibraryService;
  batches: BatchService;
  close(): void;
}

export function createServices(dataDir: string, options: ServicesOptions = {}): Services {
  const db = openDatabase(dataDir);
  let rules: LoadedRules | null = null;
  const settings = new SettingsStore(db);
  const ctx: ServiceContext = {
    db,
    rules: () => (rules ??= loadRules()),
    actor: () => settings.get('reviewer') || 'local-user',
  };
  const reviews = new ReviewService(ctx, settings);
  // Extraction and scanning run in worker threads, started on the first import.
  let pool: ImportPool | null = null;
  const workers = () =>
    (pool ??= new ImportPool({ size: options.workers, heapMb: options.workerHeapMb, limits: options.limits }));
  const documents = new DocumentService(db, {
    actor: ctx.actor,
    limits: options.limits,
    extract: (name, bytes) => workers().run(name, bytes),
  });
  const library = new LibraryService(db, documents, reviews, ctx.actor);
  const batches = new BatchService(db, library, ctx.actor, {
    lanes: (options.workers ?? os.availableParallelism()) + 1,
    limits: options.limits,
  });
  // Compile the rules soon after start-up, off the first request's path.
  setTimeout(() => {
    try {
      ctx.rules();
    } catch {
      // Reported to whoever needs the rules first.
    }
  }, 0).unref?.();
  const state = (documentId: number) => reviews.state(documentId);

  const api: Api = {
    getAppInfo: async () => ({
      name: '审查助手',
      version: readPackageVersion(),
      dataDir,
      schemaVersion: SCHEMA_VERSION,
      rulesetVersion: ctx.rules().ruleSet.version,
    }),
    getSettings: async () => settings.all(),
    saveSettings: async (s) => settings.save(s, ctx.actor),

    listDocuments: async ({ deleted }) => library.list(deleted ?? false),
    getDocument: async ({ id }) => documents.get(id),
    importDocument: async (args) => library.import(args),
    updateDocumentMeta: async (args) => library.updateMeta(args),
    deleteDocument: async ({ id }) => (library.remove(id), null),
    restoreDocument: async ({ id }) => (library.restore(id), null),
    search: async (args) => library.find(args),

    getStandards: async () => reviews.catalog(),
    getReview: async ({ documentId }) => state(documentId),
    rescanDocument: async ({ documentId }) => {
      const text = documents.text(documentId);
      const changes = reviews.rescan(documentId, text, documents.clauses(documentId, text));
      return { ...state(documentId), changes };
    },
    setDisposition: async (args) => (reviews.setDisposition(args), state(args.documentId)),
    addManualFinding: async (args) => {
      const text = documents.text(args.documentId);
      const clause = clauseAt(documents.clauses(args.documentId, text), args.start);
      reviews.addManualFinding(args, text, { id: clause?.id ?? 'doc', label: clause?.label ?? '全文' });
      return state(args.documentId);
    },
    removeManualFinding: async (args) => (reviews.removeManualFinding(args), state(args.documentId)),
    saveChecklistItem: async (args) => (reviews.saveChecklistItem(args), state(args.documentId)),
    saveConclusion: async (args) => (reviews.saveConclusion(args), state(args.documentId)),
    finalizeReview: async ({ documentId }) => (reviews.finalize(documentId), state(documentId)),
    reviseReview: async ({ documentId }) => (reviews.revise(documentId), state(documentId)),
    getReviewHistory: async ({ documentId }) => reviews.history(documentId),

    createBatch: async (args) => batches.create(args),
    listBatches: async () => batches.list(),
    getBatch: async ({ id }) => batches.status(id),
    importIntoBatch: async ({ id, files }) =>
      batches.import(
        id,
        files.map((f) => ({ path: f.path, size: f.bytes.byteLength, read: () => f.bytes })),
      ),
    cancelBatchImport: async ({ id }) => batches.cancel(id),
  };
  return {
    api,
    db,
    documents,
    reviews,
    library,
    batches,
    close: () => {
      pool?.close();
      library.close();
      db.close();
    },
  };
}
