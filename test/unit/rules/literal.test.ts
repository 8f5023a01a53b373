import { describe, expect, it } from 'vitest';
import { requiredLiteral } from '../../../shared/rules/literal';

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
