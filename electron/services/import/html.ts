/**
 * .html/.htm importer: the visible text with its block structure (headings, paragraphs, list
 * items, table cells). Scripts, styles, templates and hidden elements are skipped. A tolerant
 * tokenizer, not a full HTML parser: enough for documents saved from government websites.
 */
import type { RawBlock } from '../../../shared/document.js';
import { checkTextLength, DEFAULT_LIMITS, depthError, type Deadline, type ImportLimits } from './limits.js';

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'svg',
  'iframe',
  'object',
  'select',
  'button',
]);
const VOID = new Set([
  'br',
  'hr',
  'img',
  'meta',
  'link',
  'input',
  'area',
  'base',
  'col',
  'embed',
  'param',
  'source',
  'track',
  'wbr',
]);
const BLOCK = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'caption',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'aside',
  'main',
  'blockquote',
  'pre',
  'address',
  'figure',
  'figcaption',
  'form',
  'fieldset',
  'legend',
  'center',
  'title',
  'body',
  'html',
]);

const NAMED: Record<string, string> = {
  nbsp: '\u00a0',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
  emsp: '\u2003',
  ensp: '\u2002',
  thinsp: '\u2009',
  times: '×',
  divide: '÷',
  copy: '©',
  reg: '®',
  deg: '°',
  plusmn: '±',
  laquo: '«',
  raquo: '»',
  bull: '•',
  permil: '‰',
  yen: '¥',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);?/gi, (m, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[body.toLowerCase()] ?? m;
  });
}

/** True when decoded text looks like an HTML document rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  const head = text
    .slice(0, 2048)
    .replace(/^\ufeff/, '')
    .trimStart();
  return (
    /^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta[\s>]|!--)/i.test(head) ||
    /^<(p|div|table|h[1-6])[\s>]/i.test(head)
  );
}

/** The charset declared in a <meta> tag, if any (read from the raw bytes as ASCII). */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

interface Open {
  name: string;
  hidden: boolean;
  /** Text here is centred (align="center", text-align: center, <center>), inherited. */
  centered: boolean;
}

const RE_ALIGN = /\salign\s*=\s*["']?(\w+)|text-align\s*:\s*(\w+)/i;

/** Elements a start tag of the same name closes when still open on top (`<p>a<p>b`, `<li>…<li>`). */
const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option']);

/** The file and limits an HTML import runs under (nesting depth, text length, time). */
export interface HtmlGuard {
  fileName: string;
  limits: ImportLimits;
  deadline?: Deadline;
}

export function readHtml(html: string, guard: HtmlGuard = { fileName: '', limits: DEFAULT_LIMITS }): RawBlock[] {
  const { fileName, limits, deadline } = guard;
  let chars = 0;
  let tags = 0;
  const blocks: RawBlock[] = [];
  const stack: Open[] = [];
  let buf = '';
  let kind: RawBlock['kind'] = 'paragraph';
  let level: number | undefined;
  let paragraph = 0;
  const tables: { index: number; row: number; col: number }[] = [];
  let tableCount = 0;
  let pre = 0;

  const hidden = (): boolean => stack.length > 0 && stack[stack.length - 1]!.hidden;
  const flush = (): void => {
    const pieces = pre ? buf.split('\n') : [buf];
    for (const piece of pieces) {
      const text = decodeEntities(piece);
      if (text.trim()) {
        const t = tables[tables.length - 1];
        const inCell = t && kind === 'table-cell';
        const block: RawBlock = {
          kind,
          text,
          source: inCell ? { paragraph, table: t.index, row: t.row, col: t.col } : { paragraph },
        };
        if (level !== undefined) block.level = level;
        if (stack[stack.length - 1]?.centered) block.format = { centered: true };
        blocks.push(block);
        chars += text.length;
        checkTextLength(fileName, chars, limits);
        paragraph++;
      }
    }
    buf = '';
  };

  const re =
    /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<![^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const text = (s: string): void => {
    if (!hidden() && s) buf += pre ? s : s.replace(/[\r\n\t ]+/g, ' ');
  };
  while ((m = re.exec(html))) {
    text(html.slice(last, m.index));
    last = re.lastIndex;
    if (m[1] !== undefined) {
      text(m[1]);
      continue;
    }
    const name = m[3]?.toLowerCase();
    if (!name) continue;
    if (deadline && ++tags % 4096 === 0) deadline.check();
    const closing = m[2] === '/';
    const attrs = m[4] ?? '';
    const isBlock = BLOCK.has(name) || name === 'br';
    if (closing) {
      let idx = stack.length - 1;
      while (idx >= 0 && stack[idx]!.name !== name) idx--;
      if (idx < 0) continue;
      if (isBlock && !hidden()) flush();
      stack.length = idx;
      if (name === 'pre') pre = Math.max(0, pre - 1);
      if (name === 'table') tables.pop();
      if (name === 'td' || name === 'th') {
        const t = tables[tables.length - 1];
        if (t) t.col++;
      }
      if (/^(h[1-6]|li|td|th)$/.test(name)) {
        kind = tables.length && stack.some((o) => o.name === 'td' || o.name === 'th') ? 'table-cell' : 'paragraph';
        level = undefined;
      }
      continue;
    }
    if (isBlock && !hidden()) flush();
    if (VOID.has(name) || /\/\s*$/.test(attrs)) continue;
    const top = stack[stack.length - 1];
    const cell = (n: string): boolean => n === 'td' || n === 'th';
    if (top && SELF_CLOSING_SIBLINGS.has(name) && (top.name === name || (cell(name) && cell(top.name)))) {
      stack.pop();
      const t = tables[tables.length - 1];
      if (t && cell(top.name)) t.col++;
    }
    if (stack.length >= limits.maxDepth) throw depthError(fileName, 'HTML', limits);
    const isHidden =
      hidden() ||
      SKIP.has(name) ||
      /\shidden(\s|=|$)/i.test(attrs) ||
      /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attrs) ||
      /aria-hidden\s*=\s*["']?true/i.test(attrs);
    const align = RE_ALIGN.exec(attrs);
    const centered = align
      ? (align[1] ?? align[2])!.toLowerCase() === 'center'
      : name === 'center' || (stack[stack.length - 1]?.centered ?? false);
    stack.push({ name, hidden: isHidden, centered });
    if (isHidden) continue;
    if (name === 'pre') pre++;
    if (name === 'table') tables.push({ index: tableCount++, row: -1, col: 0 });
    else if (name === 'tr') {
      const t = tables[tables.length - 1];
      if (t) {
        t.row++;
        t.col = 0;
      }
    } else if (name === 'td' || name === 'th') kind = 'table-cell';
    else if (/^h[1-6]$/.test(name)) {
      kind = 'heading';
      level = Number(name[1]);
    } else if (name === 'li') kind = 'list-item';
  }
  text(html.slice(last));
  flush();
  return blocks;
}
