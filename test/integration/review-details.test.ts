/**
 * The form's fields on the review (schema 5): a database from before keeps its reviews and gets
 * empty fields; a new review takes the unit's contact and phone from the settings; saving the
 * conclusion saves the fields (or keeps them when not sent); a revision copies them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/services/index';
import { EMPTY_DETAILS } from '../../shared/review/model';
import { LOCAL_PREFERENCE_DRAFT as DRAFT } from '../helpers/drafts';
import { databaseAt } from '../helpers/old-db';
import { tempDir } from '../helpers/paths';

let tmp: ReturnType<typeof tempDir>;
let services: Services | null = null;

beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  services?.close();
  services = null;
  tmp.cleanup();
});

const conclusion = (documentId: number) => ({
  documentId,
  conclusion: null,
  reviewer: '甲',
  unit: '某局',
  consultation: { stakeholders: false, publicComment: false, details: '', notDoneReason: '依法保密' },
  opinion: '',
});

describe('review details', () => {
  it('upgrades a schema-4 database: its reviews get empty fields', () => {
    const old = databaseAt(tmp.dir, 4, DRAFT);
    old
      .prepare(
        "INSERT INTO reviews (document_id, revision, status, created_at, updated_at) VALUES (1, 1, 'draft', '2026-01-01', '2026-01-01')",
      )
      .run();
    old.close();
    services = createServices(tmp.dir);
    expect(services.reviews.latest(1)?.details).toEqual(EMPTY_DETAILS);
  });

  it('defaults the unit’s contact from the settings, saves the fields and copies them to a revision', async () => {
    services = createServices(tmp.dir);
    const { api } = services;
    const settings = await api.saveSettings({ reviewer: '甲', unit: '某局', contact: '张联系', phone: '0000-1111' });
    expect(settings).toEqual({ reviewer: '甲', unit: '某局', contact: '张联系', phone: '0000-1111' });
    // Saving only name and unit keeps the contact.
    expect(await api.saveSettings({ reviewer: '甲', unit: '某局' })).toMatchObject({ contact: '张联系' });

    const { document } = await api.importDocument({ name: 'a.txt', bytes: new TextEncoder().encode(DRAFT) });
    const documentId = document.id;
    expect((await api.getReview({ documentId })).review.details).toMatchObject({
      reviewerContact: '张联系',
      reviewerPhone: '0000-1111',
    });
    let state = await api.saveConclusion(conclusion(documentId));
    expect(state.review.details.reviewerContact).toBe('张联系');

    const details = { ...state.review.details, sector: '零售业', nature: 'normative' as const, remarks: '无' };
    state = await api.saveConclusion({ ...conclusion(documentId), details });
    expect(state.review.details).toEqual(details);
    // Not sent: kept.
    state = await api.saveConclusion(conclusion(documentId));
    expect(state.review.details).toEqual(details);

    for (const f of state.findings)
      await api.setDisposition({ documentId, findingId: f.id, disposition: 'accept', reason: '' });
    await api.saveConclusion({ ...conclusion(documentId), conclusion: 'non_compliant', details });
    await api.finalizeReview({ documentId });
    state = await api.reviseReview({ documentId });
    expect(state.review.revision).toBe(2);
    expect(state.review.details).toEqual(details);
  });

  it('refuses a 性质 that is not one of the five', async () => {
    services = createServices(tmp.dir);
    const { parseArgs } = await import('../../shared/api');
    expect(() =>
      parseArgs('saveConclusion', { ...conclusion(1), details: { ...EMPTY_DETAILS, nature: 'law' } }),
    ).toThrow();
  });
});
