/**
 * A literal that every match of a regex contains: the longest run of plain characters at the top
 * level of the pattern (outside groups, classes and alternations, not made optional by a
 * quantifier). '' when there is none or the pattern uses syntax this reader does not follow.
 */
export function requiredLiteral(source: string): string {
  const runs: string[] = [];
  let cur = '';
  let depth = 0;
  let prev: 'none' | 'lit' | 'atom' | 'quant' = 'none';
  const flush = (): void => {
    if (cur) runs.push(cur);
    cur = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return '';
    if (c === '\\') {
      const n = source[i + 1];
      if (n === undefined) return '';
      if (depth === 0) {
        // Only one-character escapes at the top level; anything longer (\u, \x, \p, \k, \1…) ends the reading.
        if (!/[sSdDwWbB.*+?^$()[\]{}|\\/\-，。；]/.test(n)) return '';
        flush();
      }
      i++;
      prev = 'atom';
      continue;
    }
    if (c === '[') {
      // Skip the class (escapes inside it included).
      let j = i + 1;
      for (; j < source.length && source[j] !== ']'; j++) if (source[j] === '\\') j++;
      if (j >= source.length) return '';
      if (depth === 0) flush();
      i = j;
      prev = 'atom';
      continue;
    }
    if (c === '(') {
      if (depth === 0) flush();
      depth++;
      // Skip a group prefix: (?: (?= (?! (?<= (?<! (?<name>.
      if (source[i + 1] === '?') {
        if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') return '';
        i += source[i + 2] === '<' ? 3 : 2;
      }
      prev = 'none';
      continue;
    }
    if (c === ')') {
      depth--;
      if (depth < 0) return '';
      prev = 'atom';
      continue;
    }
    if (c === '|') {
      if (depth === 0) return '';
      prev = 'none';
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      if (c === '?' && prev === 'quant') {
        prev = 'atom';
        continue;
      }
      if (c === '{') {
        const j = source.indexOf('}', i);
        if (j < 0) return '';
        i = j;
      }
      if (depth === 0 && prev === 'lit') {
        cur = cur.slice(0, -1);
        flush();
      }
      prev = 'quant';
      continue;
    }
    if (c === '.' || c === '^' || c === '$' || c === ']' || c === '}') {
      if (depth === 0) flush();
      prev = 'atom';
      continue;
    }
    if (depth === 0) {
      cur += c;
      prev = 'lit';
    } else prev = 'atom';
  }
  if (depth !== 0) return '';
  flush();
  let best = '';
  for (const r of runs) if (r.length > best.length) best = r;
  return best;
}

/**
 * Version of requiredLiteralSets' and requiredLiteral's reading: precomputed sets and literals
 * (dist/rules.compiled.json) made by another version are not used. Bump it with any change to
 * either reader.
 */
export const LITERAL_SETS_VERSION = 1;

/** What a part of a regex tells about the literals of its matches. */
interface LiteralInfo {
  /** Every string the part can match, when they are few and short (null: unknown or too many). */
  exact: string[] | null;
  /** Sets of literals (besides `exact`): every match contains a member of each set. */
  req: string[][];
}

/** Most strings an exact set holds, and longest string, before it is given up. */
const EXACT_MAX = 64;
const EXACT_LENGTH = 16;
/** Largest set kept as a requirement. */
const SET_MAX = 96;

const ANY: LiteralInfo = { exact: null, req: [] };
const EMPTY: LiteralInfo = { exact: [''], req: [] };

/**
 * Sets of literals that every match of a regex contains (a conjunction of disjunctions: for each
 * set, the match contains at least one of its members), read from the pattern: plain text,
 * small character classes and alternations of them, joined across concatenation. Conservative:
 * any syntax the reader does not follow stands for "anything", which only weakens the sets.
 * Each set is minimal (no member contains another), and no set holds the empty string. [] when
 * nothing is known.
 */
export function requiredLiteralSets(source: string): string[][] {
  let info: LiteralInfo;
  try {
    const p = new Reader(source);
    info = p.alternation();
    if (p.i !== source.length) return [];
  } catch {
    return [];
  }
  const sets = [...info.req];
  if (info.exact) sets.push(info.exact);
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const s of sets) {
    const m = minimalSet(s);
    if (m.length === 0 || m.includes('') || m.length > SET_MAX) continue;
    const key = m.join('\0');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(m);
    }
  }
  return out;
}

