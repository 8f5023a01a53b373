/**
 * The one API contract. Every operation is declared here once: its name, argument schema and
 * result type. The Electron shell (IPC), the browser host (HTTP) and the renderer's client are
 * all derived from this table, and so is the CLI's: every adapter calls the same `Api`. Argument
 * types are inferred from the schemas, so each shape is written once.
 */
import { s, type Infer, type Schema } from './schema.js';
import type {
  HistoryEntry,
  LibraryEntry,
  RescanResult,
  ReviewState,
  RevisionDocument,
  SearchResult,
  Settings,
  StandardsCatalog,
} from './review/types.js';
import type {
  AppInfo,
  AuditReport,
  BackupInfo,
  DocumentDetail,
  ImportResult,
  RestoreResult,
  RuleSettings,
  TrustStatus,
} from './types.js';
import type { BundleImportResult, ExportedFile } from './export/files.js';

export type { ExportedFile };
import type { BatchInfo, BatchStatus } from './batch.js';
import type { EvaluationOverview, EvaluationRecord } from './evaluation.js';
import type { CheckRecordView, SamplePlanDetail, SamplePlanSummary, SamplingOptions } from './sampling.js';

/** Largest file accepted through the API (bytes). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

interface MethodSpec<A, R> {
  args: Schema<A>;
  /** Phantom field carrying the result type. */
  result?: R;
}

/** Marks a method's result type; the argument type comes from its schema. */
const returns = <R>(): R | undefined => undefined;

function method<A, R>(args: Schema<A>, _result: R | undefined): MethodSpec<A, R> {
  return { args };
}

const NONE = s.object({}) as Schema<Record<string, never>>;
const documentId = s.int({ min: 1 });
const findingId = s.int({ min: 1 });
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
const reviewDetails = s.object({
  sector: text(200),
  nature: s.nullable(s.literal('admin_regulation', 'local_regulation', 'rule', 'normative', 'other')),
  drafter: text(200),
  drafterContact: text(100),
  drafterPhone: text(50),
  reviewerContact: text(100),
  reviewerPhone: text(50),
  expert: text(5000),
  remarks: text(5000),
});
const byId = s.object({ id: documentId });
const byDocument = s.object({ documentId });
const day = s.string({ min: 10, max: 10 });
const checkItem = s.object({ result: s.nullable(s.literal('pass', 'fail', 'unclear')), note: text(5000) });
const checkRecord = s.object({
  checks: s.object({
    unreviewed: checkItem,
    against_conclusion: checkItem,
    conclusion_accurate: checkItem,
    mechanism: checkItem,
    procedure: checkItem,
  }),
  problems: s.array(
    s.union(
      s.object({
        kind: s.literal('substantive'),
        findingId: s.nullable(s.int({ min: 1 })),
        clause: text(200),
        standard: s.string({ min: 1, max: 20 }),
        category: text(20),
        evidence: text(5000),
        note: text(5000),
      }),
      s.object({
        kind: s.literal('procedural'),
        type: s.literal('unreviewed', 'no_consultation', 'against_conclusion', 'no_mechanism'),
        note: text(5000),
      }),
    ),
    { max: 200 },
  ),
  disposition: s.nullable(s.literal('none', 'revise', 'repeal', 'stop', 'terminate')),
  deadline: s.nullable(day),
  status: s.nullable(s.literal('pending', 'in_progress', 'done')),
  publishedOn: s.nullable(day),
  publishedWhere: text(500),
  reportFiledOn: s.nullable(day),
  interviews: s.array(s.object({ date: day, who: text(500), note: text(5000) }), { max: 100 }),
  note: text(10000),
});
const inspector = s.object({ name: s.string({ min: 1, max: 100 }), unit: text(200) });

/** A file sent by name and bytes. */
const upload = s.object({ name: s.string({ min: 1, max: 255 }), bytes: s.bytes({ max: MAX_IMPORT_BYTES }) });

