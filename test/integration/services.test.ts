/**
 * One path through the services (issue 8) and the service side of the review workspace (issue 9):
 * import as one operation, search across processes, the CLI over the same API, history keyed by
 * document that survives a rescan, old databases' history, a review that starts with the first
 * act, the lock on metadata, and what a rescan reports.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyAudit } from '../../electron/services/audit';
import { clauseHash } from '../../electron/services/findings';
import { createServices, type Services } from '../../electron/services/index';
import { useApi } from '../../renderer/src/stores/api';
import { useReviewStore } from '../../renderer/src/stores/review';
import type { ReviewState } from '../../shared/review/types';
import { cli } from '../helpers/cli';
import { LOCAL_PREFERENCE_DRAFT as DRAFT } from '../helpers/drafts';
import { databaseAt } from '../helpers/old-db';
import { tempDir } from '../helpers/paths';

// Another draft written for these tests, with nothing to flag.
const OTHER = '关于规范会议管理的通知\n一、会议材料应提前印发。\n二、本通知自发布之日起施行。';

const enc = (s: string) => new TextEncoder().encode(s);

let tmp: ReturnType<typeof tempDir>;
let a: Services;

beforeEach(() => {
  tmp = tempDir();
  a = createServices(tmp.dir);
});
afterEach(() => {
  a.close();
  tmp.cleanup();
});

async function importDraft(s: Services = a, text = DRAFT, name = '草案.txt'): Promise<number> {
  return (await s.api.importDocument({ name, bytes: enc(text) })).document.id;
}
const ruleFinding = (s: ReviewState) => s.findings.find((f) => !f.manual)!;
const reviewRows = (s: Services) => (s.db.prepare('SELECT COUNT(*) AS n FROM reviews').get() as { n: number }).n;

describe('one service path', () => {
  it('imports in one operation: stored, scanned and audited together, and searchable at once', async () => {
    const id = await importDraft();
    const [entry] = a.db.prepare("SELECT subject, detail FROM audit_log WHERE action = 'document.import'").all() as {
      subject: string;
      detail: string;
    }[];
    const state = await a.api.getReview({ documentId: id });
    expect(entry!.subject).toBe(`document:${id}`);
    expect(JSON.parse(entry!.detail)).toMatchObject({
      findings: state.findings.length,
      rulesetVersion: state.currentRulesetVersion,
    });
    expect(state.findings.length).toBeGreaterThan(0);
    expect((await a.api.search({ query: '优先采购' })).map((r) => r.documentId)).toEqual([id]);
  });

  it('search sees documents imported, deleted and restored by another process on its next query', async () => {
    const b = createServices(tmp.dir);
    try {
      expect(await b.api.search({ query: '本地企业' })).toEqual([]);
      const id = await importDraft(a);
      const [hit] = await b.api.search({ query: '本地企业' });
      expect(hit).toMatchObject({ documentId: id, title: '关于支持本市产业发展的若干措施' });
      expect(hit!.clauseLabel).toContain('第二条');
      await a.api.deleteDocument({ id });
      expect(await b.api.search({ query: '本地企业' })).toEqual([]);
      await a.api.restoreDocument({ id });
      expect((await b.api.search({ query: '本地企业' })).map((r) => r.documentId)).toEqual([id]);
    } finally {
      b.close();
    }
  });

  it('fcr import while the host runs is found by the host’s search; fcr list leaves out the recycle bin', async () => {
    const file = path.join(tmp.dir, '草案.txt');
    writeFileSync(file, DRAFT);
    const other = path.join(tmp.dir, '通知.txt');
    writeFileSync(other, OTHER);
    expect((await cli('import', file, other, '--data-dir', tmp.dir)).code).toBe(0);
    const hits = await a.api.search({ query: '优先采购' });
    expect(hits).toHaveLength(1);
    // The CLI import went through the same service: scanned and audited like any import.
    const state = await a.api.getReview({ documentId: hits[0]!.documentId });
    expect(state.findings.length).toBeGreaterThan(0);

    await a.api.deleteDocument({ id: hits[0]!.documentId });
    const listed = await cli('list', '--data-dir', tmp.dir);
    expect(listed.out).toContain('关于规范会议管理的通知');
    expect(listed.out).not.toContain('关于支持本市产业发展的若干措施');
    const json = JSON.parse((await cli('list', '--format', 'json', '--data-dir', tmp.dir)).out) as { title: string }[];
    expect(json.map((d) => d.title)).toEqual(['关于规范会议管理的通知']);
    const bin = await cli('list', '--deleted', '--data-dir', tmp.dir);
    expect(bin.out).toContain('关于支持本市产业发展的若干措施');
    expect(bin.out).not.toContain('关于规范会议管理的通知');
  });

  it('keeps the clause-text hash of existing data (whitespace of every kind removed)', () => {
    const text = '第二条\u3000政府采购 项目\u00a0应当\n\t优先\u2003采购';
    // The earlier implementation: /\s+/ removed (it covers U+3000, NBSP and the other spaces).
    const earlier = createHash('sha256').update(text.replace(/\s+/g, '')).digest('hex').slice(0, 20);
    expect(clauseHash(text)).toBe(earlier);
  });
});

describe('history keyed by document', () => {
  it('keeps every entry across a rescan and says what changed in words', async () => {
    const id = await importDraft();
    let state = await a.api.getReview({ documentId: id });
    const f = ruleFinding(state);
    state = await a.api.setDisposition({
      documentId: id,
      findingId: f.id,
      disposition: 'reject',
      reason: '复述上位法',
    });
    const rescan = await a.api.rescanDocument({ documentId: id });
    expect(rescan.changes).toMatchObject({ added: 0, gone: 0, kept: state.findings.length, keptWithDecision: 1 });

    const history = await a.api.getReviewHistory({ documentId: id });
    expect(history.map((h) => h.action)).toEqual(['document.import', 'finding.dispose', 'document.rescan']);
    const dispose = history[1]!;
    expect(dispose.summary).toContain(f.clause);
    expect(dispose.summary).toMatch(/《实施办法》第[一二三四五六七八九十]+条/);
    expect(dispose.summary).toContain('未处理 → 不采纳（理由：复述上位法）');
    expect(JSON.parse(dispose.detail!)).toMatchObject({ review: state.review.id, revision: 1, rule: f.rule });
    expect(history[2]!.summary).toContain('保留');
    // Every entry about the document is filed under it.
    const subjects = a.db.prepare("SELECT DISTINCT subject FROM audit_log WHERE subject != 'settings'").all();
    expect(subjects).toEqual([{ subject: `document:${id}` }]);
    expect(verifyAudit(a.db)).toBeNull();

    // A second rescan still shows the first disposition.
    await a.api.rescanDocument({ documentId: id });
    expect(
      (await a.api.getReviewHistory({ documentId: id })).filter((h) => h.action === 'finding.dispose'),
    ).toHaveLength(1);
  });

  it('rescans and writes its entry in one transaction', async () => {
    const id = await importDraft();
    const before = (await a.api.getReview({ documentId: id })).findings.map((f) => f.id);
    a.db.exec(
      "CREATE TEMP TRIGGER fail_audit BEFORE INSERT ON main.audit_log BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END",
    );
    await expect(a.api.rescanDocument({ documentId: id })).rejects.toThrow(/audit unavailable/);
    a.db.exec('DROP TRIGGER fail_audit');
    expect((await a.api.getReview({ documentId: id })).findings.map((f) => f.id)).toEqual(before);
  });

  it('shows entries an older version filed under a finding id in the document’s history', async () => {
    a.close();
    tmp.cleanup();
    tmp = tempDir();
    // A database at schema 3, written the old way: dispositions audited under `finding:ID`.
    const old = databaseAt(tmp.dir, 3, DRAFT);
    old
      .prepare(
        `INSERT INTO findings (id, document_id, rule_id, standard_id, category, level, start_offset, end_offset, clause_id,
           clause_label, clause_hash, matched_text, message, suggestion, basis, ruleset_version, created_at)
         VALUES (7, 1, 'R1', 'M19-4', 'free_flow', 'strong', 0, 2, 'a2', '第二条', 'h', 'x', 'm', 's', 'b', 'old', '2026-01-01')`,
      )
      .run();
    appendAudit(old, {
      actor: '王晓明',
      action: 'document.import',
      subject: 'document:1',
      detail: { fileName: 'a.txt' },
    });
    appendAudit(old, {
      actor: '王晓明',
      action: 'finding.dispose',
      subject: 'finding:7',
      detail: { disposition: 'reject', reason: '旧理由' },
    });
    old.close();

    a = createServices(tmp.dir);
    expect(verifyAudit(a.db)).toBeNull();
    // The finding goes away on rescan; its entry stays in the history.
    await a.api.rescanDocument({ documentId: 1 });
    const history = await a.api.getReviewHistory({ documentId: 1 });
    expect(history.map((h) => h.action)).toEqual(['document.import', 'finding.dispose', 'document.rescan']);
    expect(history[1]!.summary).toContain('第二条 · 《实施办法》第十九条第（四）项');
    expect(history[1]!.summary).toContain('不采纳（理由：旧理由）');
    expect(verifyAudit(a.db)).toBeNull();
  });
});

describe('review state (issue 9)', () => {
  it('looking at a document creates no review and changes nothing', async () => {
    const id = await importDraft();
    const [before] = await a.api.listDocuments({});
    await a.api.getDocument({ id });
    const state = await a.api.getReview({ documentId: id });
    await a.api.getReviewHistory({ documentId: id });
    expect(reviewRows(a)).toBe(0);
    expect(state.revisions).toEqual([]);
    const [after] = await a.api.listDocuments({});
    expect(after).toMatchObject({ reviewStatus: 'unreviewed', updatedAt: before!.updatedAt });

    await a.api.setDisposition({ documentId: id, findingId: ruleFinding(state).id, disposition: 'accept', reason: '' });
    expect(reviewRows(a)).toBe(1);
    expect((await a.api.listDocuments({}))[0]).toMatchObject({ reviewStatus: 'draft' });
  });

  it('refuses to edit the document’s metadata once the review is final', async () => {
    const id = await importDraft();
    const now = new Date().toISOString();
    a.db
      .prepare(
        "INSERT INTO reviews (document_id, revision, status, created_at, updated_at, finalized_at) VALUES (?, 1, 'final', ?, ?, ?)",
      )
      .run(id, now, now, now);
    await expect(
      a.api.updateDocumentMeta({ id, title: '改过的标题', docNumber: null, issuer: null, docDate: null }),
    ).rejects.toThrow(/已定稿并锁定/);
    expect((await a.api.getDocument({ id })).title).toBe('关于支持本市产业发展的若干措施');
  });

  it('says when findings come from an older rule set, and what a rescan changed', async () => {
    const id = await importDraft();
    const none = await importDraft(a, OTHER, '通知.txt');
    expect((await a.api.getReview({ documentId: none })).scannedWithOlderRules).toBe(false);
    let state = await a.api.getReview({ documentId: id });
    expect(state.scannedWithOlderRules).toBe(false);
    const kept = ruleFinding(state);
    await a.api.setDisposition({ documentId: id, findingId: kept.id, disposition: 'accept', reason: '' });

    // As if scanned by an older rule set: one finding it had is no longer flagged, one is new.
    a.db.prepare("UPDATE documents SET ruleset_version = 'old' WHERE id = ?").run(id);
    a.db.prepare("UPDATE findings SET ruleset_version = 'old' WHERE document_id = ?").run(id);
    a.db.prepare('DELETE FROM findings WHERE id = (SELECT MAX(id) FROM findings WHERE document_id = ?)').run(id);
    a.db
      .prepare(
        `INSERT INTO findings (document_id, rule_id, standard_id, category, level, start_offset, end_offset, clause_id,
           clause_label, clause_hash, matched_text, message, suggestion, basis, ruleset_version, created_at)
         VALUES (?, 'RETIRED', 'M19-4', 'free_flow', 'weak', 0, 2, 'a1', '第一条', 'h', 'x', 'm', 's', 'b', 'old', '')`,
      )
      .run(id);
    state = await a.api.getReview({ documentId: id });
    expect(state.scannedWithOlderRules).toBe(true);

    const result = await a.api.rescanDocument({ documentId: id });
    expect(result.scannedWithOlderRules).toBe(false);
    expect(result.changes).toMatchObject({ rulesetFrom: 'old', added: 1, gone: 1, keptWithDecision: 1 });
    expect(result.changes.summary).toMatch(/^新增 1 处，消失 1 处，保留 \d+ 处（其中 1 处保留处理意见）$/);
    const entry = (await a.api.getReviewHistory({ documentId: id })).at(-1)!;
    expect(entry.summary).toContain(result.changes.summary);
    expect(JSON.parse(entry.detail!).gone[0]).toMatchObject({ rule: 'RETIRED', clause: '第一条' });
  });

  it('the review store shows the rescan summary', async () => {
    const id = await importDraft();
    useApi(a.api);
    setActivePinia(createPinia());
    const store = useReviewStore();
    await store.open(id);
    expect(store.rescanSummary).toBeNull();
    expect(await store.rescan()).toBe(true);
    expect(store.rescanSummary).toMatch(/^已按新规则重新扫描：疑似问题没有变化/);
    expect(store.state?.findings.length).toBeGreaterThan(0);
  });
});
