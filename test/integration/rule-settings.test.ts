/**
 * The rule settings as the settings page edits them (issue 11: "a new user can add a county's
 * place names and switch a rule off without editing the rule files"): real services on a real
 * data folder, the settings written to its rules.config.yaml, in force at once for the main
 * thread and the import workers, audited, and a bad save leaving file, rules and log as they were.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../electron/services/index';
import { cli } from '../helpers/cli';
import { useTempServices } from '../helpers/temp-services';

const temp = useTempServices();
const enc = (s: string) => new TextEncoder().encode(s);
// A fictional county: not in the gazetteer until the settings add it.
const DRAFT = [
  '关于支持青禾县产业发展的若干措施',
  '第一条 参加投标的企业应当在青禾县注册登记，并在青禾县设立分支机构。',
  '第二条 对在本县纳税的企业给予财政奖励。',
].join('\n');

async function rulesOf(s: Services, name = '措施.txt') {
  // The file name in the text: the same content would be a duplicate of the first import.
  const { document } = await s.api.importDocument({ name, bytes: enc(`${DRAFT}\n（${name}）`) });
  return (await s.api.getReview({ documentId: document.id })).findings;
}
const auditRows = (s: Services) =>
  s.db.prepare("SELECT detail FROM audit_log WHERE action = 'rules.settings' ORDER BY id").all() as {
    detail: string;
  }[];

describe('rule settings (rules.config.yaml in the data folder)', () => {
  it('lists every rule as its file gives it when there are no settings', async () => {
    const s = temp.services(temp.newDir(), { workers: 0 });
    const view = await s.api.getRuleSettings({});
    expect(view.exists).toBe(false);
    expect(view.problem).toBeNull();
    expect(view.places).toEqual([]);
    expect(view.rules.length).toBeGreaterThan(100);
    expect(view.rules.every((r) => r.setting === null)).toBe(true);
    const tax = view.rules.find((r) => r.id === 'CO-TAX-REWARD')!;
    expect(tax).toMatchObject({ category: 'cost', level: 'strong', file: 'rules/cost.yaml' });
    expect(view.rulesetVersion).toBe((await s.api.getAppInfo({})).rulesetVersion);
  });

  for (const workers of [0, 1]) {
    it(`a rule off, another's level, a local place: in force at once (${workers ? 'import workers' : 'one thread'})`, async () => {
      const dir = temp.newDir();
      const s = temp.services(dir, { workers });
      const before = await rulesOf(s, '改前.txt');
      const ids = (fs: typeof before) => fs.map((f) => f.rule);
      expect(ids(before)).toContain('CO-TAX-REWARD');
      expect(ids(before)).not.toContain('FF-PLACE-PRESENCE');
      expect(before.find((f) => f.rule === 'FF-LOCAL-FIRM-SUBSIDY')?.level).toBe('weak');
      const oldVersion = (await s.api.getAppInfo({})).rulesetVersion;

      const view = await s.api.saveRuleSettings({
        rules: [
          { id: 'CO-TAX-REWARD', setting: 'off' },
          { id: 'FF-LOCAL-FIRM-SUBSIDY', setting: 'strong' },
        ],
        places: ['青禾县', ' 青禾 ', '青禾县'],
      });
      expect(view.exists).toBe(true);
      expect(view.places).toEqual(['青禾县', '青禾']);
      expect(view.rules.find((r) => r.id === 'CO-TAX-REWARD')!.setting).toBe('off');
      expect(view.rules.find((r) => r.id === 'FF-LOCAL-FIRM-SUBSIDY')!.setting).toBe('strong');
      expect(view.rulesetVersion).not.toBe(oldVersion);
      expect((await s.api.getAppInfo({})).rulesetVersion).toBe(view.rulesetVersion);

      const after = await rulesOf(s, '改后.txt');
      expect(ids(after)).not.toContain('CO-TAX-REWARD');
      expect(ids(after)).toContain('FF-PLACE-PRESENCE');
      expect(after.find((f) => f.rule === 'FF-LOCAL-FIRM-SUBSIDY')?.level).toBe('strong');
      expect(new Set(after.map((f) => f.rulesetVersion))).toEqual(new Set([view.rulesetVersion]));

      // The document scanned before is marked as scanned with older rules; a rescan applies them.
      const first = (await s.api.listDocuments({})).find((d) => d.fileName === '改前.txt')!;
      const old = await s.api.getReview({ documentId: first.id });
      expect(old.scannedWithOlderRules).toBe(true);
      const rescanned = await s.api.rescanDocument({ documentId: first.id });
      expect(ids(rescanned.findings)).not.toContain('CO-TAX-REWARD');

      // The file is what `fcr scan --config` and a hand edit use, and the save is audited.
      const text = readFileSync(path.join(dir, 'rules.config.yaml'), 'utf8');
      expect(text).toContain('CO-TAX-REWARD: off');
      expect(text).toContain('青禾县');
      const [entry] = auditRows(s);
      expect(JSON.parse(entry!.detail)).toMatchObject({
        rules: { 'CO-TAX-REWARD': 'off', 'FF-LOCAL-FIRM-SUBSIDY': 'strong' },
        places: ['青禾县', '青禾'],
        rulesetVersion: view.rulesetVersion,
      });

      // Back to the rule files: the rules come back, the version is the one without settings.
      const cleared = await s.api.saveRuleSettings({ rules: [], places: [] });
      expect(cleared.rulesetVersion).toBe(oldVersion);
      expect(ids(await rulesOf(s, '复原.txt'))).toContain('CO-TAX-REWARD');
    });
  }

  it('keeps the comments of a hand-written file, and the settings survive a restart', async () => {
    const dir = temp.newDir();
    const file = path.join(dir, 'rules.config.yaml');
    writeFileSync(file, '# 本县的设置，2026 年 11 月由法制科确定\nrules:\n  EE-THRESHOLD: weak # 门槛类规则先作提示\n');
    const s = temp.services(dir, { workers: 0 });
    const view = await s.api.getRuleSettings({});
    expect(view.rules.find((r) => r.id === 'EE-THRESHOLD')!.setting).toBe('weak');
    await s.api.saveRuleSettings({
      rules: [
        { id: 'EE-THRESHOLD', setting: 'weak' },
        { id: 'CO-TAX-REWARD', setting: 'off' },
      ],
      places: ['青禾县'],
    });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# 本县的设置，2026 年 11 月由法制科确定');
    expect(text).toContain('# 门槛类规则先作提示');
    expect(existsSync(`${file}.bak`)).toBe(false);
    temp.close(s);
    const again = await temp.services(dir, { workers: 0 }).api.getRuleSettings({});
    expect(again.rules.filter((r) => r.setting).map((r) => [r.id, r.setting])).toEqual([
      ['CO-TAX-REWARD', 'off'],
      ['EE-THRESHOLD', 'weak'],
    ]);
    expect(again.places).toEqual(['青禾县']);
  });

  it('refuses a bad save with a Chinese message, changing neither file, rules nor log', async () => {
    const dir = temp.newDir();
    const s = temp.services(dir, { workers: 0 });
    await s.api.saveRuleSettings({ rules: [{ id: 'CO-TAX-REWARD', setting: 'off' }], places: [] });
    const file = path.join(dir, 'rules.config.yaml');
    const text = readFileSync(file, 'utf8');
    const version = (await s.api.getAppInfo({})).rulesetVersion;
    await expect(
      s.api.saveRuleSettings({ rules: [{ id: 'EE-NO-SUCH-RULE', setting: 'off' }], places: [] }),
    ).rejects.toThrow(/配置文件「.*rules\.config\.yaml」字段 rules\.EE-NO-SUCH-RULE：没有这条规则/);
    await expect(s.api.saveRuleSettings({ rules: [], places: ['Qinghe'] })).rejects.toThrow(
      /字段 places\[0\]：应为 2–20 个汉字的地名/,
    );
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect((await s.api.getAppInfo({})).rulesetVersion).toBe(version);
    expect(auditRows(s)).toHaveLength(1);
    expect(existsSync(`${file}.${process.pid}.tmp`)).toBe(false);
  });

  it('shows why a broken file cannot be used, and a save replaces it, keeping it as .bak', async () => {
    const dir = temp.newDir();
    const file = path.join(dir, 'rules.config.yaml');
    writeFileSync(file, 'rules:\n  EE-GONE: off\nplaces: [青禾县\n');
    const s = temp.services(dir, { workers: 0 });
    const view = await s.api.getRuleSettings({});
    expect(view.problem).toMatch(/配置文件「.*rules\.config\.yaml」/);
    expect(view.rules.length).toBeGreaterThan(100);
    await s.api.saveRuleSettings({ rules: [], places: ['青禾县'] });
    expect(readFileSync(`${file}.bak`, 'utf8')).toContain('EE-GONE');
    const fixed = await s.api.getRuleSettings({});
    expect(fixed.problem).toBeNull();
    expect(fixed.places).toEqual(['青禾县']);
    expect(await rulesOf(s)).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'FF-PLACE-PRESENCE' })]));
  });

  it('an unknown rule id left in a valid file (a rule renamed since) is shown, and a save drops it', async () => {
    const dir = temp.newDir();
    const file = path.join(dir, 'rules.config.yaml');
    writeFileSync(file, 'rules:\n  EE-GONE: off\n  CO-TAX-REWARD: off\n');
    const s = temp.services(dir, { workers: 0 });
    expect((await s.api.getRuleSettings({})).problem).toMatch(/rules\.EE-GONE：没有这条规则/);
    await s.api.saveRuleSettings({ rules: [{ id: 'CO-TAX-REWARD', setting: 'off' }], places: [] });
    expect(readFileSync(file, 'utf8')).not.toContain('EE-GONE');
    expect((await s.api.getRuleSettings({})).problem).toBeNull();
  });

  it('fcr rules: the same settings from the command line, and what fcr scan then finds', async () => {
    const dir = temp.newDir();
    const draft = path.join(dir, '措施.txt');
    writeFileSync(draft, DRAFT);
    const scanRules = async () =>
      JSON.parse((await cli('scan', draft, '--format', 'json', '--data-dir', dir)).out).findings.map(
        (f: { rule: string }) => f.rule,
      ) as string[];
    expect(await scanRules()).toContain('CO-TAX-REWARD');

    let r = await cli('rules', 'set', 'CO-TAX-REWARD', 'EE-LOCAL-REGISTRATION', 'off', '--data-dir', dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^已保存：CO-TAX-REWARD、EE-LOCAL-REGISTRATION → 停用。规则版本 [0-9a-f]{16}。$/);
    r = await cli('rules', 'places', 'add', '青禾县、青禾', '--data-dir', dir);
    expect(r.out).toMatch(/^已保存：本地地名 2 个。/);
    const found = await scanRules();
    expect(found).not.toContain('CO-TAX-REWARD');
    expect(found).not.toContain('EE-LOCAL-REGISTRATION');
    expect(found).toContain('FF-PLACE-PRESENCE');

    r = await cli('rules', '--changed', '--data-dir', dir);
    expect(
      r.out
        .split('\n')
        .slice(3)
        .map((l) => l.split('\t').slice(0, 5)),
    ).toEqual([
      ['CO-TAX-REWARD', '影响生产经营成本', 'M19-4', '强', '停用'],
      ['EE-LOCAL-REGISTRATION', '市场准入和退出', 'M12-2', '强', '停用'],
    ]);
    const json = JSON.parse((await cli('rules', '--format', 'json', '--data-dir', dir)).out) as { places: string[] };
    expect(json.places).toEqual(['青禾县', '青禾']);

    await cli('rules', 'set', 'CO-TAX-REWARD', 'default', '--data-dir', dir);
    await cli('rules', 'places', 'remove', '青禾', '--data-dir', dir);
    expect((await cli('rules', 'places', '--data-dir', dir)).out).toBe('青禾县');
    expect(await scanRules()).toContain('CO-TAX-REWARD');

    // Usage errors name what is wrong and change nothing.
    const before = readFileSync(path.join(dir, 'rules.config.yaml'), 'utf8');
    r = await cli('rules', 'set', 'EE-NOPE', 'off', '--data-dir', dir);
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('没有这些规则：EE-NOPE')]);
    r = await cli('rules', 'set', 'CO-TAX-REWARD', 'maybe', '--data-dir', dir);
    expect(r.code).toBe(2);
    r = await cli('rules', 'places', 'add', 'Qinghe', '--data-dir', dir);
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('地名应为 2–20 个汉字：Qinghe')]);
    expect(readFileSync(path.join(dir, 'rules.config.yaml'), 'utf8')).toBe(before);
  });
});
