/**
 * Ingestion of real files: the same document as .txt, .docx (made by the docx package and re-saved
 * by LibreOffice), .pdf (exported by LibreOffice) and .html must give the same clause tree and the
 * same normalised text up to whitespace. Real OFD files and a real Word file from elsewhere.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedDocument } from '../../shared/document.js';
import { sourceAt } from '../../shared/document.js';
import { stripWhitespace } from '../../shared/normalize/index.js';
import { clauseAt, countClauses, flattenClauses } from '../../shared/segment/index.js';
import type { ClauseNode } from '../../shared/types.js';
import { migrate } from '../../electron/services/db.js';
import { DocumentService } from '../../electron/services/documents.js';
import { extractDocument } from '../../electron/services/import/index.js';

const DOCS = path.resolve(__dirname, '../fixtures/documents');
const OFD = path.resolve(__dirname, '../fixtures/ofd');

async function load(file: string): Promise<NormalizedDocument> {
  return extractDocument(path.basename(file), readFileSync(file));
}

/** The clause tree with the clause texts compared up to whitespace. */
function shape(doc: NormalizedDocument): unknown[] {
  return flattenClauses(doc.clauses).map((n: ClauseNode) => [
    n.id,
    n.kind,
    n.label,
    stripWhitespace(doc.text.slice(n.start, n.end)),
  ]);
}

describe('the same document in every format', () => {
  const formats = ['banfa.txt', 'banfa.docx', 'banfa.docxlib.docx', 'banfa.pdf', 'banfa.html'];
  const docs = new Map<string, NormalizedDocument>();

  beforeAll(async () => {
    for (const f of formats) docs.set(f, await load(path.join(DOCS, f)));
  });

  it('is detected by content', () => {
    expect(formats.map((f) => docs.get(f)!.type)).toEqual(['txt', 'docx', 'docx', 'pdf', 'html']);
    expect(docs.get('banfa.pdf')!.pages).toBe(3);
  });

  it('has the real structure of the 办法: 4 章, 2 节, 12 条, 款, 项 and 目', () => {
    const doc = docs.get('banfa.txt')!;
    expect(countClauses(doc.clauses, 'chapter')).toBe(4);
    expect(countClauses(doc.clauses, 'section')).toBe(2);
    expect(countClauses(doc.clauses, 'article')).toBe(12);
    expect(countClauses(doc.clauses, 'paragraph')).toBe(6);
    expect(countClauses(doc.clauses, 'item')).toBe(9);
    expect(countClauses(doc.clauses, 'subitem')).toBe(3);
    const labels = flattenClauses(doc.clauses).map((n) => n.label);
    expect(labels).toContain('第三章 第八条 第二款 第（二）项');
    expect(labels).toContain('第二章 第二节 第六条 第（一）项 第3目');
    expect(labels).toContain('第一章 第二条 第三款');
    const a8 = flattenClauses(doc.clauses).find((n) => n.label === '第三章 第八条 第二款 第（一）项')!;
    expect(doc.text.slice(a8.start, a8.end)).toBe('（一）召开座谈会、论证会、听证会；');
  });

  it('gives the same normalised text up to whitespace and the same clause tree', () => {
    const base = docs.get('banfa.txt')!;
    for (const f of formats.slice(1)) {
      const doc = docs.get(f)!;
      expect(stripWhitespace(doc.text), f).toBe(stripWhitespace(base.text));
      expect(shape(doc), f).toEqual(shape(base));
    }
  });

  it('renders Word numbering as its visible text and keeps the source locations', () => {
    const doc = docs.get('banfa.docx')!;
    expect(doc.text).toContain('\n第十二条\u3000本办法自2022年5月1日起施行。');
    expect(doc.text).toContain('\n（二）在政府门户网站或者报刊上公开征求意见。');
    expect(doc.text).toContain('\n3.对外地服务收取不同于本地服务的费用。');
    const cell = doc.blocks.find((b) => b.text === '2022年9月30日前')!;
    expect(cell.kind).toBe('table-cell');
    expect(cell.source).toMatchObject({ table: 0, row: 2, col: 1 });
    const heading = doc.blocks.find((b) => b.text === '第二章\u3000审查标准')!;
    expect(heading).toMatchObject({ kind: 'heading', level: 1 });
    // Header and footer (page numbers) are not part of the text.
    expect(doc.text.startsWith('伊州市市场监督管理局文件\n')).toBe(true);
    expect(doc.text).not.toMatch(/- \d+ -/);
  });

  it('finds the PDF page of a clause and drops running headers and page numbers', () => {
    const doc = docs.get('banfa.pdf')!;
    const at = doc.text.indexOf('（二）在政府门户网站');
    expect(sourceAt(doc.blocks, at)).toMatchObject({ page: 3 });
    expect(clauseAt(doc.clauses, at)!.label).toBe('第三章 第八条 第二款 第（二）项');
    expect(doc.text.match(/伊州市市场监督管理局\n/g)?.length).toBe(1); // the signature, not the running header
    expect(doc.text).not.toMatch(/-\s*\d\s*-/);
    // A wrapped table cell is one block again.
    expect(doc.blocks.find((b) => b.kind === 'table-cell' && b.text === '市公平竞争审查联席会议办公室')).toBeTruthy();
  });

  it('guesses the metadata the same way in every format', () => {
    for (const f of formats) {
      expect(docs.get(f)!.metadata, f).toEqual({
        title: '伊州市市场监督管理局关于印发《伊州市公平竞争审查实施办法》的通知',
        docNumber: '伊州市监发〔2022〕15号',
        issuer: '伊州市市场监督管理局',
        date: '2022-04-15',
      });
    }
  });

  it('skips scripts, styles and hidden elements in HTML', () => {
    const doc = docs.get('banfa.html')!;
    expect(doc.text).not.toMatch(/统计代码|隐藏导航|请启用脚本|第九十九条/);
  });
});

