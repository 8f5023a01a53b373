/**
 * A small, defensive zip reader for .docx and .ofd packages: reads the central directory, then
 * inflates only the entries asked for, in slices, counting output so that a zip bomb is stopped
 * before it fills memory (declared sizes are checked first, actual sizes while inflating).
 */
import { constants as bufferConstants } from 'node:buffer';
import { inflateRawSync } from 'node:zlib';
import { FcrError } from '../../../shared/errors.js';
import { fflate } from '../lazy.js';
import { limitError, mb, type Deadline, type ImportLimits } from './limits.js';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  flags: number;
  /** The CRC-32 the directory records for the entry's uncompressed bytes. */
  crc32: number;
}

const SLICE = 16 * 1024;
const decoder = new TextDecoder('utf-8');
const gbk = new TextDecoder('gb18030');

export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();
  private readonly lowerNames = new Map<string, string>();
  private inflated = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
    private readonly limits: ImportLimits,
    private readonly deadline?: Deadline,
  ) {
    this.readDirectory();
  }

  private corrupt(what: string): FcrError {
    return new FcrError('CORRUPT_FILE', `「${this.fileName}」已损坏或不完整（${what}），无法读取。`);
  }

  private readDirectory(): void {
    const b = this.bytes;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let eocd = -1;
    for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
      if (view.getUint32(i, true) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw this.corrupt('找不到压缩包目录，文件可能被截断');
    const count = view.getUint16(eocd + 10, true);
    let p = view.getUint32(eocd + 16, true);
    let declaredTotal = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > b.length || view.getUint32(p, true) !== 0x02014b50) throw this.corrupt('压缩包目录无效');
      const flags = view.getUint16(p + 8, true);
      const method = view.getUint16(p + 10, true);
      const crc32 = view.getUint32(p + 16, true);
      const compressedSize = view.getUint32(p + 20, true);
      const size = view.getUint32(p + 24, true);
      const nameLen = view.getUint16(p + 28, true);
      const extraLen = view.getUint16(p + 30, true);
      const commentLen = view.getUint16(p + 32, true);
      const localOffset = view.getUint32(p + 42, true);
      if (p + 46 + nameLen > b.length) throw this.corrupt('压缩包目录无效');
      const rawName = b.subarray(p + 46, p + 46 + nameLen);
      const name = (flags & 0x800 ? decoder : gbk).decode(rawName).replace(/\\/g, '/').replace(/^\/+/, '');
      p += 46 + nameLen + extraLen + commentLen;
      if (name.endsWith('/')) continue;
      if (flags & 1) {
        throw new FcrError('ENCRYPTED', `「${this.fileName}」中的内容已加密，请先解除加密后再导入。`);
      }
      declaredTotal += size;
      this.entries.set(name, { name, method, compressedSize, size, localOffset, flags, crc32 });
      this.lowerNames.set(name.toLowerCase(), name);
    }
    if (declaredTotal > this.limits.maxUncompressedBytes * 4) this.bomb(declaredTotal);
  }

  private bomb(size: number): never {
    throw new FcrError(
      'TOO_LARGE',
      `「${this.fileName}」解压后超过 ${mb(Math.min(size, this.limits.maxUncompressedBytes))}（上限 ${mb(this.limits.maxUncompressedBytes)}，压缩比上限 ${this.limits.maxCompressionRatio}:1），疑似“压缩炸弹”，已拒绝导入。`,
    );
  }

  /** Finds an entry by path, ignoring case and a leading slash. */
  find(name: string): ZipEntry | undefined {
    const clean = name.replace(/\\/g, '/').replace(/^\/+/, '');
    return this.entries.get(clean) ?? this.entries.get(this.lowerNames.get(clean.toLowerCase()) ?? '');
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  /** An entry's bytes; `max` caps this entry's decompressed size (a clear error past it). */
  read(name: string, max = Infinity): Uint8Array {
    const entry = this.find(name);
    if (!entry) throw this.corrupt(`缺少部件 ${name}`);
    const b = this.bytes;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const lo = entry.localOffset;
    if (lo + 30 > b.length || view.getUint32(lo, true) !== 0x04034b50) throw this.corrupt(`部件 ${name} 的头部无效`);
    const start = lo + 30 + view.getUint16(lo + 26, true) + view.getUint16(lo + 28, true);
    const end = start + entry.compressedSize;
    if (end > b.length) throw this.corrupt(`部件 ${name} 被截断`);
    const data = b.subarray(start, end);
    const tooBig = (): FcrError =>
      limitError(
        this.fileName,
        `中的 ${entry.name} 解压后超过 ${mb(max)}`,
        `每个部件 ${mb(max)}`,
        '请拆分文件后再导入。',
      );
    if (entry.size > max || (entry.method === 0 && data.length > max)) throw tooBig();
    const budget = this.limits.maxUncompressedBytes - this.inflated;
    if (entry.size > budget) this.bomb(this.inflated + entry.size);
    if (entry.size > 1048576 && entry.size / Math.max(1, entry.compressedSize) > this.limits.maxCompressionRatio) {
      this.bomb(entry.size);
    }
    if (entry.method === 0) {
      this.inflated += data.length;
      return data;
    }
    if (entry.method !== 8) throw this.corrupt(`部件 ${name} 使用了不支持的压缩方式 ${entry.method}`);
    return this.inflate(data, name, budget, max, tooBig);
  }

  /**
   * Inflates an entry with zlib, its output capped at the first limit it may not pass (what is left
   * of the archive's budget, the entry's cap, the compression ratio allowed past 1 MB): a bomb stops
   * there, before the memory past it, with the error the streaming inflater gives for that limit.
   * zlib is native and several times faster than inflating in JavaScript, which also fills the heap
   * with growing buffers (a tenth of a batch's worker time). Data zlib refuses goes through the
   * streaming inflater, which decides on it as it always has.
   */
  private inflate(data: Uint8Array, name: string, budget: number, max: number, tooBig: () => FcrError): Uint8Array {
    const ratioCap = Math.max(1048576, Math.floor(Math.max(1, data.length) * this.limits.maxCompressionRatio));
    const cap = Math.min(budget, max, ratioCap);
    if (cap < 1 || cap > bufferConstants.MAX_LENGTH) return this.inflateStreaming(data, name, budget, max, tooBig);
    let out: Buffer;
    try {
      out = inflateRawSync(data, { maxOutputLength: cap });
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') {
        return this.inflateStreaming(data, name, budget, max, tooBig);
      }
      // The streaming inflater checks the budget, then the entry's cap, then the ratio.
      if (cap === budget) this.bomb(this.inflated + cap + 1);
      if (cap === max) throw tooBig();
      this.bomb(this.inflated + cap + 1);
    }
    this.deadline?.check();
    this.inflated += out.length;
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }

  /** Inflates in slices, counting the output as it comes (see inflate). */
  private inflateStreaming(
    data: Uint8Array,
    name: string,
    budget: number,
    max: number,
    tooBig: () => FcrError,
  ): Uint8Array {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let done = false;
    const inflater = new (fflate().Inflate)((chunk, final) => {
      total += chunk.length;
      if (total > budget) this.bomb(this.inflated + total);
      if (total > max) throw tooBig();
      if (total > 1048576 && total / Math.max(1, data.length) > this.limits.maxCompressionRatio) {
        this.bomb(this.inflated + total);
      }
      chunks.push(chunk);
      if (final) done = true;
    });
    try {
      for (let off = 0; off < data.length; off += SLICE) {
        inflater.push(data.subarray(off, Math.min(data.length, off + SLICE)), off + SLICE >= data.length);
        this.deadline?.check();
      }
    } catch (err) {
      if (err instanceof FcrError) throw err;
      throw this.corrupt(`部件 ${name} 解压失败`);
    }
    if (!done) throw this.corrupt(`部件 ${name} 不完整`);
    this.inflated += total;
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(total);
    let p = 0;
    for (const c of chunks) {
      out.set(c, p);
      p += c.length;
    }
    return out;
  }

  /** An XML part as text, at most `limits.maxXmlBytes` of it. */
  text(name: string): string {
    return decodeXmlBytes(this.read(name, this.limits.maxXmlBytes));
  }
}

/** Decodes an XML part: UTF-8 (with or without BOM), UTF-16 by BOM, or the declared GB18030/GBK. */
export function decodeXmlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = decoder.decode(bytes.subarray(0, 100));
  const m = /encoding=["']([\w-]+)["']/i.exec(head);
  if (m && /^(gb2312|gbk|gb18030)$/i.test(m[1]!)) return gbk.decode(bytes);
  return decoder.decode(bytes).replace(/^\ufeff/, '');
}
