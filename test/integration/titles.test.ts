/**
 * Titles of real files of several producers (issue 9, point 10): the title fixtures (docx package,
 * LibreOffice re-save and PDF export, portal pages, text) and the existing real documents.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../electron/services/import/index.js';

const FIXTURES = path.resolve(__dirname, '../fixtures');

async function titleOf(rel: string): Promise<string> {
  const doc = await extractDocument(path.basename(rel), readFileSync(path.join(FIXTURES, rel)));
  return doc.metadata.title;
}

const POLICY = '青禾县公共资源交易平台服务管理暂行办法（2024年修订）';
const ANNEX = '青禾县2024年度政策措施公平竞争审查自查情况统计表';
const NOTICE = '青禾县人民政府办公室关于印发青禾县优化营商环境十条措施的通知';
const PORTAL = '青禾县市场监督管理局关于2024年第一批公平竞争审查抽查结果的公告';

const CASES: [string, string][] = [
  // Not a later chapter heading that ends in 规则.
  ...['docxlib.docx', 'docx', 'pdf'].map((ext): [string, string] => [`titles/policy.${ext}`, POLICY]),
  // Not the 附件2 label; the two centred lines joined.
  ...['docxlib.docx', 'docx', 'pdf'].map((ext): [string, string] => [`titles/annex.${ext}`, ANNEX]),
  // The issuer line belongs to the title: three centred 二号 lines.
  ...['docxlib.docx', 'docx', 'pdf'].map((ext): [string, string] => [`titles/notice.${ext}`, NOTICE]),
  // Not the breadcrumb, the 栏目 header or the 信息公开 table.
  ...['html', 'docx', 'pdf'].map((ext): [string, string] => [`titles/portal.${ext}`, PORTAL]),
  ['titles/portal-plain.html', PORTAL],
  ...['txt', 'pdf'].map((ext): [string, string] => [
    `titles/draft.${ext}`,
    '青禾县关于进一步规范招标投标领域市场主体准入和退出若干措施（征求意见稿）',
  ]),
  // Existing fixtures and real files keep their titles.
  ...['docx', 'docxlib.docx', 'pdf', 'html', 'txt'].map((ext): [string, string] => [
    `documents/banfa.${ext}`,
    '伊州市市场监督管理局关于印发《伊州市公平竞争审查实施办法》的通知',
  ]),
  ...['docx', 'docxlib.docx', 'pdf', 'txt'].map((ext): [string, string] => [
    `documents/zhejiang.${ext}`,
    '浙江省招标投标领域公平竞争审查细则',
  ]),
  ['documents/samr-2022-inspection-cases.docx', '2022年公平竞争审查督查整改案例'],
  ['txt/gb18030-yaopin.txt', '国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知'],
  ['ofd/gongwen-pifu.ofd', '关于同意张阿三同志辞职的批复'],
  ['ofd/gongwen-han.ofd', '关于加快南货场铁路涵洞下穿建设的函'],
  ['ofd/essay-page.ofd', '拿来主义'],
  ['ofd/wenjian-chuli.ofd', 'XX市政府文件处理'],
  // Not a labelled field set large further down ("纳税人识别号：…").
  ['ofd/invoice.ofd', '重庆增值税电子普通发票'],
  // A list of numbered lines has no title: the file name, not its first item.
  ['ofd/long-text.ofd', 'long-text'],
];

describe('document titles', () => {
  it.each(CASES)('%s', async (file, expected) => {
    expect(await titleOf(file)).toBe(expected);
  });
});
