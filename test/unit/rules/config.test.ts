// Deployment settings (the data folder's rules.config.yaml) and the place-name recogniser
// ({{PLACE_NAME}}): a deployment adds its own place names and switches rules off or changes their
// level without editing rule files, and the rule-set version records the settings.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { scanText } from '../../../shared/rules/engine.js';
import { Gazetteer } from '../../../shared/rules/places.js';
import { validateConfig } from '../../../shared/rules/schema.js';
import { dataDirConfig, loadRules } from '../../../electron/services/rules.js';
import { REPO } from '../../helpers/paths';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'fcr-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A resources folder with the real standards, lexicon and gazetteer and one test rule.
const resources = path.join(tmp, 'resources');
cpSync(path.join(REPO, 'resources/standards'), path.join(resources, 'standards'), { recursive: true });
mkdirSync(path.join(resources, 'rules'));
for (const f of ['lexicon.yaml', 'places.yaml'])
  cpSync(path.join(REPO, 'resources/rules', f), path.join(resources, 'rules', f));
writeFileSync(
  path.join(resources, 'rules/test.yaml'),
  [
    'rules:',
    '  - id: EE-TEST-PLACE',
    '    standard: M12-2',
    '    level: strong',
    '    message: 疑似以注册地限定经营者。',
    '    suggestion: 删除注册地要求。',
    '    match:',
    "      - regex: '在{{PLACE_NAME}}注册'",
    '        anchors: [注册]',
    '    examples:',
    '      fire: [须在垫江注册。]',
    '  - id: EE-TEST-FROM',
    '    standard: M11-2',
    '    level: weak',
    '    message: 疑似限定商品来源地。',
    '    suggestion: 删除来源地限定。',
    '    match:',
    "      - regex: '只能从{{PLACE_NAME}}的'",
    '        anchors: [只能从]',
    '    examples:',
    '      fire: [只能从江津的厂家采购。]',
  ].join('\n'),
);

function withConfig(name: string, body: string): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'rules.config.yaml'), body);
  return dir;
}

describe('place names ({{PLACE_NAME}})', () => {
  const { ruleSet } = loadRules(resources);

  it('recognises divisions of the gazetteer, full and short, and reports offsets into the real text', () => {
    for (const text of ['供货商须在垫江注册。', '供货商须在垫江县注册。', '供货商须在内蒙古注册。']) {
      const [f] = scanText(ruleSet, text);
      expect(f?.rule, text).toBe('EE-TEST-PLACE');
      expect(text.slice(f!.start, f!.end)).toMatch(/^在.+注册$/);
    }
  });

  it('runs on the real text: a name overlapping another (从江 in 从江津) hides nothing', () => {
    expect(new Gazetteer(['从江', '江津', '垫江县']).find('只能从江津的厂家采购')).toEqual(['从江', '江津']);
    // Into a reused list: sorted, distinct, entries past the count left as they were.
    const list = ['旧', '旧', '旧', '旧'];
    const g = new Gazetteer(['从江', '江津', '垫江县', '垫江']);
    expect(g.findInto(list, '垫江县江津与从江，江津', 0)).toBe(4);
    expect(list).toEqual(['从江', '垫江', '垫江县', '江津']);
    expect(g.findInto(list, '只能从江津的厂家采购', 3, 5)).toBe(1);
    expect(list[0]).toBe('江津');
    expect(g.find('垫江')).toEqual(['垫江']);
    expect(g.find('垫江', 0, 1)).toEqual([]);
    expect(scanText(ruleSet, '砂石只能从江津的厂家采购。').map((f) => f.rule)).toEqual(['EE-TEST-FROM']);
  });

  it('does not take ordinary words or unknown names for places', () => {
    expect(scanText(ruleSet, '会员须在合作注册平台完成登记。')).toEqual([]);
    expect(scanText(ruleSet, '供货商须在青禾注册。')).toEqual([]);
  });
});

