import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../electron/services/search';

const DOC1 =
  '关于促进本地企业发展的若干措施\n第一条 对本地企业给予税收返还。\n第二条 指定供应商名录（一）由财政部门确定。';
const DOC2 = '外地企业参与政府采购的通知\n不得限定本地企业，不得指定品牌。';

function build(): SearchIndex {
  const idx = new SearchIndex();
  idx.addDocument(1, DOC1);
  idx.addDocument(2, DOC2);
  return idx;
}

describe('search index for Chinese', () => {
  it('finds substrings exactly, with offsets into the document text', () => {
    const hits = build().search('本地企业');
    expect(hits.map((h) => h.documentId)).toEqual([1, 1, 2]);
    for (const h of hits) {
      const text = h.documentId === 1 ? DOC1 : DOC2;
      expect(text.slice(h.start, h.end)).toBe('本地企业');
    }
    expect(hits[1]).toMatchObject({ before: '第一条 对', match: '本地企业', after: '给予税收返还。' });
  });

  it('answers two-character, one-character and punctuated queries', () => {
    const idx = build();
    expect(idx.search('指定').map((h) => h.documentId)).toEqual([1, 2]);
    expect(idx.search('返').map((h) => h.documentId)).toEqual([1]);
    expect(idx.search('名录（一）')).toHaveLength(1);
    expect(idx.search('税收返还')).toHaveLength(1);
    expect(idx.search('税收 返还')).toHaveLength(1);
  });

  it('does not return candidates that merely share bigrams', () => {
    // "企业本地" shares both bigrams' characters but never occurs.
    expect(build().search('企业本地')).toEqual([]);
    expect(build().search('本地企业发展的若干措施第一条')).toEqual([]);
  });

  it('folds full-width forms between query and text', () => {
    const idx = new SearchIndex();
    idx.addDocument(7, '注册资本不低于１０００万元');
    expect(idx.search('1000万元')).toHaveLength(1);
  });

  it('forgets removed documents and re-indexes replaced ones', () => {
    const idx = build();
    idx.removeDocument(1);
    expect(idx.search('税收返还')).toEqual([]);
    expect(idx.search('本地企业').map((h) => h.documentId)).toEqual([2]);
    idx.addDocument(2, '全新的文本');
    expect(idx.search('本地企业')).toEqual([]);
    expect(idx.size).toBe(1);
  });

  it('filters by document and caps the number of matches', () => {
    const idx = build();
    expect(idx.search('企业', 200, [2]).every((h) => h.documentId === 2)).toBe(true);
    expect(idx.search('企业', 2)).toHaveLength(2);
  });
});

describe('background indexing', () => {
  it('finds documents before and after they are indexed', () => {
    const idx = new SearchIndex();
    idx.addDocument(1, DOC1, false);
    idx.addDocument(2, DOC2, false);
    expect(idx.pendingCount).toBe(2);
    const before = idx.search('本地企业');
    expect(idx.indexPending(1000)).toBe(0);
    expect(idx.search('本地企业')).toEqual(before);
    idx.removeDocument(1);
    expect(idx.search('税收返还')).toEqual([]);
  });
});
