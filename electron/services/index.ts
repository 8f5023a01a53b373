/**
 * Builds the service layer that implements the API contract; every adapter (shell, host, CLI)
 * calls this `api` and nothing below it. The database behind it can be swapped (a restore), so the
 * api delegates to the current set of services, and every failure passes through the storage-error
 * mapping after any open transaction is rolled back.
 */
import os from 'node:os';
import path from 'node:path';
import { METHOD_NAMES, type Api } from '../../shared/api.js';
import { FcrError } from '../../shared/errors.js';
import type { AuditAnchor, AuditReport, BackupInfo, RestoreResult, TrustStatus } from '../../shared/types.js';
import { clauseAt } from '../../shared/segment/index.js';
import { readPackageVersion } from '../paths.js';
import { issueAnchor, verifyDataFolder } from './audit.js';
import { createBackup, dailyBackupIfDue, stageRestore, swapInRestore } from './backup.js';
import type { ServiceContext } from './context.js';
import { DB_FILE_NAME, openDatabase, SCHEMA_VERSION, type Db } from './db.js';
import { BatchService } from './batches.js';
import { DocumentService } from './documents.js';
import { PlaceIndex } from '../../shared/region.js';
import { PLACE_LIST } from '../../shared/rules/schema.js';
import { EvaluationService } from './evaluations.js';
import { ExportService } from './export/index.js';
import { resolveLimits, type ImportLimits } from './import/limits.js';
import { ImportPool } from './import/pool.js';
import { LibraryService } from './library.js';
import { acquireFolderLock, type FolderLock } from './lock.js';
import { ReviewService } from './reviews.js';
import { RevisionService } from './revisions.js';
import { SamplingService } from './sampling.js';
import { exportResults } from './export/results.js';
import { dataDirConfig, loadRules, type LoadedRules } from './rules.js';
import { RuleSettingsService } from './rule-settings.js';
import { SettingsStore } from './settings.js';
import { backupsDir, listBackups, storageError } from './storage.js';

export interface Services {
  api: Api;
  readonly db: Db;
  readonly documents: DocumentService;
  readonly reviews: ReviewService;
  readonly library: LibraryService;
  readonly batches: BatchService;
  /** Signs and keeps the audit chain's current head (for exports, ledgers and backups). */
  currentAnchor(issuedFor?: string): AuditAnchor;
  /**
   * Recomputes the audit chain against the anchors kept in the data folder and `handedOut` ones
   * read back from exported files (anchors.ts).
   */
  verifyAudit(handedOut?: AuditAnchor[]): AuditReport;
  /** An online backup into the backups folder (rotated), or to `out`. */
  backup(out?: string): Promise<BackupInfo>;
  /** Background start-up work of a running app: audit verification, an anchor, a daily backup. */
  startBackground(): Promise<AuditReport>;
  close(): void;
}

interface Inner {
  db: Db;
  documents: DocumentService;
  reviews: ReviewService;
  library: LibraryService;
  exports: ExportService;
  batches: BatchService;
  evaluations: EvaluationService;
  sampling: SamplingService;
  api: Omit<Api, 'getTrustStatus' | 'verifyAudit' | 'listBackups' | 'createBackup' | 'restoreBackup'>;
}

