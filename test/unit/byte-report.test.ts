// The CLI's chunked report writer (electron/cli/byte-report.ts): its own UTF-8 encoder gives what
// Buffer gives, lone surrogates included, and every chunk ends with a whole line.
import { describe, expect, it } from 'vitest';
import { ByteReport, maxBytes } from '../../electron/cli/byte-report';

describe('ByteReport', () => {
  it('encodes a piece of a string as Buffer.from encodes that piece', () => {
    let seed = 11;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    // ASCII, 2-byte, CJK, surrogate pairs and lone surrogates, mixed.
    const pick = (): string => {
      switch (next(6)) {
        case 0:
          return String.fromCharCode(next(0x80));
        case 1:
          return String.fromCharCode(0x80 + next(0x780));
        case 2:
          return String.fromCharCode(0x4e00 + next(0x5000));
        case 3:
          return String.fromCodePoint(0x10000 + next(0x100000));
        case 4:
          return String.fromCharCode(0xd800 + next(0x800));
        default:
          return String.fromCharCode(0xe000 + next(0x2000));
      }
    };
    const chunks: Buffer[] = [];
    const report = new ByteReport((b) => {
      chunks.push(Buffer.from(b));
      return true;
    });
    const expected: Buffer[] = [];
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: 1 + next(30) }, pick).join('');
      const from = next(s.length);
      const to = from + next(s.length - from + 1);
      report.reserve(maxBytes(s) + 1);
      report.chars(s, from, to);
      report.chars('\n', 0, 1);
      expected.push(Buffer.from(s.slice(from, to)), Buffer.from('\n'));
    }
    report.flush();
    expect(Buffer.concat(chunks).equals(Buffer.concat(expected))).toBe(true);
  });

  it('emits chunks of whole lines, and uses a chunk again only when the writer is done with it', () => {
    const line = `${'第一条 本办法适用于全市。'.repeat(100)}\n`;
    for (const done of [false, true]) {
      const chunks: Buffer[] = [];
      const copies: Buffer[] = [];
      const report = new ByteReport((b) => {
        chunks.push(b);
        copies.push(Buffer.from(b));
        return done;
      });
      for (let i = 0; i < 1000; i++) {
        report.reserve(maxBytes(line));
        report.text(line);
      }
      report.flush();
      expect(chunks.length).toBeGreaterThan(1);
      for (const c of copies) expect(c[c.length - 1]).toBe(0x0a);
      expect(new Set(chunks.map((c) => c.buffer)).size).toBe(done ? 1 : chunks.length);
      expect(Buffer.concat(copies).toString()).toBe(line.repeat(1000));
      // Kept chunks are never written over.
      if (!done) expect(Buffer.concat(chunks).toString()).toBe(line.repeat(1000));
    }
  });
});
