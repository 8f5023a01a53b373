/**
 * A DecompressionStream for the import worker that inflates in one synchronous zlib call.
 *
 * pdf.js inflates each Flate stream it reads (content streams, fonts, CMaps) through the
 * DecompressionStream global when there is one: Node's runs zlib on the libuv thread pool behind
 * web streams, so each stream costs several event-loop turns, and the worker waited idle for about
 * a tenth of its time on a batch of PDFs (and spent more CPU in the stream machinery than in
 * zlib). pdf.js only writes the whole compressed data once, closes, and reads the output with
 * `for await`; this class offers just that, with the same formats and the same outcome: the
 * output zlib gives, or an error (a damaged or cut-short stream) on which pdf.js falls back to its
 * own inflater, as it does when Node's stream errors. The size guards run before pdf.js
 * (pdf-streams.ts).
 */
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

const INFLATERS: Record<string, (data: Uint8Array) => Uint8Array> = {
  deflate: inflateSync,
  'deflate-raw': inflateRawSync,
  gzip: gunzipSync,
};

export class SyncDecompressionStream {
  readonly readable: AsyncIterable<Uint8Array>;
  readonly writable: { getWriter(): StreamWriter };

  constructor(format: string) {
    const inflate = INFLATERS[String(format)];
    // As Node's: an unsupported format (pdf.js asks for "brotli") is a TypeError.
    if (!inflate)
      throw new TypeError(`The provided value '${format}' is not a valid enum value of type CompressionFormat.`);
    const input: Uint8Array[] = [];
    let close!: () => void;
    const closed = new Promise<void>((resolve) => (close = resolve));
    const writer: StreamWriter = {
      ready: Promise.resolve(),
      write(chunk) {
        input.push(chunk);
        return Promise.resolve();
      },
      close() {
        close();
        return Promise.resolve();
      },
    };
    this.writable = { getWriter: () => writer };
    this.readable = {
      async *[Symbol.asyncIterator]() {
        await closed;
        const data = input.length === 1 ? input[0]! : Buffer.concat(input);
        const out = inflate(data);
        yield new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
      },
    };
  }
}

interface StreamWriter {
  ready: Promise<void>;
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
