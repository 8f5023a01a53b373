/**
 * The review bundle (.fcrbundle, schema 1): one signed zip (see signed-zip.ts) that carries a
 * document's review from one data folder to another —
 *   document.json   metadata, sha256 and size of the original, rule-set version
 *   text.txt        the normalised text
 *   structure.json  blocks and clause tree as stored
 *   findings.json   findings (manual ones keyed by their order, not by a folder's ids)
 *   review.json     the current revision: conclusion, consultation, opinion, dispositions, checklist
 *   audit.json      the document's audit entries with their chain hashes and numbers
 *   original/NAME   the original file, when the library kept it
 * The manifest (outside the content hash) also carries the sender's audit chain head as a signed
 * anchor, which the sender keeps; the receiver checks the entries against it (bundle-audit.ts).
 * Nothing in the content depends on the ids of the folder that wrote it, so importing it into an empty
 * folder and exporting it again gives the same content hash. Importing the same bundle again
 * changes nothing.
 */
import { createHash } from 'node:crypto';
import { FcrError } from '../../../shared/errors.js';
import { safeFileName, type BundleImportResult, type ExportedFile } from '../../../shared/export/files.js';
import { appendAudit } from '../audit.js';
import { verifyBundleAudit, type AuditRecord } from './bundle-audit.js';
import { documentSubject } from '../context.js';
import { storeOriginal, readOriginal, NO_ORIGINAL_NOTE } from '../originals.js';
import type { FindingRow, ReviewRow } from '../rows.js';
import type { ExportDeps } from './index.js';
import { jsonBytes, openSignedZip, signedExport } from './signed-zip.js';

export const BUNDLE_SCHEMA_VERSION = 1;
export const BUNDLE_EXTENSION = '.fcrbundle';
const IMPORT_ACTION = 'bundle.import';

interface BundleDocument {
  title: string;
  fileName: string;
  type: string;
  encoding: string | null;
  size: number;
  sha256: string;
  docNumber: string | null;
  issuer: string | null;
  docDate: string | null;
  pages: number | null;
  rulesetVersion: string | null;
  original: string | null;
  note?: string;
}

type BundleFinding = Omit<FindingRow, 'id' | 'document_id' | 'disposition' | 'reason'> & { created_at: string };

interface BundleReview {
  review: Omit<ReviewRow, 'id' | 'document_id' | 'consultation'> & { consultation: unknown };
  dispositions: { rule_id: string; clause_hash: string; disposition: string; reason: string; updated_at: string }[];
  checklist: {
    standard_id: string;
    category: string;
    answer: string;
    note: string;
    exception: unknown;
    updated_at: string;
  }[];
}

const utf8 = new TextDecoder('utf-8');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The document's bundle files, independent of the folder's ids. */
function bundleFiles(deps: ExportDeps, documentId: number): { files: Record<string, Uint8Array>; title: string } {
  const { db } = deps;
  const doc = deps.documents.summary(documentId);
  const text = deps.documents.text(documentId);
  const original = readOriginal(db, doc.sha256);
  const originalPath = original ? `original/${safeFileName(doc.fileName, 'original')}` : null;
  const document: BundleDocument = {
    title: doc.title,
    fileName: doc.fileName,
    type: doc.type,
    encoding: doc.encoding,
    size: doc.size,
    sha256: doc.sha256,
    docNumber: doc.docNumber,
    issuer: doc.issuer,
    docDate: doc.docDate,
    pages: doc.pages,
    rulesetVersion: deps.reviews.findings.scannedWith(documentId),
    original: originalPath,
    ...(original ? {} : { note: NO_ORIGINAL_NOTE }),
  };
  const strip = <T extends { document_id?: number }>(rows: T[]) => rows.map(({ document_id: _, ...r }) => r);
  const structure = {
    blocks: strip(db.prepare('SELECT * FROM blocks WHERE document_id = ? ORDER BY seq').all(documentId) as []),
    clauses: strip(db.prepare('SELECT * FROM clauses WHERE document_id = ? ORDER BY seq').all(documentId) as []),
  };
  const { findings, manualKey } = bundleFindings(deps, documentId);
  const files: Record<string, Uint8Array> = {
    'document.json': jsonBytes(document),
    'text.txt': new TextEncoder().encode(text),
    'structure.json': jsonBytes(structure),
    'findings.json': jsonBytes(findings),
    'review.json': jsonBytes(bundleReview(deps, documentId, manualKey)),
    'audit.json': jsonBytes(auditRecords(deps, documentId, deps.key().fingerprint)),
  };
  if (original && originalPath) files[originalPath] = original;
  return { files, title: doc.title };
}

function bundleFindings(deps: ExportDeps, documentId: number) {
  const rows = deps.db
    .prepare(
      `SELECT * FROM findings WHERE document_id = ?
        ORDER BY start_offset, end_offset, rule_id, manual, created_at, standard_id, note, clause_hash, id`,
    )
    .all(documentId) as (FindingRow & { created_at: string })[];
  // A manual finding's key is made from its id in this folder: carry its order instead.
  const manualKey = new Map<string, string>();
  const findings: BundleFinding[] = rows.map(({ id: _, document_id: __, ...f }) => {
    if (!f.manual) return f;
    const key = `manual-${manualKey.size + 1}`;
    manualKey.set(f.clause_hash, key);
    return { ...f, clause_hash: key };
  });
  return { findings, manualKey };
}

