/**
 * Article, item and heading labels on typeset documents (issue 8): white space inside and around
 * numbering markers ("第 1 0 条", "二 、", "三、 ", "（ 一 ）", "1 . ", "( 1 )", "２．"), stray spaces in
 * words and letter-spaced lines, as .docx and as .pdf (test/fixtures/documents/make-typeset-fixtures.mjs).
 * Each file, imported through the real importer, must give the clause tree of its clean source text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedDocument } from '../../shared/document.js';
import { flattenClauses, segment } from '../../shared/segment/index.js';
import { stripWhitespace } from '../../shared/text/chars.js';
import type { ClauseNode } from '../../shared/types.js';
import { extractDocument } from '../../electron/services/import/index.js';

const DOCS = path.resolve(__dirname, '../fixtures/documents');

const clean = (name: string): string => readFileSync(path.join(DOCS, `${name}.txt`), 'utf8').trimEnd();

/** Each clause as [label, the start of its text up to white space and the width of brackets]. */
function tree(text: string, clauses: ClauseNode[]): [string, string][] {
  const start = (n: ClauseNode): string =>
    stripWhitespace(text.slice(n.start, n.end)).replace(/\(/g, '（').replace(/\)/g, '）').slice(0, 14);
  return flattenClauses(clauses).map((n) => [n.label, start(n)]);
}

const ARTICLES = Array.from({ length: 23 }, (_, i) => `第${i + 1}条`);

describe.each(['typeset-legal', 'typeset-plan'])('%s', (name) => {
  const source = clean(name);
  const expected = tree(source, segment(source));
  const docs = new Map<string, NormalizedDocument>();

  beforeAll(async () => {
    for (const ext of ['docx', 'pdf']) {
      const file = `${name}.${ext}`;
      docs.set(ext, await extractDocument(file, readFileSync(path.join(DOCS, file))));
    }
  });

  it.each(['docx', 'pdf'])('.%s gives every clause the label and text of the clean source', (ext) => {
    const doc = docs.get(ext)!;
    expect(tree(doc.text, doc.clauses)).toEqual(expected);
  });

  it.each(['docx', 'pdf'])('.%s keeps no typesetting space between Chinese characters, and says so', (ext) => {
    const doc = docs.get(ext)!;
    // The space after a leading 第N条 stays: it separates the number from the text.
    expect(doc.text).not.toMatch(/(?<!^第\d{1,3})[\u4e00-\u9fff、（）][ \u00a0\t\u3000]+[\u4e00-\u9fff、（）]/m);
    expect(doc.text).not.toMatch(/第[\s\d]*\d\s+\d/);
    expect(doc.warnings.join('\n')).toMatch(/已去除排版产生的空格 \d+ 处/);
  });
});

describe('the clean sources (the oracle above)', () => {
  it('label every article 第N条 and its items and 款 after it', () => {
    const source = clean('typeset-legal');
    const all = flattenClauses(segment(source));
    expect(all.filter((n) => n.kind === 'article').map((n) => n.label)).toEqual(ARTICLES);
    const labels = all.map((n) => n.label);
    expect(labels).toEqual(
      expect.arrayContaining(['第5条 第（三）项', '第7条 第三项', '第14条 第二款', '第19条 第三项']),
    );
    expect(labels).toContain('第16条 第二款'); // "第5条规定的…" cites an article
    expect(labels.filter((l) => /、项|款 第.*款/.test(l))).toEqual([]);
    const a14 = all.find((n) => n.label === '第14条')!;
    expect(source.slice(a14.start, a14.end)).toMatch(/^第14条\u3000本县鼓励金融机构/);
  });

  it('label the plan 一、（一）1.（1）', () => {
    const source = clean('typeset-plan');
    expect(flattenClauses(segment(source)).map((n) => n.label)).toEqual([
      '前言',
      '一、',
      '一、（一）',
      '一、（二）',
      '二、',
      '二、（一）',
      '二、（一）1.',
      '二、（一）2.',
      '二、（一）2.（1）',
      '二、（一）2.（2）',
      '二、（一）3.',
      '二、（二）',
      '二、（二）1.',
      '二、（二）2.',
      '二、（三）',
      '二、（三）1.',
      '二、（三）2.',
      '三、',
      '三、（一）',
      '三、（二）',
    ]);
  });
});
