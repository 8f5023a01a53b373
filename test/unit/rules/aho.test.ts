import { describe, expect, it } from 'vitest';
import { AhoCorasick, HitList } from '../../../shared/rules/aho.js';

function naive(patterns: string[], text: string): string[] {
  const out: string[] = [];
  patterns.forEach((p, i) => {
    for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) out.push(`${i}@${at}`);
  });
  return out.sort();
}

describe('AhoCorasick', () => {
  it('finds overlapping and nested patterns', () => {
    const patterns = ['本地', '本地企业', '地企', '企业', '优先采购本地'];
    const ac = new AhoCorasick(patterns);
    const text = '同等条件下优先采购本地企业产品，本地企业优先。';
    const hits = ac.findAll(text).map((h) => `${h.pattern}@${h.start}`);
    expect(hits.sort()).toEqual(naive(patterns, text));
  });

  it.each([
    ['the packed lookup table', undefined],
    ['the hash-based fallback (no table)', 0],
  ])('agrees with indexOf on random texts over a small alphabet, using %s', (_name, maxDfaEntries) => {
    const alphabet = '本地企业市县注册设立奖励补贴';
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const word = (len: number): string => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
    const patterns = Array.from({ length: 40 }, () => word(1 + rand(4)));
    const unique = [...new Set(patterns)];
    const ac = new AhoCorasick(unique, maxDfaEntries);
    for (let k = 0; k < 20; k++) {
      const text = word(300);
      expect(
        ac
          .findAll(text)
          .map((h) => `${h.pattern}@${h.start}`)
          .sort(),
      ).toEqual(naive(unique, text));
    }
  });

  it('reports the extra patterns in their own list, the hits of both lists being those of all patterns', () => {
    const patterns = ['本地', '本地企业', '地企', '企业', '优先采购本地', '采购'];
    const text = '同等条件下优先采购本地企业产品，本地企业优先采购。';
    const all = new AhoCorasick(patterns).findAll(text);
    for (const maxDfaEntries of [undefined, 0]) {
      const ac = new AhoCorasick(patterns, maxDfaEntries, 3);
      const main = new HitList();
      const extra = new HitList();
      ac.findInto(main, text, 0, text.length, extra);
      const list = (l: HitList): string[] =>
        Array.from({ length: l.length }, (_, i) => `${l.pattern[i]}@${l.start[i]}-${l.end[i]}`);
      expect(list(main).every((h) => Number(h.split('@')[0]) < 3)).toBe(true);
      expect(list(extra).every((h) => Number(h.split('@')[0]) >= 3)).toBe(true);
      expect(extra.length).toBeGreaterThan(0);
      expect([...list(main), ...list(extra)].sort()).toEqual(all.map((h) => `${h.pattern}@${h.start}-${h.end}`).sort());
      // Each list is ordered by end position.
      for (const l of [main, extra])
        for (let i = 1; i < l.length; i++) expect(l.end[i]).toBeGreaterThanOrEqual(l.end[i - 1]!);
    }
  });

  it("gives the same hits in one list or two, past the lists' first capacity (the packed DFA and the hash scan alike)", () => {
    const patterns = ['本地', '本地企业', '地企', '企业', '优先采购本地', '采购', '业'];
    // Over 256 hits of each list, so that both lists grow during the scan.
    const text = '同等条件下优先采购本地企业产品，本地企业优先采购。'.repeat(80);
    const key = (l: HitList): string[] =>
      Array.from({ length: l.length }, (_, i) => `${l.pattern[i]}@${l.start[i]}-${l.end[i]}`);
    for (const maxDfaEntries of [undefined, 0]) {
      const ac = new AhoCorasick(patterns, maxDfaEntries, 4);
      const one = new HitList();
      ac.findInto(one, text);
      const main = new HitList();
      const extra = new HitList();
      ac.findInto(main, text, 0, text.length, extra);
      expect(main.length).toBeGreaterThan(256);
      expect(extra.length).toBeGreaterThan(256);
      expect(one.length).toBe(main.length + extra.length);
      expect(key(one).sort()).toEqual([...key(main), ...key(extra)].sort());
      // One list: ordered by end, the main patterns' hits first at each end.
      for (let i = 1; i < one.length; i++) {
        expect(one.end[i]).toBeGreaterThanOrEqual(one.end[i - 1]!);
        if (one.end[i] === one.end[i - 1] && one.pattern[i]! < 4) expect(one.pattern[i - 1]).toBeLessThan(4);
      }
    }
  });

  it('scans with saved tables as with the automaton they were saved from, and ignores tables of other patterns', () => {
    const patterns = ['本地', '本地企业', '地企', '企业', '优先采购本地', '采购', '业'];
    const text = '同等条件下优先采购本地企业产品，本地企业优先采购。业业本地企';
    const built = new AhoCorasick(patterns, undefined, 4);
    const tables = built.tables()!;
    expect(tables).not.toBeNull();
    const restored = new AhoCorasick(patterns, undefined, 4, tables);
    expect(restored.restored).toBe(true);
    const hits = (ac: AhoCorasick): string[][] => {
      const main = new HitList();
      const extra = new HitList();
      ac.findInto(main, text, 0, text.length, extra);
      const list = (l: HitList): string[] =>
        Array.from({ length: l.length }, (_, i) => `${l.pattern[i]}@${l.start[i]}-${l.end[i]}`);
      return [list(main), list(extra)];
    };
    expect(hits(restored)).toEqual(hits(built));
    expect(restored.tables()).toEqual(tables);
    expect(restored.findAll(text, 3, 20)).toEqual(built.findAll(text, 3, 20));
    const viaScan = (ac: AhoCorasick): string[] => {
      const out: string[] = [];
      ac.scan(text, (p, s, e) => out.push(`${p}@${s}-${e}`));
      return out.sort();
    };
    expect(viaScan(restored)).toEqual(viaScan(built));
    // Tables of other patterns, or of another main count, are not used.
    expect(new AhoCorasick(patterns, undefined, 5, tables).restored).toBe(false);
    const other = [...patterns.slice(0, -1), '产品'];
    expect(new AhoCorasick(other, undefined, 4, tables).findAll(text)).toEqual(
      new AhoCorasick(other, undefined, 4).findAll(text),
    );
    expect(hits(new AhoCorasick(patterns, undefined, 5, tables))).toEqual(
      hits(new AhoCorasick(patterns, undefined, 5)),
    );
  });

  it('scans a sub-range only', () => {
    const ac = new AhoCorasick(['ab']);
    expect(ac.findAll('abxab', 1, 5)).toEqual([{ pattern: 0, start: 3, end: 5 }]);
  });

  it('rejects an empty pattern', () => {
    expect(() => new AhoCorasick([''])).toThrow();
  });
});
