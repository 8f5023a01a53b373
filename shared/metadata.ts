/**
 * Metadata guessing from a document's normalised text: title, 文号, issuing body, date. Pure.
 * Guesses only; the reviewer can correct them later.
 */
import type { BlockFormat, BlockKind, DocumentMetadata } from './document.js';
import { readMarker } from './segment/index.js';
import { parseNumeral } from './segment/numerals.js';

const TITLE_END =
  /(通知|办法|规定|细则|方案|意见|决定|批复|函|规划|条例|规则|措施|指引|指南|公告|通告|纲要|报告|计划|实施意见|若干措施|清单|标准|目录|要点|请示|答复)$/;

/** 文号: 机关代字〔年份〕序号号, brackets in any of their common variants. */
const RE_DOC_NUMBER =
  /([\u4e00-\u9fa5]{1,16})\s*[〔［[【（(﹝]\s*((?:19|20)\d{2})\s*[〕］\]】）)﹞]\s*(第?\s*\d{1,5})\s*号/;

const CN_DIGIT = '[〇零一二三四五六七八九十○Ｏ]';
const RE_DATE_ARABIC = /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const RE_DATE_CN = new RegExp(`(${CN_DIGIT}{4})\\s*年\\s*(${CN_DIGIT}{1,3})\\s*月\\s*(${CN_DIGIT}{1,3})\\s*日`);

const ISSUER_END =
  /(人民政府|政府|办公厅|办公室|委员会|管理局|监督管理局|局|厅|委|部|院|署|会|中心|总局|联席会议|领导小组|公司|集团|法院|检察院)$/;

/**
 * The metadata of a document. `head`, when the importer knows it, gives the first blocks with their
 * kind, style and look (size, centring), so that the title can be told from a heading by its look.
 */
