/**
 * The import pipeline's entry: sniff the bytes, pick the importer, return the NormalizedDocument.
 * Importers are chosen by content, never by file extension. Every failure is an FcrError with a
 * Chinese message naming the file; nothing here writes anything.
 */
import type { NormalizedDocument, RawBlock } from '../../../shared/document.js';
import { FcrError } from '../../../shared/errors.js';
import { isSpace } from '../../../shared/text/chars.js';
import { assembleDocument } from '../../../shared/normalize/assemble.js';
import type { DocumentType } from '../../../shared/types.js';
import { isDocx, readDocx } from './docx.js';
import { declaredCharset, looksLikeHtml, readHtml } from './html.js';
import { checkFileSize, checkTextLength, Deadline, resolveLimits, type ImportLimits } from './limits.js';
import { isOfd, readOfd } from './ofd.js';
import { readPdf } from './pdf.js';
import { sniff } from './sniff.js';
import { decodeText } from './text.js';
import { ZipReader } from './zip.js';

export type { ImportLimits } from './limits.js';
export { DEFAULT_LIMITS } from './limits.js';

export interface ExtractOptions {
  limits?: Partial<ImportLimits>;
}

export async function extractDocument(
  fileName: string,
  bytes: Uint8Array,
  options: ExtractOptions = {},
): Promise<NormalizedDocument> {
  const limits = resolveLimits(options.limits);
  checkFileSize(fileName, bytes.byteLength, limits);
  if (bytes.byteLength === 0) throw new FcrError('EMPTY_FILE', `「${fileName}」是空文件（0 字节），没有可导入的内容。`);
  const deadline = new Deadline(fileName, limits.timeoutMs);
  let type: DocumentType;
  let encoding: string | null = null;
  let blocks: RawBlock[];
  /** Plain text whose lines are its blocks as they are (see assembleDocument). */
  let joined: string | undefined;
  let pages: number | undefined;
  let warnings: string[] = [];

  const kind = sniff(bytes);
  switch (kind) {
    case 'zip': {
      const zip = new ZipReader(bytes, fileName, limits, deadline);
      if (isOfd(zip)) {
        type = 'ofd';
        ({ blocks, pages, warnings } = readOfd(zip, fileName, deadline, limits));
      } else if (isDocx(zip)) {
        type = 'docx';
        ({ blocks } = readDocx(zip, fileName, deadline, limits));
      } else if (zip.has('xl/workbook.xml') || zip.has('ppt/presentation.xml')) {
        throw new FcrError(
          'UNSUPPORTED_TYPE',
          `「${fileName}」是 Excel 或 PowerPoint 文件，暂不支持导入。请导入 .docx、.pdf、.ofd、.txt 或 .html 文件。`,
        );
      } else if (zip.has('content.xml') && zip.has('mimetype')) {
        throw new FcrError(
          'UNSUPPORTED_TYPE',
          `「${fileName}」是 OpenDocument（.odt 等）文件，请另存为 .docx 后再导入。`,
        );
      } else {
        const claimed = claimedFormat(fileName);
        if (claimed?.zipPart) {
          throw new FcrError(
            'CORRUPT_FILE',
            `「${fileName}」不是${claimed.valid}（是压缩包，但缺少 ${claimed.zipPart}，可能已损坏，或实际是其他格式的文件）。`,
          );
        }
        throw new FcrError('UNSUPPORTED_TYPE', `「${fileName}」是压缩包，但不是 Word（.docx）或 OFD 文档，无法导入。`);
      }
      break;
    }
    case 'pdf': {
      type = 'pdf';
      ({ blocks, pages, warnings } = await readPdf(bytes, fileName, deadline, limits));
      break;
    }
    case 'ole':
      throw oleError(fileName, bytes);
    case 'exe':
    case 'image': {
      const actual = kind === 'exe' ? '程序文件' : '图片（扫描件请先 OCR 识别）';
      const claimed = claimedFormat(fileName);
      throw new FcrError(
        'NOT_TEXT',
        claimed
          ? `「${fileName}」不是${claimed.valid}（实际是${actual}），无法导入。`
          : `「${fileName}」不是文本或文档文件（实际是${actual}），无法导入。`,
      );
    }
    case 'text-candidate': {
      // Any encoding takes at most 4 bytes per UTF-16 code unit: a file this big is refused undecoded.
      checkTextLength(fileName, Math.floor(bytes.byteLength / 4), limits);
      if (latinHead(bytes).startsWith('{\\rtf')) {
        throw new FcrError('UNSUPPORTED_TYPE', `「${fileName}」是 RTF 格式，请用 Word 或 WPS 另存为 .docx 后再导入。`);
      }
      const charset = declaredCharset(bytes);
      let decoded: { text: string; encoding: string };
      if (charset && /^(utf-?8|gb2312|gbk|gb18030|big5)$/.test(charset) && looksLikeHtml(latinHead(bytes))) {
        const enc = charset.replace(/^utf8$/, 'utf-8').replace(/^(gb2312|gbk)$/, 'gb18030');
        try {
          decoded = { text: new TextDecoder(enc).decode(bytes).replace(/^\ufeff/, ''), encoding: enc };
        } catch {
          decoded = decodeClaimed(bytes, fileName);
        }
      } else {
        decoded = decodeClaimed(bytes, fileName);
      }
      encoding = decoded.encoding;
      if (looksLikeHtml(decoded.text)) {
        type = 'html';
        blocks = readHtml(decoded.text, { fileName, limits, deadline });
      } else {
        type = 'txt';
        checkTextLength(fileName, decoded.text.length, limits);
        blocks = textBlocks(decoded.text);
        if (linesJoinAsIs(decoded.text, blocks)) joined = decoded.text;
      }
      break;
    }
  }
  deadline.check();
  let chars = 0;
  for (const b of blocks) chars += b.text.length;
  checkTextLength(fileName, chars, limits);
  const doc = assembleDocument({
    type,
    encoding,
    fileName,
    blocks,
    pages,
    warnings,
    keepEmptyLines: type === 'txt',
    ...(joined !== undefined ? { joined } : {}),
  });
  if (!doc.text.trim()) {
    throw new FcrError('EMPTY_FILE', `「${fileName}」中没有可导入的文字内容。`);
  }
  return doc;
}

