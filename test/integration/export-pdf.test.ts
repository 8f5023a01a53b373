/**
 * The exported .docx converted by LibreOffice (as a recipient opens it): the text survives, a
 * typical review's opinion fits the expected pages, body lines hold 28 characters and pages 22
 * lines, and page numbers “— N —” are printed. Skipped, saying so, where soffice is absent.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/services/index';
import { EXPORT_DRAFT_TITLE, finishReview } from '../helpers/export-review';
import { tempDir } from '../helpers/paths';

const soffice = ['soffice', 'libreoffice'].find((bin) => spawnSync(bin, ['--version']).status === 0);
if (!soffice) console.warn('跳过 LibreOffice 转换测试：未找到 soffice（可安装 libreoffice-writer-nogui）。');

let tmp: ReturnType<typeof tempDir>;
let services: Services;
let pdfText: Record<'opinion' | 'form', string[]>;

/** Converts .docx files to PDF with a profile of this run's own, returns each PDF's pages as text. */
function toPdfPages(files: string[]): string[][] {
  const profile = pathToFileURL(path.join(tmp.dir, 'lo-profile')).href;
  execFileSync(
    soffice!,
    [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', tmp.dir, ...files],
    { stdio: 'ignore', timeout: 120_000 },
  );
  return files.map((f) => {
    const pdf = f.replace(/\.docx$/, '.pdf');
    return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
  });
}

describe.skipIf(!soffice)('exports opened by LibreOffice', () => {
  beforeAll(async () => {
    tmp = tempDir();
    services = createServices(tmp.dir);
    const { documentId } = await finishReview(services.api);
    const opinion = path.join(tmp.dir, 'opinion.docx');
    const form = path.join(tmp.dir, 'form.docx');
    writeFileSync(opinion, (await services.api.exportOpinion({ documentId })).bytes);
    writeFileSync(form, (await services.api.exportForm({ documentId })).bytes);
    const [o, f] = toPdfPages([opinion, form]);
    pdfText = { opinion: o!, form: f! };
  }, 180_000);
  afterAll(() => {
    services?.close();
    tmp?.cleanup();
  });

  it('keeps the text, 草稿 and the page numbers of the opinion', () => {
    const all = pdfText.opinion.join('\n').replace(/\s+/g, '');
    expect(all).toContain(`关于《${EXPORT_DRAFT_TITLE}》的公平竞争审查意见`);
    expect(all).toContain('审查发现的问题及修改建议');
    expect(all).toContain('《实施办法》第十五条第（二）项');
    expect(all).toContain('审查人员：王审查');
    pdfText.opinion.forEach((page, i) => {
      expect(page).toContain('草稿');
      expect(page.replace(/\s+/g, '')).toContain(`—${i + 1}—`);
    });
  });

  it('fits a typical review on the expected pages, 22 lines of at most 28 characters', () => {
    // Four clauses with problems, each with its quote, problems and suggestions: five to eight pages.
    expect(pdfText.opinion.length).toBeGreaterThanOrEqual(5);
    expect(pdfText.opinion.length).toBeLessThanOrEqual(8);
    const body = (page: string) =>
      page
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && l !== '草稿' && !/^—\s*\d+\s*—$/.test(l));
    const full = pdfText.opinion.slice(1, -1).map(body);
    for (const lines of full) expect(lines.length).toBeLessThanOrEqual(22);
    expect(Math.max(...full.map((l) => l.length))).toBe(22);
    // Width in characters: a CJK character is one, a digit or Latin letter half; a full stop or
    // comma may hang at the end of a full line (Chinese line-breaking), so it is not counted.
    const widths = full
      .flat()
      .map((l) => [...l.replace(/\s+/g, '').replace(/[。，、；：）》”]$/, '')])
      .map((chars) => chars.reduce((w, ch) => w + (ch < '\u2000' ? 0.5 : 1), 0));
    expect(Math.max(...widths)).toBeLessThanOrEqual(28);
    expect(widths.filter((w) => w >= 27.5).length).toBeGreaterThan(10);
  });

  it('keeps the form’s cells', () => {
    const all = pdfText.form.join('\n').replace(/\s+/g, '');
    for (const cell of [
      '公平竞争审查表',
      '政策措施名称',
      '涉及行业领域',
      '☑规范',
      '征求意见情况',
      '负责人意见',
      '（盖章）',
    ])
      expect(all).toContain(cell);
  });
});
