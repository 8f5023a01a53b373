/**
 * The one API contract. Every operation is declared here once: its name, argument schema and
 * result type. The Electron shell (IPC), the browser host (HTTP) and the renderer's client are
 * all derived from this table; the CLI calls the same service implementation directly.
 */
import { s, type Infer, type Schema } from './schema.js';
import type {
  HistoryEntry,
  LibraryEntry,
  ReviewState,
  SearchResult,
  Settings,
  StandardsCatalog,
} from './review/types.js';
import type { AppInfo, DocumentDetail, ImportResult } from './types.js';

/** Largest file accepted through the API (bytes). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

interface MethodSpec<A, R> {
  args: Schema<A>;
  /** Phantom field carrying the result type. */
  result?: R;
}

function method<A, R>(args: Schema<A>): MethodSpec<A, R> {
  return { args };
}

const NONE = s.object({}) as Schema<Record<string, never>>;
type None = Record<string, never>;
const documentId = s.int({ min: 1 });
const text = (max: number) => s.string({ max });
const category = s.literal('entry_exit', 'free_flow', 'cost', 'conduct');
const consultation = s.object({
  stakeholders: s.boolean(),
  publicComment: s.boolean(),
  details: text(5000),
  notDoneReason: text(5000),
});
const exceptionStatement = s.object({
  effect: text(5000),
  ground: text(20),
  leastHarm: text(5000),
  term: text(5000),
  other: text(5000),
});

export const contract = {
  getAppInfo: method<None, AppInfo>(NONE),
  getSettings: method<None, Settings>(NONE),
  saveSettings: method<Settings, Settings>(s.object({ reviewer: text(100), unit: text(200) })),

  listDocuments: method<{ deleted?: boolean }, LibraryEntry[]>(s.object({ deleted: s.optional(s.boolean()) })),
  getDocument: method<{ id: number }, DocumentDetail>(s.object({ id: documentId })),
  importDocument: method<{ name: string; bytes: Uint8Array }, ImportResult>(
    s.object({ name: s.string({ min: 1, max: 255 }), bytes: s.bytes({ max: MAX_IMPORT_BYTES }) }),
  ),
  updateDocumentMeta: method<
    { id: number; title: string; docNumber: string | null; issuer: string | null; docDate: string | null },
    LibraryEntry
  >(
    s.object({
      id: documentId,
      title: s.string({ min: 1, max: 300 }),
      docNumber: s.nullable(text(100)),
      issuer: s.nullable(text(200)),
      docDate: s.nullable(text(10)),
    }),
  ),
  deleteDocument: method<{ id: number }, null>(s.object({ id: documentId })),
  restoreDocument: method<{ id: number }, null>(s.object({ id: documentId })),
  search: method<{ query: string; limit?: number }, SearchResult[]>(
    s.object({ query: s.string({ min: 1, max: 100 }), limit: s.optional(s.int({ min: 1, max: 1000 })) }),
  ),

  getStandards: method<None, StandardsCatalog>(NONE),
  getReview: method<{ documentId: number }, ReviewState>(s.object({ documentId })),
  rescanDocument: method<{ documentId: number }, ReviewState>(s.object({ documentId })),
  setDisposition: method<
    { documentId: number; findingId: number; disposition: 'accept' | 'exception' | 'reject' | null; reason: string },
    ReviewState
  >(
    s.object({
      documentId,
      findingId: s.int({ min: 1 }),
      disposition: s.nullable(s.literal('accept', 'exception', 'reject')),
      reason: text(2000),
    }),
  ),
  addManualFinding: method<
    {
      documentId: number;
      start: number;
      end: number;
      standard: string;
      category?: 'entry_exit' | 'free_flow' | 'cost' | 'conduct';
      note: string;
    },
    ReviewState
  >(
    s.object({
      documentId,
      start: s.int({ min: 0 }),
      end: s.int({ min: 1 }),
      standard: s.string({ min: 1, max: 20 }),
      category: s.optional(category),
      note: text(2000),
    }),
  ),
  removeManualFinding: method<{ documentId: number; findingId: number }, ReviewState>(
    s.object({ documentId, findingId: s.int({ min: 1 }) }),
  ),
  saveChecklistItem: method<
    {
      documentId: number;
      standardId: string;
      category: 'entry_exit' | 'free_flow' | 'cost' | 'conduct';
      answer: 'na' | 'ok' | 'violation' | 'exception' | null;
      note: string;
      exception: { effect: string; ground: string; leastHarm: string; term: string; other: string } | null;
    },
    ReviewState
  >(
    s.object({
      documentId,
      standardId: s.string({ min: 1, max: 20 }),
      category,
      answer: s.nullable(s.literal('na', 'ok', 'violation', 'exception')),
      note: text(5000),
      exception: s.nullable(exceptionStatement),
    }),
  ),
  saveConclusion: method<
    {
      documentId: number;
      conclusion: 'compliant' | 'non_compliant' | 'exception' | null;
      reviewer: string;
      unit: string;
      consultation: { stakeholders: boolean; publicComment: boolean; details: string; notDoneReason: string };
      opinion: string;
    },
    ReviewState
  >(
    s.object({
      documentId,
      conclusion: s.nullable(s.literal('compliant', 'non_compliant', 'exception')),
      reviewer: text(100),
      unit: text(200),
      consultation,
      opinion: text(20000),
    }),
  ),
  finalizeReview: method<{ documentId: number }, ReviewState>(s.object({ documentId })),
  reviseReview: method<{ documentId: number }, ReviewState>(s.object({ documentId })),
  getReviewHistory: method<{ documentId: number }, HistoryEntry[]>(s.object({ documentId })),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type ArgsOf<M extends MethodName> = Contract[M] extends MethodSpec<infer A, unknown> ? A : never;
export type ResultOf<M extends MethodName> = Contract[M] extends MethodSpec<unknown, infer R> ? R : never;

/** What a service layer implements and what every client exposes. */
export type Api = { [M in MethodName]: (args: ArgsOf<M>) => Promise<ResultOf<M>> };

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Validates raw arguments for a method; throws SchemaError with a Chinese message. */
export function parseArgs<M extends MethodName>(name: M, raw: unknown): ArgsOf<M> {
  return (contract[name].args as Schema<ArgsOf<M>>).parse(raw);
}

/** IPC channel for a method: one named channel per method, never a generic one. */
export function ipcChannel(name: MethodName): string {
  return `fcr:${name}`;
}

export type { Infer };