describe('a plan-style document as .txt, .docx and .pdf', () => {
  it('yields the same 一、（一）1. tree in every format', async () => {
    const base = await load(path.join(DOCS, 'zhejiang.txt'));
    expect(countClauses(base.clauses, 'heading1')).toBe(5);
    expect(countClauses(base.clauses, 'heading2')).toBe(19);
    expect(countClauses(base.clauses, 'heading3')).toBe(67);
    expect(flattenClauses(base.clauses).map((n) => n.label)).toContain('三、（八）21.');
    for (const f of ['zhejiang.docx', 'zhejiang.pdf']) {
      const doc = await load(path.join(DOCS, f));
      expect(stripWhitespace(doc.text), f).toBe(stripWhitespace(base.text));
      expect(shape(doc), f).toEqual(shape(base));
    }
  });
});

describe('Word features', () => {
  it('keeps insertions, drops deletions, reads text boxes, leaves out comments, headers and footers', async () => {
    for (const f of ['features.docx', 'features.docxlib.docx']) {
      const doc = await load(path.join(DOCS, f));
      expect(doc.text, f).toBe(
        [
          '修订与文本框测试',
          '第一条\u3000起草单位应当在起草阶段开展公平竞争审查。',
          '第二条\u3000不得限定经营者所在地。',
          '文本框中的说明文字。',
          '第三条\u3000本办法自发布之日起施行。',
        ].join('\n'),
      );
      expect(doc.text).not.toMatch(/出台以后|批注|页眉/);
    }
  });

  it('reads a real Word file from elsewhere with its quoted clauses intact', async () => {
    const doc = await load(path.join(DOCS, 'samr-2022-inspection-cases.docx'));
    expect(doc.metadata.title).toBe('2022年公平竞争审查督查整改案例');
    expect(countClauses(doc.clauses, 'heading1')).toBe(27);
    expect(doc.text).toContain('规定“获得补贴支持的企业，自补贴资金到账之日起5年内迁出顺义区的，须全额退还补贴资金”');
    expect(flattenClauses(doc.clauses).map((n) => n.label)).toContain('二十七、');
  });
});

