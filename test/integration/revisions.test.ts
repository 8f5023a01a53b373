/**
 * Issue 9, points 8 and 11 over real SQLite: a revision that takes a revised draft (修改稿) —
 * scanned, compared with the earlier findings, decisions carried where the clause is unchanged,
 * the earlier text kept as a record, in one transaction — and the same measure imported twice
 * in other formats.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/services/index';
import type { ReviewState } from '../../shared/review/types';
import { cli } from '../helpers/cli';
import { FIRST_DRAFT as FIRST, REVISED_DRAFT as REVISED } from '../helpers/drafts';
import { fixture, tempDir } from '../helpers/paths';

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

const byClause = (s: ReviewState, label: string) => s.findings.filter((f) => f.clause === label && !f.manual);

/** Imports FIRST, decides on findings, adds a manual finding and finalises (in the store). */
async function finalFirst(): Promise<{ id: number; state: ReviewState }> {
  const { document } = await a.api.importDocument({ name: '征求意见稿.txt', bytes: enc(FIRST) });
  const id = document.id;
  const { findings } = await a.api.getReview({ documentId: id });
  for (const f of findings) {
    const reject = f.clause === '第三条';
    await a.api.setDisposition({
      documentId: id,
      findingId: f.id,
      disposition: reject ? 'reject' : 'accept',
      reason: reject ? '一次性奖励面向全部企业' : '',
    });
  }
  const start = FIRST.indexOf('一次性奖励');
  await a.api.addManualFinding({ documentId: id, start, end: start + 5, standard: 'M19-5', note: '核实' });
  a.db.prepare("UPDATE reviews SET status = 'final', finalized_at = updated_at WHERE document_id = ?").run(id);
  return { id, state: await a.api.getReview({ documentId: id }) };
}

describe('a revision that takes a revised draft', () => {
  it('scans the draft, follows each earlier finding and carries decisions where the clause is unchanged', async () => {
    const { id, state: first } = await finalFirst();
    const fixed = byClause(first, '第二条');
    const kept = byClause(first, '第三条');
    expect(fixed.length).toBeGreaterThan(0);
    expect(kept.length).toBeGreaterThan(0);
    expect(byClause(first, '第四条')).toEqual([]);

    const state = await a.api.reviseReview({ documentId: id, file: { name: '修改稿.txt', bytes: enc(REVISED) } });
    expect(state.review).toMatchObject({ revision: 2, status: 'draft' });
    const doc = await a.api.getDocument({ id });
    expect(doc.text).toContain('平等对待各类经营主体');
    expect(doc.fileName).toBe('修改稿.txt');
    expect(doc.title).toBe('关于支持本市产业发展的若干措施');

    const added = byClause(state, '第四条');
    expect(added.length).toBeGreaterThan(0);
    expect(byClause(state, '第二条')).toEqual([]);
    const c = state.comparison!;
    expect(c).toMatchObject({ fromRevision: 1, revision: 2, fileBefore: '征求意见稿.txt', fileAfter: '修改稿.txt' });
    expect(c.resolved.map((i) => i.labelBefore)).toEqual(fixed.map(() => '第二条'));
    expect(c.resolved[0]!.textBefore).toContain('优先采购本地');
    expect(c.resolved[0]!.textAfter).toContain('平等对待');
    // Still present: the rule findings of the unchanged 第三条 and the manual finding on its text.
    expect(c.remaining.map((i) => [i.labelAfter, i.unchanged])).toEqual([...kept, null].map(() => ['第三条', true]));
    expect(c.added.map((i) => i.labelAfter)).toEqual(added.map(() => '第四条'));
    expect(c.summary).toBe(`已解决 ${fixed.length}、仍存在 ${kept.length + 1}、新增 ${added.length}`);

    // Decisions carried over where the clause is unchanged; the new findings are open.
    expect(byClause(state, '第三条').map((f) => f.disposition)).toEqual(kept.map(() => 'reject'));
    expect(added.every((f) => f.disposition === null)).toBe(true);
    const manual = state.findings.find((f) => f.manual)!;
    expect(REVISED.slice(manual.start, manual.end)).toBe('一次性奖励');
    expect(manual).toMatchObject({ clause: '第三条', disposition: 'accept' });

    // The earlier revision is a record: its text and findings with their decisions stay retrievable.
    const earlier = await a.api.getRevisionDocument({ documentId: id, revision: 1 });
    expect(earlier).toMatchObject({ revision: 1, fileName: '征求意见稿.txt', text: FIRST });
    expect(earlier.findings.map((f) => [f.clause, f.disposition])).toEqual(
      first.findings.map((f) => [f.clause, f.disposition]),
    );
    expect(earlier.clauses.map((n) => n.label)).toContain('第二条');
    const current = await a.api.getRevisionDocument({ documentId: id, revision: 2 });
    expect(current.text).toBe(REVISED);
    expect(() => a.db.prepare("UPDATE document_versions SET text = ''").run()).toThrow(/records/);

    // History in words; search sees the new text, here and in another process.
    const history = await a.api.getReviewHistory({ documentId: id });
    expect(history.at(-1)!.summary).toBe(`修订版本 2：导入修改稿《修改稿.txt》，${c.summary}`);
    expect((await a.api.search({ query: '平等对待' })).map((h) => h.documentId)).toEqual([id]);
    expect(await a.api.search({ query: '优先采购本地' })).toEqual([]);

    // The next revision on the same text keeps its record under the last revision made on it.
    a.db.prepare("UPDATE reviews SET status = 'final' WHERE document_id = ? AND revision = 2").run(id);
    const third = await a.api.reviseReview({ documentId: id });
    expect(third.review.revision).toBe(3);
    expect(third.comparison).toBeNull();
    expect((await a.api.getRevisionDocument({ documentId: id, revision: 2 })).text).toBe(REVISED);
  });

  it('search in another process sees the revised text', async () => {
    const { id } = await finalFirst();
    const b = createServices(tmp.dir);
    try {
      expect((await b.api.search({ query: '优先采购本地' })).map((h) => h.documentId)).toEqual([id]);
      await a.api.reviseReview({ documentId: id, file: { name: '修改稿.txt', bytes: enc(REVISED) } });
      expect((await b.api.search({ query: '平等对待' })).map((h) => h.documentId)).toEqual([id]);
      expect(await b.api.search({ query: '优先采购本地' })).toEqual([]);
    } finally {
      b.close();
    }
  });

  it('refuses a bad draft by name, in Chinese, and changes nothing', async () => {
    const { id } = await finalFirst();
    const count = () => (a.db.prepare('SELECT COUNT(*) AS n FROM reviews').get() as { n: number }).n;
    await expect(
      a.api.reviseReview({ documentId: id, file: { name: '修改稿.txt', bytes: new Uint8Array() } }),
    ).rejects.toThrow('「修改稿.txt」是空文件');
    await expect(
      a.api.reviseReview({ documentId: id, file: { name: 'again.txt', bytes: enc(FIRST) } }),
    ).rejects.toThrow('修改稿「again.txt」与当前版本的文件完全相同');
    expect(count()).toBe(1);
    expect((await a.api.getDocument({ id })).text).toBe(FIRST);

    // A failure inside the transaction (here: the archive's key already taken) rolls everything back.
    a.db
      .prepare(
        `INSERT INTO document_versions (document_id, revision, file_name, sha256, size, type, imported_at, text, clauses,
           findings, archived_at) VALUES (?, 1, 'x', 'x', 0, 'txt', '', '', '[]', '[]', '')`,
      )
      .run(id);
    await expect(
      a.api.reviseReview({ documentId: id, file: { name: '修改稿.txt', bytes: enc(REVISED) } }),
    ).rejects.toThrow();
    expect(count()).toBe(1);
    expect((await a.api.getDocument({ id })).text).toBe(FIRST);
    expect((await a.api.getReview({ documentId: id })).findings.length).toBeGreaterThan(0);
  });

  it('fcr revise DOC --file FILE prints what the draft changed', async () => {
    const { id } = await finalFirst();
    a.close();
    const file = path.join(tmp.dir, '修改稿.txt');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, REVISED);
    const r = await cli('revise', String(id), '--file', file, '--data-dir', tmp.dir);
    a = createServices(tmp.dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^已新建第 2 版（修改稿「修改稿\.txt」）：已解决 \d+、仍存在 \d+、新增 \d+$/);
  });
});