function build(dataDir: string, db: Db, options: ServiceOptions, pool: () => ImportPool): Inner {
  let rules: LoadedRules | null = null;
  const settings = new SettingsStore(db);
  let places: PlaceIndex | undefined;
  const replaceRules = (loaded: LoadedRules) => {
    rules = loaded;
    places = undefined;
  };
  const ctx: ServiceContext = {
    db,
    rules: () => (rules ??= loadRules(undefined, dataDirConfig(dataDir))),
    actor: () => settings.get('reviewer') || 'local-user',
    regionOf: (issuer) => (places ??= new PlaceIndex(ctx.rules().lexicon[PLACE_LIST] ?? [])).regionOf(issuer),
    maxFindings: resolveLimits(options.limits).maxFindings,
  };
  const reviews = new ReviewService(ctx, settings);
  const ruleSettings = new RuleSettingsService({ db, dataDir, actor: ctx.actor, rules: ctx.rules, replaceRules });
  // Extraction and scanning run in worker threads (the pool starts on the first import);
  // with `workers: 0`, in this thread.
  const inThread = options.workers === 0;
  const documents = new DocumentService(db, {
    actor: ctx.actor,
    limits: options.limits,
    ...(inThread ? {} : { extract: (name: string, bytes: Uint8Array) => pool().run(name, bytes) }),
  });
  const library = new LibraryService(db, documents, reviews, ctx.actor);
  const revisions = new RevisionService(ctx, documents, reviews);
  const sampling = new SamplingService({
    db,
    reviews,
    actor: ctx.actor,
    regionOf: ctx.regionOf,
  });
  const evaluations = new EvaluationService(ctx, documents, reviews.findings, (batchId) =>
    sampling.latestPlanIfAny(batchId),
  );
  // Compile the rules soon after start-up, off the first request's path.
  setTimeout(() => {
    try {
      ctx.rules();
    } catch {
      // Reported to whoever needs the rules first.
    }
  }, 0).unref?.();
  const state = (documentId: number) => reviews.state(documentId);
  const exports = new ExportService(
    {
      db,
      documents,
      reviews,
      library,
      settings,
      actor: ctx.actor,
      appVersion: readPackageVersion(),
      standards: () => ctx.rules().standards,
    },
    dataDir,
  );
  // Two files in flight per worker whatever their size, each worker having the next file while
  // the main thread writes; up to five while they are small (a few waiting in each worker).
  const workers = inThread ? 0 : (options.workers ?? os.availableParallelism());
  const batches = new BatchService(
    db,
    library,
    ctx.actor,
    { lanes: inThread ? 1 : 2 * workers, maxLanes: inThread ? 1 : 5 * workers, limits: options.limits },
    (name, bytes, onStored) => exports.importBundle({ name, bytes }, onStored),
  );

  const api: Inner['api'] = {
    getAppInfo: async () => ({
      name: '审查助手',
      version: readPackageVersion(),
      dataDir,
      schemaVersion: SCHEMA_VERSION,
      rulesetVersion: ctx.rules().ruleSet.version,
    }),
    getSettings: async () => settings.all(),
    saveSettings: async (s) => settings.save(s, ctx.actor),
    getRuleSettings: async () => ruleSettings.view(),
    saveRuleSettings: async (args) => ruleSettings.save(args),

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
    reviseReview: async (args) => {
      if (await revisions.revise(args)) library.reindex(args.documentId);
      return state(args.documentId);
    },
    getRevisionDocument: async (args) => revisions.document(args),
    getReviewHistory: async ({ documentId }) => reviews.history(documentId),

    exportLedger: (args) => exports.ledger(args),
    exportBundle: async ({ documentId }) => exports.bundle(documentId),
    importBundle: async (args) => exports.importBundle(args),
    exportPackage: ({ documentId }) => exports.package(documentId),
    exportOpinion: ({ documentId }) => exports.opinion(documentId),
    exportForm: ({ documentId }) => exports.form(documentId),
    exportOpinions: (args) => exports.opinions(args),

    createBatch: async (args) => batches.create(args),
    listBatches: async () => batches.list(),
    getBatch: async ({ id }) => batches.status(id),
    importIntoBatch: async ({ id, files }) =>
      batches.import(
        id,
        files.map((f) => ({ path: f.path, size: f.bytes.byteLength, read: () => f.bytes })),
      ),
    cancelBatchImport: async ({ id }) => batches.cancel(id),

    getEvaluationOverview: async ({ id }) => evaluations.overview(id),
    getEvaluation: async ({ batchId, documentId }) => evaluations.record(batchId, documentId),
    saveEvaluation: async (args) => evaluations.save(args),
    decideEvaluationFinding: async (args) => evaluations.decide(args),
    addEvaluationProblem: async (args) => evaluations.addProblem(args),
    removeEvaluationProblem: async (args) => evaluations.removeProblem(args),
    exportEvaluationReport: ({ id }) => exports.evaluation('report', id, { batches, evaluations }),
    exportEvaluationPapers: ({ id }) => exports.evaluation('papers', id, { batches, evaluations }),
    getSamplingOptions: async ({ batchId }) => sampling.options(batchId),
    drawSample: async (args) => sampling.draw(args),
    listSamplePlans: async ({ batchId }) => sampling.list(batchId),
    getSamplePlan: async ({ planId }) => sampling.detail(planId),
    assignInspectors: async (args) => sampling.assign(args),
    getCheckRecord: async ({ planId, documentId }) => sampling.checkRecord(planId, documentId),
    saveCheckRecord: async (args) => sampling.saveCheckRecord(args),
    exportSampleResults: ({ planId, format }) =>
      exportResults({ db, sampling, standards: () => ctx.rules().standards }, planId, format),
  };
  return { db, documents, reviews, library, exports, batches, evaluations, sampling, api };
}

export interface ServiceOptions {
  /** A long-running app instance (window or host): takes the data folder's lock. */
  app?: string;
  /** Import limits (time budget, sizes) applied by the workers. */
  limits?: Partial<ImportLimits>;
  /**
   * Import worker threads (default: every core). 0: extract and scan in this thread, without
   * the workers' time and memory limits (the single-thread baseline of tests and the bench).
   */
  workers?: number;
  /** Heap cap of each import worker (MB). */
  workerHeapMb?: number;
}

