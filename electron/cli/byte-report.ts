/**
 * A long report written as UTF-8 in large chunks (fcr scan's text format prints tens of MB for a big
 * file): text that repeats, such as a rule's message, is encoded once and copied; each chunk ends
 * with a whole line, so a caller that takes lines gets the same text.
 */

const CHUNK = 1 << 20;

export class ByteReport {
  private chunk: Buffer;
  private at = 0;

  /** `emit` receives each chunk (a fresh buffer, never reused) ending with "\n". */
  constructor(private readonly emit: (bytes: Buffer) => void) {
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

  /** Appends bytes encoded earlier (room reserved). */
  bytes(b: Uint8Array): void {
    this.chunk.set(b, this.at);
    this.at += b.length;
  }

  /** Emits what has been appended. */
  flush(): void {
    if (this.at === 0) return;
    this.emit(this.chunk.subarray(0, this.at));
    this.chunk = Buffer.allocUnsafe(CHUNK);
    this.at = 0;
  }
}

/** The most UTF-8 bytes a string may take. */
export function maxBytes(s: string): number {
  return s.length * 3;
}
