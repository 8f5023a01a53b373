/**
 * The straightforward normaliser (one string per char, a regex per char) as it was before the
 * fast single pass of shared/normalize: the reference the fast path must match char for char
 * (test/unit/fast-path.test.ts). Do not optimise it; change it only together with the rules.
 */
import { lexMarker } from '../../../shared/segment/markers.js';
import { isCjk, isSpace } from '../../../shared/text/chars.js';
import type { Normalized } from '../../../shared/normalize/index.js';
import { RADICALS_SUPPLEMENT } from '../../../shared/normalize/radicals.js';

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad\u180e]/;

/** Maps one char (already known not to be whitespace or dropped) to its normal form. */
function mapChar(ch: string, prev: string): string {
  const c = ch.charCodeAt(0);
  if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) {
    return String.fromCharCode(c - 0xfee0);
  }
  if (c === 0xff0e && /[0-9]/.test(prev)) return '.';
  if (c >= 0x2e80 && c <= 0x2eff) return RADICALS_SUPPLEMENT[c - 0x2e80]!;
  if ((c >= 0x2f00 && c <= 0x2fdf) || (c >= 0xf900 && c <= 0xfaff)) {
    return ch.normalize('NFKC');
  }
  return ch;
}

function isDropped(ch: string, c: number): boolean {
  return ZERO_WIDTH.test(ch) || (c < 0x20 && !(c >= 0x09 && c <= 0x0d)) || (c >= 0x7f && c <= 0x9f);
}

/** Normalises one block of raw text (see the module comment). */
export function referenceNormalizeBlock(raw: string): Normalized {
  const out: string[] = [];
  const map: number[] = [];
  // A leading marker: runs inside it are typesetting; the run right after a 第X条/章 unit stays.
  const marker = lexMarker(raw);
  const markerEnd = marker?.spaced ? marker.end : -1;
  const unitEnd = marker?.style === 'legal' ? marker.end : -1;
  let spacesRemoved = 0;
  let pendingSpace = -1; // raw index of the first char of a pending whitespace run
  let pendingIdeo = false;
  let pendingBreak = false;
  let token = 0; // chars since the last whitespace run
  let prev = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    const c = ch.charCodeAt(0);
    if (isSpace(c)) {
      if (pendingSpace < 0) pendingSpace = i;
      if (c === 0x3000) pendingIdeo = true;
      if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) pendingBreak = true;
      continue;
    }
    if (isDropped(ch, c)) continue;
    const mapped = mapChar(ch, prev);
    if (pendingSpace >= 0) {
      if (out.length > 0) {
        let keep = true;
        if (pendingSpace < markerEnd) {
          keep = false;
          spacesRemoved++;
        } else if (pendingSpace !== unitEnd && isCjk(prev.charCodeAt(0)) && isCjk(mapped.charCodeAt(0))) {
          if (!pendingIdeo) {
            keep = false;
            if (!pendingBreak) spacesRemoved++;
          } else if (token === 1 || i + 1 >= raw.length || isSpace(raw.charCodeAt(i + 1))) {
            // An ideographic space that letter-spaces single characters.
            keep = false;
            spacesRemoved++;
          }
        }
        if (keep) {
          out.push(pendingIdeo ? '\u3000' : ' ');
          map.push(pendingSpace);
        }
      }
      pendingSpace = -1;
      pendingIdeo = false;
      pendingBreak = false;
      token = 0;
    }
    token++;
    for (let k = 0; k < mapped.length; k++) {
      out.push(mapped[k]!);
      map.push(i);
    }
    prev = mapped;
  }
  map.push(raw.length);
  return { text: out.join(''), map, spacesRemoved };
}