export const contract = {
  getAppInfo: method(NONE, returns<AppInfo>()),
  getSettings: method(NONE, returns<Settings>()),
  saveSettings: method(
    s.object({
      reviewer: text(100),
      unit: text(200),
      contact: s.optional(text(100)),
      phone: s.optional(text(50)),
    }),
    returns<Settings>(),
  ),
  getRuleSettings: method(NONE, returns<RuleSettings>()),
  /** Replaces the data folder's rule settings: rules not listed follow their rule file. */
  saveRuleSettings: method(
    s.object({
      rules: s.array(s.object({ id: s.string({ min: 1, max: 60 }), setting: s.literal('strong', 'weak', 'off') }), {
        max: 2000,
      }),
      places: s.array(s.string({ min: 1, max: 20 }), { max: 5000 }),
    }),
    returns<RuleSettings>(),
  ),

  listDocuments: method(s.object({ deleted: s.optional(s.boolean()) }), returns<LibraryEntry[]>()),
  getDocument: method(byId, returns<DocumentDetail>()),
  importDocument: method(upload, returns<ImportResult>()),
  updateDocumentMeta: method(
    s.object({
      id: documentId,
      title: s.string({ min: 1, max: 300 }),
      docNumber: s.nullable(text(100)),
      issuer: s.nullable(text(200)),
      docDate: s.nullable(text(10)),
    }),
    returns<LibraryEntry>(),
  ),
  deleteDocument: method(byId, returns<null>()),
  restoreDocument: method(byId, returns<null>()),
  search: method(
    s.object({ query: s.string({ min: 1, max: 100 }), limit: s.optional(s.int({ min: 1, max: 1000 })) }),
    returns<SearchResult[]>(),
  ),

  getStandards: method(NONE, returns<StandardsCatalog>()),
  getReview: method(byDocument, returns<ReviewState>()),
  rescanDocument: method(byDocument, returns<RescanResult>()),
  setDisposition: method(
    s.object({
      documentId,
      findingId,
      disposition: s.nullable(s.literal('accept', 'exception', 'reject')),
      reason: text(2000),
    }),
    returns<ReviewState>(),
  ),
  addManualFinding: method(
    s.object({
      documentId,
      start: s.int({ min: 0 }),
      end: s.int({ min: 1 }),
      standard: s.string({ min: 1, max: 20 }),
      category: s.optional(category),
      note: text(2000),
    }),
    returns<ReviewState>(),
  ),
  removeManualFinding: method(s.object({ documentId, findingId }), returns<ReviewState>()),
  saveChecklistItem: method(
    s.object({
      documentId,
      standardId: s.string({ min: 1, max: 20 }),
      category,
      answer: s.nullable(s.literal('na', 'ok', 'violation', 'exception')),
      note: text(5000),
      exception: s.nullable(exceptionStatement),
    }),
    returns<ReviewState>(),
  ),
  saveConclusion: method(
    s.object({
      documentId,
      conclusion: s.nullable(s.literal('compliant', 'non_compliant', 'exception')),
      reviewer: text(100),
      unit: text(200),
      consultation,
      opinion: text(20000),
      /** The form's fields; kept as they are when absent. */
      details: s.optional(reviewDetails),
    }),
    returns<ReviewState>(),
  ),
  finalizeReview: method(byDocument, returns<ReviewState>()),
  /** A new draft revision; with `file` (the revised draft, 修改稿) its text replaces the document's. */
  reviseReview: method(
    s.object({
      documentId,
      file: s.optional(s.object({ name: s.string({ min: 1, max: 255 }), bytes: s.bytes({ max: MAX_IMPORT_BYTES }) })),
    }),
    returns<ReviewState>(),
  ),
  getRevisionDocument: method(s.object({ documentId, revision: s.int({ min: 1 }) }), returns<RevisionDocument>()),
  getReviewHistory: method(byDocument, returns<HistoryEntry[]>()),

  // Data exports (issue 10): ledgers, review bundles and the material package, each a file to save.
  exportLedger: method(
    s.object({
      documentIds: s.optional(s.array(documentId, { max: 100000 })),
      format: s.literal('xlsx', 'csv'),
      /** Which ledger a .csv holds (an .xlsx holds both); default the reviews ledger. */
      sheet: s.optional(s.literal('reviews', 'findings')),
    }),
    returns<ExportedFile>(),
  ),
  exportBundle: method(byDocument, returns<ExportedFile>()),
  importBundle: method(upload, returns<BundleImportResult>()),
  exportPackage: method(byDocument, returns<ExportedFile>()),

  /** The 审查意见 as a 公文 .docx (marked 草稿 until the review is final). */
  exportOpinion: method(byDocument, returns<ExportedFile>()),
  /** The 公平竞争审查表 as a .docx. */
  exportForm: method(byDocument, returns<ExportedFile>()),
  /** Several documents' 审查意见 as one .zip (one .docx each). */
  exportOpinions: method(
    s.object({ documentIds: s.array(documentId, { min: 1, max: 1000 }) }),
    returns<ExportedFile>(),
  ),

  // Trust (issue 13): the audit chain, backups and restores.
  getTrustStatus: method(NONE, returns<TrustStatus>()),
  verifyAudit: method(NONE, returns<AuditReport>()),
  listBackups: method(NONE, returns<BackupInfo[]>()),
  createBackup: method(NONE, returns<BackupInfo>()),
  restoreBackup: method(s.object({ name: s.string({ min: 1, max: 200 }) }), returns<RestoreResult>()),

  // Batches (issue 12).
  createBatch: method(
    s.object({
      name: s.string({ min: 1, max: 200 }),
      kind: s.literal('sampling', 'evaluation', 'cleanup'),
      body: s.optional(text(200)),
      period: s.optional(text(100)),
      region: s.optional(text(200)),
      sector: s.optional(text(200)),
      level: s.optional(text(50)),
    }),
    returns<BatchInfo>(),
  ),
  listBatches: method(NONE, returns<BatchInfo[]>()),
  getBatch: method(byId, returns<BatchStatus>()),
  /** Imports uploaded files (paths relative to the folder picked; .zip archives are expanded). */
  importIntoBatch: method(
    s.object({
      id: s.int({ min: 1 }),
      files: s.array(s.object({ path: s.string({ min: 1, max: 1000 }), bytes: s.bytes({ max: MAX_IMPORT_BYTES }) }), {
        max: 1000,
      }),
    }),
    returns<BatchStatus>(),
  ),
  cancelBatchImport: method(byId, returns<BatchStatus>()),

  // Third-party evaluation (issue 12): per-measure records, the batch's indicators, report and papers.
  /** The batch's evaluation: a summary of each measure's record, the indicators and the sample drawn. */
  getEvaluationOverview: method(byId, returns<EvaluationOverview>()),
  getEvaluation: method(s.object({ batchId: s.int({ min: 1 }), documentId }), returns<EvaluationRecord>()),
  saveEvaluation: method(
    s.object({
      batchId: s.int({ min: 1 }),
      documentId,
      verdict: s.nullable(s.literal('compliant', 'problem', 'verify')),
      note: text(5000),
      rectified: s.boolean(),
    }),
    returns<EvaluationRecord>(),
  ),
  /** Confirms or rejects (with a reason) a finding; null clears the decision. */
  decideEvaluationFinding: method(
    s.object({
      batchId: s.int({ min: 1 }),
      documentId,
      findingId,
      decision: s.nullable(s.literal('confirm', 'reject')),
      reason: text(2000),
    }),
    returns<EvaluationRecord>(),
  ),
  addEvaluationProblem: method(
    s.object({
      batchId: s.int({ min: 1 }),
      documentId,
      clause: s.string({ min: 1, max: 200 }),
      quote: text(2000),
      standard: s.string({ min: 1, max: 20 }),
      category: s.optional(category),
      note: text(2000),
    }),
    returns<EvaluationRecord>(),
  ),
  removeEvaluationProblem: method(
    s.object({ batchId: s.int({ min: 1 }), documentId, problemId: s.int({ min: 1 }) }),
    returns<EvaluationRecord>(),
  ),
  /** The evaluation report as a 公文 .docx, with the charts embedded as images. */
  exportEvaluationReport: method(byId, returns<ExportedFile>()),
  /** The working papers as one signed .zip: records, ledgers, the import log, the sample log. */
  exportEvaluationPapers: method(byId, returns<ExportedFile>()),
  // 抽查 (issue 12): sample plans, 双随机 inspectors, check records, the published result list.
  getSamplingOptions: method(s.object({ batchId: s.int({ min: 1 }) }), returns<SamplingOptions>()),
  drawSample: method(
    s.object({
      batchId: s.int({ min: 1 }),
      seed: s.string({ min: 1, max: 100 }),
      ratio: s.optional(s.number({ min: 0, max: 1 })),
      min: s.optional(s.int({ min: 0, max: 100000 })),
      strata: s.optional(s.literal('none', 'issuer', 'region')),
      weights: s.optional(
        s.object({
          strong: s.optional(s.number({ min: 1, max: 100 })),
          prior: s.optional(s.number({ min: 1, max: 100 })),
        }),
      ),
      filter: s.optional(
        s.object({
          issuers: s.optional(s.array(text(200), { max: 1000 })),
          regions: s.optional(s.array(text(100), { max: 1000 })),
          kinds: s.optional(s.array(text(20), { max: 100 })),
          from: s.optional(day),
          to: s.optional(day),
        }),
      ),
    }),
    returns<SamplePlanDetail>(),
  ),
  listSamplePlans: method(s.object({ batchId: s.int({ min: 1 }) }), returns<SamplePlanSummary[]>()),
  getSamplePlan: method(s.object({ planId: s.int({ min: 1 }) }), returns<SamplePlanDetail>()),
  assignInspectors: method(
    s.object({
      planId: s.int({ min: 1 }),
      roster: s.array(inspector, { min: 1, max: 1000 }),
      seed: s.optional(text(100)),
      perMeasure: s.optional(s.int({ min: 1, max: 5 })),
    }),
    returns<SamplePlanDetail>(),
  ),
  getCheckRecord: method(s.object({ planId: s.int({ min: 1 }), documentId }), returns<CheckRecordView>()),
  saveCheckRecord: method(
    s.object({ planId: s.int({ min: 1 }), documentId, record: checkRecord }),
    returns<CheckRecordView>(),
  ),
  /** The published result list (实施办法 第三十九条) of a plan: measure, issuing body, problem, disposition. */
  exportSampleResults: method(
    s.object({ planId: s.int({ min: 1 }), format: s.literal('docx', 'xlsx') }),
    returns<ExportedFile>(),
  ),
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
