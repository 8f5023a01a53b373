/** The 审查意见 (review opinion) as a 公文 .docx. */
import type { ExportedFile } from '../../../shared/api.js';
import { opinionContent } from '../../../shared/export/content.js';
import { gongwenDocx } from './gongwen.js';
import { exportInput, type ExportSources } from './input.js';

export async function exportOpinion(sources: ExportSources, documentId: number): Promise<ExportedFile> {
  const content = opinionContent(exportInput(sources, documentId));
  return { fileName: content.fileName, bytes: await gongwenDocx(content) };
}
