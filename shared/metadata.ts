/**
 * Metadata guessing from a document's normalised text: title, 文号, issuing body, date. Pure.
 * Guesses only; the reviewer can correct them later.
 */
import type { DocumentMetadata } from './document.js';
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

export function guessMetadata(text: string, fileName = ''): DocumentMetadata {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^#{1,6}\s*/, '').trim())
    .filter((l) => l.length > 0);
  const docNumber = guessDocNumber(lines);
  const title = guessTitle(lines, fileName, docNumber);
  const { date, dateLine } = guessDate(lines);
  const issuer = guessIssuer(lines, title, dateLine);
  return { title, docNumber, issuer, date };
}

function guessDocNumber(lines: string[]): string | null {
  for (const line of lines.slice(0, 40)) {
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

function guessTitle(lines: string[], fileName: string, docNumber: string | null): string {
  const head = lines.slice(0, 15);
  for (let i = 0; i < head.length; i++) {
    const line = head[i]!;
    if (isNoise(line, docNumber) || line.length > 80) continue;
    if (TITLE_END.test(line) && !/[。；;：:]$/.test(line)) return clip(line);
    const next = head[i + 1];
    if (next && !TITLE_END.test(line) && TITLE_END.test(next) && line.length + next.length <= 80 && /关于/.test(line)) {
      return clip(line + next);
    }
  }
  for (const line of lines.slice(0, 20)) {
    if (isNoise(line, docNumber)) continue;
    return clip(line);
  }
  return fileName.replace(/\.[^.]+$/, '') || fileName;
}

function isNoise(line: string, docNumber: string | null): boolean {
  return (
    /^(https?:\/\/|www\.)/i.test(line) ||
    (docNumber !== null && RE_DOC_NUMBER.test(line) && line.length < 30) ||
    /文件$/.test(line) ||
    /^(密级|紧急程度|签发人|发文字号|索引号|主题分类|成文日期|发布日期|来源)/.test(line)
  );
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
function guessDate(lines: string[]): { date: string | null; dateLine: number } {
  const isDateLine = (l: string): boolean => l.length <= 20 && /日[）)]?$/.test(l) && parseDate(l) !== null;
  const n = lines.length;
  // The first standalone date line is usually the 落款 of the issuing notice.
  for (let i = 0; i < n; i++) {
    if (isDateLine(lines[i]!)) return { date: parseDate(lines[i]!), dateLine: i };
  }
  for (const line of lines.slice(0, 10)) {
    if (line.length > 40) continue;
    const d = parseDate(line);
    if (d) return { date: d, dateLine: -1 };
  }
  return { date: null, dateLine: -1 };
}

function guessIssuer(lines: string[], title: string, dateLine: number): string | null {
  if (dateLine > 0) {
    for (let i = dateLine - 1; i >= Math.max(0, dateLine - 3); i--) {
      const l = lines[i]!.replace(/[\s\u3000]+/g, '');
      if (l.length <= 40 && ISSUER_END.test(l) && !/[。，；：]/.test(l)) return l;
    }
  }
  for (const line of lines.slice(0, 5)) {
    const m = /^(.{2,30}?)文件$/.exec(line.replace(/[\s\u3000]+/g, ''));
    if (m && ISSUER_END.test(m[1]!)) return m[1]!;
  }
  const m = /^(.{2,40}?)关于/.exec(title);
  if (m && ISSUER_END.test(m[1]!)) return m[1]!;
  return null;
}
