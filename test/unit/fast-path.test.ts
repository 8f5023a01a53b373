/**
 * The tuned import path (single-pass normaliser, segmenter, decoding) must give exactly what the
 * straightforward reference implementations in test/helpers/reference give: the same normalised
 * text, source map and typesetting count, on every line of the fixtures and on random text
 * built from the chars the normaliser treats specially.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeBlock, normalizeBlockText } from '../../shared/normalize/index.js';
import { referenceNormalizeBlock } from '../helpers/reference/normalize.js';
import { FIXTURES } from '../helpers/paths.js';

/** Every .txt fixture, decoded as UTF-8 (the legacy-encoded ones are skipped). */
function fixtureTexts(): string[] {
  const out: string[] = [];
  for (const dir of ['documents', 'txt', 'review']) {
    for (const f of readdirSync(path.join(FIXTURES, dir)).filter((f) => f.endsWith('.txt')).sort()) {
      if (/gb18030|utf16/.test(f)) continue;
      out.push(readFileSync(path.join(FIXTURES, dir, f), 'utf8'));
    }
  }
  return out;
}

/** Seeded random text over the chars the normaliser and the marker lexer treat specially. */
function randomLines(count: number, seed = 11): string[] {
  const alphabet = [
    ...'一二三四五六七八九十百第条章节编款项、（）()。；，审查企业市场',
    ...'0123456789..abcXYZ#',
    ...' \u3000\t\u00a0\n\r\u2028\u2029\u202f\u2003',
    ...'\u200b\ufeff\u00ad\u0001\u0085\u007f\u180e\u2060',
    ...'１２０ＡＺａｚ．，（）',
    ...'\u2f00\u2f06\u2e9f\uf900\ufa6c\ufada',
    '\ud840\udc00',
    '\ud840',
    '\udc00',
    '①',
    '⑳',
  ];
  let s = seed;
  const rand = (n: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = '';
    const len = rand(30);
    for (let k = 0; k < len; k++) line += alphabet[rand(alphabet.length)];
    lines.push(line);
  }
  return lines;
}

describe('fast normaliser = reference normaliser', () => {
  const lines = [...fixtureTexts().flatMap((t) => t.split('\n')), ...randomLines(30000)];

  it('gives the same text, source map and typesetting count on every line', () => {
    let mismatches = 0;
    for (const raw of lines) {
      const fast = normalizeBlock(raw);
      const ref = referenceNormalizeBlock(raw);
      if (fast.text !== ref.text || fast.spacesRemoved !== ref.spacesRemoved || fast.map.join() !== ref.map.join()) {
        expect({ raw, ...fast }).toEqual({ raw, ...ref });
        mismatches++;
      }
      expect(normalizeBlockText(raw)).toEqual({ text: ref.text, spacesRemoved: ref.spacesRemoved });
    }
    expect(mismatches).toBe(0);
  });

  it('gives the same on whole multi-line blocks (line breaks inside a block)', () => {
    for (const text of fixtureTexts()) {
      const fast = normalizeBlock(text);
      const ref = referenceNormalizeBlock(text);
      expect(fast.text).toBe(ref.text);
      expect(fast.spacesRemoved).toBe(ref.spacesRemoved);
      expect(fast.map).toEqual(ref.map);
    }
  });
});
