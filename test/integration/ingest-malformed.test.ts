/**
 * Bad input: every case is a clear Chinese message naming the file, the process stays alive and
 * the database is unchanged. The zip bombs and the 150 MB file are made here, at test time.
 */
import { zipSync, strToU8 } from 'fflate';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FcrError } from '../../shared/errors.js';
import { runCli } from '../../electron/cli/main.js';
import { openDatabase, type Db } from '../../electron/services/db.js';
import { DocumentService } from '../../electron/services/documents.js';
import { extractDocument } from '../../electron/services/import/index.js';

const DOCS = path.resolve(__dirname, '../fixtures/documents');
const fixture = (f: string): Uint8Array => readFileSync(path.join(DOCS, f));

let dir: string;
let db: Db;
let service: DocumentService;

function counts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['documents', 'blocks', 'clauses', 'audit_log']) {
    out[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  return out;
}

async function expectRejected(name: string, bytes: Uint8Array, code: string, message: RegExp): Promise<void> {
  const before = counts();
  let caught: unknown;
  try {
    await service.import(name, bytes);
  } catch (err) {
    caught = err;
  }
  expect(caught, name).toBeInstanceOf(FcrError);
  const err = caught as FcrError;
  expect(err.code, `${name}: ${err.message}`).toBe(code);
  expect(err.message).toContain(`「${name}」`);
  expect(err.message).toMatch(message);
  expect(counts(), name).toEqual(before);
}

const DOCX_SKELETON = {
  '[Content_Types].xml': strToU8(
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  ),
  '_rels/.rels': strToU8(
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
  ),
};

/** Sets the uncompressed size recorded for an entry in the central directory and the local header. */
function lieAboutSize(zip: Uint8Array, entry: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const name = strToU8(entry);
  for (let i = 0; i < out.length - 4; i++) {
    const sig = view.getUint32(i, true);
    if (sig !== 0x02014b50 && sig !== 0x04034b50) continue;
    const central = sig === 0x02014b50;
    const nameLen = view.getUint16(i + (central ? 28 : 26), true);
    const at = i + (central ? 46 : 30);
    if (nameLen === name.length && name.every((b, k) => out[at + k] === b)) {
      view.setUint32(i + (central ? 24 : 22), size, true);
    }
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'fcr-malformed-'));
  db = openDatabase(dir);
  service = new DocumentService(db);
  // One good document first, so that "unchanged" means something.
  await service.import('banfa.docx', fixture('banfa.docx'));
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('malformed input', () => {
  it('0-byte file', async () => {
    await expectRejected('空文件.docx', new Uint8Array(0), 'EMPTY_FILE', /空文件（0 字节）/);
  });

  it('truncated .docx (zip cut in half)', async () => {
    const bytes = fixture('banfa.docx');
    await expectRejected('截断.docx', bytes.subarray(0, bytes.length >> 1), 'CORRUPT_FILE', /损坏或不完整/);
  });

  it('.docx whose document.xml is not XML', async () => {
    const zip = zipSync({ ...DOCX_SKELETON, 'word/document.xml': strToU8('<w:document><w:body><w:p>未闭合') });
    await expectRejected('坏XML.docx', zip, 'CORRUPT_FILE', /不是有效的 XML/);
  });

  it('truncated PDF', async () => {
    const bytes = fixture('banfa.pdf');
    await expectRejected('截断.pdf', bytes.subarray(0, Math.floor(bytes.length * 0.6)), 'CORRUPT_FILE', /不完整/);
  });

  it('PDF with only a header', async () => {
    await expectRejected('坏文件.pdf', strToU8('%PDF-1.7\n%%EOF\n'), 'CORRUPT_FILE', /不是有效的 PDF/);
  });

  it('encrypted PDF', async () => {
    await expectRejected('encrypted.pdf', fixture('encrypted.pdf'), 'ENCRYPTED', /加密的 PDF/);
  });

  it('image-only (scanned) PDF', async () => {
    await expectRejected('scanned.pdf', fixture('scanned.pdf'), 'NEEDS_OCR', /扫描件（没有文字层），需先 OCR/);
  });

  it('zip bomb with honest sizes (50 MB of zeros in a .docx)', async () => {
    const zip = zipSync({ ...DOCX_SKELETON, 'word/document.xml': new Uint8Array(50 * 1024 * 1024) }, { level: 9 });
    expect(zip.length).toBeLessThan(200 * 1024);
    await expectRejected('炸弹.docx', zip, 'TOO_LARGE', /压缩炸弹/);
  });

  it('zip bomb that lies about its sizes (.ofd)', async () => {
    const ofd = strToU8(
      '<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
    );
    const zip = zipSync(
      { 'OFD.xml': ofd, 'Doc_0/Document.xml': new Uint8Array(60 * 1024 * 1024).fill(0x20) },
      { level: 9 },
    );
    await expectRejected('炸弹.ofd', lieAboutSize(zip, 'Doc_0/Document.xml', 1000), 'TOO_LARGE', /压缩炸弹/);
  });

  it('total uncompressed size limit', async () => {
    const small = new DocumentService(db, { limits: { maxUncompressedBytes: 1024 * 1024 } });
    const before = counts();
    await expect(small.import('大包.docx', fixture('banfa.docxlib.docx').slice())).resolves.toBeTruthy();
    const zip = zipSync({ ...DOCX_SKELETON, 'word/document.xml': new Uint8Array(2 * 1024 * 1024).fill(0x20) });
    await expect(small.import('超限.docx', zip)).rejects.toThrow(/「超限.docx」解压后超过/);
    expect(counts().documents).toBe(before.documents! + 1);
  });

  it('a program renamed .docx', async () => {
    const elf = readFileSync(process.execPath).subarray(0, 65536);
    await expectRejected('程序.docx', elf, 'NOT_TEXT', /不是有效的 Word（\.docx）文件（实际是程序文件）/);
    const mz = new Uint8Array(4096);
    mz.set([0x4d, 0x5a, 0x90, 0x00]);
    await expectRejected('setup.docx', mz, 'NOT_TEXT', /实际是程序文件/);
    await expectRejected('setup.bin', mz, 'NOT_TEXT', /不是文本或文档文件（实际是程序文件）/);
  });

  it('old binary .doc / .wps asks for .docx', async () => {
    const ole = new Uint8Array(8192);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expectRejected('旧版.doc', ole, 'UNSUPPORTED_TYPE', /另存为” \.docx/);
    await expectRejected('公文.wps', ole, 'UNSUPPORTED_TYPE', /WPS（\.wps）/);
  });

  it('RTF is refused with a hint', async () => {
    await expectRejected('旧文档.doc', strToU8('{\\rtf1\\ansi 第一条}'), 'UNSUPPORTED_TYPE', /RTF 格式/);
  });

  it('other zip packages are refused by name', async () => {
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') });
    await expectRejected('表格.docx', xlsx, 'UNSUPPORTED_TYPE', /Excel 或 PowerPoint/);
  });

  it('random bytes name the format their extension claims and what is wrong', async () => {
    const noise = new Uint8Array(4096);
    let seed = 12345;
    for (let i = 0; i < noise.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      noise[i] = seed >>> 24;
    }
    noise.set([0x37, 0x7a]); // no known signature at the start
    const notText = /不是文本文件|作为 \.txt/;
    for (const [name, message] of [
      ['随机.pdf', /「随机\.pdf」不是有效的 PDF 文件（文件开头没有 PDF 标记/],
      ['随机.docx', /「随机\.docx」不是有效的 Word（\.docx）文件（文件开头没有 ZIP 压缩包标记/],
      ['随机.ofd', /「随机\.ofd」不是有效的 OFD 文件（文件开头没有 ZIP 压缩包标记/],
      ['随机.html', /「随机\.html」不是有效的网页（HTML）文件（含有二进制数据/],
    ] as const) {
      await expectRejected(name, noise, 'CORRUPT_FILE', message);
      await expect(service.import(name, noise)).rejects.not.toThrow(notText);
    }
    const png = new Uint8Array(2048);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await expectRejected('扫描.pdf', png, 'NOT_TEXT', /「扫描\.pdf」不是有效的 PDF 文件（实际是图片/);
    // A .txt file keeps the text message.
    await expectRejected('随机.txt', noise, 'NOT_TEXT', /不是文本文件（含有二进制数据）/);
  });

  it('a zip without the part its extension needs says which part is missing', async () => {
    await expectRejected(
      '缺正文.docx',
      zipSync(DOCX_SKELETON),
      'CORRUPT_FILE',
      /「缺正文\.docx」不是有效的 Word（\.docx）文件（是压缩包，但缺少 word\/document\.xml/,
    );
    await expectRejected(
      '缺主文件.ofd',
      zipSync({ 'Doc_0/Document.xml': strToU8('<Document/>') }),
      'CORRUPT_FILE',
      /「缺主文件\.ofd」不是有效的 OFD 文件（是压缩包，但缺少 OFD\.xml/,
    );
  });

  it('a 150 MB file', async () => {
    const big = new Uint8Array(150 * 1024 * 1024);
    await expectRejected('巨大.pdf', big, 'TOO_LARGE', /150\.0 MB|150 MB/);
    // The CLI refuses it before reading it.
    const file = path.join(dir, '巨大.docx');
    writeFileSync(file, big);
    const err: string[] = [];
    const code = await runCli(['import', file, '--data-dir', dir], { out: () => {}, err: (l) => err.push(l) });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/超过上限 100 MB/);
    rmSync(file);
  });

  it('a per-file time limit', async () => {
    const before = counts();
    await expect(extractDocument('慢.pdf', fixture('zhejiang.pdf'), { limits: { timeoutMs: 1 } })).rejects.toThrow(
      /「慢.pdf」处理超时/,
    );
    expect(counts()).toEqual(before);
  });

  it('still imports good files afterwards', async () => {
    const { document, duplicate } = await service.import('banfa.pdf', fixture('banfa.pdf'));
    expect(duplicate).toBe(false);
    expect(document.type).toBe('pdf');
    expect(counts().documents).toBe(3);
  });
});
