/** Gathers what the document exports are made from: the document, its review state, the standards. */
import { localDate, type ExportInput } from '../../../shared/export/content.js';
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
