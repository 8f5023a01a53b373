/** The same measure in another format (issue 9, point 11): layout-insensitive fingerprints. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractDocument } from '../../electron/services/import/index.js';
import {
  isSameText,
  layoutFreeText,
  SAME_TEXT_SIMILARITY,
  textFingerprint,
  textSimilarity,
  type TextFingerprint,
} from '../../shared/text/fingerprint.js';

const DOCS = path.resolve(__dirname, '../fixtures/documents');
const FORMATS = ['docx', 'docxlib.docx', 'pdf', 'txt', 'html'];
const texts = new Map<string, string>();
const fp = (name: string): TextFingerprint => textFingerprint(texts.get(name)!);

beforeAll(async () => {
  for (const base of ['banfa', 'zhejiang']) {
    for (const ext of FORMATS) {
      const name = `${base}.${ext}`;
      if (base === 'zhejiang' && ext === 'html') continue;
      const doc = await extractDocument(name, readFileSync(path.join(DOCS, name)));
      texts.set(name, doc.text);
    }
  }
});

describe('layoutFreeText', () => {
  it('drops whitespace, line breaks and punctuation, folds width and case', () => {
    expect(layoutFreeText('第一条\u3000为了规范，\n制定本办法。ＡＢＣ１２')).toBe('第一条为了规范制定本办法abc12');
    expect(layoutFreeText('“公平竞争”, (一) ab')).toBe(layoutFreeText('"公平竞争"，（一）AB'));
  });
});

describe('textFingerprint', () => {
  it('is the same for one measure imported as .docx (two producers), .pdf, .txt and .html', () => {
    for (const base of ['banfa', 'zhejiang']) {
      const names = [...texts.keys()].filter((n) => n.startsWith(`${base}.`));
      expect(names.length).toBeGreaterThanOrEqual(4);
      for (const a of names) {
        for (const b of names) {
          expect(isSameText(fp(a), fp(b)), `${a} / ${b}`).toBe(true);
          expect(textSimilarity(fp(a), fp(b)), `${a} / ${b}`).toBeGreaterThan(0.95);
        }
      }
    }
  });

  it('tells two different measures apart', () => {
    for (const a of ['banfa.docx', 'banfa.pdf']) {
      for (const b of ['zhejiang.docx', 'zhejiang.pdf', 'zhejiang.txt']) {
        expect(isSameText(fp(a), fp(b))).toBe(false);
        expect(textSimilarity(fp(a), fp(b))).toBeLessThan(0.2);
      }
    }
  });

  it('ignores layout: line breaks inside paragraphs, punctuation width, spaces', () => {
    const text = texts.get('banfa.txt')!;
    const relaid = text
      .replace(/，/g, ',')
      .replace(/：/g, ':')
      .replace(/([\u4e00-\u9fff]{18})/g, '$1\n')
      .replace(/条/g, '条 ');
    expect(textFingerprint(relaid).hash).toBe(fp('banfa.txt').hash);
    expect(textSimilarity(textFingerprint(relaid), fp('banfa.docx'))).toBe(1);
  });

  it('stays the same with page headers and page numbers left in by an extractor', () => {
    const lines = texts.get('zhejiang.txt')!.split('\n');
    const paged: string[] = [];
    lines.forEach((line, i) => {
      paged.push(line);
      if (i % 12 === 11) paged.push(`- ${(i + 1) / 12} -`, '浙江省招标投标领域公平竞争审查细则');
    });
    const withFurniture = textFingerprint(paged.join('\n'));
    expect(withFurniture.hash).not.toBe(fp('zhejiang.pdf').hash);
    expect(textSimilarity(withFurniture, fp('zhejiang.pdf'))).toBeGreaterThanOrEqual(SAME_TEXT_SIMILARITY);
    expect(isSameText(withFurniture, fp('zhejiang.docx'))).toBe(true);
  });

  it('is not fooled by a shared part: the issuing notice alone is not the measure', () => {
    const text = texts.get('banfa.txt')!;
    const notice = text.slice(0, text.indexOf('第一章'));
    expect(notice.length).toBeGreaterThan(100);
    expect(isSameText(textFingerprint(notice), fp('banfa.pdf'))).toBe(false);
  });

  it('handles empty and very short texts', () => {
    expect(textSimilarity(textFingerprint(''), textFingerprint(' \n'))).toBe(1);
    expect(isSameText(textFingerprint('通知'), textFingerprint('通知。'))).toBe(true);
    expect(isSameText(textFingerprint('通知'), textFingerprint(''))).toBe(false);
  });
});
