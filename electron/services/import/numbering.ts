/**
 * Word automatic numbering rendered as its visible text (P9 in STACK.md): numId → abstractNumId →
 * level numFmt/lvlText, with lvlOverride/startOverride. The label text ("第一条", "（一）", "1.")
 * is not in document.xml; it is computed here, counting the way Word does: counters live per
 * abstract list, a level restarts when a higher level advances, and a num with a startOverride
 * restarts its list the first time it is used.
 */
import { toChineseNumeral } from '../../../shared/segment/numerals.js';
import { count, DEFAULT_LIMITS, limitError } from './limits.js';
import { attr, child, childrenNamed, type XmlElement } from './xml.js';

/** Word's list levels are 0–8; anything else (garbage, a huge number) counts as level 0. */
export function listLevel(val: string | undefined): number {
  const n = Number(val ?? 0);
  return Number.isInteger(n) && n >= 0 && n <= 8 ? n : 0;
}

/** Bounds of the numbering read from a .docx: a start value past `maxValue` is refused. */
export interface NumberingGuard {
  fileName: string;
  maxValue: number;
}

/** Values past this are written in digits whatever the format (letters and roman numerals grow with the value). */
const MAX_FORMATTED = 100_000;

interface Level {
  numFmt: string;
  lvlText: string;
  start: number;
  suff: 'tab' | 'space' | 'nothing';
}

interface Num {
  abstractId: string;
  overrides: Map<number, { start?: number; level?: Level }>;
}

/** A start value: garbage counts as 1, a number outside 0…maxValue (or Infinity) is refused. */
function startValue(val: string | undefined, guard: NumberingGuard): number {
  if (val === undefined) return 1;
  const n = Number(val);
  if (Number.isNaN(n) || !val.trim()) return 1;
  if (n < 0 || n > guard.maxValue || !Number.isFinite(n)) {
    throw limitError(
      guard.fileName,
      `的自动编号起始值为 ${val.length > 30 ? `${val.slice(0, 30)}…` : val}`,
      `编号值 0–${count(guard.maxValue)}`,
    );
  }
  return Math.floor(n);
}

function readLevel(lvl: XmlElement, guard: NumberingGuard): Level {
  return {
    numFmt: attr(child(lvl, 'numFmt'), 'val') ?? 'decimal',
    lvlText: attr(child(lvl, 'lvlText'), 'val') ?? '',
    start: startValue(attr(child(lvl, 'start'), 'val'), guard),
    suff: (attr(child(lvl, 'suff'), 'val') as Level['suff'] | undefined) ?? 'tab',
  };
}

const TIANGAN = '甲乙丙丁戊己庚辛壬癸';
const CIRCLED_START = 0x2460;

export function formatNumber(n: number, fmt: string): string {
  if (!Number.isSafeInteger(n)) return String(n);
  if (n > MAX_FORMATTED && fmt !== 'none') return String(n);
  switch (fmt) {
    case 'decimal':
      return String(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
    case 'chineseLegalSimplified':
    case 'ideographDigital':
      return toChineseNumeral(n);
    case 'ideographTraditional':
      return TIANGAN[(n - 1) % 10] ?? String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(CIRCLED_START + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return `(${n})`;
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return [...String(n)].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('');
    case 'upperLetter':
    case 'lowerLetter': {
      const s = String.fromCharCode(65 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
      return fmt === 'upperLetter' ? s : s.toLowerCase();
    }
    case 'upperRoman':
    case 'lowerRoman': {
      const s = roman(n);
      return fmt === 'upperRoman' ? s : s.toLowerCase();
    }
    case 'none':
      return '';
    default:
      return String(n);
  }
}

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

export class Numbering {
  private readonly abstracts = new Map<string, Map<number, Level>>();
  private readonly nums = new Map<string, Num>();
  private readonly counters = new Map<string, number[]>();
  private readonly usedNums = new Set<string>();

  constructor(
    root: XmlElement | null,
    guard: NumberingGuard = { fileName: '', maxValue: DEFAULT_LIMITS.maxNumberingValue },
  ) {
    const numbering = root ? child(root, 'numbering') : undefined;
    if (!numbering) return;
    for (const a of childrenNamed(numbering, 'abstractNum')) {
      const levels = new Map<number, Level>();
      for (const lvl of childrenNamed(a, 'lvl')) levels.set(listLevel(attr(lvl, 'ilvl')), readLevel(lvl, guard));
      this.abstracts.set(attr(a, 'abstractNumId') ?? '', levels);
    }
    for (const n of childrenNamed(numbering, 'num')) {
      const overrides = new Map<number, { start?: number; level?: Level }>();
      for (const o of childrenNamed(n, 'lvlOverride')) {
        const entry: { start?: number; level?: Level } = {};
        const so = attr(child(o, 'startOverride'), 'val');
        if (so !== undefined) entry.start = startValue(so, guard);
        const lvl = child(o, 'lvl');
        if (lvl) entry.level = readLevel(lvl, guard);
        overrides.set(listLevel(attr(o, 'ilvl')), entry);
      }
      this.nums.set(attr(n, 'numId') ?? '', { abstractId: attr(child(n, 'abstractNumId'), 'val') ?? '', overrides });
    }
  }

  private level(num: Num, ilvl: number): Level | undefined {
    return num.overrides.get(ilvl)?.level ?? this.abstracts.get(num.abstractId)?.get(ilvl);
  }

  /** Advances the list and returns the visible label with its suffix, or '' when not numbered. */
  next(numId: string, ilvl: number): string {
    if (numId === '0') return '';
    const num = this.nums.get(numId);
    if (!num) return '';
    const lvl = this.level(num, ilvl);
    if (!lvl) return '';
    const key = num.abstractId;
    let counters = this.counters.get(key);
    if (!counters) {
      counters = [];
      this.counters.set(key, counters);
    }
    if (!this.usedNums.has(numId)) {
      this.usedNums.add(numId);
      for (const [l, o] of num.overrides) {
        if (o.start !== undefined) counters[l] = o.start - 1;
        if (o.start !== undefined) counters.length = Math.min(counters.length, l + 1);
      }
    }
    counters[ilvl] = (counters[ilvl] ?? this.level(num, ilvl)!.start - 1) + 1;
    // Deeper levels restart.
    counters.length = ilvl + 1;
    if (lvl.numFmt === 'bullet') return '';
    const label = lvl.lvlText.replace(/%(\d)/g, (_, d: string) => {
      const l = Number(d) - 1;
      const ll = this.level(num, l);
      const value = counters![l] ?? ll?.start ?? 1;
      return formatNumber(value, ll?.numFmt ?? 'decimal');
    });
    if (!label) return '';
    if (lvl.suff === 'nothing') return label;
    return /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$/.test(label) ? `${label}\u3000` : `${label} `;
  }
}
