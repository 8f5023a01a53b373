/**
 * .pdf importer over pdfjs-dist (legacy build, loaded lazily so the CLI starts fast). Text with
 * page numbers, paragraphs rebuilt from line positions (layout.ts), running headers, footers and
 * page numbers removed. No text layer → "scanned, OCR first"; a password → "encrypted".
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RawBlock } from '../../../shared/document.js';
import { FcrError } from '../../../shared/errors.js';
import { layoutToBlocks, type LaidPage, type PlacedText } from './layout.js';
import {
  checkPages,
  checkTextLength,
  DEFAULT_LIMITS,
  withDeadline,
  type Deadline,
  type ImportLimits,
} from './limits.js';
import { checkPdfStreams } from './pdf-streams.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsPromise: Promise<{ pdfjs: PdfJs; root: string }> | null = null;

/**
 * Built-ins the legacy build's core-js polyfills replace although V8 has them: Array.prototype.push
 * (for an edge case of arrays whose length is read-only), JSON.parse and JSON.stringify (raw JSON,
 * which pdf.js does not use) and Function.prototype.toString. The replacements are functions
 * written in JavaScript, and they replace the built-ins for everything in the thread: the
 * polyfilled push alone took about a quarter of an import worker's time on a batch (every push,
 * pdf.js's and ours). The native ones are put back once pdf.js is loaded.
 */
const NATIVE_BUILTINS: [object, string][] = [
  [Array.prototype, 'push'],
  [JSON, 'parse'],
  [JSON, 'stringify'],
  [Function.prototype, 'toString'],
];

function loadPdfJs(): Promise<{ pdfjs: PdfJs; root: string }> {
  pdfjsPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
    const native = NATIVE_BUILTINS.map(([o, k]) => [o, k, Object.getOwnPropertyDescriptor(o, k)!] as const);
    try {
      const pdfjs = (await import(pathToFileURL(path.join(root, 'legacy/build/pdf.mjs')).href)) as PdfJs;
      // Its worker half, loaded now rather than at the first document (pdf.js runs it in this
      // thread and finds it as globalThis.pdfjsWorker), so that its polyfills are undone too.
      await import(pathToFileURL(path.join(root, 'legacy/build/pdf.worker.mjs')).href);
      return { pdfjs, root };
    } finally {
      for (const [o, k, d] of native) Object.defineProperty(o, k, d);
    }
  })();
  return pdfjsPromise;
}

export interface PdfResult {
  blocks: RawBlock[];
  pages: number;
  warnings: string[];
}

/** A PDF ends with %%EOF (possibly followed by a little whitespace or garbage). */
function looksTruncated(bytes: Uint8Array): boolean {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  return !tail.includes('%%EOF');
}

export async function readPdf(
  bytes: Uint8Array,
  fileName: string,
  deadline: Deadline,
  limits: ImportLimits = DEFAULT_LIMITS,
): Promise<PdfResult> {
  if (looksTruncated(bytes)) {
    throw new FcrError(
      'CORRUPT_FILE',
      `「${fileName}」不完整（PDF 文件结尾缺失，可能在下载或复制时被截断），无法读取。`,
    );
  }
  checkPdfStreams(bytes, fileName, limits, deadline);
  const { pdfjs, root } = await loadPdfJs();
  let task: ReturnType<PdfJs['getDocument']>;
  try {
    task = pdfjs.getDocument({
      data: new Uint8Array(bytes),
      cMapUrl: `${root}/cmaps/`,
      cMapPacked: true,
      standardFontDataUrl: `${root}/standard_fonts/`,
      disableFontFace: true,
      useSystemFonts: false,
      isEvalSupported: false,
      verbosity: 0,
    });
  } catch {
    throw new FcrError('CORRUPT_FILE', `「${fileName}」不是有效的 PDF 文件或已损坏，无法读取。`);
  }
  let destroyed = false;
  const destroy = (): void => {
    if (!destroyed) {
      destroyed = true;
      void task.destroy();
    }
  };
  try {
    return await withDeadline(deadline, extract(), destroy);
  } catch (err) {
    if (err instanceof FcrError) throw err;
    const name = (err as { name?: string } | null)?.name;
    if (name === 'PasswordException') {
      throw new FcrError('ENCRYPTED', `「${fileName}」是加密的 PDF（需要密码才能打开），请先解除密码保护后再导入。`);
    }
    throw new FcrError('CORRUPT_FILE', `「${fileName}」不是有效的 PDF 文件或已损坏，无法读取。`);
  } finally {
    destroy();
  }

  async function extract(): Promise<PdfResult> {
    const doc = await task.promise;
    checkPages(fileName, doc.numPages, limits);
    const laid: LaidPage[] = [];
    const empty: number[] = [];
    let chars = 0;
    let total = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      deadline.check();
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: PlacedText[] = [];
      for (const it of content.items) {
        if (!('str' in it) || !it.str) continue;
        const [a, b, c, d, e, f] = it.transform as number[];
        const [x, y] = viewport.convertToViewportPoint(e!, f!) as [number, number];
        const size = Math.hypot(c!, d!) || Math.hypot(a!, b!) || it.height;
        items.push({ str: it.str, x, y, w: it.width, size });
        chars += it.str.trim().length;
        total += it.str.length;
      }
      checkTextLength(fileName, total, limits);
      if (!items.some((i) => i.str.trim())) empty.push(n);
      laid.push({ number: n, width: viewport.width, height: viewport.height, items });
      page.cleanup();
    }
    if (chars === 0) {
      throw new FcrError('NEEDS_OCR', `「${fileName}」是扫描件（没有文字层），需先 OCR 识别后再导入。`);
    }
    const warnings: string[] = [];
    if (empty.length) {
      const list = empty.length > 10 ? `${empty.slice(0, 10).join('、')} 等` : empty.join('、');
      warnings.push(`「${fileName}」第 ${list} 页没有文字层（可能是扫描页），这些页的内容未导入。`);
    }
    const { blocks } = layoutToBlocks(laid);
    return { blocks, pages: doc.numPages, warnings };
  }
}
