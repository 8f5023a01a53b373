/**
 * Data exports (issue 10): the ledgers read back with exceljs and as CSV, the signed review
 * bundle (round trip, tampering, repeats, future versions, other kinds), originals kept at import,
 * the material package and the CLI commands.
 */
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/services/index';
import { KEY_FILE } from '../../electron/services/keys';
import { openSignedZip } from '../../electron/services/export/signed-zip';
import { cli } from '../helpers/cli';
import { LOCAL_PREFERENCE_DRAFT as DRAFT } from '../helpers/drafts';
import { finishReview } from '../helpers/finished-review';
import { tempDir } from '../helpers/paths';

const enc = (s: string) => new TextEncoder().encode(s);
const withBom = new TextDecoder('utf-8', { ignoreBOM: true });
const OTHER = '关于规范会议管理的通知\n一、会议材料应提前印发。\n二、本通知自发布之日起施行。';

let tmp: ReturnType<typeof tempDir>;
let a: Services;

beforeEach(() => {
  tmp = tempDir();
  a = createServices(path.join(tmp.dir, 'a'));
});
afterEach(() => {
  a.close();
  tmp.cleanup();
});

async function reviewed(s: Services = a, text = DRAFT, name = '草案.txt'): Promise<number> {
  const id = (await s.api.importDocument({ name, bytes: enc(text) })).document.id;
  await finishReview(s.api, id);
  return id;
}

