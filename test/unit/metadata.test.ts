/** Title guessing (issue 9, point 10): pure cases, with and without what the format says about the look. */
import { describe, expect, it } from 'vitest';
import { guessMetadata, type HeadBlock } from '../../shared/metadata.js';

const title = (text: string, fileName = 'x.txt', head?: HeadBlock[]): string =>
  guessMetadata(text, fileName, head).title;
const withLook = (head: HeadBlock[]): string => title(head.map((b) => b.text).join('\n'), 'x.docx', head);

describe('guessTitle from plain text', () => {
  it('never takes a chapter heading that ends like a document type', () => {
    const text = [
      '青禾县公共资源交易平台服务管理暂行办法（试行）',
      '第一章　总则',
      '第一条　为了规范交易，制定本办法。',
      '第二章　进场交易规则',
    ];
    expect(title(text.join('\n'))).toBe('青禾县公共资源交易平台服务管理暂行办法（试行）');
  });

  it('skips an 附件 label and joins a title broken over three lines', () => {
    const text = [
      '附件2',
      '青禾县关于进一步规范招标投标',
      '领域市场主体准入和退出',
      '若干措施（征求意见稿）',
      '各乡镇人民政府：',
    ];
    expect(title(text.join('\n'))).toBe('青禾县关于进一步规范招标投标领域市场主体准入和退出若干措施（征求意见稿）');
  });

  it('joins a line broken inside 《》', () => {
    expect(title('青禾县人民政府关于印发《青禾县数据要素市场\n培育办法》的通知\n各部门：')).toBe(
      '青禾县人民政府关于印发《青禾县数据要素市场培育办法》的通知',
    );
  });

  it('skips website furniture: breadcrumb, 栏目 header, 索引号/发布机构 rows', () => {
    const text = [
      '当前位置：首页 > 政务公开 > 通知公告',
      '通知公告',
      '索引号：11420000MB0000000X/2024-00123',
      '发布机构：青禾县市场监督管理局',
      '标题：青禾县市场监督管理局关于抽查结果的公告',
      '青禾县市场监督管理局关于抽查结果的公告',
      '来源：青禾县市场监督管理局',
    ];
    expect(title(text.join('\n'))).toBe('青禾县市场监督管理局关于抽查结果的公告');
  });

  it('looks past a long navigation of short links', () => {
    const nav = Array.from({ length: 80 }, (_, i) => `栏目${i}`);
    const text = [
      ...nav,
      '青禾县发展和改革局',
      '青禾县财政局网站',
      '青禾县人民政府关于公布政府定价目录的通知',
      '各乡镇：',
    ];
    expect(title(text.join('\n'))).toBe('青禾县人民政府关于公布政府定价目录的通知');
  });

  it('never takes a first article or a numbered line; falls back to the file name', () => {
    const text = '第一条　为规范青禾县政府投资项目管理，根据有关规定\n第二条　本办法自发布之日起施行。';
    expect(title(text, '青禾县政府投资项目管理办法.pdf')).toBe('青禾县政府投资项目管理办法');
    expect(title('1、第一项工作要点\n2、第二项工作方案', 'list.ofd')).toBe('list');
  });

  it('skips 主送 lines and dates', () => {
    expect(title('2024年4月2日\n各乡镇人民政府，县政府各部门：\n青禾县优化营商环境十条措施')).toBe(
      '青禾县优化营商环境十条措施',
    );
  });

  it('keeps an issuer line apart from a title that is complete without it', () => {
    expect(title('青禾县人民政府办公室\n关于印发青禾县优化营商环境十条措施的通知\n各部门：')).toBe(
      '关于印发青禾县优化营商环境十条措施的通知',
    );
  });
});

describe('guessTitle with the look of the blocks', () => {
  const body = (text: string): HeadBlock => ({ text, kind: 'paragraph', format: { size: 16 } });
  const big = (text: string): HeadBlock => ({ text, kind: 'paragraph', format: { size: 22, centered: true } });

  it('prefers the 二号 centred line to an earlier shaped line in body size', () => {
    const head = [
      body('为落实青禾县公平竞争审查工作方案'),
      big('青禾县促进民营经济发展若干政策'),
      body('各乡镇人民政府：'),
      body('现将有关政策印发给你们，请认真贯彻执行。'),
      body('一、支持各类经营者平等参与政府采购。'),
    ];
    expect(withLook(head)).toBe('青禾县促进民营经济发展若干政策');
  });

  it('joins centred title lines of the same size, not the 文号 or the smaller line below', () => {
    const head = [
      { text: '青政办发〔2024〕7号', format: { size: 16, centered: true } },
      big('青禾县人民政府办公室'),
      big('关于印发青禾县优化营商环境'),
      big('十条措施的通知'),
      { text: '（2024年4月2日）', format: { size: 16, centered: true } },
      body('各乡镇人民政府，县政府各部门：'),
      body('现将措施印发给你们，请认真贯彻执行。'),
    ];
    expect(withLook(head)).toBe('青禾县人民政府办公室关于印发青禾县优化营商环境十条措施的通知');
  });

  it('takes the Title style over Heading 1 chapter headings', () => {
    const head: HeadBlock[] = [
      { text: '青禾县数据资源管理暂行规定（2024年修订）', kind: 'heading', level: 0 },
      { text: '第一章　总则', kind: 'heading', level: 1 },
      { text: '第一条　为了规范数据资源管理，制定本规定。', kind: 'paragraph' },
      { text: '第二章　管理规则', kind: 'heading', level: 1 },
    ];
    expect(withLook(head)).toBe('青禾县数据资源管理暂行规定（2024年修订）');
  });

  it('joins a status line set alone under the title', () => {
    expect(
      withLook([
        big('青禾县招标投标领域公平竞争审查细则'),
        big('（试行）'),
        body('第一条　为了规范审查，制定本细则。'),
      ]),
    ).toBe('青禾县招标投标领域公平竞争审查细则（试行）');
  });

  it('skips a large 附件 label', () => {
    expect(withLook([big('附件1'), big('公平竞争审查自查情况统计表'), body('填报说明：按单位填写。')])).toBe(
      '公平竞争审查自查情况统计表',
    );
  });
});
