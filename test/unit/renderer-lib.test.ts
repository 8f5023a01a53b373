import { describe, expect, it } from 'vitest';
import { marksByRun, runIndexAt, sameMarks, type Mark } from '../../renderer/src/lib/highlight';
import { reuseUnchanged } from '../../renderer/src/lib/reuse';

describe('reuseUnchanged', () => {
  it('keeps the previous object for items that did not change, and takes changed and new ones', () => {
    const a = { id: 1, d: null as string | null };
    const b = { id: 2, d: null as string | null };
    const next = reuseUnchanged(
      [a, b],
      [
        { id: 1, d: null },
        { id: 2, d: 'accept' },
        { id: 3, d: null },
      ],
    );
    expect(next[0]).toBe(a);
    expect(next[1]).not.toBe(b);
    expect(next[1]).toEqual({ id: 2, d: 'accept' });
    expect(next[2]).toEqual({ id: 3, d: null });
    expect(reuseUnchanged(undefined, next)).toBe(next);
  });
});

const mark = (id: number, start: number, end: number, level: Mark['level'] = 'strong'): Mark => ({
  id,
  start,
  end,
  level,
});

describe('sameMarks', () => {
  it('compares places and levels, not identity', () => {
    expect(sameMarks([mark(1, 0, 5)], [mark(1, 0, 5)])).toBe(true);
    expect(sameMarks([mark(1, 0, 5)], [mark(1, 0, 6)])).toBe(false);
    expect(sameMarks([mark(1, 0, 5)], [mark(1, 0, 5, 'weak')])).toBe(false);
    expect(sameMarks([mark(1, 0, 5)], [])).toBe(false);
  });
});

describe('marksByRun', () => {
  it('gives each run the marks overlapping it, including marks spanning several runs', () => {
    const runs = [
      { start: 0, end: 10 },
      { start: 10, end: 20 },
      { start: 20, end: 30 },
    ];
    const long = mark(1, 5, 25);
    const inner = mark(2, 12, 14, 'weak');
    const late = mark(3, 28, 40);
    const byRun = marksByRun(runs, [late, inner, long]);
    expect(byRun.map((ms) => ms.map((m) => m.id).sort())).toEqual([[1], [1, 2], [1, 3]]);
    // The same as testing every mark against every run.
    runs.forEach((r, i) =>
      expect(byRun[i]!.map((m) => m.id).sort()).toEqual(
        [late, inner, long]
          .filter((m) => m.end > r.start && m.start < r.end)
          .map((m) => m.id)
          .sort(),
      ),
    );
  });
});

describe('runIndexAt', () => {
  it('finds the run holding an offset', () => {
    const runs = [
      { start: 0, end: 10 },
      { start: 10, end: 20 },
      { start: 20, end: 30 },
    ];
    expect([0, 9, 10, 25, 99].map((o) => runIndexAt(runs, o))).toEqual([0, 0, 1, 2, 2]);
    expect(runIndexAt([], 5)).toBe(0);
  });
});