/** The set without members that contain another member (a match containing those contains it). */
function minimalSet(set: readonly string[]): string[] {
  const sorted = [...new Set(set)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const out: string[] = [];
  for (const s of sorted) if (!out.some((o) => s.includes(o))) out.push(s);
  return out;
}

/** The better of two requirement sets for a prefilter: longer shortest member, then fewer members. */
function betterSet(a: string[], b: string[]): boolean {
  const la = Math.min(...a.map((s) => s.length));
  const lb = Math.min(...b.map((s) => s.length));
  return la !== lb ? la > lb : a.length < b.length;
}

/** The requirement sets of a part, its exact set included (when it never matches empty). */
function setsOf(info: LiteralInfo): string[][] {
  return info.exact && !info.exact.includes('') ? [...info.req, info.exact] : info.req;
}

function product(a: readonly string[], b: readonly string[]): string[] | null {
  if (a.length * b.length > EXACT_MAX) return null;
  const out = new Set<string>();
  for (const x of a)
    for (const y of b) {
      if (x.length + y.length > EXACT_LENGTH) return null;
      out.add(x + y);
    }
  return [...out];
}

/** A recursive-descent reader of the regex syntax the rules use (unicode mode). */
class Reader {
  i = 0;
  constructor(private readonly s: string) {}

  alternation(): LiteralInfo {
    const branches = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0]!;
    if (branches.every((b) => b.exact)) {
      const all = [...new Set(branches.flatMap((b) => b.exact!))];
      if (all.length <= EXACT_MAX) return { exact: all, req: [] };
    }
    // One set from each branch, joined: a match contains a member of the union.
    const union: string[] = [];
    for (const b of branches) {
      let best: string[] | null = null;
      for (const set of setsOf(b)) if (!set.includes('') && (!best || betterSet(set, best))) best = set;
      if (!best) return ANY;
      union.push(...best);
    }
    return { exact: null, req: [union] };
  }

  sequence(): LiteralInfo {
    const req: string[][] = [];
    let run: string[] = [''];
    let exactAll = true;
    const flush = (): void => {
      if (!run.includes('')) req.push(run);
    };
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const item = this.quantified();
      if (item.exact) {
        const joined: string[] | null = product(run, item.exact);
        if (joined) run = joined;
        else {
          flush();
          exactAll = false;
          run = item.exact;
        }
        req.push(...item.req);
      } else {
        flush();
        exactAll = false;
        req.push(...item.req);
        run = [''];
      }
    }
    if (exactAll) return { exact: run, req };
    flush();
    return { exact: null, req };
  }

  private quantified(): LiteralInfo {
    const atom = this.atom();
    const q = this.quantifier();
    if (!q) return atom;
    const [min, max] = q;
    if (min === 0) return { exact: max === 1 && atom.exact ? ['', ...atom.exact] : null, req: [] };
    if (min === 1 && max === 1) return atom;
    return { exact: null, req: setsOf(atom) };
  }

  private quantifier(): [number, number] | null {
    const c = this.s[this.i];
    let q: [number, number] | null = null;
    if (c === '*') q = [0, Infinity];
    else if (c === '+') q = [1, Infinity];
    else if (c === '?') q = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) throw new Error('quantifier');
      const min = Number(m[1]);
      q = [min, m[2] ? (m[3] ? Number(m[3]) : Infinity) : min];
      this.i += m[0].length - 1;
    }
    if (!q) return null;
    this.i++;
    if (this.s[this.i] === '?') this.i++;
    return q;
  }

  private atom(): LiteralInfo {
    const s = this.s;
    const c = s[this.i]!;
    if (c === '(') {
      this.i++;
      // Lookarounds match nothing themselves; a positive one still needs its text in the string
      // the regex runs on (the scope), so its sets count.
      let look: 'positive' | 'negative' | null = null;
      if (s[this.i] === '?') {
        const next = s[this.i + 1];
        if (next === ':') this.i += 2;
        else if (next === '=' || next === '!') {
          look = next === '=' ? 'positive' : 'negative';
          this.i += 2;
        } else if (next === '<' && (s[this.i + 2] === '=' || s[this.i + 2] === '!')) {
          look = s[this.i + 2] === '=' ? 'positive' : 'negative';
          this.i += 3;
        } else if (next === '<') {
          const close = s.indexOf('>', this.i);
          if (close < 0) throw new Error('group name');
          this.i = close + 1;
        } else throw new Error('group');
      }
      const inner = this.alternation();
      if (s[this.i] !== ')') throw new Error('unclosed group');
      this.i++;
      if (look === 'negative') return EMPTY;
      if (look === 'positive') return { exact: [''], req: setsOf(inner) };
      return inner;
    }
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    this.i++;
    if (c === '.') return ANY;
    if (c === '^' || c === '$') return EMPTY;
    if (c === ')' || c === '|' || c === '*' || c === '+' || c === '?' || c === '{') throw new Error('syntax');
    return literalChar(c);
  }

  /** A class of a few plain characters is an exact set; ranges, negation and escapes are anything. */
  private charClass(): LiteralInfo {
    const s = this.s;
    let j = this.i + 1;
    const negated = s[j] === '^';
    const chars: string[] = [];
    let plain = !negated;
    for (; j < s.length && s[j] !== ']'; j++) {
      if (s[j] === '\\') {
        plain = false;
        j++;
        continue;
      }
      if (s[j] === '-' && chars.length && s[j + 1] !== ']') plain = false;
      chars.push(s[j]!);
    }
    if (j >= s.length) throw new Error('unclosed class');
    this.i = j + 1;
    if (!plain || chars.length === 0 || chars.length > EXACT_MAX) return ANY;
    if (chars.some((ch) => literalChar(ch).exact === null)) return ANY;
    return { exact: [...new Set(chars)], req: [] };
  }

  private escape(): LiteralInfo {
    const n = this.s[this.i + 1];
    if (n === undefined) throw new Error('escape');
    this.i += 2;
    if (n === 'b' || n === 'B') return EMPTY;
    // Classes, back-references, code-point escapes: anything (conservative).
    if (/[dDwWsSpPkcux0-9]/.test(n)) {
      if (n === 'p' || n === 'P' || n === 'k' || n === 'u') {
        const close = n === 'k' ? '>' : n === 'u' && this.s[this.i] !== '{' ? null : '}';
        if (close) {
          const at = this.s.indexOf(close, this.i);
          if (at < 0) throw new Error('escape');
          this.i = at + 1;
        } else this.i += 4;
      } else if (n === 'x') this.i += 2;
      else if (n === 'c') this.i += 1;
      return ANY;
    }
    if (n === 'n' || n === 'r' || n === 't' || n === 'f' || n === 'v') return ANY;
    return literalChar(n);
  }
}

/** A plain character as a literal; surrogates and the place mask stand for anything. */
function literalChar(c: string): LiteralInfo {
  const code = c.charCodeAt(0);
  if ((code >= 0xd800 && code <= 0xdfff) || c === '\uE000') return ANY;
  return { exact: [c], req: [] };
}
