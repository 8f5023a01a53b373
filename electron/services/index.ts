/**
 * Builds the service layer that implements the API contract; every adapter (shell, host, CLI)
 * calls this `api` and nothing below it.
 */
import type { Api } from '../../shared/api.js';
import { clauseAt } from '../../shared/segment/index.js';
import { readPackageVersion } from '../paths.js';
import type { ServiceContext } from './context.js';
import { openDatabase, SCHEMA_VERSION, type Db } from './db.js';
import { DocumentService } from './documents.js';
import { ExportService } from './export/index.js';
import { LibraryService } from './library.js';
import { ReviewService } from './reviews.js';
import { RevisionService } from './revisions.js';
import { dataDirConfig, loadRules, type LoadedRules } from './rules.js';
import { SettingsStore } from './settings.js';

export interface Services {
  api: Api;
  db: Db;
  documents: DocumentService;
  reviews: ReviewService;
  library: LibraryService;
  exports: ExportService;
  close(): void;
}

export function createServices(dataDir: string): Services {
  const db = openDatabase(dataDir);
  let rules: LoadedRules | null = null;
  const settings = new SettingsStore(db);
  const ctx: ServiceContext = {
    db,
    rules: () => (rules ??= loadRules(undefined, dataDirConfig(dataDir))),
    actor: () => settings.get('reviewer') || 'local-user',
  };
  const reviews = new ReviewService(ctx, settings);
  const documents = new DocumentService(db, { actor: ctx.actor });
  const library = new LibraryService(db, documents, reviews, ctx.actor);
  const revisions = new RevisionService(ctx, documents, reviews);
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
  };
  return {
    api,
    db,
    documents,
    reviews,
    library,
    exports,
    close: () => {
      library.close();
      db.close();
    },
  };
}