function latinHead(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
}

/**
 * True when textBlocks(text)'s texts joined by "\n" give `text` back: it has no \r and each
 * block's text is its whole line (no line of white space only, which becomes an empty text).
 */
function linesJoinAsIs(text: string, blocks: readonly RawBlock[]): boolean {
  if (text.indexOf('\r') >= 0) return false;
  let length = blocks.length - 1;
  for (const b of blocks) length += b.text.length;
  return length === text.length;
}

/** One block per line (blank lines are kept as empty lines, not blocks); the source keeps the 1-based line number. */
export function textBlocks(text: string): RawBlock[] {
  const blocks: RawBlock[] = [];
  const n = text.length;
  let paragraph = 0;
  let line = 0;
  const add = (start: number, end: number): void => {
    line++;
    if (isBlank(text, start, end)) blocks.push({ kind: 'paragraph', text: '', source: { line } });
    else blocks.push({ kind: 'paragraph', text: text.slice(start, end), source: { paragraph: paragraph++, line } });
  };
  // Lines end at \r\n, \r or \n; the text after the last break is a line too.
  let start = 0;
  if (text.indexOf('\r') < 0) {
    // Only \n: the breaks found by indexOf rather than by a test per char.
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      add(start, end);
      start = end + 1;
    }
    add(start, n);
    return blocks;
  }
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0x0a;
    if (c !== 0x0a && c !== 0x0d) continue;
    add(start, i);
    if (c === 0x0d && i + 1 < n && text.charCodeAt(i + 1) === 0x0a) i++;
    start = i + 1;
  }
  return blocks;
}

interface ClaimedFormat {
  /** "有效的 PDF 文件" */
  valid: string;
  /** What its first bytes should be, for the message. */
  marker?: string;
  /** The part a zip package of this format must hold. */
  zipPart?: string;
}

/** The format a file claims by its extension, for messages only: importers are chosen by content. */
function claimedFormat(fileName: string): ClaimedFormat | null {
  const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
  switch (ext) {
    case 'pdf':
      return { valid: '有效的 PDF 文件', marker: 'PDF 标记（%PDF-）' };
    case 'docx':
      return {
        valid: '有效的 Word（.docx）文件',
        marker: 'ZIP 压缩包标记',
        zipPart: 'word/document.xml',
      };
    case 'ofd':
      return { valid: '有效的 OFD 文件', marker: 'ZIP 压缩包标记', zipPart: 'OFD.xml' };
    case 'html':
    case 'htm':
      return { valid: '有效的网页（HTML）文件' };
    default:
      return null;
  }
}

/**
 * Text decoding for a file that sniffed as no known binary format. When it is not text either,
 * the message names the format its extension claims and what is wrong with it.
 */
function decodeClaimed(bytes: Uint8Array, fileName: string): ReturnType<typeof decodeText> {
  try {
    return decodeText(bytes, fileName);
  } catch (err) {
    const claimed = claimedFormat(fileName);
    if (!(err instanceof FcrError) || err.code !== 'NOT_TEXT' || !claimed) throw err;
    const what = claimed.marker
      ? `文件开头没有 ${claimed.marker}，可能已损坏，或实际是其他格式的文件`
      : `含有二进制数据或无法识别的编码，可能已损坏，或实际是其他格式的文件`;
    throw new FcrError('CORRUPT_FILE', `「${fileName}」不是${claimed.valid}（${what}）。`);
  }
}

/** True when text[from, to) is all white space as String.prototype.trim has it (isSpace and U+FEFF). */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!isSpace(c) && c !== 0xfeff) return false;
  }
  return true;
}

function oleError(fileName: string, bytes: Uint8Array): FcrError {
  const sample = new TextDecoder('utf-16le').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
  if (sample.includes('EncryptedPackage')) {
    return new FcrError(
      'ENCRYPTED',
      `「${fileName}」是加密的 Office 文档（设置了打开密码），请先取消密码后另存为 .docx 再导入。`,
    );
  }
  return new FcrError(
    'UNSUPPORTED_TYPE',
    `「${fileName}」是旧版 Word（.doc）或 WPS（.wps）二进制格式，本工具无法直接读取。请用 Word 或 WPS 打开后“另存为” .docx 格式，再导入。`,
  );
}
