/**
 * The 审查意见 box as the review store drives it: drafted from the adopted findings while the
 * opinion is empty; the untouched draft is not stored (so it follows later dispositions); an
 * edited one is stored as written.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/services/index';
import { useApi } from '../../renderer/src/stores/api';
import { useReviewStore } from '../../renderer/src/stores/review';
import { LOCAL_PREFERENCE_DRAFT as DRAFT } from '../helpers/drafts';
import { tempDir } from '../helpers/paths';

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

it('pre-drafts the opinion from the adopted findings and stores it only once edited', async () => {
  const { document } = await services.api.importDocument({ name: 'a.txt', bytes: new TextEncoder().encode(DRAFT) });
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
  expect(store.opinionDraft).toContain('1. 第二条：');
  expect(store.opinionDraft).toContain('不符合《实施办法》');
  expect(store.opinionDraft).not.toContain('未发现');

  // Edited: stored as written.
  const edited = `${store.opinionDraft}\n请于十日内反馈。`;
  await store.saveConclusion({ ...form, opinion: edited });
  expect((await services.api.getReview({ documentId: document.id })).review.opinion).toBe(edited);
});
