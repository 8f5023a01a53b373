/** Chinese numerals used in drafting numbers (第十二条, （三）). Pure. */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parses "十二", "一百零三", "二〇二二" or "12"; NaN when it is not a numeral. */
export function parseNumeral(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (!s) return NaN;
  // Digit-by-digit form (二〇二二).
  if (![...s].some((ch) => ch in UNITS)) {
    let v = 0;
    for (const ch of s) {
      const d = DIGITS[ch];
      if (d === undefined) return NaN;
      v = v * 10 + d;
    }
    return v;
  }
  let total = 0;
  let digit = -1;
  for (const ch of s) {
    const d = DIGITS[ch];
    const u = UNITS[ch];
    if (d !== undefined) digit = d;
    else if (u !== undefined) {
      total += (digit < 0 ? 1 : digit) * u;
      digit = -1;
    } else return NaN;
  }
  return total + (digit > 0 ? digit : 0);
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 25 → 二十五, 103 → 一百零三 (up to 9999). */
export function toChineseNumeral(n: number): string {
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
