/**
 * Guards run over a PDF's streams before pdf.js sees the file.
 *
 * - "Compression bombs": pdf.js inflates a Flate stream into one growing buffer outside the
 *   JavaScript heap (so the worker's heap cap does not bound it), and offers no size limit. Every
 *   zlib stream that text extraction may decode (all but images) is inflated here in slices,
 *   counting its output and discarding it, and the file is refused once one stream exceeds the limit.
 * - Damaged embedded fonts: pdf.js's inflater does not stop at invalid data (a back-reference
 *   before the start of the output reads zeros, missing input reads as zero bits), so a font
 *   program whose Flate data is damaged reaches pdf.js's font parsers as garbage, and its Type 1
 *   parser can then spend minutes on it: a built-in encoding entry `dup N` with a huge N makes a
 *   sparse array of length N, searched with indexOf once per glyph (a 3-page file took 25 s, a
 *   crafted one would take hours, in one synchronous call that no deadline interrupts). The file
 *   is refused as damaged when a font program's Flate data does not inflate to its end (its last
 *   block), or when a Type 1 font's clear-text header has an encoding code outside 0–255.
 */
import { constants, inflateRawSync } from 'node:zlib';
import { FcrError } from '../../../shared/errors.js';
import { fflate } from '../lazy.js';
import { limitError, mb, type Deadline, type ImportLimits } from './limits.js';

const SLICE = 2048;
/** A font program's stream dictionary: /Length1–3 (FontFile, FontFile2) or a FontFile3 subtype. */
const FONT_PROGRAM = /\/Length[123]\s|\/Subtype\s*\/(?:Type1C|CIDFontType0C|OpenType)\b/;
/** A built-in encoding entry of a Type 1 header, as pdf.js reads it (`dup <code> /<glyph> put`). */
const ENCODING_ENTRY = /\bdup[\s\0]+\+?(\d+)/g;
/** Characters kept between slices of a Type 1 header, so that an entry split by a slice is still seen. */
const CARRY = 32;
/** How far back from `stream` the stream's dictionary is looked for. */
const DICT_WINDOW = 64 * 1024;

/** The data range of the stream whose `stream` keyword ends at `from`, as pdf.js would read it. */
function streamEnd(latin: string, dict: string, from: number): number {
  const direct = /\/Length\s+(\d+)(?!\d|\s+\d+\s+R)/.exec(dict);
  let length = direct ? Number(direct[1]) : NaN;
  if (!direct) {
    const ref = /\/Length\s+(\d+)\s+(\d+)\s+R/.exec(dict);
    if (ref) {
      const m = new RegExp(`(?:^|[^\\d])${ref[1]}\\s+${ref[2]}\\s+obj\\s*(\\d+)`).exec(latin);
      if (m) length = Number(m[1]);
    }
  }
  // pdf.js trusts /Length when "endstream" follows it, else it looks for "endstream".
  if (Number.isFinite(length) && /^\s*endstream/.test(latin.slice(from + length, from + length + 16))) {
    return from + length;
  }
  const end = latin.indexOf('endstream', from);
  return end < 0 ? latin.length : end;
}

function damagedFont(fileName: string, what: string): FcrError {
  return new FcrError(
    'CORRUPT_FILE',
    `「${fileName}」已损坏（${what}），无法可靠提取文字。请重新获取原文件，或用 PDF 阅读器“另存为”新文件后再导入。`,
  );
}

/**
 * Reads the clear-text header of a Type 1 font program slice by slice (up to `eexec`, where the
 * encrypted part starts) and throws on an encoding code pdf.js would store beyond 0–255.
 */
class Type1HeaderScan {
  private tail = '';
  private done = false;
  private started = false;

  constructor(private readonly fileName: string) {}

