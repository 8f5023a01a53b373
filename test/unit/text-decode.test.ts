import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FcrError } from '../../shared/errors';
import { decodeText, decodeUtf8 } from '../../electron/services/import/text';
import { extractDocument } from '../../electron/services/import/index';
import { fixture } from '../helpers/paths';

const expected = readFileSync(fixture('txt', 'utf8-yaopin.txt'), 'utf8');

describe('text decoding', () => {
  it.each([
    ['utf8-yaopin.txt', 'utf-8'],
    ['utf8-bom-yaopin.txt', 'utf-8'],
    ['utf16le-bom-yaopin.txt', 'utf-16le'],
    ['utf16be-bom-yaopin.txt', 'utf-16be'],
    ['gb18030-yaopin.txt', 'gb18030'],
  ])('detects %s as %s and yields the same text', (file, encoding) => {
    const decoded = decodeText(readFileSync(fixture('txt', file)), file);
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.text.replace(/\r\n/g, '\n')).toBe(expected);
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('detects a short GBK title, independent of the file name', () => {
    const bytes = new TextEncoder().encode('x');
    expect(decodeText(bytes, 'a.doc').encoding).toBe('utf-8');
    const gbk = gbkOf('关于推进公平竞争审查的通知');
    const decoded = decodeText(gbk, 'no-extension');
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toBe('关于推进公平竞争审查的通知');
  });

  it('keeps 4-byte GB18030 characters', () => {
    const text = '𠀀字与公平竞争审查条例相关的测试文本，包含较多的中文字符以便识别编码。';
    const bytes = Buffer.from(new Uint8Array([0x95, 0x32, 0x82, 0x36]));
    const rest = decodeText(Buffer.concat([bytes, gbkOf(text.slice(2))]), 'x.txt');
    expect(rest.text.startsWith('𠀀')).toBe(true);
  });

  it('refuses empty, binary and undecodable input with Chinese messages naming the file', () => {
    expect(() => decodeText(new Uint8Array(), '空.txt')).toThrow(/「空\.txt」是空文件/);
    expect(() => decodeText(Uint8Array.from([0x41, 0x00, 0x42, 0x43]), 'bin.txt')).toThrow(/「bin\.txt」不是文本文件/);
    expect(() => decodeText(Uint8Array.from([0xef, 0xbb, 0xbf]), 'bom.txt')).toThrow(/「bom\.txt」/);
    const noise = Uint8Array.from({ length: 4000 }, (_, i) => 0x80 + ((i * 7919) % 0x7f));
    let err: unknown;
    try {
      decodeText(noise, 'noise.txt');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FcrError);
    expect((err as FcrError).message).toContain('noise.txt');
  });

  it('decodeUtf8 gives what a strict TextDecoder gives, or null where it throws', () => {
    const strict = (bytes: Uint8Array): string | null => {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return null;
      }
    };
    const samples: Uint8Array[] = [
      new Uint8Array(),
      Buffer.from('第一条 本办法适用于全市。\n\u{1F600}\uFFFF\u0000\u2028z'),
      Buffer.from('\ufeff\ufeff双 BOM'), // the first BOM is dropped, the second kept
      readFileSync(fixture('txt', 'utf8-yaopin.txt')),
      readFileSync(fixture('txt', 'utf8-bom-yaopin.txt')),
      readFileSync(fixture('txt', 'gb18030-yaopin.txt')),
      ...[[0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xb8], [0x80], [0xef, 0xbb]].map((b) =>
        Uint8Array.from(b),
      ),
    ];
    // Random bytes biased to UTF-8 lead and continuation bytes, and valid text with one byte changed.
    let seed = 7;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let i = 0; i < 300; i++) {
      const text = Buffer.from(
        Array.from({ length: 1 + next(40) }, () =>
          String.fromCodePoint(next(3) ? 0x4e00 + next(2000) : next(0x11000)),
        ).join(''),
      );
      if (i % 2) text[next(text.length)] = [0x80, 0xbf, 0xc2, 0xe4, 0xf0, 0xff][next(6)]!;
      samples.push(text);
    }
    for (const bytes of samples) expect(decodeUtf8(bytes)).toBe(strict(bytes));
  });

  it('sniffs content, not the extension', async () => {
    await expect(extractDocument('prog.txt', Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0]))).rejects.toThrow(
      /prog\.txt/,
    );
    const doc = await extractDocument('notice.pdf', new TextEncoder().encode('第一条 本办法适用于全市。\r\n'));
    expect(doc.type).toBe('txt');
    expect(doc.text).toBe('第一条 本办法适用于全市。\n');
  });
});

function gbkOf(text: string): Buffer {
  // Node's TextEncoder only writes UTF-8; build GBK bytes via a reverse TextDecoder lookup table.
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) out.push(...(ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : (table.get(ch) ?? [0x3f])));
  return Buffer.from(out);
}
