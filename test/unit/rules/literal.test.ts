import { describe, expect, it } from 'vitest';
import { requiredLiteral, requiredLiteralSets } from '../../../shared/rules/literal';

describe('requiredLiteral', () => {
  it('takes the longest plain run at the top level', () => {
    expect(requiredLiteral('优先(?:采购|购买)[^，。]{0,10}本地企业')).toBe('本地企业');
    expect(requiredLiteral('实行特许经营')).toBe('实行特许经营');
  });

  it('ignores text that is optional, inside groups or alternatives', () => {
    expect(requiredLiteral('(?:本地企业|外地企业)')).toBe('');
    expect(requiredLiteral('a|b')).toBe('');
    expect(requiredLiteral('优先?采购')).not.toContain('优先');
    expect(requiredLiteral('[本外]地')).toBe('地');
  });

  it('gives up on syntax it does not follow', () => {
    expect(requiredLiteral('\\u4e00企业')).toBe('');
  });

  it('returns a literal that every match contains, on random patterns and strings', () => {
    const alphabet = '本地企业奖励优先';
    let seed = 11;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = ['本地', '企业', '奖励', '(?:优先|本地)', '[本企]', '.?', '优?', '先*', '(?:地|业)+'];
    for (let k = 0; k < 300; k++) {
      const source = Array.from({ length: 1 + rand(4) }, () => pieces[rand(pieces.length)]).join('');
      const literal = requiredLiteral(source);
      const re = new RegExp(source, 'gu');
      const text = Array.from({ length: 60 }, () => alphabet[rand(alphabet.length)]).join('');
      for (const m of text.matchAll(re)) if (literal) expect(m[0], source).toContain(literal);
    }
  });
});

describe('requiredLiteralSets', () => {
  it('reads sets across concatenation, alternation, classes and positive lookarounds', () => {
    expect(requiredLiteralSets('(?:统一由|交由)[^，。]{0,10}?(?:公司|集团)(?:负责|承担)')).toEqual([
      ['交由', '统一由'],
      ['公司承担', '公司负责', '集团承担', '集团负责'],
    ]);
    expect(requiredLiteralSets('[本外]地企业')).toEqual([['外地企业', '本地企业']]);
    expect(requiredLiteralSets('(?<=在[\\u4e00-\\u9fa5])(?:企业|单位)')).toEqual([['在'], ['企业', '单位']]);
    // One set per alternative, joined.
    expect(requiredLiteralSets('本地[^，]*企业|外地单位')).toEqual([['本地', '外地单位']]);
  });

  it('drops what is optional, negated or unknown', () => {
    expect(requiredLiteralSets('(?:依法)?注册')).toEqual([['注册']]);
    expect(requiredLiteralSets('注册(?!资本)')).toEqual([['注册']]);
    expect(requiredLiteralSets('本地企业|.')).toEqual([]);
    expect(requiredLiteralSets('\\u4e00+')).toEqual([]);
    expect(requiredLiteralSets('在\uE000+注册')).toEqual([['在'], ['注册']]);
    expect(requiredLiteralSets('(')).toEqual([]);
  });

  it('gives sets of which every match contains a member, on random patterns and strings', () => {
    const alphabet = '本地企业奖励优先在';
    let seed = 5;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = [
      '本地',
      '企业',
      '奖励',
      '(?:优先|本地)',
      '[本企]',
      '.?',
      '优?',
      '先*',
      '(?:地|业)+',
      '(?:本|企业){2}',
      '(?=企)',
      '(?<=在.)',
      '(?!地)',
      '[^在]{0,3}?',
      '|',
      '(?:奖|励|)',
      '\\u4e00?',
    ];
    let checked = 0;
    for (let k = 0; k < 500; k++) {
      const source = Array.from({ length: 1 + rand(5) }, () => pieces[rand(pieces.length)]).join('');
      const sets = requiredLiteralSets(source);
      const re = new RegExp(source, 'gu');
      const text = Array.from({ length: 80 }, () => alphabet[rand(alphabet.length)]).join('');
      for (const m of text.matchAll(re)) {
        for (const set of sets) {
          // A lookaround may look at text around the match (in the engine: within the scope).
          const around = text.slice(Math.max(0, m.index - 2), m.index + m[0].length + 2);
          expect(
            set.some((l) => around.includes(l)),
            `${source} on ${m[0]}`,
          ).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
