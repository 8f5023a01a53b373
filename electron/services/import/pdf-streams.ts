/**
 * A guard against PDF "compression bombs": pdf.js inflates a Flate stream into one growing
 * buffer outside the JavaScript heap (so the worker's heap cap does not bound it), and offers no
 * size limit. Before pdf.js sees a file, every zlib stream that text extraction may decode (all
 * but images) is inflated here in slices, counting its output and discarding it, and the file is
 * refused once one stream exceeds the limit.
 */
import { Inflate } from 'fflate';
import { FcrError } from '../../../shared/errors.js';
import { limitError, mb, type Deadline, type ImportLimits } from './limits.js';

const SLICE = 2048;
/** How far back from `stream` the stream's dictionary is looked for. */
const DICT_WINDOW = 64 * 1024;

/** The data range of the stream whose `stream` keyword ends at `from`, as pdf.js would read it. */
function streamEnd(latin: string, dict: string, from: number): number {
  const direct = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
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

/** Throws when a non-image zlib stream of the PDF inflates past `limits.maxPdfStreamBytes`. */
export function checkPdfStreams(bytes: Uint8Array, fileName: string, limits: ImportLimits, deadline?: Deadline): void {
  const latin = new TextDecoder('latin1').decode(bytes);
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
    if (cmf === undefined || flg === undefined || (cmf & 0x0f) !== 8 || ((cmf << 8) + flg) % 31 !== 0) continue;
    const objAt = latin.lastIndexOf('obj', kw);
    const dict = latin.slice(Math.max(objAt, kw - DICT_WINDOW, 0), kw);
    if (/\/Subtype\s*\/Image\b/.test(dict)) continue;
    const end = streamEnd(latin, dict, from);
    let total = 0;
    const inflater = new Inflate((chunk) => {
      total += chunk.length;
      if (total > limit) {
        throw limitError(
          fileName,
          `中有数据流解压后超过 ${mb(limit)}`,
          `每个数据流解压后 ${mb(limit)}`,
          '疑似“压缩炸弹”。',
        );
      }
    });
    try {
      for (let off = from + 2; off < end; off += SLICE) {
        inflater.push(bytes.subarray(off, Math.min(end, off + SLICE)), false);
        deadline?.check();
      }
    } catch (err) {
      if (err instanceof FcrError) throw err;
      // Not valid Flate data: pdf.js will fail on it too, or it is not a Flate stream.
    }
  }
}