const count = (s: Services, table: string) =>
  (s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const hashOf = (bytes: Uint8Array) => openSignedZip('x', bytes, 'fcr-review-bundle', 1).manifest.contentHash;

describe('originals', () => {
  it('keeps each imported original once, in the import transaction', async () => {
    await a.api.importDocument({ name: '草案.txt', bytes: enc(DRAFT) });
    await a.api.importDocument({ name: '草案副本.txt', bytes: enc(DRAFT) });
    const rows = a.db.prepare('SELECT o.bytes FROM originals o JOIN documents d ON d.sha256 = o.sha256').all() as {
      bytes: Buffer;
    }[];
    expect(rows).toHaveLength(1);
    expect(new TextDecoder().decode(rows[0]!.bytes)).toBe(DRAFT);
    // A refused import keeps nothing.
    await expect(a.api.importDocument({ name: '空.txt', bytes: new Uint8Array() })).rejects.toThrow(/空\.txt/);
    expect(count(a, 'originals')).toBe(1);
  });
});

describe('ledgers', () => {
  it('writes both ledgers as one .xlsx that reads back with Chinese headers, rows, frozen header and autofilter', async () => {
    const first = await reviewed();
    const second = (await a.api.importDocument({ name: '会议.txt', bytes: enc(OTHER) })).document.id;
    const state = await a.api.getReview({ documentId: first });
    const file = await a.api.exportLedger({ format: 'xlsx' });
    expect(file.fileName).toMatch(/^公平竞争审查台账-\d{4}-\d{2}-\d{2}\.xlsx$/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.bytes) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['审查台账', '问题台账', '审计锚点']);
    const reviews = wb.getWorksheet('审查台账')!;
    const header = (reviews.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(
      expect.arrayContaining(['标题', '文号', '起草单位/发文机关', '审查结论', '审查人员', '未处理']),
    );
    expect(header).toEqual(expect.arrayContaining(['市场准入和退出', '采纳（需修改）', '不采纳（误报）']));
    expect(reviews.rowCount).toBe(3);
    const col = (name: string) => header.indexOf(name) + 1;
    const row = reviews.getRow(2);
    expect(row.getCell(col('编号')).value).toBe(first);
    expect(row.getCell(col('标题')).value).toBe('关于支持本市产业发展的若干措施');
    expect(row.getCell(col('审查状态')).value).toBe('已定稿');
    expect(row.getCell(col('审查人员')).value).toBe('张审查');
    expect(row.getCell(col('疑似问题（处）')).value).toBe(state.findings.length);
    expect(row.getCell(col('不采纳（误报）')).value).toBe(state.findings.length > 1 ? 1 : 0);
    expect(reviews.getRow(3).getCell(col('编号')).value).toBe(second);
    expect(reviews.getRow(3).getCell(col('审查状态')).value).toBe('未审查');
    expect(reviews.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(reviews.autoFilter).toBeTruthy();
    expect(reviews.getColumn(col('标题')).width).toBeGreaterThan(20);

    const findings = wb.getWorksheet('问题台账')!;
    const fHeader = (findings.getRow(1).values as unknown[]).slice(1);
    expect(fHeader).toEqual(
      expect.arrayContaining(['条款', '《实施办法》依据', '《条例》依据', '提示级别', '处理意见', '理由/说明']),
    );
    expect(findings.rowCount).toBe(1 + state.findings.length);
    const f = findings.getRow(2);
    const fc = (name: string) => f.getCell(fHeader.indexOf(name) + 1).value as string;
    expect(fc('条款')).toBe(state.findings[0]!.clause);
    expect(fc('《实施办法》依据')).toMatch(/^《实施办法》第.+条/);
    expect(fc('《条例》依据')).toMatch(/^《条例》第.+条/);
    expect(fc('处理意见')).toBe('采纳（需修改）');
    expect(findings.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(findings.autoFilter).toBeTruthy();
  });

  it('writes each ledger as .csv with a BOM, CRLF and RFC 4180 quoting; only the documents asked for', async () => {
    const first = await reviewed();
    await a.api.importDocument({ name: '会议.txt', bytes: enc(OTHER) });
    const file = await a.api.exportLedger({ documentIds: [first], format: 'csv' });
    expect(file.fileName).toMatch(/审查台账-.*\.csv$/);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = withBom.decode(file.bytes);
    expect(text[0]).toBe('\uFEFF');
    const rows = parseCsv(text.slice(1));
    expect(rows[0]!.slice(0, 4)).toEqual(['编号', '标题', '文号', '起草单位/发文机关']);
    // The table, then a blank row and the audit anchor handed out with the file (two rows).
    expect(rows).toHaveLength(2 + 3);
    expect(rows[1]![1]).toBe('关于支持本市产业发展的若干措施');
    expect(rows[2]).toEqual(['']);
    expect(rows[3]!.slice(0, 3)).toEqual(['审计锚点', '审计日志条数', '链首哈希']);
    expect(rows[4]![2]).toMatch(/^[0-9a-f]{64}$/);
    const findings = await a.api.exportLedger({ documentIds: [first], format: 'csv', sheet: 'findings' });
    const frows = parseCsv(withBom.decode(findings.bytes).slice(1));
    expect(frows[0]).toEqual(expect.arrayContaining(['条款', '《实施办法》依据']));
    expect(frows.length).toBe(1 + (await a.api.getReview({ documentId: first })).findings.length + 3);
    expect(text.includes('\r\n')).toBe(true);
  });

  it('quotes fields with commas, quotes and line breaks, and defuses formulas', async () => {
    const { csvField } = await import('../../electron/services/export/ledger');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('说"明"')).toBe('"说""明"""');
    expect(csvField('一\n二')).toBe('"一\n二"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField(3)).toBe('3');
    expect(csvField(null)).toBe('');
  });
});

/** A small RFC 4180 reader for the tests. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted || (c !== '"' && c !== ',' && c !== '\r')) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    }
  }
  return rows;
}

describe('review bundle', () => {
  it('round trip into an empty data folder and out again gives the same content hash', async () => {
    const id = (await a.api.importDocument({ name: '草案.txt', bytes: enc(DRAFT) })).document.id;
    // Two manual findings: their keys are made from this folder's ids, which the bundle must not carry.
    await a.api.addManualFinding({ documentId: id, start: 16, end: 24, standard: 'M09-1', note: '人工一' });
    await a.api.addManualFinding({ documentId: id, start: 30, end: 40, standard: 'M09-2', note: '人工二' });
    await finishReview(a.api, id);
    const out = await a.api.exportBundle({ documentId: id });
    expect(out.fileName).toBe('关于支持本市产业发展的若干措施.fcrbundle');
    const b = createServices(path.join(tmp.dir, 'b'));
    try {
      const imported = await b.api.importBundle({ name: out.fileName, bytes: out.bytes });
      expect(imported.duplicate).toBe(false);
      expect(imported.signer.unit).toBe('某市市场监督管理局');
      expect(imported.signer.fingerprint).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
      expect(imported.originalIncluded).toBe(true);
      expect(imported.document.reviewStatus).toBe('final');
      const again = await b.api.exportBundle({ documentId: imported.document.id });
      expect(hashOf(again.bytes)).toBe(hashOf(out.bytes));
      expect(hashOf(again.bytes)).toBe(imported.contentHash);
      // The review reads the same on the other side.
      const [sa, sb] = [
        await a.api.getReview({ documentId: id }),
        await b.api.getReview({ documentId: imported.document.id }),
      ];
      const facts = (st: typeof sa) => st.findings.map((f) => [f.clause, f.standard, f.manual, f.note, f.disposition]);
      expect(facts(sa).filter((f) => f[2])).toHaveLength(2);
      expect(facts(sb)).toEqual(facts(sa));
      expect(sb.checklist).toEqual(sa.checklist);
      expect(sb.review.conclusion).toBe(sa.review.conclusion);
      const history = await b.api.getReviewHistory({ documentId: imported.document.id });
      expect(history.at(-1)!.summary).toContain('导入审查包');
      const sent = await a.api.getReviewHistory({ documentId: id });
      expect(history.slice(0, -1).map((h) => h.summary)).toEqual(sent.map((h) => `［发送方］${h.summary}`));
      expect((await b.api.search({ query: '本地企业' })).map((r) => r.documentId)).toContain(imported.document.id);
      // A third folder gets it from the second and still sees the same content.
      const c = createServices(path.join(tmp.dir, 'c'));
      try {
        const third = await c.api.importBundle({ name: 'x.fcrbundle', bytes: again.bytes });
        expect(hashOf((await c.api.exportBundle({ documentId: third.document.id })).bytes)).toBe(hashOf(out.bytes));
        expect(third.signer.fingerprint).not.toBe(imported.signer.fingerprint);
      } finally {
        c.close();
      }
    } finally {
      b.close();
    }
  });

  it('makes the data folder key on first use, readable by its owner only', async () => {
    const id = await reviewed();
    const file = path.join(tmp.dir, 'a', KEY_FILE);
    expect(existsSync(file)).toBe(false);
    const one = await a.api.exportBundle({ documentId: id });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const two = await a.api.exportBundle({ documentId: id });
    const signer = (b: Uint8Array) => openSignedZip('x', b, 'fcr-review-bundle', 1).manifest.signer.fingerprint;
    expect(signer(two.bytes)).toBe(signer(one.bytes));
    expect(readFileSync(file, 'utf8')).toContain('PRIVATE KEY');
    // A damaged key is reported, never silently replaced.
    writeFileSync(file, 'not a key');
    a.close();
    a = createServices(path.join(tmp.dir, 'a'));
    await expect(a.api.exportBundle({ documentId: id })).rejects.toThrow(/签名密钥.*无法读取或已损坏/);
    expect(readFileSync(file, 'utf8')).toBe('not a key');
  });

  it('refuses a byte changed anywhere', async () => {
    const id = await reviewed();
    const { bytes } = await a.api.exportBundle({ documentId: id });
    const step = Math.max(1, Math.floor(bytes.length / 500));
    for (let i = 0; i < bytes.length; i += i < bytes.length - 200 ? step : 1) {
      const bad = bytes.slice();
      bad[i] = bad[i]! ^ 0x01;
      expect(() => openSignedZip('改.fcrbundle', bad, 'fcr-review-bundle', 1), `byte ${i}`).toThrow(/改\.fcrbundle/);
    }
    const bad = bytes.slice();
    const middle = Math.floor(bytes.length / 2);
    bad[middle] = bad[middle]! ^ 0x20;
    const b = createServices(path.join(tmp.dir, 'b'));
    try {
      await expect(b.api.importBundle({ name: '改.fcrbundle', bytes: bad })).rejects.toThrow(
        /「改\.fcrbundle」.*(签名校验失败|已拒绝)/,
      );
      expect(count(b, 'documents')).toBe(0);
    } finally {
      b.close();
    }
  });

  it('importing the same bundle twice changes nothing', async () => {
    const id = await reviewed();
    const { bytes } = await a.api.exportBundle({ documentId: id });
    const b = createServices(path.join(tmp.dir, 'b'));
    try {
      const first = await b.api.importBundle({ name: 'x.fcrbundle', bytes });
      const tables = [
        'documents',
        'findings',
        'reviews',
        'dispositions',
        'checklist_answers',
        'audit_log',
        'originals',
      ];
      const before = tables.map((t) => count(b, t));
      const second = await b.api.importBundle({ name: 'x.fcrbundle', bytes });
      expect(second.duplicate).toBe(true);
      expect(second.document.id).toBe(first.document.id);
      expect(tables.map((t) => count(b, t))).toEqual(before);
      // The sending folder already holds the document: refused with a message, nothing written.
      const auditBefore = count(a, 'audit_log');
      await expect(a.api.importBundle({ name: 'x.fcrbundle', bytes })).rejects.toThrow(/文档库中已有同一文件/);
      expect(count(a, 'audit_log')).toBe(auditBefore);
    } finally {
      b.close();
    }
  });

  it('refuses a future schema version and files of another kind, naming the file', async () => {
    const id = await reviewed();
    const { writeSignedZip } = await import('../../electron/services/export/signed-zip');
    const { dataFolderKey } = await import('../../electron/services/keys');
    const key = dataFolderKey(path.join(tmp.dir, 'a'));
    const head = { app: '9.0.0', createdAt: new Date().toISOString() };
    const future = writeSignedZip({ ...head, kind: 'fcr-review-bundle', schemaVersion: 2 }, {}, key, {
      unit: '',
      reviewer: '',
    });
    await expect(a.api.importBundle({ name: '新版.fcrbundle', bytes: future })).rejects.toThrow(
      /「新版\.fcrbundle」的格式版本（2）比本程序支持的版本（1）新/,
    );
    const docx = readFileSync(path.join(__dirname, '..', 'fixtures', 'documents', firstDocx()));
    await expect(a.api.importBundle({ name: '通知.docx', bytes: docx })).rejects.toThrow(
      /「通知\.docx」不是审查助手的审查包/,
    );
    await expect(a.api.importBundle({ name: '说明.txt', bytes: enc(DRAFT) })).rejects.toThrow(
      /「说明\.txt」不是审查助手的审查包/,
    );
    const pkg = await a.api.exportPackage({ documentId: id });
    await expect(a.api.importBundle({ name: pkg.fileName, bytes: pkg.bytes })).rejects.toThrow(
      /是送审材料包，不是审查包/,
    );
  });
});

function firstDocx(): string {
  return readdirSync(path.join(__dirname, '..', 'fixtures', 'documents')).find((f) => f.endsWith('.docx'))!;
}

/** The one file of the package whose path starts with `folder`; it must be a .docx (a zip). */
function docxIn(files: Record<string, Uint8Array>, folder: string): string {
  const names = Object.keys(files).filter((n) => n.startsWith(folder));
  expect(names).toHaveLength(1);
  expect(names[0]).toMatch(/\.docx$/);
  expect(new TextDecoder().decode(files[names[0]!]!.subarray(0, 2))).toBe('PK');
  return names[0]!;
}

describe('several opinions as one zip', () => {
  it('holds one 审查意见 .docx per document selected, from the API and the CLI', async () => {
    const first = await reviewed();
    const second = await reviewed(a, DRAFT.replace('本市', '本省'), '草案二.txt');
    const zip = await a.api.exportOpinions({ documentIds: [first, second] });
    expect(zip.fileName).toMatch(/^审查意见-2份-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = unzipSync(zip.bytes);
    const names = Object.keys(files).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(new RegExp(`^${first}-审查意见-.*\\.docx$`));
    expect(names[1]).toMatch(new RegExp(`^${second}-审查意见-.*\\.docx$`));
    for (const n of names) {
      const docx = unzipSync(files[n]!);
      expect(new TextDecoder().decode(docx['word/document.xml'])).toContain('审查意见');
    }
    await expect(a.api.exportOpinions({ documentIds: [] })).rejects.toThrow('请至少选择一份文档');

    const dir = path.join(tmp.dir, 'a');
    a.close();
    const out = path.join(tmp.dir, '意见.zip');
    const r = await cli('export', 'opinions', `#${first}`, `#${second}`, '--out', out, '--data-dir', dir);
    expect(r.err).toBe('');
    expect(r.out).toContain('2 份审查意见');
    expect(Object.keys(unzipSync(readFileSync(out)))).toHaveLength(2);
    a = createServices(dir); // reopened for afterEach
  });
});

describe('material package', () => {
  it('zips the original, the opinion, the form and the ledger rows, signed', async () => {
    const id = await reviewed();
    const pkg = await a.api.exportPackage({ documentId: id });
    expect(pkg.fileName).toBe('关于支持本市产业发展的若干措施-送审材料.zip');
    const files = unzipSync(pkg.bytes);
    expect(new TextDecoder().decode(files['1-送审稿/草案.txt'])).toBe(DRAFT);
    expect(docxIn(files, '2-审查意见/')).toContain('审查意见');
    expect(docxIn(files, '3-审查表/')).toContain('审查表');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(files['4-台账/审查台账.xlsx']!) as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('审查台账')!.rowCount).toBe(2);
    expect(openSignedZip('p', pkg.bytes, 'fcr-submission-package', 1).manifest.files).toHaveLength(4);
  });

  it('says so when the document was imported before originals were kept', async () => {
    const id = await reviewed();
    a.db.prepare('DELETE FROM originals').run();
    const files = unzipSync((await a.api.exportPackage({ documentId: id })).bytes);
    expect(new TextDecoder().decode(files['1-送审稿/原件缺失说明.txt'])).toContain('没有原件');
    const bundle = openSignedZip('b', (await a.api.exportBundle({ documentId: id })).bytes, 'fcr-review-bundle', 1);
    expect(new TextDecoder().decode(bundle.files.get('document.json'))).toContain('没有原件');
  });
});

describe('fcr export and import-bundle', () => {
  it('export ledger, bundle and package from the CLI and import the bundle into another folder', async () => {
    const dirA = path.join(tmp.dir, 'a');
    const id = await reviewed();
    await a.api.importDocument({ name: '会议.txt', bytes: enc(OTHER) });
    a.close();
    const xlsx = path.join(tmp.dir, '台账.xlsx');
    let r = await cli('export', 'ledger', '--out', xlsx, '--data-dir', dirA);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('已导出');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.getWorksheet('审查台账')!.rowCount).toBe(3);

    const csv = path.join(tmp.dir, '问题.csv');
    r = await cli('export', 'ledger', '产业发展', '--sheet', 'findings', '--out', csv, '--data-dir', dirA);
    expect(r.code).toBe(0);
    expect(withBom.decode(readFileSync(csv)).startsWith('\uFEFF文档编号,')).toBe(true);

    const bundle = path.join(tmp.dir, 'x.fcrbundle');
    r = await cli('export', 'bundle', `#${id}`, '--out', bundle, '--data-dir', dirA);
    expect(r.code).toBe(0);
    const dirB = path.join(tmp.dir, 'b');
    r = await cli('import-bundle', bundle, '--data-dir', dirB);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/已导入 {2}#1 {2}关于支持本市产业发展的若干措施/);
    expect(r.out).toContain('签名单位：某市市场监督管理局');
    expect(r.out).toMatch(/密钥指纹：[0-9A-F]{4} /);
    r = await cli('import-bundle', bundle, '--data-dir', dirB);
    expect(r.out).toMatch(/^已存在/);
    expect(JSON.parse((await cli('list', '--format', 'json', '--data-dir', dirB)).out)).toHaveLength(1);

    const broken = path.join(tmp.dir, '坏.fcrbundle');
    const bytes = readFileSync(bundle);
    bytes[100] = bytes[100]! ^ 1;
    writeFileSync(broken, bytes);
    r = await cli('import-bundle', broken, '--data-dir', dirB);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/导入失败：「坏\.fcrbundle」的签名校验失败/);

    const pkg = path.join(tmp.dir, 'p.zip');
    r = await cli('export', 'package', '产业', '--out', pkg, '--data-dir', dirA);
    expect(r.code).toBe(0);
    expect(Object.keys(unzipSync(readFileSync(pkg)))).toContain('1-送审稿/草案.txt');
    a = createServices(dirA); // reopened for afterEach
  });

  it('names what is wrong with the arguments', async () => {
    const dirA = path.join(tmp.dir, 'a');
    await a.api.importDocument({ name: '草案.txt', bytes: enc(DRAFT) });
    await a.api.importDocument({ name: '草案二.txt', bytes: enc(DRAFT.replace('本市', '本省')) });
    expect((await cli('export', 'bundle', '1', '--data-dir', dirA)).err).toContain('--out');
    expect((await cli('export', 'ledger', '--out', 'x.pdf', '--data-dir', dirA)).err).toContain('.xlsx 或 .csv');
    const two = await cli('export', 'bundle', '关于支持', '--out', path.join(tmp.dir, 'x'), '--data-dir', dirA);
    expect(two.code).toBe(1);
    expect(two.err).toMatch(/的文档有 2 个：#2 .*；#1 .*请用编号指定/);
    const none = await cli('export', 'bundle', '99', '--out', path.join(tmp.dir, 'x'), '--data-dir', dirA);
    expect(none.err).toContain('找不到编号或标题为“99”的文档');
    expect((await cli('export', 'opinions', '1', '--data-dir', dirA)).code).toBe(2);
  });
});
