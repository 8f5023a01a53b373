import { describe, expect, it } from 'vitest';
import { marksByRun, runIndexAt, sameMarks, type Mark } from '../../renderer/src/lib/highlight';
import { reuseUnchanged } from '../../renderer/src/lib/reuse';
import { filterRules } from '../../renderer/src/lib/rule-settings';
import { changedRules, parsePlaces } from '../../shared/rule-settings';
import type { RuleSettingsRule } from '../../shared/types';

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

describe('the rule settings form', () => {
  const rule = (id: string, category: RuleSettingsRule['category'], message: string): RuleSettingsRule => ({
    id,
    standard: 'M12-2',
    category,
    level: 'strong',
    message,
    file: 'rules/x.yaml',
    setting: null,
  });
  const rules = [rule('EE-A', 'entry_exit', '疑似以本地注册为条件'), rule('CO-B', 'cost', '疑似按纳税额奖励')];

  it('reads place names one per line or separated by 、，; and spaces, and names the invalid ones', () => {
    expect(parsePlaces('青禾县\n青禾、城关镇，青禾县 ; Qinghe 禾\n\n')).toEqual({
      places: ['青禾县', '青禾', '城关镇'],
      invalid: ['Qinghe', '禾'],
    });
    expect(parsePlaces('  ')).toEqual({ places: [], invalid: [] });
  });

  it('filters by category, by id or message, and to the rules set here', () => {
    const none = { category: '', query: '', changedOnly: false } as const;
    expect(filterRules(rules, none, {}).map((r) => r.id)).toEqual(['EE-A', 'CO-B']);
    expect(filterRules(rules, { ...none, category: 'cost' }, {}).map((r) => r.id)).toEqual(['CO-B']);
    expect(filterRules(rules, { ...none, query: 'ee-a' }, {}).map((r) => r.id)).toEqual(['EE-A']);
    expect(filterRules(rules, { ...none, query: '纳税' }, {}).map((r) => r.id)).toEqual(['CO-B']);
    expect(filterRules(rules, { ...none, changedOnly: true }, { 'CO-B': 'off', 'EE-A': '' }).map((r) => r.id)).toEqual([
      'CO-B',
    ]);
  });

  it('sends only the settings that differ from the rule files', () => {
    expect(changedRules(rules, { 'EE-A': 'strong', 'CO-B': 'weak' })).toEqual([{ id: 'CO-B', setting: 'weak' }]);
    expect(changedRules(rules, { 'EE-A': 'off', 'CO-B': '' })).toEqual([{ id: 'EE-A', setting: 'off' }]);
  });
});
