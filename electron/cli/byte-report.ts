/**
 * A long report written as UTF-8 in large chunks (fcr scan's text format prints tens of MB for a big
 * file): text that repeats, such as a rule's message, is encoded once and copied; each chunk ends
 * with a whole line, so a caller that takes lines gets the same text.
 */

const CHUNK = 1 << 20;

export class ByteReport {
  private chunk: Buffer;
  private at = 0;

  /**
   * `emit` receives each chunk, ending with "\n"; it returns true when it is done with the bytes
   * (written out, not kept): then the chunk's buffer is used again, else a new one is taken.
   */
  constructor(private readonly emit: (bytes: Buffer) => boolean) {
    this.chunk = Buffer.allocUnsafe(CHUNK);
  }

  /** Makes room for `bytes` more bytes: call before the pieces of one or more whole lines. */
  reserve(bytes: number): void {
    if (this.at + bytes <= this.chunk.length) return;
    this.flush();
    if (bytes > this.chunk.length) this.chunk = Buffer.allocUnsafe(bytes);
  }

  /** Appends a string (room reserved: at most 3 bytes per UTF-16 code unit). */
  text(s: string): void {
    this.at += this.chunk.write(s, this.at, 'utf8');
  }

  /**
   * Appends s[from, to) (room reserved: 3 bytes per code unit), encoded here rather than by
   * Buffer.write: for the many short pieces of a report this saves a call into Node per piece. A
   * lone surrogate becomes U+FFFD, as Buffer.write has it.
   */
  chars(s: string, from: number, to: number): void {
    const b = this.chunk;
    let at = this.at;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) b[at++] = c;
      else if (c < 0x800) {
        b[at++] = 0xc0 | (c >> 6);
        b[at++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[at++] = 0xe0 | (c >> 12);
        b[at++] = 0x80 | ((c >> 6) & 0x3f);
        b[at++] = 0x80 | (c & 0x3f);
      } else {
        const d = c <= 0xdbff && i + 1 < to ? s.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          b[at++] = 0xf0 | (cp >> 18);
          b[at++] = 0x80 | ((cp >> 12) & 0x3f);
          b[at++] = 0x80 | ((cp >> 6) & 0x3f);
          b[at++] = 0x80 | (cp & 0x3f);
          i++;
        } else {
          b[at++] = 0xef;
          b[at++] = 0xbf;
          b[at++] = 0xbd;
        }
      }
    }
    this.at = at;
  }

  /** Appends bytes encoded earlier (room reserved). */
  bytes(b: Uint8Array): void {
    this.chunk.set(b, this.at);
    this.at += b.length;
  }

  /** Emits what has been appended. */
  flush(): void {
    if (this.at === 0) return;
    if (!this.emit(this.chunk.subarray(0, this.at))) this.chunk = Buffer.allocUnsafe(CHUNK);
    this.at = 0;
  }
}

/** The most UTF-8 bytes a string may take. */
export function maxBytes(s: string): number {
  return s.length * 3;
}