export function guessMetadata(text: string, fileName = '', head?: readonly HeadBlock[]): DocumentMetadata {
  const lines = new Lines(text);
  const docNumber = guessDocNumber(lines);
  const heads = head
    ? head.map((b) => ({ ...b, text: b.text.replace(/^#{1,6}\s*/, '').trim() })).filter((b) => b.text)
    : lines.first(MAX_HEAD_BLOCKS).map((t) => ({ text: t }));
  const title = guessTitle(heads, fileName, docNumber);
  const { date, dateLine } = guessDate(lines);
  const issuer = guessIssuer(lines, title, dateLine);
  return { title, docNumber, issuer, date };
}

/**
 * The text's non-empty lines (without a markdown heading's #), read on demand: most guesses look
 * at the first lines only, and a large document need not be split whole.
 */
class Lines {
  private readonly read: string[] = [];
  private pos = 0;

  constructor(private readonly text: string) {}

  /** The i-th line, or undefined past the last. */
  at(i: number): string | undefined {
    const text = this.text;
    while (this.read.length <= i && this.pos <= text.length) {
      let nl = text.indexOf('\n', this.pos);
      if (nl < 0) nl = text.length;
      const line = text
        .slice(this.pos, nl)
        .replace(/^#{1,6}\s*/, '')
        .trim();
      this.pos = nl + 1;
      if (line.length > 0) this.read.push(line);
    }
    return this.read[i];
  }

  /** The first n lines (fewer when the text has fewer). */
  first(n: number): string[] {
    this.at(n - 1);
    return this.read.slice(0, n);
  }
}

function guessDocNumber(lines: Lines): string | null {
  for (const line of lines.first(40)) {
    if (line.length > 80) continue;
    const m = RE_DOC_NUMBER.exec(line);
    if (m) {
      const agency = m[1]!.replace(/^.*(?:文件|文号|来文|字号)[：:]?/, '');
      if (!agency) continue;
      return `${agency}〔${m[2]}〕${m[3]!.replace(/\s+/g, '')}号`;
    }
  }
  return null;
}

/** A block at the head of the document, with what its source format says about its look. */
export interface HeadBlock {
  /** Normalised text. */
  text: string;
  kind?: BlockKind;
  level?: number;
  style?: string;
  format?: BlockFormat;
}

/**
 * How many substantial lines (6+ characters that could be a title) may come before the title.
 * Short lines (a website's navigation, labels) do not count, up to `MAX_HEAD_BLOCKS` lines.
 */
const HEAD_LINES = 40;
export const MAX_HEAD_BLOCKS = 300;
/** The longest title accepted, after joining its lines. */
const MAX_TITLE = 100;

/** A trailing （试行） / （征求意见稿） / （2024年修订） and closing quotes do not change a title's shape. */
const hasTitleShape = (line: string): boolean =>
  TITLE_END.test(line.replace(/(?:[（(][^（）()]{1,14}[）)]|[》”"」])+$/, ''));

const RE_CLAUSE_START = /^第[一二三四五六七八九十百千零〇两\d]+[编章节条]/;
const RE_ANNEX_LABEL = /^附\s*件\s*[\d一二三四五六七八九十]*/;
/**
 * Labelled lines above a title: 版头 fields (密级, 签发人…) and a website's furniture (breadcrumbs,
 * 信息公开 metadata rows, share and print links).
 */
const RE_LABELS =
  /^(?:密级|紧急程度|签发人|发文字号|成文日期|发布日期|当前位置|发布时间|更新时间|您的位置|您当前的位置|您现在的位置|所在位置|首页\s*[>＞»›]|索引号|标识码|主题分类|发布机构|发文机关|发文单位|公开方式|公开范围|公开时限|生效日期|废止日期|有效性|时效性|文\s*号|标\s*题|名\s*称|体裁分类|组配分类|主题词|关键词|信息来源|来\s*源|作\s*者|浏览次数|点击数|访问量|阅读量|字号|【?\s*字体|打印|关闭|分享到|扫一扫)/;
const RE_UNBALANCED_OPEN = /[《“（(「][^》”）)」]*$/;
/** Words a title line can stop at when the title goes on in the next line. */
const RE_CONTINUES = /(?:关于|印发|转发|批转|的|和|及|与|、|暨|《)$/;
const RE_PAREN_ONLY = /^[（(][^（）()]{1,14}[）)]$/;

/** A line that can never be (part of) the title. */
function notTitle(line: string, docNumber: string | null): boolean {
  return (
    /^(https?:\/\/|www\.)/i.test(line) ||
    (docNumber !== null && RE_DOC_NUMBER.test(line) && line.length < 30) ||
    /文件$/.test(line) ||
    RE_LABELS.test(line) ||
    RE_CLAUSE_START.test(line) ||
    readMarker(line) !== null ||
    RE_ANNEX_LABEL.test(line) ||
    /[：:。；;]$/.test(line) ||
    /^[^：:《》]{1,8}[：:]/.test(line) ||
    /。/.test(line) ||
    (line.length <= 24 && parseDate(line) !== null) ||
    line.length > MAX_TITLE
  );
}

const sameLook = (a: HeadBlock, b: HeadBlock): boolean => {
  const fa = a.format ?? {};
  const fb = b.format ?? {};
  const sizeOk = fa.size === undefined || fb.size === undefined || Math.abs(fa.size - fb.size) <= 0.1 * fa.size;
  return sizeOk && Boolean(fa.centered) === Boolean(fb.centered) && a.kind === b.kind;
};

const stands = (b: HeadBlock, bodySize: number | null): boolean =>
  Boolean(b.format?.centered) ||
  (b.kind === 'heading' && (b.level ?? 1) <= 1) ||
  (bodySize !== null && (b.format?.size ?? 0) >= bodySize * 1.2);

/** The font size of most of the text, if the importer gave sizes. */
function bodySizeOf(blocks: readonly HeadBlock[]): number | null {
  const weight = new Map<number, number>();
  for (const b of blocks) {
    const size = b.format?.size;
    if (size !== undefined) weight.set(size, (weight.get(size) ?? 0) + b.text.length);
  }
  let best: number | null = null;
  for (const [size, w] of weight) if (best === null || w > weight.get(best)!) best = size;
  return best;
}

/**
 * The title: the best-scoring run of 1–3 head lines. The 关于…的通知 shape, a title style, a large
 * font and centring count for a line; clause headings (第二章…, 第一条…, 一、), 附件 labels, 文号
 * and date lines, 主送 lines and website furniture never count. A title broken over several lines
 * is joined when the lines look alike (same size and centring) or the text shows it goes on.
 */
function guessTitle(blocks: readonly HeadBlock[], fileName: string, docNumber: string | null): string {
  const head: HeadBlock[] = [];
  /** rank[i]: substantial lines before head[i]; the position that counts against a title. */
  const rank: number[] = [];
  let substantial = 0;
  for (const b of blocks.slice(0, MAX_HEAD_BLOCKS)) {
    if (substantial >= HEAD_LINES) break;
    head.push(b);
    rank.push(substantial);
    if (b.text.length >= 6 && !notTitle(b.text, docNumber)) substantial++;
  }
  const bodySize = bodySizeOf(blocks);
  const maxSize = Math.max(0, ...head.filter((b) => !notTitle(b.text, docNumber)).map((b) => b.format?.size ?? 0));
  const hinted = head.some((b) => b.format?.centered || b.format?.size !== undefined);
  let best: { score: number; text: string } | null = null;
  for (let i = 0; i < head.length; i++) {
    const first = head[i]!;
    if (notTitle(first.text, docNumber)) continue;
    let text = first.text;
    for (let j = i; j < head.length && j < i + 3; j++) {
      if (j > i) {
        const prev = head[j - 1]!;
        const line = head[j]!;
        if (notTitle(line.text, docNumber)) break;
        const looksAlike = hinted && sameLook(prev, line) && stands(prev, bodySize);
        // A title line followed by its status alone: "（试行）", "（征求意见稿）".
        const status = RE_PAREN_ONLY.test(line.text) && (!hinted || sameLook(prev, line) || stands(line, bodySize));
        const goesOn = RE_UNBALANCED_OPEN.test(text) || RE_CONTINUES.test(prev.text) || /关于/.test(text);
        if (hasTitleShape(prev.text) ? !status : !looksAlike && !(goesOn && (!hinted || sameLook(prev, line)))) break;
        if (text.length + line.text.length > MAX_TITLE) break;
        text += line.text;
      }
      const score = scoreTitle(text, first, rank[i]!, j - i, bodySize, maxSize);
      if (!best || score > best.score) best = { score, text };
    }
  }
  if (!best) return fileName.replace(/\.[^.]+$/, '') || fileName;
  return clip(best.text);
}

function scoreTitle(
  text: string,
  first: HeadBlock,
  rank: number,
  joined: number,
  bodySize: number | null,
  maxSize: number,
): number {
  let score = -0.1 * rank + 0.5 * joined;
  if (hasTitleShape(text) && text.length >= 7) score += 4;
  if (/关于/.test(text.slice(0, 40))) score += 1;
  if (first.kind === 'heading') score += (first.level ?? 1) <= 1 ? 2 : 1;
  const size = first.format?.size;
  if (size !== undefined && bodySize !== null && size >= bodySize * 1.2) score += size >= maxSize ? 3 : 2;
  if (first.format?.centered) score += 1;
  // Set like the body text (body size, not centred, no title or heading style).
  else if (size !== undefined && bodySize !== null && size <= bodySize && first.kind !== 'heading') score -= 2;
  if (first.kind === 'table-cell') score -= 2;
  if (text.length < 6) score -= 2;
  if (/[，,]/.test(text)) score -= 2;
  return score;
}

function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}

function toIsoDate(y: number, m: number, d: number): string | null {
  if (!(y >= 1949 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function parseDate(line: string): string | null {
  let m = RE_DATE_ARABIC.exec(line);
  if (m) return toIsoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = RE_DATE_CN.exec(line);
  if (m) {
    const digits = (s: string): number => parseNumeral(s.replace(/[○Ｏ]/g, '〇'));
    return toIsoDate(digits(m[1]!), digits(m[2]!), digits(m[3]!));
  }
  return null;
}

/** The date of signature: a short line consisting of a date, preferring the last one near the head or tail. */
function guessDate(lines: Lines): { date: string | null; dateLine: number } {
  const isDateLine = (l: string): boolean => l.length <= 20 && /日[）)]?$/.test(l) && parseDate(l) !== null;
  // The first standalone date line is usually the 落款 of the issuing notice.
  for (let i = 0, line = lines.at(0); line !== undefined; line = lines.at(++i)) {
    if (isDateLine(line)) return { date: parseDate(line), dateLine: i };
  }
  for (const line of lines.first(10)) {
    if (line.length > 40) continue;
    const d = parseDate(line);
    if (d) return { date: d, dateLine: -1 };
  }
  return { date: null, dateLine: -1 };
}

function guessIssuer(lines: Lines, title: string, dateLine: number): string | null {
  if (dateLine > 0) {
    for (let i = dateLine - 1; i >= Math.max(0, dateLine - 3); i--) {
      const l = lines.at(i)!.replace(/[\s\u3000]+/g, '');
      if (l.length <= 40 && ISSUER_END.test(l) && !/[。，；：]/.test(l)) return l;
    }
  }
  for (const line of lines.first(5)) {
    const m = /^(.{2,30}?)文件$/.exec(line.replace(/[\s\u3000]+/g, ''));
    if (m && ISSUER_END.test(m[1]!)) return m[1]!;
  }
  const m = /^(.{2,40}?)关于/.exec(title);
  if (m && ISSUER_END.test(m[1]!)) return m[1]!;
  return null;
}
