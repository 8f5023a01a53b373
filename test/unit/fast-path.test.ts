/**
 * The tuned import path (single-pass normaliser, segmenter, line splitting) must give exactly what
 * the straightforward reference implementations in test/helpers/reference give: the same
 * normalised text, source map and typesetting count, clause tree, document and findings, on the
 * fixtures, on random text built from the chars the normaliser treats specially, and on a
 * generated document of random numbered lines. The engine's regex prefilter (literal sets read
 * from each regex, found by the automaton) and its selective triggers (each alternative listens to
 * the rarest of the literal sets it needs, and a rule tries only its triggered alternatives) must
 * give the same findings as the engine without them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, loadRuleSet, scanDocumentText } from '../../electron/services/rules.js';
import { scanText, scanUnits } from '../../shared/rules/engine.js';
import { SpanList } from '../../shared/text/sentences.js';
import { paragraphUnits } from '../../shared/rules/units.js';
import { ALL_ALTS, ALT_SLOTS } from '../../shared/rules/compile.js';
import { extractDocument } from '../../electron/services/import/index.js';
import { normalizeBlock, normalizeBlockText } from '../../shared/normalize/index.js';
import { flattenClauses, readMarker, segment } from '../../shared/segment/index.js';
import { parseNumeral } from '../../shared/segment/numerals.js';
import { referenceNormalizeBlock } from '../helpers/reference/normalize.js';
import { referenceTextDocument } from '../helpers/reference/pipeline.js';
import { referenceParseNumeral, referenceRelabel } from '../helpers/reference/segment.js';
import type { ClauseNode } from '../../shared/types.js';
import { CORPUS, FIXTURES } from '../helpers/paths.js';

/** Every .txt fixture, decoded as UTF-8 (the legacy-encoded ones are skipped). */
function fixtureTexts(): string[] {
  const out: string[] = [];
  for (const dir of ['documents', 'txt', 'review']) {
    for (const f of readdirSync(path.join(FIXTURES, dir))
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      if (/gb18030|utf16/.test(f)) continue;
      out.push(readFileSync(path.join(FIXTURES, dir, f), 'utf8'));
    }
  }
  return out;
}

/** Seeded random text over the chars the normaliser and the marker lexer treat specially. */
function randomLines(count: number, seed = 11): string[] {
  const rand = random(seed);
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
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = '';
    const len = rand(30);
    for (let k = 0; k < len; k++) line += alphabet[rand(alphabet.length)];
    lines.push(line);
  }
  return lines;
}

function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

/**
 * A document of lines opened by random numbering markers (legal and plan style, spaced, cited,
 * full-width) over sentences of the fixtures, with blank and indented lines.
 */
function randomDocument(lines: number, seed = 5): string {
  const rand = random(seed);
  const sentences = fixtureTexts()
    .flatMap((t) => t.split(/(?<=[。；])|\n/))
    .map((l) => l.trim())
    .filter((l) => l.length > 4);
  const markers = [
    ...['第一编', '第二章', '第十章', '第一节', '第三节', '第一条', '第二条', '第十二条', '第 1 0 条', '第五条规定的'],
    ...[
      '第五条、',
      '一、',
      '二 、',
      '十一、',
      '（一）',
      '（ 二 ）',
      '(三)',
      '1.',
      '2、',
      '１．',
      '3 . ',
      '（1）',
      '(2)',
    ],
    ...['①', '②', 'a.', '## 三、', '# ', '\u3000\u3000', '  ', '\ufeff', '', '', '', '2025年', '1.5倍'],
  ];
  const ends = ['', '', '', ' ', '\u3000', '\ufeff', ' \ufeff\t'];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    if (rand(12) === 0) out.push(rand(2) ? '' : ' \u3000 ');
    out.push(markers[rand(markers.length)]! + sentences[rand(sentences.length)]! + ends[rand(ends.length)]!);
  }
  return out.join(rand(2) ? '\n' : '\r\n') + '\n';
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

