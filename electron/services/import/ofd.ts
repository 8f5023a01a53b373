/**
 * .ofd importer (GB/T 33190): the package is a zip of XML parts. OFD.xml → DocRoot →
 * Document.xml → pages (and their templates) → Content.xml → TextObject/TextCode. Every glyph is
 * placed from Boundary + CTM + X/Y/DeltaX/DeltaY, and the reading order comes from positions
 * (layout.ts), not from element order.
 */
import type { RawBlock } from '../../../shared/document.js';
import { FcrError } from '../../../shared/errors.js';
import { layoutToBlocks, type LaidPage, type PlacedText } from './layout.js';
import { checkPages, checkTextLength, DEFAULT_LIMITS, type Deadline, type ImportLimits } from './limits.js';
import { attr, child, childrenNamed, findAll, parseXml, type XmlElement } from './xml.js';
import type { ZipReader } from './zip.js';

export function isOfd(zip: ZipReader): boolean {
  return zip.has('OFD.xml');
}

const nums = (s: string | undefined): number[] =>
  (s ?? '')
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);

/** Expands a DeltaX/DeltaY list with "g N v" repeats to n-1 gaps. */
export function expandDeltas(s: string | undefined, count: number): number[] {
  const tokens = (s ?? '').trim().split(/\s+/).filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < count; i++) {
    if (tokens[i] === 'g') {
      const n = Number(tokens[i + 1]);
      const v = Number(tokens[i + 2]);
      for (let k = 0; k < n && out.length < count; k++) out.push(v);
      i += 2;
    } else out.push(Number(tokens[i]));
  }
  return out;
}

function resolvePath(base: string, loc: string): string {
  if (loc.startsWith('/')) return loc.slice(1);
  const parts = (base ? `${base}/${loc}` : loc).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return out.join('/');
}

/** Latin-1 characters are about half as wide as CJK ones. */
const isNarrow = (ch: string): boolean => ch.charCodeAt(0) < 0x100;

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/** Text items of one content part (page or template), in page coordinates (mm, y down). */
function textItems(content: XmlElement): PlacedText[] {
  const items: PlacedText[] = [];
  for (const obj of findAll(content, 'TextObject')) {
    const [bx = 0, by = 0] = nums(attr(obj, 'Boundary'));
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = attr(obj, 'CTM') ? nums(attr(obj, 'CTM')) : [];
    const scale = Math.sqrt(Math.abs(a * d - b * c)) || 1;
    const size = Number(attr(obj, 'Size') ?? 3.5) * scale;
    let x = 0;
    let y = 0;
    for (const code of childrenNamed(obj, 'TextCode')) {
      const chars = [...code.text];
      if (attr(code, 'X') !== undefined) x = Number(attr(code, 'X'));
      if (attr(code, 'Y') !== undefined) y = Number(attr(code, 'Y'));
      const dx = expandDeltas(attr(code, 'DeltaX'), chars.length - 1);
      const dy = expandDeltas(attr(code, 'DeltaY'), chars.length - 1);
      let run: PlacedText | null = null;
      for (let i = 0; i < chars.length; i++) {
        const px = bx + a * x + c * y + e;
        const py = by + b * x + d * y + f;
        const ch = chars[i]!;
        const adv = (dx[i] ?? size) * a;
        const w = Math.max(0, i < chars.length - 1 ? adv : isNarrow(ch) ? size * 0.5 : size);
        if (
          run &&
          Math.abs(py - run.y) < size * 0.3 &&
          px >= run.x + run.w - size * 0.3 &&
          px - (run.x + run.w) < size * 1.5
        ) {
          run.str += ch;
          run.w = px + w - run.x;
        } else {
          run = { str: ch, x: px, y: py, w, size };
          items.push(run);
        }
        if (i < chars.length - 1) {
          x += dx[i] ?? (isNarrow(ch) ? size / scale / 2 : size / scale);
          y += dy[i] ?? 0;
        }
      }
    }
  }
  return items;
}

export function readOfd(
  zip: ZipReader,
  fileName: string,
  deadline?: Deadline,
  limits: ImportLimits = DEFAULT_LIMITS,
): { blocks: RawBlock[]; pages: number; warnings: string[] } {
  const part = (p: string): XmlElement => parseXml(zip.text(p), fileName, p, deadline, limits);
  const ofd = part('OFD.xml');
  const docRoots = findAll(ofd, 'DocRoot')
    .map((el) => el.text.trim())
    .filter(Boolean);
  if (!docRoots.length)
    throw new FcrError('CORRUPT_FILE', `「${fileName}」不是有效的 OFD 文件（OFD.xml 中没有 DocRoot）。`);
  const laid: LaidPage[] = [];
  let pageNo = 0;
  let chars = 0;
  for (const rootLoc of docRoots) {
    const docPath = resolvePath('', rootLoc);
    if (!zip.has(docPath)) throw new FcrError('CORRUPT_FILE', `「${fileName}」已损坏：缺少 ${docPath}。`);
    const docDir = dirOf(docPath);
    const doc = part(docPath);
    const common = findAll(doc, 'CommonData')[0];
    const [, , defW = 210, defH = 297] = nums(findAll(common ?? doc, 'PhysicalBox')[0]?.text);
    const templates = new Map<string, string>();
    for (const t of common ? childrenNamed(common, 'TemplatePage') : []) {
      templates.set(attr(t, 'ID') ?? '', resolvePath(docDir, attr(t, 'BaseLoc') ?? ''));
    }
    const pagesEl = findAll(doc, 'Pages')[0];
    const pages = pagesEl ? childrenNamed(pagesEl, 'Page') : [];
    checkPages(fileName, pageNo + pages.length, limits);
    for (const p of pages) {
      deadline?.check();
      pageNo++;
      const loc = resolvePath(docDir, attr(p, 'BaseLoc') ?? '');
      if (!zip.has(loc)) continue;
      const page = part(loc);
      const pageEl = child(page, 'Page') ?? page;
      const area = child(pageEl, 'Area');
      const [, , w = defW, h = defH] = nums(area ? findAll(area, 'PhysicalBox')[0]?.text : undefined);
      const items: PlacedText[] = [];
      for (const t of childrenNamed(pageEl, 'Template')) {
        const tplLoc = templates.get(attr(t, 'TemplateID') ?? '');
        if (tplLoc && zip.has(tplLoc)) for (const it of textItems(part(tplLoc))) items.push(it);
      }
      const content = child(pageEl, 'Content');
      if (content) for (const it of textItems(content)) items.push(it);
      for (const it of items) chars += it.str.length;
      checkTextLength(fileName, chars, limits);
      laid.push({ number: pageNo, width: w, height: h, items });
    }
  }
  if (!laid.some((p) => p.items.length)) {
    throw new FcrError('NEEDS_OCR', `「${fileName}」中没有文字（可能是扫描件生成的 OFD），需先 OCR 识别后再导入。`);
  }
  const { blocks } = layoutToBlocks(laid, 72 / 25.4);
  return { blocks, pages: laid.length, warnings: [] };
}