export function createServices(dataDir: string, options: ServiceOptions = {}): Services {
  const lock: FolderLock | null = options.app ? acquireFolderLock(dataDir, options.app) : null;
  // One pool of import workers for the life of the services, whatever database is behind them.
  let workers: ImportPool | null = null;
  const pool = () =>
    (workers ??= new ImportPool({
      size: options.workers,
      heapMb: options.workerHeapMb,
      limits: options.limits,
      // Workers scan with the data folder's rule settings, as the main thread does.
      rules: dataDirConfig(dataDir),
    }));
  let inner: Inner;
  try {
    inner = build(dataDir, openDatabase(dataDir), options, pool);
  } catch (err) {
    lock?.release();
    throw err;
  }
  let audit: AuditReport | null = null;
  let pending: Promise<unknown> = Promise.resolve();
  const file = path.join(dataDir, DB_FILE_NAME);
  const closeInner = () => {
    inner.library.close();
    inner.db.close();
  };

  /** Runs one call; a failure leaves no transaction open and storage errors are put in words. */
  const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (inner.db.open && inner.db.inTransaction) {
        try {
          inner.db.exec('ROLLBACK');
        } catch {
          // Nothing left to roll back.
        }
      }
      throw storageError(err, dataDir, file);
    }
  };

  const verify = (handedOut: AuditAnchor[] = []): AuditReport =>
    (audit = verifyDataFolder(inner.db, dataDir, handedOut));

  const restore = async (source: string): Promise<RestoreResult> => {
    const staged = await stageRestore(source, dataDir);
    await pending;
    closeInner();
    const replaced = swapInRestore(staged, dataDir);
    inner = build(dataDir, openDatabase(dataDir), options, pool);
    issueAnchor(inner.db, dataDir);
    return { restored: path.basename(source), replacedAs: replaced, audit: verify() };
  };
  const backup = (out?: string) => {
    const made = createBackup(inner.db, dataDir, 'manual', out);
    pending = made.catch(() => undefined);
    return made;
  };

  const trust: Pick<Api, 'getTrustStatus' | 'verifyAudit' | 'listBackups' | 'createBackup' | 'restoreBackup'> = {
    getTrustStatus: async (): Promise<TrustStatus> => ({ audit, latestBackup: listBackups(dataDir)[0] ?? null }),
    verifyAudit: async () => verify(),
    listBackups: async () => listBackups(dataDir),
    createBackup: () => backup(),
    restoreBackup: async ({ name }) => {
      const backup = listBackups(dataDir).find((b) => b.name === name);
      if (!backup) throw new FcrError('NOT_FOUND', `备份文件夹 ${backupsDir(dataDir)} 里没有名为 ${name} 的备份。`);
      return restore(backup.path);
    },
  };
  const api = Object.fromEntries(
    METHOD_NAMES.map((name) => [
      name,
      (args: never) =>
        guarded(() =>
          name in trust
            ? (trust[name as keyof typeof trust] as (a: never) => Promise<unknown>)(args)
            : (inner.api[name as keyof Inner['api']] as (a: never) => Promise<unknown>)(args),
        ),
    ]),
  ) as unknown as Api;

  return {
    api,
    get db() {
      return inner.db;
    },
    get documents() {
      return inner.documents;
    },
    get reviews() {
      return inner.reviews;
    },
    get library() {
      return inner.library;
    },
    get batches() {
      return inner.batches;
    },
    currentAnchor: (issuedFor) => issueAnchor(inner.db, dataDir, issuedFor),
    verifyAudit: verify,
    backup: (out) => guarded(() => backup(out)),
    startBackground: () => {
      const run = (async () => {
        await new Promise((r) => setTimeout(r, 0));
        const report = verify();
        if (report.ok) issueAnchor(inner.db, dataDir);
        await dailyBackupIfDue(inner.db, dataDir);
        return report;
      })();
      pending = run.catch(() => undefined);
      return run;
    },
    close: () => {
      workers?.close();
      closeInner();
      lock?.release();
    },
  };
}

/**
 * `fcr restore FILE`: checks the backup and swaps it in without opening the live database (which
 * may be the damaged one), under the folder's lock, so no running app is writing meanwhile.
 */
export async function restoreDataFolder(dataDir: string, source: string): Promise<RestoreResult> {
  const lock = acquireFolderLock(dataDir, 'fcr restore');
  try {
    const staged = await stageRestore(source, dataDir);
    const replacedAs = swapInRestore(staged, dataDir);
    const db = openDatabase(dataDir);
    try {
      issueAnchor(db, dataDir);
      return { restored: path.basename(source), replacedAs, audit: verifyDataFolder(db, dataDir) };
    } finally {
      db.close();
    }
  } finally {
    lock.release();
  }
}