describe('fast segmenter = reference segmenter', () => {
  it('parses numerals the same', () => {
    const rand = random(3);
    const chars = [...'零〇一二三四五六七八九十百千两0123456789a'];
    for (let i = 0; i < 5000; i++) {
      let n = '';
      for (let k = rand(6); k > 0; k--) n += chars[rand(chars.length)];
      expect(parseNumeral(n), n).toEqual(referenceParseNumeral(n));
    }
  });

  it('reads each line in place as the reference reads the trimmed line, and spans clauses on trimmed lines', () => {
    for (const text of [...fixtureTexts(), randomDocument(4000)]) {
      const starts = new Set<number>();
      const ends = new Set<number>();
      let pos = 0;
      for (const raw of text.split('\n')) {
        const line = raw.trim();
        const start = pos + raw.length - raw.trimStart().length;
        pos += raw.length + 1;
        if (!line) continue;
        starts.add(start);
        ends.add(start + line.length);
        expect(readMarker(text, start, start + line.length), line).toEqual(readMarker(line));
      }
      for (const c of flattenClauses(segment(text))) {
        expect(starts.has(c.start) && ends.has(c.end), c.id).toBe(true);
      }
    }
  });

  it('gives the same clause ids, labels and numbers as the reference labelling', () => {
    for (const text of [...fixtureTexts(), randomDocument(4000)]) {
      const fast = segment(text);
      expect(fast).toEqual(referenceRelabel(structuredClone(fast).map(unlabel)));
    }
  });
});

/** A clause tree with its ids and labels cleared. */
function unlabel(n: ClauseNode): ClauseNode {
  return { ...n, id: '', label: '', children: n.children.map(unlabel) };
}

describe('fast text import = reference text import', () => {
  it('gives the same document for each fixture and for texts kept as they are (no \\r, no blank-but-spaced line)', async () => {
    // LF-only texts whose lines need no normalisation take the text as decoded (assembleDocument's
    // `joined`); the others are joined from their blocks. Both must match the reference.
    const texts = [
      ...fixtureTexts(),
      '第一条 本办法。\n\n第二条 外地企业。\n',
      '\n第一条 开头空行。\n',
      '第一条 行尾\n   \n第二条\n',
      '  第一条 缩进。\n第二条 行尾空格。  \n第 三 条 排版 空格\u200b。\n',
    ];
    for (const text of texts) {
      const bytes = new TextEncoder().encode(text);
      const fast = await extractDocument('fixture.txt', bytes);
      expect(fast).toEqual(referenceTextDocument('fixture.txt', bytes));
    }
  });

  const text = randomDocument(6000, 9) + fixtureTexts().join('\n');
  const bytes = new TextEncoder().encode(text);

  it('gives the same document and the same findings', async () => {
    const fast = await extractDocument('random.txt', bytes);
    const ref = referenceTextDocument('random.txt', bytes);
    expect(fast.text).toBe(ref.text);
    expect(fast.blocks).toEqual(ref.blocks);
    expect(fast.clauses).toEqual(ref.clauses);
    expect(fast).toEqual(ref);
    const ruleSet = loadRuleSet();
    const fastFindings = scanDocumentText(fast.text, ruleSet, fast.clauses).findings;
    expect(fastFindings.length).toBeGreaterThan(0);
    expect(fastFindings).toEqual(scanDocumentText(ref.text, ruleSet, ref.clauses).findings);
  });
});

