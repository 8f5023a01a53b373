/** Builds the service layer that implements the API contract; every adapter calls this. */
import type { Api } from '../../shared/api.js';
import { clauseAt } from '../../shared/segment/index.js';
import { readPackageVersion } from '../paths.js';
import { openDatabase, SCHEMA_VERSION, type Db } from './db.js';
import { DocumentService } from './documents.js';
import { LibraryService } from './library.js';
import { ReviewService } from './reviews.js';
import { dataDirConfig, loadRules, type LoadedRules } from './rules.js';

export interface Services {
  api: Api;
  db: Db;
  documents: DocumentService;
  reviews: ReviewService;
  library: LibraryService;
  close(): void;
}

export function createServices(dataDir: string): Services {
  const db = openDatabase(dataDir);
  let rules: LoadedRules | null = null;
  const loadedRules = (): LoadedRules => (rules ??= loadRules(undefined, dataDirConfig(dataDir)));
  const reviews = new ReviewService(db, loadedRules, () => actor());
  const actor = (): string => reviews.setting('reviewer') || 'local-user';
  const documents = new DocumentService(db, {
    actor: () => actor(),
    // Findings are computed in the import transaction: a document is never stored unscanned.
    onStored: (id, doc) => reviews.scan(id, doc.text, doc.clauses),
  });
  const library = new LibraryService(db, documents, reviews, actor);
  // Compile the rules soon after start-up, off the first request's path.
  setTimeout(() => {
    try {
      loadedRules();
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
      rulesetVersion: loadedRules().ruleSet.version,
    }),
    getSettings: async () => library.settings(),
    saveSettings: async (s) => library.saveSettings(s),

    listDocuments: async ({ deleted }) => library.list(deleted ?? false),
    getDocument: async ({ id }) => documents.get(id),
    importDocument: async ({ name, bytes }) => {
      const result = await documents.import(name, bytes);
      if (!result.duplicate) library.added(result.document.id, documents.text(result.document.id));
      return result;
    },
    updateDocumentMeta: async ({ id, ...meta }) => library.updateMeta(id, meta),
    deleteDocument: async ({ id }) => (library.remove(id), null),
    restoreDocument: async ({ id }) => (library.restore(id), null),
    search: async ({ query, limit }) => library.find(query, limit),

    getStandards: async () => reviews.catalog(),
    getReview: async ({ documentId }) => state(documentId),
    rescanDocument: async ({ documentId }) => {
      const doc = documents.get(documentId);
      reviews.rescan(documentId, doc.text, doc.clauses);
      return state(documentId);
    },
    setDisposition: async ({ documentId, findingId, disposition, reason }) => {
      reviews.setDisposition(documentId, findingId, disposition, reason);
      return state(documentId);
    },
    addManualFinding: async ({ documentId, ...input }) => {
      const doc = documents.get(documentId);
      const clause = clauseAt(doc.clauses, input.start);
      reviews.addManualFinding(documentId, doc.text, {
        ...input,
        clauseId: clause?.id ?? 'doc',
        clauseLabel: clause?.label ?? '全文',
      });
      return state(documentId);
    },
    removeManualFinding: async ({ documentId, findingId }) => {
      reviews.removeManualFinding(documentId, findingId);
      return state(documentId);
    },
    saveChecklistItem: async ({ documentId, ...item }) => {
      reviews.saveChecklistItem(documentId, item);
      return state(documentId);
    },
    saveConclusion: async ({ documentId, ...input }) => {
      reviews.saveConclusion(documentId, input);
      return state(documentId);
    },
    finalizeReview: async ({ documentId }) => {
      reviews.finalize(documentId);
      return state(documentId);
    },
    reviseReview: async ({ documentId }) => {
      reviews.revise(documentId);
      return state(documentId);
    },
    getReviewHistory: async ({ documentId }) => reviews.history(documentId),
  };
  return {
    api,
    db,
    documents,
    reviews,
    library,
    close: () => {
      library.close();
      db.close();
    },
  };
}
