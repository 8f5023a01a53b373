import { describe, expect, it } from 'vitest';
import { groupByDocument } from '../../../shared/review/search-groups';

describe('groupByDocument', () => {
  it('groups hits by document in ranking order, with file names and every hit kept', () => {
    const hit = (documentId: number, start: number) => ({ documentId, title: `文件${documentId}`, start });
    const groups = groupByDocument(
      [hit(2, 10), hit(1, 5), hit(2, 40), hit(3, 1), hit(1, 9)],
      new Map([
        [1, 'a.docx'],
        [2, 'a.pdf'],
      ]),
    );
    expect(groups.map((g) => [g.documentId, g.fileName, g.hits.map((h) => h.start)])).toEqual([
      [2, 'a.pdf', [10, 40]],
      [1, 'a.docx', [5, 9]],
      [3, null, [1]],
    ]);
    expect(groups[0]!.title).toBe('文件2');
  });

  it('gives no groups for no hits', () => {
    expect(groupByDocument([])).toEqual([]);
  });
});
