/**
 * The exported 审查意见 and 审查表 read back from the .docx: the GB/T 9704 page, fonts, line
 * pitch, page-number footers, the 草稿 mark, the adopted findings with their citations; the
 * form's cells; and the same through `fcr export`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/services/index';
import { citation } from '../../shared/export/citation';
import { cli } from '../helpers/cli';
import { attrs, readDocx } from '../helpers/docx';
import { EXPORT_DRAFT_TITLE, finishReview } from '../helpers/export-review';
import { tempDir } from '../helpers/paths';

let tmp: ReturnType<typeof tempDir>;
let services: Services;

beforeEach(() => {
  tmp = tempDir();
  services = createServices(tmp.dir);
});
afterEach(() => {
  services.close();
  tmp.cleanup();
});

describe('审查意见 .docx', () => {
  it('is laid out to GB/T 9704-2012', async () => {
    const { documentId } = await finishReview(services.api);
    const file = await services.api.exportOpinion({ documentId });
    expect(file.fileName).toBe(`审查意见-${EXPORT_DRAFT_TITLE}.docx`);
    const docx = readDocx(file.bytes);
    const sect = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(docx.document)![0];
    expect(attrs(sect, 'w:pgSz')).toMatchObject({ 'w:w': '11906', 'w:h': '16838' });
    expect(attrs(sect, 'w:pgMar')).toMatchObject({
      'w:top': '2098',
      'w:bottom': '1984',
      'w:left': '1587',
      'w:right': '1474',
    });
    expect(attrs(sect, 'w:docGrid')).toMatchObject({ 'w:type': 'lines', 'w:linePitch': '579' });

    const styles = docx.files['word/styles.xml']!;
    const defaults = /<w:docDefaults>[\s\S]*<\/w:docDefaults>/.exec(styles)![0];
    expect(attrs(defaults, 'w:rFonts')).toMatchObject({ 'w:eastAsia': '仿宋_GB2312', 'w:ascii': '仿宋_GB2312' });
    expect(attrs(defaults, 'w:sz')).toEqual({ 'w:val': '32' });
    expect(attrs(defaults, 'w:spacing')).toEqual({ 'w:val': '-5' });
    expect(defaults).toMatch(/<w:spacing w:after="0" w:before="0" w:line="579" w:lineRule="exact"\/>/);

    // Title 方正小标宋简体 二号, headings 黑体 and 楷体_GB2312.
    expect(docx.document).toMatch(/w:eastAsia="方正小标宋简体"[^]*?<w:sz w:val="44"\/>[^]*?关于《/);
    expect(docx.document).toMatch(/w:eastAsia="黑体"[^]*?一、审查对象/);
    expect(docx.document).toMatch(/w:eastAsia="楷体_GB2312"[^]*?（一）第二条/);

    // Fonts named with their fallbacks, none embedded.
    const fonts = docx.files['word/fontTable.xml']!;
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    expect(fonts).toContain('<w:font w:name="宋体"><w:altName w:val="SimSun"/>');
    expect(fonts).not.toMatch(/embed/i);
    expect(Object.keys(docx.files).some((n) => n.startsWith('word/fonts/'))).toBe(false);

    // Odd pages right, even pages left: “— N —” in 宋体 四号.
    expect(docx.files['word/settings.xml']).toContain('<w:evenAndOddHeaders/>');
    const footerOf = (type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="(rId\\d+)"/>`).exec(sect)![1];
      const target =
        new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(docx.files['word/_rels/document.xml.rels']!)?.[1] ??
        new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(docx.files['word/_rels/document.xml.rels']!)![1];
      return docx.files[`word/${target}`]!;
    };
    for (const [type, side] of [
      ['default', 'right'],
      ['even', 'left'],
    ] as const) {
      const footer = footerOf(type);
      expect(attrs(footer, 'w:jc')).toEqual({ 'w:val': side });
      expect(footer).toContain('w:eastAsia="宋体"');
      expect(footer).toContain('<w:sz w:val="28"/>');
      expect(footer).toMatch(/— <\/w:t>[^]*PAGE[^]*<w:t xml:space="preserve"> —/);
    }
  });

  it('holds every adopted finding with its citation and none of the rejected; 草稿 until final', async () => {
    const { documentId, state, rejectedIds } = await finishReview(services.api);
    const { standards } = await services.api.getStandards({});
    const byId = new Map(standards.map((s) => [s.id, s]));
    const draft = readDocx((await services.api.exportOpinion({ documentId })).bytes);
    const body = draft.paragraphs.join('\n');
    for (const f of state.findings.filter((x) => x.disposition === 'accept')) {
      expect(body).toContain(f.clause);
      expect(body).toContain(citation(byId.get(f.standard)!, f.category));
    }
    const rejected = state.findings.filter((f) => rejectedIds.includes(f.id));
    expect(rejected.length).toBeGreaterThan(0);
    for (const f of rejected) {
      // Its standard is cited by no adopted finding here, so it must not appear.
      expect(body).not.toContain(citation(byId.get(f.standard)!, f.category));
    }
    expect(body).toContain('《公平竞争审查条例》（以下简称《条例》）和《公平竞争审查条例实施办法》');
    expect(body).toContain('起草单位：某市交通运输局');
    expect(body).toContain('起草单位已征求利害关系人和社会公众意见');
    expect(body).toContain('审查人员：王审查');
    const headers = Object.entries(draft.files).filter(([n]) => /^word\/header\d+\.xml$/.test(n));
    expect(headers.length).toBeGreaterThan(0);
    for (const [, xml] of headers) expect(xml).toContain('草稿');

    await services.api.finalizeReview({ documentId });
    const final = readDocx((await services.api.exportOpinion({ documentId })).bytes);
    expect(Object.values(final.files).some((xml) => xml.includes('草稿'))).toBe(false);
  });
});

describe('审查表 .docx', () => {
  it('is one bordered table with the review’s cells', async () => {
    const { documentId } = await finishReview(services.api, { finalize: true });
    const file = await services.api.exportForm({ documentId });
    expect(file.fileName).toBe(`审查表-${EXPORT_DRAFT_TITLE}.docx`);
    const docx = readDocx(file.bytes);
    expect(docx.document.match(/<w:tbl>/g)).toHaveLength(1);
    expect(attrs(docx.document, 'w:tblBorders')).toBeDefined();
    expect(docx.document).toMatch(/<w:tblBorders><w:top w:val="single"/);
    const rows = [...docx.document.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((r) =>
      [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) =>
        [...c[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('|'),
      ),
    );
    const row = (label: string) => rows.find((r) => r[0] === label);
    expect(row('政策措施名称')?.[1]).toBe(`《${EXPORT_DRAFT_TITLE}》`);
    expect(row('涉及行业领域')?.[1]).toBe('交通运输、仓储和邮政业');
    expect(row('性质')?.[1]).toContain('☑规范性文件');
    expect(row('起草机构')).toEqual(['起草机构', '某市交通运输局', '联系人：李起草\u3000电话：010-12345678']);
    expect(row('审查机构')).toEqual(['审查机构', '某市发展和改革委员会', '联系人：王审查\u3000电话：010-87654321']);
    expect(row('征求意见情况')?.[1]).toContain('征求利害关系人意见：☑是');
    expect(row('审查结论')?.[1]).toBe('不符合（需修改后出台）');
    expect(row('其他需要说明的情况')?.[1]).toBe('无');
    expect(row('审查机构主要负责人意见')?.[1]).toContain('（盖章）');
    // The standard of the adopted local-procurement finding is answered 是; the rest 否.
    expect(rows.filter((r) => r[1] === '是').length).toBeGreaterThan(0);
    expect(rows.filter((r) => r[1] === '否').length).toBeGreaterThan(50);
    expect(rows.filter((r) => r[0]!.startsWith('其他：'))).toHaveLength(4);
    expect(Object.values(docx.files).some((xml) => xml.includes('草稿'))).toBe(false);
    // The header row and the category rows stay with the row after them.
    const xmlRows = [...docx.document.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(xmlRows.find((r) => r.includes('>是否违反<'))).toContain('<w:keepNext/>');
    expect(xmlRows.find((r) => r.includes('>一、市场准入和退出<'))).toContain('<w:keepNext/>');
    expect(xmlRows.find((r) => r.includes('>政策措施名称<'))).not.toContain('<w:keepNext/>');
  });
});

describe('fcr export', () => {
  it('writes the opinion and the form of a document named by id or title fragment', async () => {
    const { documentId } = await finishReview(services.api);
    services.close();
    const out = path.join(tmp.dir, '意见.docx');
    let r = await cli('export', 'opinion', '物流产业', '--out', out, '--data-dir', tmp.dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`已导出：${out}`);
    expect(readDocx(readFileSync(out)).paragraphs.join('')).toContain('审查发现的问题及修改建议');
    const form = path.join(tmp.dir, '表.docx');
    r = await cli('export', 'form', String(documentId), '--out', form, '--data-dir', tmp.dir);
    expect(r.code).toBe(0);
    expect(readDocx(readFileSync(form)).document).toContain('公平竞争审查表');

    r = await cli('export', 'opinion', '没有这个标题', '--out', out, '--data-dir', tmp.dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('找不到编号或标题为“没有这个标题”的文档');
    r = await cli('export', 'opinion', '物流', '--data-dir', tmp.dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out');
    r = await cli('export', 'poster', '1', '--out', out, '--data-dir', tmp.dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('未知的导出类型：poster');
    services = createServices(tmp.dir);
  });
});
