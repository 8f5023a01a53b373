import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/services/index';
import type { ReviewState } from '../../shared/review/types';
import { LOCAL_PREFERENCE_DRAFT as DRAFT } from '../helpers/drafts';
import { tempDir } from '../helpers/paths';

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let docId: number;

beforeEach(async () => {
  tmp = tempDir();
  services = createServices(tmp.dir);
  const { document } = await services.api.importDocument({ name: '草案.txt', bytes: new TextEncoder().encode(DRAFT) });
  docId = document.id;
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

const api = () => services.api;
const ruleFinding = (s: ReviewState) => s.findings.find((f) => !f.manual && f.text.length > 0)!;

describe('review workflow over the real store', () => {
  it('scans on import and stores findings with the rule-set version', async () => {
    const state = await api().getReview({ documentId: docId });
    expect(state.findings.length).toBeGreaterThan(0);
    const f = ruleFinding(state);
    expect(f.clause).toContain('第二条');
    expect(DRAFT.slice(f.start, f.end)).toBe(f.text);
    expect(f.rulesetVersion).toBe(state.currentRulesetVersion);
    expect(state.review).toMatchObject({ revision: 1, status: 'draft' });
    const [entry] = await api().listDocuments({});
    // Looking is not reviewing: the document stays 未审查 until the reviewer acts.
    expect(entry).toMatchObject({ reviewStatus: 'unreviewed', open: state.findings.length });
    expect(entry!.strong + entry!.weak).toBe(state.findings.length);
  });

  it('keeps dispositions across a re-scan', async () => {
    let state = await api().getReview({ documentId: docId });
    const f = ruleFinding(state);
    state = await api().setDisposition({
      documentId: docId,
      findingId: f.id,
      disposition: 'reject',
      reason: '经核实为全国统一政策的复述',
    });
    expect(state.findings.find((x) => x.id === f.id)?.disposition).toBe('reject');
    state = await api().rescanDocument({ documentId: docId });
    const again = state.findings.find((x) => x.rule === f.rule && x.start === f.start)!;
    expect(again.id).not.toBe(f.id);
    expect(again).toMatchObject({ disposition: 'reject', dispositionReason: '经核实为全国统一政策的复述' });
  });

  it('requires a reason to reject or to claim an exception', async () => {
    const f = ruleFinding(await api().getReview({ documentId: docId }));
    await expect(
      api().setDisposition({ documentId: docId, findingId: f.id, disposition: 'reject', reason: ' ' }),
    ).rejects.toThrow(/需要填写理由/);
  });

  it('walks disposition, checklist exception, conclusion, finalise, lock and revision', async () => {
    let state = await api().getReview({ documentId: docId });
    expect(state.problems.some((p) => p.startsWith('疑似问题未处理'))).toBe(true);
    await expect(api().finalizeReview({ documentId: docId })).rejects.toThrow(/尚不能定稿/);

    for (const f of state.findings) {
      state = await api().setDisposition({
        documentId: docId,
        findingId: f.id,
        disposition: 'exception',
        reason: '应急救灾物资保障',
      });
    }
    const items = state.checklist.filter((i) => i.answer === 'exception');
    expect(items.length).toBeGreaterThan(0);
    expect(state.problems.some((p) => p.includes('适用例外未说明'))).toBe(true);
    for (const item of items) {
      state = await api().saveChecklistItem({
        documentId: docId,
        standardId: item.standardId,
        category: item.category,
        answer: 'exception',
        note: '仅限灾后恢复期',
        exception: {
          effect: '限定采购本地产品',
          ground: 'E3',
          leastHarm: '灾区物流中断，无替代渠道',
          term: '灾情解除即终止，最长 3 个月',
          other: '',
        },
      });
    }
    expect(state.suggestedConclusion).toBe('exception');
    state = await api().saveConclusion({
      documentId: docId,
      conclusion: 'exception',
      reviewer: '李四',
      unit: '某市发展和改革委员会',
      consultation: { stakeholders: true, publicComment: false, details: '征求了 8 家企业意见', notDoneReason: '' },
      opinion: '同意按例外规定出台。',
    });
    expect(state.problems, state.problems.join('\n')).toEqual([]);

    state = await api().finalizeReview({ documentId: docId });
    expect(state.review).toMatchObject({ status: 'final', conclusion: 'exception' });
    expect(state.review.finalizedAt).toBeTruthy();
    const f = state.findings[0]!;
    await expect(
      api().setDisposition({ documentId: docId, findingId: f.id, disposition: 'accept', reason: '' }),
    ).rejects.toThrow(/已定稿/);
    await expect(api().rescanDocument({ documentId: docId })).rejects.toThrow(/已定稿/);
    // The lock holds in the database itself, not only in the service.
    expect(() =>
      services.db.prepare("UPDATE reviews SET conclusion = 'compliant' WHERE id = ?").run(state.review.id),
    ).toThrow(/finalised/);

    state = await api().reviseReview({ documentId: docId });
    expect(state.review).toMatchObject({ revision: 2, status: 'draft', conclusion: 'exception' });
    expect(state.findings.every((x) => x.disposition === 'exception')).toBe(true);
    expect(state.revisions.map((r) => [r.revision, r.status])).toEqual([
      [1, 'final'],
      [2, 'draft'],
    ]);
    const history = await api().getReviewHistory({ documentId: docId });
    expect(history.map((h) => h.action)).toEqual(
      expect.arrayContaining([
        'document.import',
        'finding.dispose',
        'checklist.answer',
        'review.conclusion',
        'review.finalize',
        'review.revise',
      ]),
    );
  });

  it('adds and removes a manual finding on selected text', async () => {
    const start = DRAFT.indexOf('产业高质量发展');
    let state = await api().addManualFinding({
      documentId: docId,
      start,
      end: start + 7,
      standard: 'M24',
      category: 'cost',
      note: '需结合配套细则核查',
    });
    const manual = state.findings.find((f) => f.manual)!;
    expect(manual).toMatchObject({ text: '产业高质量发展', category: 'cost', disposition: 'accept', standard: 'M24' });
    expect(manual.clause).toContain('第一条');
    await expect(
      api().addManualFinding({ documentId: docId, start, end: start + 2, standard: 'M24', note: '' }),
    ).rejects.toThrow(/须选择所涉及的类别/);
    state = await api().removeManualFinding({ documentId: docId, findingId: manual.id });
    expect(state.findings.some((f) => f.manual)).toBe(false);
  });

  it('soft-deletes and restores a document, and searches only live documents', async () => {
    expect((await api().search({ query: '本地企业' })).map((r) => r.documentId)).toEqual([docId]);
    const [hit] = await api().search({ query: '优先采购' });
    expect(hit).toMatchObject({ match: '优先采购', title: '关于支持本市产业发展的若干措施' });
    expect(hit!.clauseLabel).toContain('第二条');
    await api().deleteDocument({ id: docId });
    expect(await api().listDocuments({})).toEqual([]);
    expect((await api().listDocuments({ deleted: true })).map((d) => d.id)).toEqual([docId]);
    expect(await api().search({ query: '本地企业' })).toEqual([]);
    await api().restoreDocument({ id: docId });
    expect((await api().listDocuments({})).map((d) => d.id)).toEqual([docId]);
    expect((await api().search({ query: '本地企业' })).length).toBe(1);
  });

  it('edits metadata and keeps reviewer settings', async () => {
    const entry = await api().updateDocumentMeta({
      id: docId,
      title: '新标题',
      docNumber: '某发〔2026〕1号',
      issuer: '某市人民政府',
      docDate: '2026-03-01',
    });
    expect(entry).toMatchObject({ title: '新标题', docNumber: '某发〔2026〕1号', docDate: '2026-03-01' });
    await expect(
      api().updateDocumentMeta({ id: docId, title: 'x', docNumber: null, issuer: null, docDate: '2026/3/1' }),
    ).rejects.toThrow(/YYYY-MM-DD/);
    await api().saveSettings({ reviewer: '王五', unit: '某区市场监管局' });
    expect(await api().getSettings({})).toEqual({ reviewer: '王五', unit: '某区市场监管局', contact: '', phone: '' });
  });
});
