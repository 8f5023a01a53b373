/**
 * The content of the 审查意见 and of the 公平竞争审查表 as ONE pure structure: a title, blocks of
 * headings and paragraphs, and tables of cells. The .docx writer (electron/services/export) and
 * the print view (renderer) both render this structure, so what is printed and what is exported
 * cannot drift apart.
 */
import { clauseAt } from '../segment/index.js';
import type { ExceptionGround, Standard } from '../rules/types.js';
import {
  CATEGORY_LABELS,
  CONCLUSION_LABELS,
  EMPTY_DETAILS,
  EXCEPTION_POINTS,
  NATURE_LABELS,
  type ChecklistItem,
  type ExceptionStatement,
  type MeasureNature,
} from '../review/model.js';
import type { ReviewState, StoredFinding } from '../review/types.js';
import type { DocumentDetail } from '../types.js';
import { BASIS_WORDS, citation, MEASURE_SHORT, measureWords, REGULATION_SHORT } from './citation.js';
import { clauseGroups, draftOpinion } from './opinion-draft.js';

export type Align = 'left' | 'center' | 'right' | 'justify';

export type Block =
  /** The document title (方正小标宋简体 二号, centred). */
  | { kind: 'title'; text: string }
  /** 一、 (黑体) or （一） (楷体_GB2312). */
  | { kind: 'heading'; level: 1 | 2; text: string }
  /** Body text; indented two characters unless `indent` is false. */
  | { kind: 'paragraph'; text: string; align?: Align; indent?: boolean }
  | { kind: 'table'; columns: number[]; rows: Cell[][] };

/** A figure (a chart) of a report: SVG text drawn `width` × `height` px, centred; `alt` describes it in words. */
export interface FigureBlock {
  kind: 'image';
  svg: string;
  width: number;
  height: number;
  alt: string;
}

export interface Cell {
  /** One entry per paragraph in the cell. */
  lines: string[];
  /** How many grid columns the cell spans (default 1). */
  span?: number;
  /** A label cell: bold and centred. */
  label?: boolean;
  align?: Align;
  /** Minimum height in table lines (for signature space). */
  minLines?: number;
}

export type ExportKind = 'opinion' | 'form';

/** An export's content; a report (the evaluation report) may also hold figures. */
export interface ExportContent<B extends Block | FigureBlock = Block> {
  kind: ExportKind | 'evaluation-report';
  /** Marked 草稿 in the page header until the review is final. */
  draft: boolean;
  blocks: B[];
  /** A file name for the export, e.g. 审查意见-<title>.docx. */
  fileName: string;
}

/** What both exports are made from: the document, its review state and the standards. */
export interface ExportInput {
  document: Pick<DocumentDetail, 'title' | 'docNumber' | 'issuer' | 'text' | 'clauses'>;
  state: Pick<ReviewState, 'review' | 'findings' | 'checklist'>;
  standards: Standard[];
  grounds: ExceptionGround[];
  /** The date a draft is dated (YYYY-MM-DD); a final review is dated when it was finalised. */
  today: string;
}

