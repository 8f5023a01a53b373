// Document-level scans of whole real documents that are hard negatives: regulations full of
// "不得…下列…：" lists, a State-Council-approved procurement scheme and a plan describing fair
// competition work. None may yield a strong finding, in particular on the listed items.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanText } from '../../shared/rules/engine.js';
import { paragraphUnits } from '../../shared/rules/units.js';
import { scanUnits } from '../../shared/rules/engine.js';
import { loadRuleSet, scanDocumentText } from '../../electron/services/rules.js';
import { scanFile } from '../../electron/cli/commands/scan.js';
import { CORPUS } from '../helpers/paths';

const docsDir = path.join(CORPUS, 'documents');
const contextItems = path.join(CORPUS, 'context-items.jsonl');

describe('hard-negative documents', () => {
  const labels = JSON.parse(readFileSync(path.join(docsDir, 'labels.json'), 'utf8')) as {
    file: string;
    clauses: unknown[];
  }[];
  const negatives = labels.filter((l) => l.clauses.length === 0);

  it('has the zhejiang 细则 among them', () => {
    expect(negatives.map((l) => l.file)).toContain('zhejiang_zhaobiao_toubiao_gongping_jingzheng_shencha_xize.txt');
  });

  for (const { file } of negatives) {
    it(`${file}: no strong findings (fcr scan FILE)`, async () => {
      const result = await scanFile(path.join(docsDir, file));
      const strong = result.findings.filter((f) => f.level === 'strong');
      expect(strong, JSON.stringify(strong, null, 1)).toEqual([]);
    });

    it(`${file}: nothing strong on items under a "不得…下列/以下…：" lead-in`, () => {
      const text = readFileSync(path.join(docsDir, file), 'utf8').replace(/\r\n?/g, '\n');
      const { findings, units } = scanDocumentText(text);
      // Find the items: units that follow a prohibitive lead-in line.
      const leadIns = units.filter((u) =>
        /(?:不得|禁止)[^。]*?(?:下列|以下)[^。]*[：:]\s*$/.test(text.slice(u.start, u.end)),
      );
      if (file.startsWith('zhejiang')) expect(leadIns.length).toBeGreaterThan(3);
      const strong = findings.filter((f) => f.level === 'strong');
      expect(strong).toEqual([]);
    });
  }
});

describe('items of a prohibitive list (context-items.jsonl)', () => {
  const items = readFileSync(contextItems, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; text: string });
  const rs = loadRuleSet();

  it('are not flagged when they stand under their lead-in', () => {
    const doc = [
      '第十五条 起草涉及经营者经济活动的政策措施，不得含有下列内容：',
      ...items.map((i) => i.text),
      '第十六条 本办法自公布之日起施行。',
    ].join('\n');
    const findings = scanUnits(rs, doc, paragraphUnits(doc));
    expect(findings).toEqual([]);
  });

  it('also under a "不得制定以下政策措施：" lead-in with numbered items', () => {
    const doc = [
      '（二）起草单位不得制定以下政策措施：',
      '1. 要求经营者在本地区设立分支机构、缴纳税收社保或者与本地区经营主体组成联合体；',
      '2. 禁止外地经营者参与本地政府采购；',
      '3. 对实行市场调节价的商品制定建议价；',
      '（三）起草单位应当平等对待各类经营者。',
    ].join('\n');
    expect(scanUnits(rs, doc, paragraphUnits(doc))).toEqual([]);
  });

  it('the guard is what keeps them quiet: without the lead-in some items would fire', () => {
    const fired = items.filter((i) => scanText(rs, i.text).length > 0);
    expect(fired.length).toBeGreaterThan(0);
  });

  it('a list that is not prohibitive is still scanned', () => {
    const doc = ['申请人应当符合下列条件：', '（一）在本市注册登记的企业法人；', '（二）具有相应的技术能力。'].join(
      '\n',
    );
    const findings = scanUnits(rs, doc, paragraphUnits(doc));
    expect(findings.some((f) => f.rule === 'EE-LOCAL-REGISTRATION' && f.clause === '第2段')).toBe(true);
  });
});
