/**
 * The import pipeline's entry: sniff the bytes, pick the importer, return the extracted document.
 * Importers are chosen by content, never by file extension.
 */
import { FcrError } from '../../../shared/errors.js';
import type { DocumentType } from '../../../shared/types.js';
import { sniff } from './sniff.js';
import { decodeText } from './text.js';

export interface ExtractedDocument {
  type: DocumentType;
  encoding: string | null;
  /** The document's text, line breaks normalised to \n. */
  text: string;
}

export async function extractDocument(fileName: string, bytes: Uint8Array): Promise<ExtractedDocument> {
  switch (sniff(bytes)) {
    case 'zip':
    case 'pdf':
    case 'ole':
      throw new FcrError(
        'UNSUPPORTED_TYPE',
        `「${fileName}」是 Word/PDF/OFD 等格式，本版本暂只支持纯文本（.txt）导入。`,
      );
    case 'exe':
    case 'image':
      throw new FcrError('NOT_TEXT', `「${fileName}」不是文本或文档文件（看起来是程序或图片），无法导入。`);
    case 'text-candidate': {
      const { text, encoding } = decodeText(bytes, fileName);
      const normalized = text.replace(/\r\n?/g, '\n');
      if (normalized.trim() === '') throw new FcrError('EMPTY_FILE', `「${fileName}」只有空白字符，没有可导入的内容。`);
      return { type: 'txt', encoding, text: normalized };
    }
  }
}
