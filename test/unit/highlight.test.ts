import { describe, expect, it } from 'vitest';
import { cutPieces } from '../../renderer/src/lib/highlight';

describe('cutPieces', () => {
  it('returns one plain piece when nothing is marked', () => {
    expect(cutPieces(10, 20, [])).toEqual([{ start: 10, end: 20, marks: [] }]);
    expect(cutPieces(10, 20, [{ id: 1, start: 0, end: 5, level: 'weak' }])).toEqual([
      { start: 10, end: 20, marks: [] },
    ]);
  });

  it('cuts at overlapping marks and orders strong before weak', () => {
    const weak = { id: 1, start: 12, end: 18, level: 'weak' as const };
    const strong = { id: 2, start: 15, end: 25, level: 'strong' as const };
    const pieces = cutPieces(10, 20, [weak, strong]);
    expect(pieces.map((p) => [p.start, p.end, p.marks.map((m) => m.id)])).toEqual([
      [10, 12, []],
      [12, 15, [1]],
      [15, 18, [2, 1]],
      [18, 20, [2]],
    ]);
  });

  it('covers the stretch exactly, in order', () => {
    const pieces = cutPieces(0, 100, [
      { id: 1, start: 5, end: 10, level: 'weak' },
      { id: 2, start: 50, end: 60, level: 'strong' },
      { id: 3, start: 95, end: 120, level: 'weak' },
    ]);
    expect(pieces[0]!.start).toBe(0);
    expect(pieces.at(-1)!.end).toBe(100);
    for (let i = 1; i < pieces.length; i++) expect(pieces[i]!.start).toBe(pieces[i - 1]!.end);
  });
});
