/**
 * The renderer's Pinia stores driven against the real services (a real SQLite file), exactly as
 * the UI drives them, minus the DOM.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/services/index';
import { useApi } from '../../renderer/src/stores/api';
import { useLibraryStore } from '../../renderer/src/stores/library';
import { useReviewStore } from '../../renderer/src/stores/review';
import { useSettingsStore } from '../../renderer/src/stores/settings';
import { tempDir } from '../helpers/paths';

const enc = (s: string) => new TextEncoder().encode(s);
const fileOf = (name: string, text: string) => new File([enc(text)], name, { type: 'text/plain' });

const DRAFT_A =
  '关于扶持本市企业的若干措施\n第一条 对在本市注册的企业给予一次性奖励。\n第二条 本措施自印发之日起施行。';
const DRAFT_B = '关于规范市场秩序的通知\n一、各部门应依法履职。\n二、本通知自发布之日起施行。';

let tmp: ReturnType<typeof tempDir>;
let services: Services;

beforeEach(() => {
  tmp = tempDir();
  services = createServices(tmp.dir);
  useApi(services.api);
  setActivePinia(createPinia());
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

describe('library store', () => {
  it('imports several files with per-file results and progress, then lists them', async () => {
    const lib = useLibraryStore();
    await lib.importFiles([fileOf('a.txt', DRAFT_A), fileOf('empty.txt', ''), fileOf('b.txt', DRAFT_B)]);
    expect(lib.importProgress).toMatchObject({ done: 3, total: 3 });
    expect(lib.reports.map((r) => [r.fileName, r.ok])).toEqual([
      ['a.txt', true],
      ['empty.txt', false],
      ['b.txt', true],
    ]);
    expect(lib.reports[1]!.message).toContain('「empty.txt」是空文件');
    expect(lib.documents.map((d) => d.title).sort()).toEqual(['关于扶持本市企业的若干措施', '关于规范市场秩序的通知']);
  });

  it('cancel lets the file in progress finish and imports no further file', async () => {
    const lib = useLibraryStore();
    const run = lib.importFiles([fileOf('a.txt', DRAFT_A), fileOf('b.txt', DRAFT_B), fileOf('c.txt', '第三份')]);
    lib.cancelImport();
    await run;
    expect(lib.reports.map((r) => r.message)).toEqual([
      '已导入：《关于扶持本市企业的若干措施》',
      '已取消，未导入。',
      '已取消，未导入。',
    ]);
    expect(lib.documents.map((d) => d.fileName)).toEqual(['a.txt']);
    expect(lib.importing).toBe(false);
  });

  it('sorts, filters by status and text, and searches', async () => {
    const lib = useLibraryStore();
    await lib.importFiles([fileOf('a.txt', DRAFT_A), fileOf('b.txt', DRAFT_B)]);
    lib.setSort('title');
    expect(lib.visible.map((d) => d.fileName)).toEqual(['a.txt', 'b.txt']);
    lib.setSort('title');
    expect(lib.visible.map((d) => d.fileName)).toEqual(['b.txt', 'a.txt']);
    lib.statusFilter = 'flagged';
    expect(lib.visible.map((d) => d.fileName)).toEqual(['a.txt']);
    lib.statusFilter = 'all';
    lib.textFilter = '市场秩序';
    expect(lib.visible.map((d) => d.fileName)).toEqual(['b.txt']);
    await lib.search('本市注册');
    expect(lib.results).toHaveLength(1);
    expect(lib.results[0]).toMatchObject({ match: '本市注册', clauseLabel: expect.stringContaining('第一条') });
    await lib.search('  ');
    expect(lib.results).toEqual([]);
  });

  it('moves a document to the recycle bin and back', async () => {
    const lib = useLibraryStore();
    await lib.importFiles([fileOf('a.txt', DRAFT_A)]);
    const id = lib.documents[0]!.id;
    await lib.remove(id);
    expect(lib.documents).toEqual([]);
    await lib.toggleDeleted();
    expect(lib.documents.map((d) => d.id)).toEqual([id]);
    await lib.restore(id);
    expect(lib.documents).toEqual([]);
    await lib.toggleDeleted();
    expect(lib.documents.map((d) => d.id)).toEqual([id]);
  });

  it('groups search hits by document with its file name, and summarises and closes the import report', async () => {
    const lib = useLibraryStore();
    await lib.importFiles([
      fileOf('a.txt', DRAFT_A),
      fileOf('a2.txt', `${DRAFT_A}\n第三条 本市注册。`),
      fileOf('e.txt', ''),
    ]);
    expect(lib.reportSummary).toBe('导入完成：2 个文件成功，1 个未导入');
    lib.closeReports();
    expect(lib.reports).toEqual([]);
    await lib.search('本市注册');
    expect(lib.results).toHaveLength(3);
    expect(lib.resultGroups.map((g) => [g.fileName, g.hits.length]).sort()).toEqual([
      ['a.txt', 1],
      ['a2.txt', 2],
    ]);
  });
});

describe('review store', () => {
  async function openDraft() {
    const { document } = await services.api.importDocument({ name: 'a.txt', bytes: enc(DRAFT_A) });
    const review = useReviewStore();
    await review.open(document.id);
    return review;
  }

  it('opens a document with its findings and steps through them', async () => {
    const review = await openDraft();
    expect(review.document?.title).toBe('关于扶持本市企业的若干措施');
    expect(review.findings.length).toBeGreaterThan(0);
    expect(review.catalog?.standards.length).toBeGreaterThanOrEqual(67);
    review.step(1);
    expect(review.selectedId).toBe(review.findings[0]!.id);
    review.step(-1);
    expect(review.selectedId).toBe(review.findings.at(-1)!.id);
    expect(review.openMs).not.toBeNull();
  });

  it('records dispositions and shows refused changes as errors without losing state', async () => {
    const review = await openDraft();
    const f = review.findings[0]!;
    expect(await review.dispose(f.id, 'accept', '')).toBe(true);
    expect(review.findings[0]!.disposition).toBe('accept');
    expect(review.openCount).toBe(review.findings.length - 1);
    const before = review.state;
    expect(await review.dispose(f.id, 'reject', '')).toBe(false);
    expect(review.error).toMatch(/需要填写理由/);
    expect(review.state).toBe(before);
  });

  it('switching to the history tab loads the audit trail', async () => {
    const review = await openDraft();
    review.setTab('history');
    await new Promise((r) => setTimeout(r, 50));
    expect(review.history.map((h) => h.action)).toContain('document.import');
  });

  it('opening another document with the history tab active shows only that document’s history', async () => {
    const review = await openDraft();
    await services.api.updateDocumentMeta({
      id: review.documentId!,
      title: '改过的标题',
      docNumber: null,
      issuer: null,
      docDate: null,
    });
    review.setTab('history');
    await new Promise((r) => setTimeout(r, 50));
    expect(review.history.map((h) => h.action)).toContain('document.update_meta');
    const { document: other } = await services.api.importDocument({ name: 'b.txt', bytes: enc(DRAFT_B) });
    const opening = review.open(other.id);
    expect(review.history).toEqual([]);
    await opening;
    expect(review.history.map((h) => h.action)).toEqual(['document.import']);
  });

  it('a disposition keeps the objects of the findings it did not change', async () => {
    const review = await openDraft();
    const [first, ...rest] = review.findings;
    expect(await review.dispose(first!.id, 'accept', '')).toBe(true);
    expect(review.findings[0]).not.toBe(first);
    rest.forEach((f, i) => expect(review.findings[i + 1]).toBe(f));
  });
});

describe('settings store', () => {
  it('saves the reviewer profile and reports the app', async () => {
    const settings = useSettingsStore();
    await settings.load();
    expect(settings.info).toMatchObject({ name: '审查助手', dataDir: tmp.dir });
    await settings.save({ reviewer: '赵六', unit: '某县市场监管局' });
    expect(settings.saved).toBe(true);
    const again = useSettingsStore();
    await again.load();
    expect(again.settings).toEqual({ reviewer: '赵六', unit: '某县市场监管局', contact: '', phone: '' });
  });
});

describe('the 审查意见 box', () => {
  // Drafted from the adopted findings while the opinion is empty; the untouched draft is not
  // stored (so it follows later dispositions); an edited one is stored as written.
  it('pre-drafts the opinion from the adopted findings and stores it only once edited', async () => {
    const { document } = await services.api.importDocument({ name: 'a.txt', bytes: enc(DRAFT_A) });
    const store = useReviewStore();
    await store.open(document.id);
    expect(store.opinionDraft).toContain('未发现违反公平竞争审查标准的内容');
    const form = {
      conclusion: null,
      reviewer: '甲',
      unit: '某局',
      consultation: { stakeholders: false, publicComment: false, details: '', notDoneReason: '保密' },
      details: store.state!.review.details,
    };

    // Saved untouched: nothing stored, and the draft follows the dispositions made afterwards.
    expect(await store.saveConclusion({ ...form, opinion: store.opinionDraft })).toBe(true);
    expect(store.state!.review.opinion).toBe('');
    for (const f of store.findings) await store.dispose(f.id, 'accept', '');
    expect(store.opinionDraft).toMatch(/^1\. 第一条：/m);
    expect(store.opinionDraft).toContain('不符合《实施办法》');
    expect(store.opinionDraft).not.toContain('未发现');

    // Edited: stored as written.
    const edited = `${store.opinionDraft}\n请于十日内反馈。`;
    await store.saveConclusion({ ...form, opinion: edited });
    expect((await services.api.getReview({ documentId: document.id })).review.opinion).toBe(edited);
  });
});