  push(chunk: Uint8Array): void {
    if (this.done) return;
    let text = this.tail + latin1.decode(chunk);
    if (!this.started) {
      // Only a Type 1 program (possibly behind a 6-byte PFB segment header) has this header.
      if (text.length < 8) {
        this.tail = text;
        return;
      }
      this.started = true;
      if (!text.startsWith('%!') && !(text.charCodeAt(0) === 0x80 && text.startsWith('%!', 6))) {
        this.done = true;
        return;
      }
    }
    const eexec = text.indexOf('eexec');
    if (eexec >= 0) {
      text = text.slice(0, eexec);
      this.done = true;
    }
    for (const m of text.matchAll(ENCODING_ENTRY)) {
      // pdf.js: parseInt(token, 10) | 0
      const code = Number.parseInt(m[1]!, 10) | 0;
      if (code > 255) throw damagedFont(this.fileName, `嵌入的 Type 1 字体的编码表中有无效的字符编号 ${code}`);
    }
    this.tail = text.slice(-CARRY);
  }
}

const latin1 = new TextDecoder('latin1');

/** A PDF's bytes as a string, one character per byte (as TextDecoder's latin1 has them, much faster). */
function latinText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * Throws when a non-image zlib stream of the PDF inflates past `limits.maxPdfStreamBytes`, or when
 * an embedded font program is damaged (see above).
 */
export function checkPdfStreams(bytes: Uint8Array, fileName: string, limits: ImportLimits, deadline?: Deadline): void {
  const latin = latinText(bytes);
  const limit = limits.maxPdfStreamBytes;
  let at = 0;
  for (;;) {
    const kw = latin.indexOf('stream', at);
    if (kw < 0) return;
    at = kw + 6;
    // Not "endstream", and followed by an end of line as the keyword is.
    if (kw >= 3 && latin.startsWith('end', kw - 3)) continue;
    let from = at;
    if (latin[from] === '\r') from++;
    if (latin[from] === '\n') from++;
    if (from === at) continue;
    const cmf = bytes[from];
    const flg = bytes[from + 1];
    const zlib = cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && ((cmf << 8) + flg) % 31 === 0;
    // A Type 1 font program stored without compression starts with "%!".
    if (!zlib && !latin.startsWith('%!', from)) continue;
    const objAt = latin.lastIndexOf('obj', kw);
    const dict = latin.slice(Math.max(objAt, kw - DICT_WINDOW, 0), kw);
    if (/\/Subtype\s*\/Image\b/.test(dict)) continue;
    const font = FONT_PROGRAM.test(dict);
    if (!zlib && !font) continue;
    const end = streamEnd(latin, dict, from);
    const header = font ? new Type1HeaderScan(fileName) : null;
    if (!zlib) {
      // Only a font program gets here: its header is read as it is stored.
      for (let off = from; off < end; off += SLICE) header?.push(bytes.subarray(off, Math.min(end, off + SLICE)));
      continue;
    }
    const tooLarge = (): FcrError =>
      limitError(fileName, `中有数据流解压后超过 ${mb(limit)}`, `每个数据流解压后 ${mb(limit)}`, '疑似“压缩炸弹”。');
    // zlib first (native, several times faster, capped at the limit); a stream it refuses, or a
    // font program it finds cut short, goes through the streaming inflater, which decides as before.
    let out: Buffer | null = null;
    try {
      out = inflateRawSync(bytes.subarray(from + 2, end), {
        maxOutputLength: Math.max(1, limit),
        finishFlush: font ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    }
    if (out && out.length <= limit) {
      deadline?.check();
      for (let off = 0; header && off < out.length; off += SLICE) {
        header.push(out.subarray(off, Math.min(out.length, off + SLICE)));
      }
      continue;
    }
    let total = 0;
    const inflater = new (fflate().Inflate)((chunk) => {
      header?.push(chunk);
      total += chunk.length;
      if (total > limit) throw tooLarge();
    });
    try {
      for (let off = from + 2; off < end; off += SLICE) {
        inflater.push(bytes.subarray(off, Math.min(end, off + SLICE)), false);
        deadline?.check();
      }
      // A font program must end (its last block) within its data: else pdf.js reads garbage.
      if (font) inflater.push(new Uint8Array(0), true);
    } catch (err) {
      if (err instanceof FcrError) throw err;
      // Not valid Flate data, or cut short. pdf.js reads on through the damage: harmless for a
      // content stream (its operators are checked one by one), a risk for a font program (see above).
      if (font) throw damagedFont(fileName, '嵌入的字体数据不完整或无法解压');
    }
  }
}