describe('engine sorts', () => {
  it('sorts candidate spans by start, then end, short lists and long ones alike', () => {
    const rand = random(17);
    for (const n of [0, 1, 2, 5, 32, 33, 200]) {
      const list = new SpanList();
      const pairs: [number, number][] = [];
      for (let i = 0; i < n; i++) {
        const start = rand(50);
        const end = start + rand(10);
        list.push(start, end);
        pairs.push([start, end]);
      }
      list.sort();
      pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(Array.from({ length: list.length }, (_, i) => [list.start[i], list.end[i]])).toEqual(pairs);
    }
  });

  it('orders the findings of a whole text scanned as one clause (many spans and findings in one unit)', () => {
    const text = readFileSync(path.join(CORPUS, 'clauses.dev.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text)
      .join('。');
    const found = scanText(loadRuleSet(), text);
    expect(found.length).toBeGreaterThan(32);
    const sorted = [...found].sort(
      (a, b) => a.start - b.start || a.end - b.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
    );
    expect(found).toEqual(sorted);
  });
});

describe('engine with the regex prefilter = engine without it', () => {
  const fast = loadRuleSet();
  const reference = loadRules(undefined, { prefilter: false }).ruleSet;

  it('prefilters some regexes', () => {
    expect(fast.rules.some((r) => r.alts.some((a) => a.need.length > 0))).toBe(true);
    expect(reference.rules.every((r) => r.alts.every((a) => a.need.length === 0))).toBe(true);
    expect(fast.patterns.length).toBeGreaterThan(fast.mainPatterns);
  });

  it('lets some alternatives listen to a rarer literal set than their first group', () => {
    // Entries of the clause and sentence trigger lists that name one alternative (not all) whose
    // pattern is outside that alternative's first group.
    let moved = 0;
    const { triggerStart, triggerList } = fast;
    for (let pattern = 0; pattern < fast.patterns.length; pattern++) {
      for (let k = triggerStart[2 * pattern]!; k < triggerStart[2 * pattern + 2]!; k++) {
        const e = triggerList[k]!;
        const rule = fast.rules[Math.floor(e / ALT_SLOTS)]!;
        const slot = e % ALT_SLOTS;
        if (slot === ALL_ALTS) continue;
        if (!rule.alts[slot]!.triggerIds.includes(pattern)) moved++;
      }
    }
    expect(moved).toBeGreaterThan(10);
    expect(reference.triggerList.every((e) => e % ALT_SLOTS === ALL_ALTS)).toBe(true);
  });

  it('tests literal sets by scope bits on the fast path only', () => {
    expect(fast.literalSets).not.toBeNull();
    expect(reference.literalSets).toBeNull();
    expect(loadRules(undefined, { selective: false }).ruleSet.literalSets).toBeNull();
    // Every condition and alternative has its sets numbered.
    const words = fast.literalSets!.words;
    for (const r of fast.rules) {
      for (const c of [...r.require, ...r.exclude]) expect(c.set >> 5).toBeLessThan(words);
      for (const a of r.alts) expect(a.sets.length).toBeGreaterThan(0);
      expect(r.requireSets.length).toBe(r.require.length);
    }
  });

  it('gives a clause that is one sentence the same findings as with white space around it', () => {
    // Alone, the clause is scanned as one scope for clause- and sentence-scoped rules; with white
    // space around it, as a clause scope and a sentence scope.
    const clauses = readFileSync(path.join(CORPUS, 'clauses.dev.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text.replace(/\s+/g, ''));
    let total = 0;
    for (const clause of clauses) {
      const alone = scanUnits(fast, clause, [{ id: 'c', label: 'c', start: 0, end: clause.length }]);
      const padded = ` ${clause} `;
      const spaced = scanUnits(fast, padded, [{ id: 'c', label: 'c', start: 0, end: padded.length }]);
      expect(
        spaced.map((f) => ({ ...f, start: f.start - 1, end: f.end - 1 })),
        clause,
      ).toEqual(alone);
      total += alone.length;
    }
    expect(total).toBeGreaterThan(clauses.length / 2);
  });

  it('gives the same findings with alternatives listening to their first group only', () => {
    const plain = loadRules(undefined, { selective: false }).ruleSet;
    const text = readFileSync(path.join(CORPUS, 'clauses.dev.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text)
      .join('\n');
    const units = paragraphUnits(text);
    const found = scanUnits(fast, text, units);
    expect(found.length).toBeGreaterThan(100);
    expect(found).toEqual(scanUnits(plain, text, units));
  });

  it('gives the same findings on every dev clause, on whole documents and on random documents', () => {
    const clauses = readFileSync(path.join(CORPUS, 'clauses.dev.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text);
    let total = 0;
    for (const clause of clauses) {
      const f = scanText(fast, clause);
      expect(f, clause).toEqual(scanText(reference, clause));
      total += f.length;
    }
    expect(total).toBeGreaterThan(clauses.length / 2);
    const docsDir = path.join(CORPUS, 'documents');
    const docs = readdirSync(docsDir)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => readFileSync(path.join(docsDir, f), 'utf8'));
    for (const text of [...docs, ...fixtureTexts(), randomDocument(3000, 13), clauses.join('\n')]) {
      const units = paragraphUnits(text);
      expect(scanUnits(fast, text, units)).toEqual(scanUnits(reference, text, units));
      expect(scanDocumentText(text, fast).findings).toEqual(scanDocumentText(text, reference).findings);
    }
  });
});
