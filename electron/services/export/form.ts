/** The 公平竞争审查表 (review form) as a .docx: one bordered table on the 公文 page. */
import type { ExportedFile } from '../../../shared/api.js';
import { formContent } from '../../../shared/export/content.js';
import { gongwenDocx } from './gongwen.js';
import { exportInput, type ExportSources } from './input.js';

export async function exportForm(sources: ExportSources, documentId: number): Promise<ExportedFile> {
  const content = formContent(exportInput(sources, documentId));
  return { fileName: content.fileName, bytes: await gongwenDocx(content) };
}