const CN_DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 12 → 十二, 20 → 二十 (for headings up to 99). */
export function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? CN_DIGITS[tens] : ''}十${ones ? CN_DIGITS[ones] : ''}`;
}

/** YYYY-MM-DD of a moment in the local time zone (the date a reviewer sees on the wall). */
export function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "2026-12-02T…" → "2026年12月2日" (GB/T 9704: Arabic numerals, no leading zeros). */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** A file name safe on every system: the title without path or reserved characters, kept short. */
export function exportFileName(kind: ExportKind, title: string): string {
  const clean =
    title
      .replace(/[\\/:*?"<>|\r\n\t]+/g, '')
      .trim()
      .slice(0, 60) || '未命名';
  return `${kind === 'opinion' ? '审查意见' : '审查表'}-${clean}.docx`;
}

const paragraphs = (text: string): string[] =>
  text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean);

const QUOTE_MAX = 300;

/** The text of the clause a finding lies in, shortened around the finding when it is long. */
export function quotedClause(doc: ExportInput['document'], f: Pick<StoredFinding, 'start' | 'end' | 'text'>): string {
  const clause = clauseAt(doc.clauses, f.start);
  const text = (clause ? doc.text.slice(clause.start, clause.end) : f.text).replace(/\s+/g, ' ').trim();
  if (text.length <= QUOTE_MAX) return text;
  const at = Math.max(0, text.indexOf(f.text.replace(/\s+/g, ' ').trim()));
  const from = Math.max(0, at - 100);
  const to = Math.min(text.length, from + QUOTE_MAX);
  return `${from > 0 ? '……' : ''}${text.slice(from, to)}${to < text.length ? '……' : ''}`;
}

function standardOf(input: ExportInput, id: string): Standard | undefined {
  return input.standards.find((s) => s.id === id);
}

/** The adopted findings (disposition 采纳) in document order. */
export function adoptedFindings(findings: readonly StoredFinding[]): StoredFinding[] {
  return findings.filter((f) => f.disposition === 'accept').sort((a, b) => a.start - b.start);
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
const uniqueBy = <T>(xs: T[], key: (x: T) => string): T[] => {
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(key(x)) && (seen.add(key(x)), true));
};

/** The checklist items the reviewer answered 适用例外. */
const exceptionItems = (items: readonly ChecklistItem[]): ChecklistItem[] =>
  items.filter((i) => i.answer === 'exception');

function exceptionLines(input: ExportInput, statement: ExceptionStatement | null): string[] {
  return EXCEPTION_POINTS.map((p, i) => {
    let value = statement?.[p.key].trim() ?? '';
    if (p.key === 'ground' && value) {
      const g = input.grounds.find((x) => x.id === value);
      if (g) value = `${g.title}（${g.regulation.replace(/^条例/, REGULATION_SHORT)}）`;
    }
    return `${i + 1}. ${p.label}：${value || (p.required ? '（未说明）' : '无')}`;
  });
}

const drafterOf = (input: ExportInput): string =>
  input.state.review.details.drafter.trim() || input.document.issuer || '';

const dateOf = (input: ExportInput): string => chineseDate(input.state.review.finalizedAt ?? input.today);

function consultationLines(input: ExportInput): string[] {
  const c = input.state.review.consultation;
  const sought = [c.stakeholders && '利害关系人', c.publicComment && '社会公众'].filter(Boolean);
  const lines = sought.length
    ? [`起草单位已征求${sought.join('和')}意见。${c.details.trim()}`]
    : [
        `起草单位未征求利害关系人和社会公众意见，理由是：${c.notDoneReason.trim() || '（未说明）'}（${MEASURE_SHORT}第二十八条）。`,
      ];
  const expert = input.state.review.details.expert.trim();
  lines.push(expert ? `专家咨询或第三方评估情况：${expert}` : '本次审查未开展专家咨询或第三方评估。');
  return lines;
}

/** The 审查意见: measure, basis, process, adopted findings, exceptions, conclusion, signature. */
export function opinionContent(input: ExportInput): ExportContent {
  const { document: doc, state } = input;
  const review = state.review;
  const blocks: Block[] = [];
  const h1 = (text: string) => blocks.push({ kind: 'heading', level: 1, text: `${chineseNumber(++n1)}、${text}` });
  const p = (text: string) => blocks.push({ kind: 'paragraph', text });
  let n1 = 0;

  blocks.push({ kind: 'title', text: `关于《${doc.title}》的公平竞争审查意见` });
  const drafter = drafterOf(input);
  p(
    `根据${BASIS_WORDS}，${review.unit.trim() || '审查机构'}对《${doc.title}》进行了公平竞争审查。现将审查意见说明如下。`,
  );

  h1('审查对象');
  p(`政策措施名称：《${doc.title}》`);
  if (doc.docNumber) p(`文号：${doc.docNumber}`);
  p(`起草单位：${drafter || '（未填写）'}`);
  const nature = review.details.nature;
  if (nature) p(`性质：${NATURE_LABELS[nature]}`);
  if (review.details.sector.trim()) p(`涉及行业领域：${review.details.sector.trim()}`);

  h1('审查依据');
  p(
    `${REGULATION_SHORT}第八条至第十一条规定的审查标准、第十二条规定的例外情形，以及${MEASURE_SHORT}第九条至第二十四条规定的具体审查标准和第二十五条、第二十九条的规定。`,
  );

  h1('审查过程');
  for (const line of consultationLines(input)) p(line);

  h1('审查发现的问题及修改建议');
  const adopted = adoptedFindings(state.findings);
  if (!adopted.length) p('经审查，未发现违反公平竞争审查标准、需要修改的内容。');
  clauseGroups(adopted).forEach((group, i) => {
    const first = group[0]!;
    blocks.push({ kind: 'heading', level: 2, text: `（${chineseNumber(i + 1)}）${first.clause}` });
    p(`原文：“${quotedClause(doc, first)}”`);
    const cited = uniqueBy(group, (f) => `${f.standard}|${f.category}`);
    cited.forEach((f, j) => {
      const std = standardOf(input, f.standard);
      const what = f.manual ? f.note || f.message : f.message;
      const basis = std ? `不符合${citation(std, f.category)}的规定` : f.basis;
      p(
        `${cited.length > 1 ? `${j + 1}. ` : ''}问题：${std ? `${std.title}。` : ''}${what}${/[。！？]$/.test(what) ? '' : '。'}依据：${basis}。`,
      );
    });
    const suggestions = unique(
      group
        .flatMap((f) => [f.suggestion, f.dispositionReason])
        .map((x) => x.trim())
        .filter(Boolean),
    );
    p(`修改建议：${suggestions.join('') || '删除或修改上述内容。'}`);
  });

  const exceptions = exceptionItems(state.checklist);
  if (exceptions.length) {
    h1('适用例外规定的情形');
    exceptions.forEach((item, i) => {
      const std = standardOf(input, item.standardId);
      blocks.push({
        kind: 'heading',
        level: 2,
        text: `（${chineseNumber(i + 1)}）${std ? `${std.title}（${citation(std, item.category)}）` : item.standardId}`,
      });
      p(`按照${MEASURE_SHORT}第二十九条第二款，说明如下：`);
      for (const line of exceptionLines(input, item.exception)) p(line);
    });
  }

  h1('审查结论');
  p(`审查结论：${review.conclusion ? CONCLUSION_LABELS[review.conclusion] : '（尚未作出）'}。`);
  for (const line of paragraphs(review.opinion.trim() || draftOpinion(input))) p(line);

  blocks.push({ kind: 'paragraph', text: '', indent: false });
  const sign = (text: string) => blocks.push({ kind: 'paragraph', text, align: 'right', indent: false });
  sign(`审查机构：${review.unit.trim() || '（未填写）'}`);
  sign(`审查人员：${review.reviewer.trim() || '（未填写）'}`);
  sign(dateOf(input));
  return { kind: 'opinion', draft: review.status !== 'final', blocks, fileName: exportFileName('opinion', doc.title) };
}

const yesNo = (yes: boolean): string => (yes ? '☑是　□否' : '□是　☑否');

/** How the form answers a checklist item: 是 when it breaches (or needs an exception), else 否. */
function answerWords(item: ChecklistItem | undefined): string {
  if (!item?.answer) return '未作答';
  if (item.answer === 'violation') return '是';
  if (item.answer === 'exception') return '是（适用例外）';
  return '否';
}

/** The 公平竞争审查表: one bordered table of four columns. */
export function formContent(input: ExportInput): ExportContent {
  const { document: doc, state } = input;
  const review = state.review;
  const d = { ...EMPTY_DETAILS, ...review.details };
  const rows: Cell[][] = [];
  const label = (text: string, span = 1): Cell => ({ lines: [text], label: true, span });
  const value = (text: string | string[], span = 1): Cell => ({
    lines: Array.isArray(text) ? text : [text],
    span,
  });
  const natureWords = (Object.keys(NATURE_LABELS) as MeasureNature[])
    .map((k) => `${d.nature === k ? '☑' : '□'}${NATURE_LABELS[k]}`)
    .join('　');
  const contact = (name: string, phone: string) =>
    `联系人：${name || '\u3000\u3000'}\u3000电话：${phone || '\u3000\u3000'}`;

  rows.push([label('政策措施名称'), value(`《${doc.title}》${doc.docNumber ? `（${doc.docNumber}）` : ''}`, 3)]);
  rows.push([label('涉及行业领域'), value(d.sector, 3)]);
  rows.push([label('性质'), value(natureWords, 3)]);
  rows.push([label('起草机构'), value(drafterOf(input)), value(contact(d.drafterContact, d.drafterPhone), 2)]);
  rows.push([label('审查机构'), value(review.unit), value(contact(d.reviewerContact, d.reviewerPhone), 2)]);
  const c = review.consultation;
  rows.push([
    label('征求意见情况'),
    value(
      [
        `征求利害关系人意见：${yesNo(c.stakeholders)}`,
        `向社会公众征求意见：${yesNo(c.publicComment)}`,
        c.stakeholders || c.publicComment
          ? `具体情况：${c.details.trim()}`
          : `未征求意见的理由：${c.notDoneReason.trim()}`,
      ],
      3,
    ),
  ]);
  rows.push([label('专家咨询或第三方评估情况（可选）'), value(d.expert || '无', 3)]);

  rows.push([label('审查标准', 3), label('是否违反')]);
  const items = new Map(state.checklist.map((i) => [`${i.standardId}|${i.category}`, i]));
  (Object.entries(CATEGORY_LABELS) as [keyof typeof CATEGORY_LABELS, string][]).forEach(([category, words], i) => {
    rows.push([label(`${chineseNumber(i + 1)}、${words}`, 4)]);
    for (const std of input.standards.filter((s) => s.categories.includes(category))) {
      rows.push([
        value(`${std.catchAll ? '其他：' : ''}${std.title}（${measureWords(std)}）`, 3),
        { lines: [answerWords(items.get(`${std.id}|${category}`))], align: 'center' },
      ]);
    }
  });

  rows.push([label('审查结论'), value(review.conclusion ? CONCLUSION_LABELS[review.conclusion] : '', 3)]);
  const exceptions = exceptionItems(state.checklist);
  rows.push([
    label('适用例外'),
    value(
      [
        yesNo(exceptions.length > 0),
        ...exceptions.flatMap((item) => {
          const std = standardOf(input, item.standardId);
          return [`${std?.title ?? item.standardId}：`, ...exceptionLines(input, item.exception)];
        }),
      ],
      3,
    ),
  ]);
  rows.push([label('其他需要说明的情况'), value(d.remarks || '无', 3)]);
  rows.push([
    label('审查机构主要负责人意见'),
    {
      lines: ['', '', '签字：　　　　　　　　　（盖章）', '', '年　　月　　日'],
      span: 3,
      align: 'right',
      minLines: 6,
    },
  ]);

  return {
    kind: 'form',
    draft: review.status !== 'final',
    blocks: [
      { kind: 'title', text: '公平竞争审查表' },
      { kind: 'paragraph', text: `填表日期：${dateOf(input)}`, align: 'right', indent: false },
      { kind: 'table', columns: [2.6, 4, 3, 2], rows },
    ],
    fileName: exportFileName('form', doc.title),
  };
}

export function exportContent(kind: ExportKind, input: ExportInput): ExportContent {
  return kind === 'opinion' ? opinionContent(input) : formContent(input);
}