describe('OFD files made by real software', () => {
  const text = async (f: string): Promise<NormalizedDocument> => load(path.join(OFD, f));

  it('reads a 公文 over two pages in reading order, with its 文号', async () => {
    const doc = await text('gongwen-pifu.ofd');
    expect(doc.type).toBe('ofd');
    expect(doc.pages).toBe(2);
    const flat = stripWhitespace(doc.text);
    expect(flat).toMatch(/^测试符路桥区卫生局文件路卫发〔2011〕76号关于同意张阿三同志辞职的批复区中医院：/);
    expect(doc.metadata.docNumber).toBe('路卫发〔2011〕76号');
    expect(doc.metadata.date).toBe('2011-03-10');
  });

  it('reads a letter and an essay', async () => {
    const han = await text('gongwen-han.ofd');
    expect(stripWhitespace(han.text)).toMatch(/^关于加快南货场铁路涵洞下穿建设的函蚌山区政府：/);
    const essay = await text('essay-page.ofd');
    expect(stripWhitespace(essay.text)).toMatch(/^拿来主义鲁迅中国一向是所谓“闭关主义”/);
    expect(essay.pages).toBe(2);
  });

  it('recovers every numbered line of an 11-page file once, in order', async () => {
    const doc = await text('long-text.ofd');
    expect(doc.pages).toBe(11);
    const lines = doc.text.split('\n');
    expect(lines).toHaveLength(238);
    expect(lines[0]).toBe('1、一日不见兮，思之如狂。――《凤求凰·琴歌》');
    // Four numbered lists (70, 85, 47 and 36 lines): each number follows the previous one or restarts at 1.
    const numbers = lines.map((l) => Number(/^(\d+)、/.exec(l)?.[1]));
    numbers.forEach((n, i) => expect(n === 1 || n === numbers[i - 1]! + 1, lines[i]).toBe(true));
    expect(numbers.filter((n) => n === 1)).toHaveLength(4);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('reads form-like layouts (a handling slip, an invoice with a template page)', async () => {
    const slip = await text('wenjian-chuli.ofd');
    expect(stripWhitespace(slip.text)).toMatch(/^XX市政府文件处理/);
    expect(slip.text).toContain('府办专督〔2020〕24');
    expect(slip.text).toContain('来文文号');
    const invoice = await text('invoice.ofd');
    expect(invoice.text).toContain('050001700111');
    expect(invoice.text).toContain('科游迈利有限公司');
  });
});

describe('storage', () => {
  let dir: string;
  let db: Database.Database;
  let service: DocumentService;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fcr-ingest-'));
    db = new Database(path.join(dir, 'fcr.sqlite3'));
    db.pragma('foreign_keys = ON');
    migrate(db);
    service = new DocumentService(db);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores blocks, clauses and metadata in one go and returns them', async () => {
    const file = path.join(DOCS, 'banfa.pdf');
    const extracted = await load(file);
    const { document, duplicate } = await service.import('banfa.pdf', readFileSync(file));
    expect(duplicate).toBe(false);
    expect(document).toMatchObject({
      type: 'pdf',
      pages: 3,
      docNumber: '伊州市监发〔2022〕15号',
      issuer: '伊州市市场监督管理局',
      docDate: '2022-04-15',
    });
    const detail = service.get(document.id);
    expect(detail.text).toBe(extracted.text);
    expect(detail.clauses).toEqual(extracted.clauses);
    expect(detail.blocks).toEqual(extracted.blocks);
    const count = (t: string): number =>
      (db.prepare(`SELECT count(*) AS n FROM ${t} WHERE document_id = ?`).get(document.id) as { n: number }).n;
    expect(count('blocks')).toBe(extracted.blocks.length);
    expect(count('clauses')).toBe(flattenClauses(extracted.clauses).length);
  });

  it('stores docx, ofd and html too', async () => {
    for (const f of [path.join(DOCS, 'banfa.docx'), path.join(OFD, 'gongwen-han.ofd'), path.join(DOCS, 'banfa.html')]) {
      const { document } = await service.import(path.basename(f), readFileSync(f));
      expect(service.get(document.id).clauses.length).toBeGreaterThan(0);
    }
    expect(service.list()).toHaveLength(4);
  });
});