function bundleReview(deps: ExportDeps, documentId: number, manualKey: Map<string, string>): BundleReview | null {
  const { db } = deps;
  const row = db
    .prepare('SELECT * FROM reviews WHERE document_id = ? ORDER BY revision DESC LIMIT 1')
    .get(documentId) as ReviewRow | undefined;
  if (!row) return null;
  const { id, document_id: _, consultation, ...review } = row;
  const dispositions = (
    db
      .prepare(
        'SELECT rule_id, clause_hash, disposition, reason, updated_at FROM dispositions WHERE review_id = ? ORDER BY rule_id, clause_hash',
      )
      .all(id) as BundleReview['dispositions']
  )
    .map((d) => (d.rule_id === 'manual' ? { ...d, clause_hash: manualKey.get(d.clause_hash) ?? d.clause_hash } : d))
    .sort((a, b) => (a.rule_id + a.clause_hash < b.rule_id + b.clause_hash ? -1 : 1));
  const checklist = (
    db
      .prepare(
        `SELECT standard_id, category, answer, note, exception, updated_at FROM checklist_answers
          WHERE review_id = ? ORDER BY standard_id, category`,
      )
      .all(id) as (BundleReview['checklist'][number] & { exception: string | null })[]
  ).map((c) => ({ ...c, exception: c.exception === null ? null : (JSON.parse(c.exception) as unknown) }));
  return { review: { ...review, consultation: JSON.parse(consultation) as unknown }, dispositions, checklist };
}

/**
 * The document's audit entries: those a received bundle carried, then this folder's own (but not
 * the receiving of that bundle), with their chain hashes so the sender's chain can be checked.
 */
function auditRecords(deps: ExportDeps, documentId: number, chain: string): AuditRecord[] {
  const received = deps.db.prepare('SELECT audit FROM received_bundles WHERE document_id = ?').get(documentId) as
    { audit: string } | undefined;
  const carried = received ? (JSON.parse(received.audit) as AuditRecord[]) : [];
  const own = deps.db
    .prepare(
      `SELECT id AS seq, ? AS chain, at, actor, action, subject, detail, prev_hash AS prevHash, hash FROM audit_log
        WHERE subject IN (SELECT ? UNION ALL SELECT subject FROM audit_subjects WHERE document_id = ?)
          AND action <> ?
        ORDER BY id`,
    )
    .all(chain, documentSubject(documentId), documentId, IMPORT_ACTION) as AuditRecord[];
  return [...carried, ...own];
}

export function exportBundle(deps: ExportDeps, documentId: number): ExportedFile {
  const { files, title } = bundleFiles(deps, documentId);
  const fileName = `${safeFileName(title)}${BUNDLE_EXTENSION}`;
  const anchor = deps.anchor(`审查包「${fileName}」`);
  const bytes = signedExport(deps, 'fcr-review-bundle', BUNDLE_SCHEMA_VERSION, files, anchor, now());
  return { fileName, bytes };
}

const now = () => new Date().toISOString();

/**
 * Verifies and imports a bundle in one transaction; the same bundle again changes nothing.
 * `onStored` runs inside that transaction with the new document's id (a batch marks its item).
 */