describe('the same measure twice', () => {
  const file = (name: string) => ({ name, bytes: readFileSync(fixture('documents', name)) });

  it('says which live documents have the same text, whatever the format', async () => {
    const docx = await a.api.importDocument(file('banfa.docx'));
    expect(docx.sameAs).toBeUndefined();
    const pdf = await a.api.importDocument(file('banfa.pdf'));
    expect(pdf.duplicate).toBe(false);
    expect(pdf.sameAs).toEqual([
      { id: docx.document.id, title: docx.document.title, fileName: 'banfa.docx', type: 'docx' },
    ]);
    const other = await a.api.importDocument(file('zhejiang.pdf'));
    expect(other.sameAs).toBeUndefined();
    // The CLI says so too.
    const r = await cli('import', fixture('documents', 'zhejiang.txt'), '--data-dir', tmp.dir);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`注意：与已导入的《${other.document.title}》（.pdf）内容相同`);
    const txt = await a.api.importDocument(file('banfa.txt'));
    expect(txt.sameAs?.map((d) => d.fileName)).toEqual(['banfa.docx', 'banfa.pdf']);

    // Keeping one: the other goes to the recycle bin and is no longer named.
    await a.api.deleteDocument({ id: txt.document.id });
    await a.api.deleteDocument({ id: pdf.document.id });
    // Documents stored before fingerprints get theirs at the next import.
    a.db.prepare('UPDATE documents SET fingerprint = NULL, fingerprint_length = NULL, shingles = NULL').run();
    const again = await a.api.importDocument(file('banfa.docxlib.docx'));
    expect(again.sameAs?.map((d) => d.fileName)).toEqual(['banfa.docx']);
    const filled = a.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE fingerprint IS NULL').get() as { n: number };
    expect(filled.n).toBe(0);
  });
});
