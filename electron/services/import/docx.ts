/**
 * .docx importer: fflate-style zip reading + saxes streaming over word/document.xml (STACK.md §5).
 * Paragraphs with their styles, headings, automatic numbering rendered as visible text, tables
 * (cells in order with row and column), tracked changes (insertions kept, deletions dropped) and
 * text boxes. Headers, footers, comments, footnotes and field codes are left out.
 */
import type { RawBlock } from '../../../shared/document.js';
import { FcrError } from '../../../shared/errors.js';
import { checkTextLength, DEFAULT_LIMITS, type Deadline, type ImportLimits } from './limits.js';
import { listLevel, Numbering } from './numbering.js';
import { attr, child, childrenNamed, findFirst, parseXml, walkXml, type XmlElement } from './xml.js';
import type { ZipReader } from './zip.js';

interface StyleInfo {
  name: string;
  basedOn?: string;
  outlineLvl?: number;
  numId?: string;
  ilvl?: number;
  /** Font size in half-points (w:sz). */
  sz?: number;
  centered?: boolean;
}

interface ResolvedStyle {
  name: string;
  headingLevel?: number;
  numId?: string;
  ilvl: number;
  sz?: number;
  centered?: boolean;
}

/** The document default font size in half-points (w:docDefaults), else Word's 10 pt. */
function defaultSize(root: XmlElement | null): number {
  const el = root ? child(root, 'styles') : undefined;
  const defaults = el ? child(el, 'docDefaults') : undefined;
  const sz = defaults ? findFirst(defaults, 'sz') : undefined;
  return Number(attr(sz, 'val')) || 20;
}

function readStyles(root: XmlElement | null): Map<string, StyleInfo> {
  const styles = new Map<string, StyleInfo>();
  const el = root ? child(root, 'styles') : undefined;
  if (!el) return styles;
  for (const s of childrenNamed(el, 'style')) {
    if (attr(s, 'type') !== 'paragraph') continue;
    const id = attr(s, 'styleId') ?? '';
    const pPr = child(s, 'pPr');
    const numPr = pPr ? child(pPr, 'numPr') : undefined;
    const info: StyleInfo = { name: attr(child(s, 'name'), 'val') ?? id };
    const basedOn = attr(child(s, 'basedOn'), 'val');
    if (basedOn) info.basedOn = basedOn;
    const ol = attr(pPr ? child(pPr, 'outlineLvl') : undefined, 'val');
    if (ol !== undefined) info.outlineLvl = Number(ol);
    const numId = attr(numPr ? child(numPr, 'numId') : undefined, 'val');
    if (numId !== undefined) info.numId = numId;
    const ilvl = attr(numPr ? child(numPr, 'ilvl') : undefined, 'val');
    if (ilvl !== undefined) info.ilvl = listLevel(ilvl);
    const rPr = child(s, 'rPr');
    const sz = Number(attr(rPr ? child(rPr, 'sz') : undefined, 'val'));
    if (sz > 0) info.sz = sz;
    const jc = attr(pPr ? child(pPr, 'jc') : undefined, 'val');
    if (jc !== undefined) info.centered = jc === 'center';
    styles.set(id, info);
  }
  return styles;
}

function resolveStyle(styles: Map<string, StyleInfo>, id: string | undefined): ResolvedStyle | undefined {
  if (!id) return undefined;
  let s = styles.get(id);
  if (!s) return { name: id, ilvl: 0 };
  const out: ResolvedStyle = { name: s.name, ilvl: 0 };
  let outline: number | undefined;
  let numId: string | undefined;
  let ilvl: number | undefined;
  let sz: number | undefined;
  let centered: boolean | undefined;
  for (let depth = 0; s && depth < 10; depth++) {
    outline ??= s.outlineLvl;
    numId ??= s.numId;
    ilvl ??= s.ilvl;
    sz ??= s.sz;
    centered ??= s.centered;
    s = s.basedOn ? styles.get(s.basedOn) : undefined;
  }
  if (sz !== undefined) out.sz = sz;
  if (centered) out.centered = true;
  const m = /^(?:heading|标题)\s*(\d)$/i.exec(out.name);
  if (m) out.headingLevel = Number(m[1]);
  else if (/^(title|标题)$/i.test(out.name)) out.headingLevel = 0;
  else if (outline !== undefined && outline < 9) out.headingLevel = outline + 1;
  if (numId !== undefined) out.numId = numId;
  out.ilvl = ilvl ?? 0;
  return out;
}

