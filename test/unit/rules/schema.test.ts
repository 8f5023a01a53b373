import { mkdtempSync, mkdirSync, cpSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RuleFileError, validateRuleFile, validateStandards } from '../../../shared/rules/schema.js';
import type { Standard } from '../../../shared/rules/types.js';
import { loadRules } from '../../../electron/services/rules.js';

const std: Standard = {
  id: 'M11-1',
  category: 'entry_exit',
  categories: ['entry_exit'],
  regulation: 'r',
  measure: 'm',
  title: 't',
  description: 'd',
  basisGate: false,
  catchAll: false,
};
const standards = new Map([
  [std.id, std],
  ['M24', { ...std, id: 'M24', category: 'catch_all' as const, catchAll: true }],
]);
const good = {
  id: 'EE-X',
  standard: 'M11-1',
  level: 'strong',
  message: '疑似',
  suggestion: '建议',
  match: [{ keywords: ['指定品牌'] }],
  examples: { fire: ['指定品牌'], pass: [] },
};

function errorOf(rule: unknown): string {
  try {
    validateRuleFile({ rules: [rule] }, 'bad.yaml', standards, { PLACE: ['本地'] });
  } catch (err) {
    expect(err).toBeInstanceOf(RuleFileError);
    return (err as Error).message;
  }
  throw new Error('no error');
}

describe('rule schema', () => {
  it('accepts a good rule and fills defaults', () => {
    const [r] = validateRuleFile({ rules: [good] }, 'ok.yaml', standards, {});
    expect(r).toMatchObject({
      scope: 'sentence',
      guards: { negation: true, listLeadIn: true, legalBasis: false },
      file: 'ok.yaml',
    });
  });

  it('names the file and the field in every error', () => {
    expect(errorOf({ ...good, level: 'high' })).toBe(
      '规则文件「bad.yaml」字段 rules[0] (EE-X).level：应为 strong 或 weak',
    );
    expect(errorOf({ ...good, standard: 'M99-9' })).toContain('rules[0] (EE-X).standard：没有这个审查标准');
    expect(errorOf({ ...good, match: [{ regex: '(本地', anchors: ['本地'] }] })).toContain(
      '.match[0].regex：正则表达式无效',
    );
    expect(errorOf({ ...good, match: [{ regex: '本地' }] })).toContain('.match[0].anchors：regex 必须给出 anchors');
    expect(errorOf({ ...good, match: [{ near: [['a'], ['b']], window: 0 }] })).toContain('.match[0].window：');
    expect(errorOf({ ...good, match: [{ keywords: ['@NOPE'] }] })).toContain(
      '.match[0].keywords[0]：词表中没有「NOPE」',
    );
    expect(errorOf({ ...good, examples: undefined })).toContain('.examples：缺少 examples');
    expect(errorOf({ ...good, colour: 'red' })).toContain('.colour：未知字段');
    expect(errorOf({ ...good, match: [{ keywords: ['a'], anchored: true }] })).toContain(
      'anchors、anchored 只用于 regex',
    );
    expect(errorOf({ ...good, standard: 'M24' })).toContain('.category：兜底条款（M24）下的规则必须写明所涉类别');
  });

  it('validates the standards file', () => {
    expect(() => validateStandards({ standards: [{ id: 'X' }] }, 's.yaml')).toThrow(
      /「s.yaml」字段 standards\[0\] \(X\)\.category/,
    );
  });

  it('reports a broken rule file on load, naming it', () => {
    const repo = fileURLToPath(new URL('../../..', import.meta.url));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fcr-rules-'));
    cpSync(path.join(repo, 'resources/standards'), path.join(dir, 'standards'), { recursive: true });
    mkdirSync(path.join(dir, 'rules'));
    cpSync(path.join(repo, 'resources/rules/lexicon.yaml'), path.join(dir, 'rules/lexicon.yaml'));
    writeFileSync(
      path.join(dir, 'rules/broken.yaml'),
      'rules:\n  - id: EE-BROKEN\n    standard: M11-1\n    level: strong\n',
    );
    expect(() => loadRules(dir)).toThrow(
      '规则文件「rules/broken.yaml」字段 rules[0] (EE-BROKEN).match：应为至少一项的匹配列表',
    );
    writeFileSync(path.join(dir, 'rules/broken.yaml'), 'rules: [ {');
    expect(() => loadRules(dir)).toThrow(/「rules\/broken.yaml」字段 \(YAML\)：格式错误/);
  });
});
