// The precompiled rule files (dist/rules.compiled.json, written by the build): loading with them
// gives exactly what parsing the YAML gives (rules, standards, lexicon, version, findings), and a
// YAML file changed after the build is parsed, not taken from the stale precompiled form.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/rules/compile.js';
import { scanText } from '../../../shared/rules/engine.js';
import { requiredLiteral, requiredLiteralSets } from '../../../shared/rules/literal.js';
import { compileRuleFiles, loadRules } from '../../../electron/services/rules.js';
import { CORPUS, REPO } from '../../helpers/paths';

const resources = path.join(REPO, 'resources');
const compiled = compileRuleFiles(resources);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fcr-compiled-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('precompiled rule files', () => {
  it('hold every rule file parsed as the YAML parser parses it, and the literal sets as read', () => {
    const parsed = Object.values(compiled.files).map((json) => JSON.parse(json) as unknown);
    for (const sub of ['standards', 'rules']) {
      for (const f of ['standards.yaml', 'exceptions.yaml', 'lexicon.yaml', 'places.yaml', 'entry_exit.yaml']) {
        const file = path.join(resources, sub, f);
        let source: string;
        try {
          source = readFileSync(file, 'utf8');
        } catch {
          continue;
        }
        expect(parsed).toContainEqual(parse(source));
      }
    }
    expect(Object.keys(compiled.literalSets).length).toBeGreaterThan(100);
    for (const [source, sets] of Object.entries(compiled.literalSets))
      expect(sets).toEqual(requiredLiteralSets(source));
    expect(Object.keys(compiled.requiredLiterals ?? {}).length).toBeGreaterThan(100);
    for (const [source, literal] of Object.entries(compiled.requiredLiterals ?? {}))
      expect(literal).toBe(requiredLiteral(source));
  });

  it('give the same rules, version and findings as the YAML', () => {
    const fromYaml = loadRules(resources, { compiled: null });
    const fromCompiled = loadRules(resources, { compiled });
    expect(fromCompiled.defs).toEqual(fromYaml.defs);
    expect(fromCompiled.standards).toEqual(fromYaml.standards);
    expect(fromCompiled.exceptions).toEqual(fromYaml.exceptions);
    expect(fromCompiled.lexicon).toEqual(fromYaml.lexicon);
    expect(fromCompiled.ruleSet.version).toBe(fromYaml.ruleSet.version);
    expect(fromCompiled.ruleSet.rules.map((r) => r.alts.map((a) => a.literal))).toEqual(
      fromYaml.ruleSet.rules.map((r) => r.alts.map((a) => a.literal)),
    );
    const clauses = readFileSync(path.join(CORPUS, 'clauses.dev.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .slice(0, 400)
      .map((l) => (JSON.parse(l) as { text: string }).text);
    let total = 0;
    for (const c of clauses) {
      const f = scanText(fromCompiled.ruleSet, c);
      expect(f).toEqual(scanText(fromYaml.ruleSet, c));
      total += f.length;
    }
    expect(total).toBeGreaterThan(0);
  });

  it('hold the automaton, which a rule set with the same literals uses and one with others does not', () => {
    expect(compiled.automaton).toBeDefined();
    const built = loadRules(resources, { compiled: { ...compiled, automaton: undefined } }).ruleSet;
    const restored = loadRules(resources, { compiled }).ruleSet;
    expect(restored.automaton.restored).toBe(true);
    expect(built.automaton.restored).toBe(false);
    expect(restored.automaton.tables()).toEqual(built.automaton.tables());
    const text = readFileSync(path.join(CORPUS, 'clauses.dev.jsonl'), 'utf8');
    expect(restored.automaton.findAll(text)).toEqual(built.automaton.findAll(text));
    // Without the prefilter the literals differ: the saved tables are not used, findings stay right.
    const plain = loadRules(resources, { compiled, prefilter: false }).ruleSet;
    expect(plain.patterns.length).toBeLessThan(restored.patterns.length);
    expect(plain.automaton.restored).toBe(false);
    const reference = loadRules(resources, { compiled: null, prefilter: false }).ruleSet;
    expect(plain.automaton.tables()).toEqual(reference.automaton.tables());
  });

  it('hold the automaton for a rule set with rules switched off, whose rules then find nothing', () => {
    // Rules switched off keep their literals: the saved automaton still fits (building one takes
    // seconds), and the findings are those of a rule set compiled without them.
    const config = path.join(tmp, 'off.yaml');
    writeFileSync(config, 'rules:\n  CO-TAX-REWARD: off\n  EE-THRESHOLD: off\nplaces: [青禾县]\n');
    const loaded = loadRules(resources, { compiled, config });
    expect(loaded.ruleSet.automaton.restored).toBe(true);
    expect(loaded.defs.some((d) => d.id === 'CO-TAX-REWARD')).toBe(false);
    const without = compileRuleSet(loaded.defs, loaded.standards, loaded.lexicon, loaded.ruleSet.version);
    expect(without.automaton.restored).toBe(false);
    const clauses = readFileSync(path.join(CORPUS, 'clauses.dev.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text);
    clauses.push('对在青禾县纳税的企业，按其缴纳税款的地方留成部分给予奖励。');
    let total = 0;
    for (const c of clauses) {
      const f = scanText(loaded.ruleSet, c);
      expect(f).toEqual(scanText(without, c));
      expect(f.some((x) => x.rule === 'CO-TAX-REWARD' || x.rule === 'EE-THRESHOLD')).toBe(false);
      total += f.length;
    }
    expect(total).toBeGreaterThan(0);
    // The same rules on: CO-TAX-REWARD flags the last clause.
    const on = loadRules(resources, { compiled }).ruleSet;
    expect(scanText(on, clauses.at(-1)!).some((x) => x.rule === 'CO-TAX-REWARD')).toBe(true);
  });

  it('are not used for a YAML file changed after the build', () => {
    const copy = path.join(tmp, 'resources');
    cpSync(resources, copy, { recursive: true });
    const file = path.join(copy, 'rules', 'entry_exit.yaml');
    const source = readFileSync(file, 'utf8');
    const changed = source.replace('level: strong', 'level: weak');
    expect(changed).not.toBe(source);
    writeFileSync(file, changed);
    const loaded = loadRules(copy, { compiled });
    const fromYaml = loadRules(copy, { compiled: null });
    expect(loaded.defs).toEqual(fromYaml.defs);
    expect(loaded.ruleSet.version).toBe(fromYaml.ruleSet.version);
    expect(loaded.ruleSet.version).not.toBe(loadRules(resources, { compiled }).ruleSet.version);
    const first = fromYaml.defs.find((d) => d.file === 'rules/entry_exit.yaml')!;
    expect(first.level).toBe('weak');
  });
});