/** Resolves a relationship target of word/document.xml (e.g. styles.xml → word/styles.xml). */
function relTargets(zip: ZipReader, fileName: string, docPath: string, limits: ImportLimits): Map<string, string> {
  const out = new Map<string, string>();
  const dir = docPath.includes('/') ? docPath.slice(0, docPath.lastIndexOf('/') + 1) : '';
  const relsPath = `${dir}_rels/${docPath.slice(dir.length)}.rels`;
  if (!zip.has(relsPath)) return out;
  const rels = parseXml(zip.text(relsPath), fileName, relsPath, undefined, limits);
  const root = child(rels, 'Relationships');
  for (const r of root ? childrenNamed(root, 'Relationship') : []) {
    const type = (attr(r, 'Type') ?? '').replace(/.*\//, '');
    const target = attr(r, 'Target') ?? '';
    if (attr(r, 'TargetMode') === 'External') continue;
    out.set(type, target.startsWith('/') ? target.slice(1) : dir + target);
  }
  return out;
}

function mainDocumentPath(zip: ZipReader, fileName: string, limits: ImportLimits): string {
  if (zip.has('_rels/.rels')) {
    const rels = parseXml(zip.text('_rels/.rels'), fileName, '_rels/.rels', undefined, limits);
    const root = child(rels, 'Relationships');
    for (const r of root ? childrenNamed(root, 'Relationship') : []) {
      if (/\/officeDocument$/.test(attr(r, 'Type') ?? '')) {
        const t = (attr(r, 'Target') ?? '').replace(/^\/+/, '');
        if (zip.has(t)) return t;
      }
    }
  }
  if (zip.has('word/document.xml')) return 'word/document.xml';
  const other = [...zip.entries.keys()].find((n) => /^word\/document\d*\.xml$/i.test(n));
  if (other) return other;
  throw new FcrError('CORRUPT_FILE', `「${fileName}」不是有效的 Word 文档（缺少 word/document.xml）。`);
}

export function isDocx(zip: ZipReader): boolean {
  return zip.has('word/document.xml') || [...zip.entries.keys()].some((n) => /^word\/document\d*\.xml$/i.test(n));
}

interface ParaState {
  text: string[];
  style?: string;
  numId?: string;
  ilvl?: number;
  /** w:outlineLvl set on the paragraph itself. */
  outlineLvl?: number;
  /** w:jc set on the paragraph itself. */
  centered?: boolean;
  /** Characters of visible text per run font size (half-points; 0 = the style's size). */
  sizes: Map<number, number>;
  /** Paragraphs of text boxes anchored in this paragraph, emitted after it. */
  boxed: RawBlock[];
}

interface TableState {
  index: number;
  row: number;
  col: number;
  span: number;
}

/** The size (points) of most of a paragraph's text and its centring, from the runs, paragraph and style. */
function paragraphFormat(
  p: ParaState,
  style: ResolvedStyle | undefined,
  docDefaultSize: number,
): RawBlock['format'] | undefined {
  let halfPoints = 0;
  let most = 0;
  for (const [sz, chars] of p.sizes) {
    if (chars > most) {
      most = chars;
      halfPoints = sz || style?.sz || docDefaultSize;
    }
  }
  const centered = p.centered ?? style?.centered ?? false;
  if (!halfPoints && !centered) return undefined;
  return { ...(halfPoints ? { size: halfPoints / 2 } : {}), ...(centered ? { centered } : {}) };
}

export function readDocx(
  zip: ZipReader,
  fileName: string,
  deadline?: Deadline,
  limits: ImportLimits = DEFAULT_LIMITS,
): { blocks: RawBlock[]; title?: string } {
  const docPath = mainDocumentPath(zip, fileName, limits);
  const rels = relTargets(zip, fileName, docPath, limits);
  const stylesPath = rels.get('styles') ?? 'word/styles.xml';
  const numberingPath = rels.get('numbering') ?? 'word/numbering.xml';
  const part = (p: string): XmlElement => parseXml(zip.text(p), fileName, p, deadline, limits);
  const stylesXml = zip.has(stylesPath) ? part(stylesPath) : null;
  const styles = readStyles(stylesXml);
  const docDefaultSize = defaultSize(stylesXml);
  const numbering = new Numbering(zip.has(numberingPath) ? part(numberingPath) : null, {
    fileName,
    maxValue: limits.maxNumberingValue,
  });
  let title: string | undefined;
  const corePath = 'docProps/core.xml';
  if (zip.has(corePath)) {
    const core = part(corePath);
    const t = findFirst(core, 'title')?.text.trim();
    if (t) title = t;
  }

  const blocks: RawBlock[] = [];
  const paras: ParaState[] = [];
  const tables: TableState[] = [];
  let tableCount = 0;
  let paragraphIndex = 0;
  let chars = 0;
  let skipDepth = 0; // inside deleted text, field instructions, fallbacks, headers' anchors…
  let inText = false;
  let inParaProps = 0; // inside w:pPr (its w:rPr is the paragraph mark's, not text's)
  let runSize = 0; // w:sz of the open run, 0 = the paragraph style's
  const SKIP = new Set([
    'w:del',
    'w:moveFrom',
    'mc:Fallback',
    'w:instrText',
    'w:delText',
    'w:rPrChange',
    'w:pPrChange',
    'w:tabs',
  ]);
  const SKIP_NOTES = new Set(['w:footnoteReference', 'w:endnoteReference', 'w:commentReference']);

  const emit = (p: ParaState, target: RawBlock[]): void => {
    const style = resolveStyle(styles, p.style);
    const numId = p.numId ?? style?.numId;
    const ilvl = p.ilvl ?? style?.ilvl ?? 0;
    const label = numId !== undefined ? numbering.next(numId, ilvl) : '';
    const text = label + p.text.join('');
    chars += text.length;
    checkTextLength(fileName, chars, limits);
    const index = paragraphIndex++;
    const table = tables[tables.length - 1];
    const headingLevel = p.outlineLvl !== undefined && p.outlineLvl < 9 ? p.outlineLvl + 1 : style?.headingLevel;
    const block: RawBlock = {
      kind: table ? 'table-cell' : headingLevel !== undefined ? 'heading' : numId && label ? 'list-item' : 'paragraph',
      text,
      source: table ? { paragraph: index, table: table.index, row: table.row, col: table.col } : { paragraph: index },
    };
    if (style) block.style = style.name;
    if (block.kind === 'heading') block.level = headingLevel;
    else if (block.kind === 'list-item') block.level = ilvl;
    const format = paragraphFormat(p, style, docDefaultSize);
    if (format) block.format = format;
    target.push(block);
    for (const b of p.boxed) target.push(b);
  };

  walkXml(
    zip.text(docPath),
    {
      open(name, attrs, selfClosing) {
        if (skipDepth > 0) {
          if (!selfClosing) skipDepth++;
          return;
        }
        if (SKIP.has(name)) {
          if (!selfClosing) skipDepth = 1;
          return;
        }
        const p = paras[paras.length - 1];
        switch (name) {
          case 'w:p':
            if (!selfClosing) paras.push({ text: [], boxed: [], sizes: new Map() });
            else paragraphIndex++;
            return;
          case 'w:pPr':
            if (!selfClosing) inParaProps++;
            return;
          case 'w:r':
            runSize = 0;
            return;
          case 'w:sz':
            if (!inParaProps) runSize = Number(attrs['w:val']) || 0;
            return;
          case 'w:jc':
            if (p && inParaProps) p.centered = attrs['w:val'] === 'center';
            return;
          case 'w:outlineLvl':
            if (p && inParaProps) p.outlineLvl = Number(attrs['w:val']);
            return;
          case 'w:t':
            inText = !selfClosing;
            return;
          case 'w:tab':
            p?.text.push('\t');
            return;
          case 'w:br':
          case 'w:cr':
            p?.text.push('\n');
            return;
          case 'w:noBreakHyphen':
            p?.text.push('-');
            return;
          case 'w:pStyle':
            if (p) p.style = attrs['w:val'];
            return;
          case 'w:numId':
            if (p) p.numId = attrs['w:val'];
            return;
          case 'w:ilvl':
            if (p) p.ilvl = listLevel(attrs['w:val']);
            return;
          case 'w:tbl':
            tables.push({ index: tableCount++, row: -1, col: 0, span: 1 });
            return;
          case 'w:tr': {
            const t = tables[tables.length - 1];
            if (t) {
              t.row++;
              t.col = 0;
            }
            return;
          }
          case 'w:gridSpan': {
            const t = tables[tables.length - 1];
            if (t) t.span = Math.min(64, Math.max(1, Number(attrs['w:val'] ?? 1) || 1));
            return;
          }
          default:
            if (SKIP_NOTES.has(name) && !selfClosing) skipDepth = 1;
        }
      },
      close(name) {
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        switch (name) {
          case 'w:t':
            inText = false;
            return;
          case 'w:pPr':
            inParaProps = Math.max(0, inParaProps - 1);
            return;
          case 'w:p': {
            const p = paras.pop();
            if (!p) return;
            const host = paras[paras.length - 1];
            // A paragraph inside a text box is emitted after the paragraph that anchors it.
            emit(p, host ? host.boxed : blocks);
            return;
          }
          case 'w:tc': {
            const t = tables[tables.length - 1];
            if (t) {
              t.col += t.span;
              t.span = 1;
            }
            return;
          }
          case 'w:tbl':
            tables.pop();
            return;
        }
      },
      text(t) {
        if (!inText || skipDepth > 0) return;
        const p = paras[paras.length - 1];
        if (!p) return;
        p.text.push(t);
        const visible = t.replace(/\s+/g, '').length;
        if (visible) p.sizes.set(runSize, (p.sizes.get(runSize) ?? 0) + visible);
      },
    },
    fileName,
    docPath,
    deadline,
    limits,
  );
  // The property-change records (w:pPrChange) hold old pStyle/numPr values; they are skipped above.
  return title ? { blocks, title } : { blocks };
}