export function importBundle(
  deps: ExportDeps,
  name: string,
  bytes: Uint8Array,
  onStored?: (id: number) => void,
): BundleImportResult {
  const { manifest, files } = openSignedZip(name, bytes, 'fcr-review-bundle', BUNDLE_SCHEMA_VERSION);
  const read = <T>(path: string): T => {
    const data = files.get(path);
    if (!data) throw new FcrError('CORRUPT_FILE', `「${name}」缺少「${path}」，已拒绝导入。`);
    try {
      return JSON.parse(utf8.decode(data)) as T;
    } catch {
      throw new FcrError('CORRUPT_FILE', `「${name}」中的「${path}」无法读取，已拒绝导入。`);
    }
  };
  const doc = read<BundleDocument>('document.json');
  const text = utf8.decode(files.get('text.txt') ?? new Uint8Array());
  const structure = read<{ blocks: Record<string, unknown>[]; clauses: Record<string, unknown>[] }>('structure.json');
  const findings = read<BundleFinding[]>('findings.json');
  const review = read<BundleReview | null>('review.json');
  const audit = verifyBundleAudit(name, read<unknown>('audit.json'), doc, manifest.signer, manifest.anchor);
  const original = doc.original ? files.get(doc.original) : undefined;
  if (doc.original && (!original || sha256(original) !== doc.sha256))
    throw new FcrError('CORRUPT_FILE', `「${name}」中的原件「${doc.original}」缺失或与文档摘要不符，已拒绝导入。`);
  const { signer } = manifest;
  const result = (id: number, duplicate: boolean): BundleImportResult => ({
    document: deps.library.entry(deps.documents.summary(id)),
    duplicate,
    signer: { unit: signer.unit, reviewer: signer.reviewer, fingerprint: signer.fingerprint },
    signedAt: manifest.createdAt,
    contentHash: manifest.contentHash,
    originalIncluded: Boolean(original),
  });

  const { db } = deps;
  const existing = db.prepare('SELECT id, title FROM documents WHERE sha256 = ?').get(doc.sha256) as
    { id: number; title: string } | undefined;
  if (existing) {
    const same = db
      .prepare('SELECT 1 FROM received_bundles WHERE document_id = ? AND content_hash = ?')
      .get(existing.id, manifest.contentHash);
    if (same) return result(existing.id, true);
    throw new FcrError(
      'BAD_ARGS',
      `文档库中已有同一文件（#${existing.id}《${existing.title}》），审查包「${name}」未导入。如需以审查包为准，请先删除该文档并清空回收站。`,
    );
  }

  const store = db.transaction(() => {
    const info = db
      .prepare(
        `INSERT INTO documents (title, file_name, sha256, size, type, encoding, imported_at, text,
                                doc_number, issuer, doc_date, pages, ruleset_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        doc.title,
        doc.fileName,
        doc.sha256,
        doc.size,
        doc.type,
        doc.encoding,
        now(),
        text,
        doc.docNumber,
        doc.issuer,
        doc.docDate,
        doc.pages,
        doc.rulesetVersion,
      );
    const id = Number(info.lastInsertRowid);
    if (original) storeOriginal(db, doc.sha256, original);
    insertRows(deps, 'blocks', id, structure.blocks);
    insertRows(deps, 'clauses', id, structure.clauses);
    const manualKey = new Map<string, string>();
    for (const f of findings) {
      const fid = insertRows(deps, 'findings', id, [f]);
      if (f.manual) {
        const key = `m${fid}`;
        manualKey.set(f.clause_hash, key);
        db.prepare('UPDATE findings SET clause_hash = ? WHERE id = ?').run(key, fid);
      }
    }
    if (review) {
      const { status, finalized_at, ...r } = review.review;
      const reviewId = insertRows(deps, 'reviews', id, [
        { ...r, status: 'draft', finalized_at: null, consultation: JSON.stringify(r.consultation) },
      ]);
      const key = (d: { rule_id: string; clause_hash: string }) =>
        d.rule_id === 'manual' ? (manualKey.get(d.clause_hash) ?? d.clause_hash) : d.clause_hash;
      insertRows(
        deps,
        'dispositions',
        null,
        review.dispositions.map((d) => ({ review_id: reviewId, ...d, clause_hash: key(d) })),
      );
      insertRows(
        deps,
        'checklist_answers',
        null,
        review.checklist.map((c) => ({
          review_id: reviewId,
          ...c,
          exception: c.exception === null ? null : JSON.stringify(c.exception),
        })),
      );
      if (status === 'final')
        db.prepare("UPDATE reviews SET status = 'final', finalized_at = ? WHERE id = ?").run(finalized_at, reviewId);
    }
    db.prepare(
      `INSERT INTO received_bundles (document_id, content_hash, fingerprint, signer_unit, signer_name, signed_at, received_at, audit)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      manifest.contentHash,
      signer.fingerprint,
      signer.unit,
      signer.reviewer,
      manifest.createdAt,
      now(),
      JSON.stringify(audit),
    );
    appendAudit(db, {
      actor: deps.actor(),
      action: IMPORT_ACTION,
      subject: documentSubject(id),
      detail: {
        fileName: name,
        contentHash: manifest.contentHash,
        fingerprint: signer.fingerprint,
        unit: signer.unit,
        signer: signer.reviewer,
        signedAt: manifest.createdAt,
        entries: audit.length,
      },
    });
    onStored?.(id);
    return id;
  });
  let id: number;
  try {
    id = store();
  } catch (err) {
    if (err instanceof FcrError) throw err;
    throw new FcrError(
      'CORRUPT_FILE',
      `「${name}」的内容无法写入文档库（${(err as Error).message}），已拒绝导入，文档库未改变。`,
    );
  }
  deps.library.added(id, text);
  return result(id, false);
}

const COLUMNS = new Map<string, Set<string>>();

/** Inserts bundle rows into a table, only into its known columns; returns the last rowid. */
function insertRows(deps: ExportDeps, table: string, documentId: number | null, rows: object[]): number {
  let known = COLUMNS.get(table);
  if (!known) {
    known = new Set((deps.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
    COLUMNS.set(table, known);
  }
  let last = 0;
  for (const row of rows) {
    const entries = Object.entries(documentId === null ? row : { ...row, document_id: documentId }).filter(
      ([k]) => known.has(k) && k !== 'id',
    );
    const sql = `INSERT INTO ${table} (${entries.map(([k]) => k).join(', ')}) VALUES (${entries.map(() => '?').join(', ')})`;
    last = Number(deps.db.prepare(sql).run(...entries.map(([, v]) => v as string | number | null)).lastInsertRowid);
  }
  return last;
}
