// Every rule's own examples run as tests (Vale's `tests:` / prh's `specs` style): each `fire`
// example must make the rule fire, each `pass` example must not. A rule that fires on none of
// its positive examples fails the coverage check.
import { describe, expect, it } from 'vitest';
import { scanText } from '../../../shared/rules/engine.js';
import { loadRules } from '../../../electron/services/rules.js';

const { ruleSet, defs, standards } = loadRules();

describe('rule examples', () => {
  it('loads every rule file and standard', () => {
    expect(defs.length).toBeGreaterThan(40);
    expect(standards).toHaveLength(67);
    expect(ruleSet.version).toMatch(/^[0-9a-f]{16}$/);
  });

  for (const def of defs) {
    describe(`${def.id} (${def.standard}, ${def.file})`, () => {
      it('fires on at least one of its positive examples (coverage)', () => {
        const fired = def.examples.fire.filter((t) => scanText(ruleSet, t).some((f) => f.rule === def.id));
        expect(fired.length, `${def.id} never fires on its own examples`).toBeGreaterThan(0);
      });
      for (const text of def.examples.fire) {
        it(`fires: ${text}`, () => {
          const rules = scanText(ruleSet, text).map((f) => f.rule);
          expect(rules).toContain(def.id);
        });
      }
      for (const text of def.examples.pass) {
        it(`passes: ${text}`, () => {
          const rules = scanText(ruleSet, text).map((f) => f.rule);
          expect(rules).not.toContain(def.id);
        });
      }
    });
  }
});

describe('standards', () => {
  it('covers all 66 scenarios of arts 9–23 plus the catch-all M24', () => {
    const ids = standards.map((s) => s.id);
    expect(ids.filter((id) => id !== 'M24')).toHaveLength(66);
    const m24 = standards.find((s) => s.id === 'M24')!;
    expect(m24.catchAll).toBe(true);
    expect(m24.categories).toEqual(['entry_exit', 'free_flow', 'cost', 'conduct']);
  });

  it('marks the cost standards (arts 18–20) as basis-gated', () => {
    for (const s of standards) {
      const article = Number(/^M(\d+)/.exec(s.id)![1]);
      expect(s.basisGate, s.id).toBe(article >= 18 && article <= 20 ? true : s.id === 'M10-1');
    }
  });

  it('gives every finding a concrete category, also under the catch-all', () => {
    for (const rule of ruleSet.rules) expect(['entry_exit', 'free_flow', 'cost', 'conduct']).toContain(rule.category);
  });
});
