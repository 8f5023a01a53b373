/** Chinese numerals used in drafting numbers (第十二条, （三）). Pure. */

/** Value of each Chinese digit (零〇 0 … 九 9, 两 2) and unit (十 10, 百 100, 千 1000), by char code. */
const DIGIT = new Map<number, number>(
  [...'零〇一二三四五六七八九'].map((ch, i) => [ch.charCodeAt(0), Math.max(0, i - 1)] as [number, number]),
);
DIGIT.set('两'.charCodeAt(0), 2);
const UNIT = new Map<number, number>([
  ['十'.charCodeAt(0), 10],
  ['百'.charCodeAt(0), 100],
  ['千'.charCodeAt(0), 1000],
]);

/** Parses "十二", "一百零三", "二〇二二" or "12"; NaN when it is not a numeral. */
export function parseNumeral(s: string): number {
  if (!s) return NaN;
  let ascii = true;
  let units = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) ascii = false;
    if (UNIT.has(c)) units = true;
  }
  if (ascii) return Number(s);
  let v = 0;
  if (!units) {
    // Digit-by-digit form (二〇二二).
    for (let i = 0; i < s.length; i++) {
      const d = DIGIT.get(s.charCodeAt(i));
      if (d === undefined) return NaN;
      v = v * 10 + d;
    }
    return v;
  }
  let digit = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const d = DIGIT.get(c);
    const u = UNIT.get(c);
    if (d !== undefined) digit = d;
    else if (u !== undefined) {
      v += (digit < 0 ? 1 : digit) * u;
      digit = -1;
    } else return NaN;
  }
  return v + (digit > 0 ? digit : 0);
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 25 → 二十五, 103 → 一百零三 (up to 9999). */
export function toChineseNumeral(n: number): string {
  if (n >= 0 && n < SMALL.length && Number.isInteger(n)) return SMALL[n]!;
  return spellNumeral(n);
}

function spellNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n < 10) return CN_DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n >= 10000) return String(n);
  const parts: string[] = [];
  const units = ['千', '百', '十', ''];
  const values = [1000, 100, 10, 1];
  let zero = false;
  let started = false;
  for (let k = 0; k < 4; k++) {
    const d = Math.floor(n / values[k]!) % 10;
    if (d === 0) {
      if (started) zero = true;
      continue;
    }
    if (zero) parts.push('零');
    zero = false;
    started = true;
    parts.push(CN_DIGITS[d]! + units[k]!);
  }
  return parts.join('');
}

/** The numerals up to 199, spelled once (款 and 项 numbers are small). */
const SMALL = Array.from({ length: 200 }, (_, n) => spellNumeral(n));
