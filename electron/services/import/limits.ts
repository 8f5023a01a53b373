/**
 * Import limits (issue 13, bounded imports): file size, zip-bomb guards, decompressed PDF streams,
 * pages, XML/HTML nesting depth, numbering values, text length, findings per document and a
 * per-file time budget. Each hit is an FcrError with a Chinese message naming the file and the
 * limit; the worker's heap cap (pool.ts) and the time budget bound whatever these miss.
 */
import { MAX_IMPORT_BYTES } from '../../../shared/api.js';
import { FcrError } from '../../../shared/errors.js';

export interface ImportLimits {
  /** Largest accepted file (bytes). */
  maxFileBytes: number;
  /** Largest total uncompressed size read from one .docx/.ofd package (bytes). */
  maxUncompressedBytes: number;
  /** Largest compression ratio of one package entry (checked once an entry exceeds 1 MB). */
  maxCompressionRatio: number;
  /** Largest XML part of a .docx/.ofd package, decompressed (bytes): XML is parsed at ~10–50 MB/s. */
  maxXmlBytes: number;
  /** Largest decompressed size of one (non-image) Flate stream of a PDF (bytes). */
  maxPdfStreamBytes: number;
  /** Most pages of one PDF or OFD document. */
  maxPages: number;
  /** Deepest element nesting of an XML part or an HTML page. */
  maxDepth: number;
  /** Largest automatic-numbering start value of a .docx (Word itself allows 0–32767). */
  maxNumberingValue: number;
  /** Most characters of text extracted from one document. */
  maxTextChars: number;
  /** Most rule findings stored for one document. */
  maxFindings: number;
  /** Time budget per file (ms). */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxFileBytes: MAX_IMPORT_BYTES,
  maxUncompressedBytes: 300 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxXmlBytes: 64 * 1024 * 1024,
  maxPdfStreamBytes: 128 * 1024 * 1024,
  maxPages: 2000,
  maxDepth: 512,
  maxNumberingValue: 32767,
  maxTextChars: 5_000_000,
  maxFindings: 10_000,
  timeoutMs: 60_000,
};

export function resolveLimits(partial?: Partial<ImportLimits>): ImportLimits {
  return { ...DEFAULT_LIMITS, ...(partial ?? {}) };
}

export const mb = (n: number): string => `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MB`;

export function checkFileSize(fileName: string, size: number, limits: ImportLimits): void {
  if (size > limits.maxFileBytes) {
    throw new FcrError(
      'TOO_LARGE',
      `「${fileName}」大小为 ${mb(size)}，超过导入上限 ${mb(limits.maxFileBytes)}。请拆分文件或调整上限后再导入。`,
    );
  }
}

/** "1,234,567" */
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The message of a limit hit: the file, what was found, the limit, and what to do. */
export function limitError(
  fileName: string,
  found: string,
  limit: string,
  hint = '文件可能已损坏或结构异常。',
): FcrError {
  return new FcrError('TOO_LARGE', `「${fileName}」${found}，超过上限（${limit}），已拒绝导入。${hint}`);
}

export function checkPages(fileName: string, pages: number, limits: ImportLimits): void {
  if (pages > limits.maxPages) {
    throw limitError(
      fileName,
      `有 ${count(pages)} 页`,
      `每份文件 ${count(limits.maxPages)} 页`,
      '请拆分文件后再导入。',
    );
  }
}

export function checkTextLength(fileName: string, chars: number, limits: ImportLimits): void {
  if (chars > limits.maxTextChars) {
    throw limitError(
      fileName,
      `的文字超过 ${count(limits.maxTextChars)} 字`,
      `每份文件 ${count(limits.maxTextChars)} 字`,
      '请拆分文件后再导入。',
    );
  }
}

export function depthError(fileName: string, part: string, limits: Pick<ImportLimits, 'maxDepth'>): FcrError {
  return limitError(
    fileName,
    `的 ${part} 元素嵌套超过 ${count(limits.maxDepth)} 层`,
    `嵌套 ${count(limits.maxDepth)} 层`,
  );
}

/** A per-file deadline; long synchronous loops call check() now and then. */
export class Deadline {
  private readonly until: number;

  constructor(
    readonly fileName: string,
    readonly ms: number,
  ) {
    this.until = Date.now() + ms;
  }

  expired(): boolean {
    return Date.now() > this.until;
  }

  check(): void {
    if (this.expired()) throw this.error();
  }

  remaining(): number {
    return Math.max(0, this.until - Date.now());
  }

  error(): FcrError {
    return new FcrError(
      'TIMEOUT',
      `「${this.fileName}」处理超时（超过 ${Math.round(this.ms / 1000)} 秒），已停止导入。文件可能过大或结构异常。`,
    );
  }
}

/** Races a promise against the deadline; `onTimeout` may release resources. */
export async function withDeadline<T>(deadline: Deadline, work: Promise<T>, onTimeout?: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(deadline.error());
    }, deadline.remaining());
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