describe('deployment settings (rules.config.yaml)', () => {
  const plain = loadRules(resources);

  it('no file in the data folder: the same rules and version', () => {
    const none = loadRules(resources, dataDirConfig(path.join(tmp, 'empty')));
    expect(none.ruleSet.version).toBe(plain.ruleSet.version);
  });

  it('adds a county’s own place names', () => {
    const dir = withConfig('places', 'places: [青禾, 青禾县, 城关镇]\n');
    const { ruleSet } = loadRules(resources, dataDirConfig(dir));
    expect(scanText(ruleSet, '供货商须在青禾注册。').map((f) => f.rule)).toEqual(['EE-TEST-PLACE']);
    expect(ruleSet.version).not.toBe(plain.ruleSet.version);
  });

  it('switches a rule off or changes its level; the version changes with the settings', () => {
    const off = loadRules(resources, dataDirConfig(withConfig('off', 'rules:\n  EE-TEST-PLACE: off\n')));
    expect(scanText(off.ruleSet, '供货商须在垫江注册。')).toEqual([]);
    expect(off.defs.map((d) => d.id)).not.toContain('EE-TEST-PLACE');
    const weak = loadRules(resources, dataDirConfig(withConfig('weak', 'rules:\n  EE-TEST-PLACE: weak\n')));
    expect(scanText(weak.ruleSet, '供货商须在垫江注册。')[0]?.level).toBe('weak');
    const versions = new Set([plain, off, weak].map((l) => l.ruleSet.version));
    expect(versions.size).toBe(3);
  });

  it('the version records the settings, not how the file is written', () => {
    const a = loadRules(resources, dataDirConfig(withConfig('a', 'rules:\n  EE-TEST-PLACE: weak\nplaces: [青禾]\n')));
    const b = loadRules(
      resources,
      dataDirConfig(withConfig('b', '# 本县设置\nplaces:\n  - 青禾 # 县城\nrules: { EE-TEST-PLACE: weak }\n')),
    );
    expect(b.ruleSet.version).toBe(a.ruleSet.version);
    const c = loadRules(resources, dataDirConfig(withConfig('d', 'places: [城关镇, 青禾]\n')));
    const d = loadRules(resources, dataDirConfig(withConfig('e', 'places: [青禾, 城关镇]\n')));
    expect(d.ruleSet.version).toBe(c.ruleSet.version);
    const empty = loadRules(resources, dataDirConfig(withConfig('c', '# 暂无设置\n')));
    expect(empty.ruleSet.version).toBe(plain.ruleSet.version);
  });

  it('works on the real rules: a rule off without editing the rule files', () => {
    const text = '申报企业须在本县注册登记。';
    const before = loadRules();
    expect(scanText(before.ruleSet, text).map((f) => f.rule)).toContain('EE-LOCAL-REGISTRATION');
    const dir = withConfig('real', 'rules:\n  EE-LOCAL-REGISTRATION: off\n');
    const after = loadRules(undefined, dataDirConfig(dir));
    expect(scanText(after.ruleSet, text).map((f) => f.rule)).not.toContain('EE-LOCAL-REGISTRATION');
    expect(after.ruleSet.version).not.toBe(before.ruleSet.version);
  });

  it('rejects bad settings with a Chinese message naming the file and the field', () => {
    const ids = new Set(['EE-A']);
    const error = (data: unknown): string => {
      try {
        validateConfig(data, 'D:/数据/rules.config.yaml', ids);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(error({ rules: { 'EE-NOPE': 'off' } })).toBe(
      '配置文件「D:/数据/rules.config.yaml」字段 rules.EE-NOPE：没有这条规则',
    );
    expect(error({ rules: { 'EE-A': 'loud' } })).toContain('字段 rules.EE-A：应为 off、strong 或 weak');
    expect(error({ places: ['垫江', 'x'] })).toContain('字段 places[1]：应为 2–20 个汉字的地名');
    expect(error({ extra: 1 })).toContain('字段 extra：未知字段');
    expect(error({ rules: { 'EE-A': 'off' }, places: ['青禾'] })).toBe('');
    const broken = withConfig('broken', 'rules: [ {');
    expect(() => loadRules(resources, dataDirConfig(broken))).toThrow(
      /配置文件「.*rules\.config\.yaml」字段 \(YAML\)：格式错误/,
    );
  });
});

describe('the gazetteer file', () => {
  it('is what scripts/gen-places.mjs derives from the package', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts/gen-places.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });
});
