import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { citationText, citeStandard, searchStandards } from '../../../shared/review/citation';
import type { Standard } from '../../../shared/rules/types';

const catalogue = (
  parse(readFileSync(new URL('../../../resources/standards/standards.yaml', import.meta.url), 'utf8')) as {
    standards: Standard[];
  }
).standards;

const m19 = {
  id: 'M19-4',
  measure: '实施办法第十九条第（四）项',
  regulation: '条例第十条第（三）项',
  title: '短标题',
  description: '',
};

describe('citeStandard', () => {
  it('cites the 实施办法 provision in words, with the 条例 provision beside it and the code apart', () => {
    expect(citeStandard(m19)).toEqual({
      measure: '《实施办法》第十九条第（四）项',
      regulation: '《条例》第十条第（三）项',
      title: '短标题',
      code: 'M19-4',
    });
    expect(citationText(m19)).toBe('《实施办法》第十九条第（四）项（《条例》第十条第（三）项）短标题');
  });

  it('keeps several 条例 provisions of the catch-all together', () => {
    const m24 = catalogue.find((s) => s.id === 'M24')!;
    expect(citeStandard(m24).measure).toBe('《实施办法》第二十四条');
    expect(citeStandard(m24).regulation).toMatch(/^《条例》第八条第（五）项、第九条/);
  });

  it('quotes every standard of the catalogue', () => {
    for (const s of catalogue) {
      const c = citeStandard(s);
      expect(c.measure).toMatch(/^《实施办法》第/);
      expect(c.regulation).toMatch(/^《条例》第/);
    }
  });
});

describe('searchStandards', () => {
  it('narrows the catalogue by words in titles and descriptions', () => {
    const bidding = searchStandards(catalogue, '招标');
    expect(bidding.length).toBeGreaterThan(0);
    expect(bidding.length).toBeLessThan(catalogue.length);
    expect(bidding.every((s) => `${s.title}${s.description}`.includes('招标'))).toBe(true);
    expect(searchStandards(catalogue, '补贴').some((s) => s.title.includes('补贴'))).toBe(true);
  });

  it('needs every word, matches codes and provisions, and keeps all for an empty query', () => {
    expect(searchStandards(catalogue, '  ')).toHaveLength(catalogue.length);
    expect(searchStandards(catalogue, 'm19-4').map((s) => s.id)).toEqual(['M19-4']);
    expect(searchStandards(catalogue, '第十九条').every((s) => s.measure.includes('第十九条'))).toBe(true);
    expect(searchStandards(catalogue, '补贴 外地').every((s) => /外地/.test(s.title + s.description))).toBe(true);
  });
});
