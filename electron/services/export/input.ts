/** Gathers what the document exports are made from: the document, its review state, the standards. */
import type { ExportInput } from '../../../shared/export/content.js';
import type { DocumentService } from '../documents.js';
import type { ReviewService } from '../reviews.js';

export interface ExportSources {
  documents: DocumentService;
  reviews: ReviewService;
}

export function exportInput({ documents, reviews }: ExportSources, documentId: number, now = new Date()): ExportInput {
  const catalog = reviews.catalog();
  return {
    document: documents.get(documentId),
    state: reviews.state(documentId),
    standards: catalog.standards,
    grounds: catalog.grounds,
    today: localDate(now),
  };
}

/** YYYY-MM-DD in the machine's time zone (the date a reviewer sees on the wall). */
export function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
