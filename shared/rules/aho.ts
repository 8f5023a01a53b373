/**
 * An Aho–Corasick automaton over UTF-16 code units: all literal patterns of the rule set are
 * found in one left-to-right pass, whatever their number.
 *
 * The root has a dense 64K transition table (most characters of a Chinese text start no pattern
 * and are rejected with one array read); deeper states keep their few transitions in one shared
 * Map keyed by state and character.
 *
 * For scanning, the automaton is also compiled into a full DFA over its alphabet (the characters
 * that occur in some pattern, numbered 1…A; every other character is class 0 and leads back to
 * the root): no failure-link walk. Most entries of a state's row are those of the root's row, so
 * the DFA is stored packed (row displacement, as parser tables are): the root's row, and for the
 * other states only the entries that differ from it, all states' entries interleaved in one small
 * array where a check entry tells whose an entry is. The scan reads them in a derived form (see
 * scanTables): per character, the character's class, the current state's record (base, row and
 * output flags together) and one cell (check and next together). When the packed table would be
 * too large, the scan falls back to an open-addressing hash of the goto edges and the failure
 * links.
 *
 * The packed DFA's tables can be saved (`tables`) and given back to the constructor for the same
 * patterns: the build saves them with the precompiled rules, so a process need not build them.
 */
import { doubled } from '../text/int32.js';

export interface AcHit {
  /** Index of the pattern in the array given to the constructor. */
  pattern: number;
  start: number;
  end: number;
}

/** Hits as parallel arrays, reused between scans to avoid allocating one object per hit. */
export class HitList {
  pattern: Int32Array = new Int32Array(256);
  start: Int32Array = new Int32Array(256);
  end: Int32Array = new Int32Array(256);
  length = 0;

  push(pattern: number, start: number, end: number): void {
    if (this.length === this.pattern.length) this.grow();
    this.pattern[this.length] = pattern;
    this.start[this.length] = start;
    this.end[this.length] = end;
    this.length++;
  }

  /** Doubles the capacity. */
  grow(): void {
    this.pattern = doubled(this.pattern);
    this.start = doubled(this.start);
    this.end = doubled(this.end);
  }
}

/**
 * The scan tables of an automaton with a packed DFA (see AhoCorasick.tables): enough to scan,
 * saved at build time so that a process need not build the automaton again. Valid only for the
 * same patterns and main count (`patterns`, `mainCount`).
 */
export interface AutomatonTables {
  patterns: string[];
  mainCount: number;
  states: number;
  /** The alphabet: characters (UTF-16 code units) in class order (class k + 1 is chars[k]). */
  chars: Uint16Array;
  rootRow: Uint16Array;
  base: Int32Array;
  rowOf: Int32Array;
  check: Int32Array;
  next: Uint16Array;
  outStart: Int32Array;
  outList: Int32Array;
  extraStart: Int32Array;
  extraList: Int32Array;
}

/** Default largest number of packed DFA entries (entries that differ from the root's row). */
const MAX_DFA_ENTRIES = 1 << 22;

export class AhoCorasick {
  private readonly root = new Int32Array(0x10000).fill(-1);
  private readonly edges = new Map<number, number>();
  private fail: Int32Array;
  /** Per state: the patterns ending here, including those reached through suffix links. */
  private out: (number[] | null)[] = [];
  /** Open-addressing hash of the non-root transitions: keys (state * 65536 + char) and targets. */
  private hashKeys = new Int32Array(1).fill(-1);
  private hashVals = new Int32Array(1);
  private hashMask = 0;
  private readonly lengths: number[];
  private stateCount = 1;
  /** Per UTF-16 code unit: 1 when some pattern contains it. A character outside every pattern has
   * no transition from any state, so the scan drops straight back to the root on it. */
  private readonly alphabet = new Uint8Array(0x10000);
  /** Flattened `out` for the scan: the patterns ending at state s are outList[outStart[s], outStart[s + 1]). */
  private outStart: Int32Array = new Int32Array(1);
  private outList: Int32Array = new Int32Array(0);
  /** The same for the extra patterns (index ≥ mainCount). */
  private extraStart: Int32Array = new Int32Array(1);
  private extraList: Int32Array = new Int32Array(0);
  /** Pattern lengths as a typed array (the scan reads them once per hit). */
  private readonly lengthOf: Int32Array;
  /** Character → alphabet class (1…A), 0 for characters in no pattern. */
  private readonly charClass = new Uint16Array(0x10000);
  /**
   * The packed DFA (null when too large): the next state of state s on class a is next[k] when
   * check[k] === rowOf[s], with k = base[s] + a, and else the root's: rootRow[a]. States with the
   * same entries share a row; a state without entries has row -2, which no check holds.
   */
  private dfa: {
    rootRow: Uint16Array;
    base: Int32Array;
    rowOf: Int32Array;
    check: Int32Array;
    next: Uint16Array;
  } | null = null;
  /** States in breadth-first order (parents before children), from the failure-link pass. */
  private order: number[] = [];
  /** Children of every state as [char, state] pairs. */
  private children: [number, number][][] = [];

  /** Patterns below this index are reported in the main hit list, the others in the extra one. */
  readonly mainCount: number;
  /** True when built from saved tables: only the packed DFA exists (scan goes through findInto). */
  readonly restored: boolean;

  /**
   * @param maxDfaEntries most packed DFA entries (entries that differ from the root's) to build; beyond it the scan
   * uses the hash of goto edges and the failure links instead (same hits, slower).
   * @param mainCount patterns from this index on are "extra": findInto reports their hits in a
   * second list when it is given one (default: all patterns are main).
   * @param saved the tables of an automaton built before for the same patterns and main count
   * (see `tables`): used as they are when they match, else ignored.
   */
  constructor(
    readonly patterns: readonly string[],
    private readonly maxDfaEntries = MAX_DFA_ENTRIES,
    mainCount = patterns.length,
    saved?: AutomatonTables | null,
  ) {
    this.mainCount = mainCount;
    this.lengths = patterns.map((p) => p.length);
    this.lengthOf = Int32Array.from(this.lengths);
    this.fail = new Int32Array(0);
    this.restored = saved != null && sameTables(saved, patterns, mainCount);
    if (this.restored) {
      this.restore(saved!);
      return;
    }
    const own: (number[] | null)[] = [null];
    patterns.forEach((p, index) => {
      if (p.length === 0) throw new Error('AhoCorasick: empty pattern');
      let state = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        this.alphabet[c] = 1;
        let next = this.goto(state, c);
        if (next < 0) {
          next = this.stateCount++;
          own.push(null);
          this.setGoto(state, c, next);
        }
        state = next;
      }
      (own[state] ??= []).push(index);
    });
    this.fail = new Int32Array(this.stateCount);
    this.out = own;
    this.buildFailureLinks();
    this.buildHash();
    this.buildOutLists();
    this.buildDfa();
    this.order = [];
    this.children = [];
  }

  /** The scan tables, to save and give back to the constructor (null when there is no packed DFA). */
  tables(): AutomatonTables | null {
    const dfa = this.dfa;
    if (!dfa) return null;
    const chars: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (this.charClass[c] !== 0) chars.push(c);
    return {
      patterns: [...this.patterns],
      mainCount: this.mainCount,
      states: this.stateCount,
      chars: Uint16Array.from(chars),
      ...dfa,
      outStart: this.outStart,
      outList: this.outList,
      extraStart: this.extraStart,
      extraList: this.extraList,
    };
  }

  private restore(t: AutomatonTables): void {
    this.stateCount = t.states;
    t.chars.forEach((c, k) => {
      this.charClass[c] = k + 1;
      this.alphabet[c] = 1;
    });
    this.dfa = { rootRow: t.rootRow, base: t.base, rowOf: t.rowOf, check: t.check, next: t.next };
    this.outStart = t.outStart;
    this.outList = t.outList;
    this.extraStart = t.extraStart;
    this.extraList = t.extraList;
  }

  private buildDfa(): void {
    let classes = 0;
    for (let c = 0; c < 0x10000; c++) if (this.alphabet[c] === 1) this.charClass[c] = ++classes;
    const stride = classes + 1;
    if (this.stateCount > 0x10000) return;
    const rootRow = new Uint16Array(stride);
    for (const [c, t] of this.children[0]!) rootRow[this.charClass[c]!] = t;
    // Each state's entries that differ from the root's row, as [class, next] pairs sorted by
    // class: those of its failure state (parents come first), overridden by its own edges.
    const diff: [number, number][][] = new Array<[number, number][]>(this.stateCount);
    diff[0] = [];
    let total = 0;
    for (const s of this.order) {
      const inherited = diff[this.fail[s]!]!;
      const own = this.children[s]!.map(([c, t]): [number, number] => [this.charClass[c]!, t]);
      let row = inherited;
      if (own.length) {
        const mine = new Map(inherited);
        for (const [a, t] of own) {
          if (t === rootRow[a]) mine.delete(a);
          else mine.set(a, t);
        }
        row = [...mine].sort((x, y) => x[0] - y[0]);
      }
      diff[s] = row;
      total += row.length;
      if (total > this.maxDfaEntries) return;
    }
    // States with the same entries share one row (a state without children has its failure
    // state's row): rows are identified by their array.
    const rowIds = new Map<[number, number][], number>();
    const rowOf = new Int32Array(this.stateCount).fill(-2);
    const rows: [number, number][][] = [];
    for (let s = 1; s < this.stateCount; s++) {
      const row = diff[s]!;
      if (!row.length) continue;
      let id = rowIds.get(row);
      if (id === undefined) {
        id = rows.length;
        rows.push(row);
        rowIds.set(row, id);
      }
      rowOf[s] = id;
    }
    // The scan packs a row number into 15 bits (see scanTables).
    if (rows.length >= NO_ROW) return;
    // First fit, largest rows first: the lowest base where none of the row's slots is taken. The
    // first slot is looked for among the free slots only, through next-free links (`link[i]`
    // leads towards the first free slot at or after i).
    const order = rows.map((_, i) => i).sort((x, y) => rows[y]!.length - rows[x]!.length || x - y);
    // Kept longer than size + stride: a row always fits past every slot taken so far.
    let length = total + stride * 4;
    let check = new Int32Array(length).fill(-1);
    let next = new Uint16Array(length);
    let link = new Int32Array(length + 1);
    for (let i = 0; i <= length; i++) link[i] = i;
    const rowBase = new Int32Array(rows.length);
    let size = stride;
    for (const r of order) {
      const row = rows[r]!;
      const n = row.length;
      const at = Int32Array.from(row, (e) => e[0]);
      const first = at[0]!;
      const fits = (b: number): boolean => {
        let k = 1;
        while (k < n && check[b + at[k]!] === -1) k++;
        return k === n;
      };
      let f = first;
      for (;;) {
        // f = the first free slot at or after f (path halving).
        while (link[f] !== f) {
          const j = link[link[f]!]!;
          link[f] = j;
          f = j;
        }
        if (fits(f - first)) break;
        f++;
      }
      const b = f - first;
      for (const [a, t] of row) {
        check[b + a] = r;
        next[b + a] = t;
        link[b + a] = b + a + 1;
      }
      rowBase[r] = b;
      size = Math.max(size, b + stride);
      if (size + stride >= length) {
        const grown = length * 2;
        const c = new Int32Array(grown).fill(-1);
        c.set(check);
        const nx = new Uint16Array(grown);
        nx.set(next);
        const l = new Int32Array(grown + 1);
        l.set(link.subarray(0, length));
        for (let i = length; i <= grown; i++) l[i] = i;
        check = c;
        next = nx;
        link = l;
        length = grown;
      }
    }
    const base = new Int32Array(this.stateCount);
    for (let s = 0; s < this.stateCount; s++) if (rowOf[s]! >= 0) base[s] = rowBase[rowOf[s]!]!;
    this.dfa = { rootRow, base, rowOf, check: check.slice(0, size), next: next.slice(0, size) };
  }

  private buildOutLists(): void {
    const main = this.mainCount;
    const split = (keep: (p: number) => boolean): [Int32Array, Int32Array] => {
      const start = new Int32Array(this.stateCount + 1);
      const list: number[] = [];
      for (let s = 0; s < this.stateCount; s++) {
        start[s] = list.length;
        for (const p of this.out[s] ?? []) if (keep(p)) list.push(p);
      }
      start[this.stateCount] = list.length;
      return [start, Int32Array.from(list)];
    };
    [this.outStart, this.outList] = split((p) => p < main);
    [this.extraStart, this.extraList] = split((p) => p >= main);
  }

  private buildHash(): void {
    let size = 2;
    while (size < this.edges.size * 2) size *= 2;
    this.hashKeys = new Int32Array(size).fill(-1);
    this.hashVals = new Int32Array(size);
    this.hashMask = size - 1;
    for (const [key, next] of this.edges) {
      let slot = Math.imul(key, 0x9e3779b1) >>> 0;
      for (;;) {
        slot &= this.hashMask;
        if (this.hashKeys[slot] === -1) break;
        slot++;
      }
      this.hashKeys[slot] = key;
      this.hashVals[slot] = next;
    }
  }

  get size(): number {
    return this.stateCount;
  }

  private goto(state: number, c: number): number {
    if (state === 0) return this.root[c]!;
    return this.edges.get(state * 0x10000 + c) ?? -1;
  }

  private setGoto(state: number, c: number, next: number): void {
    if (state === 0) this.root[c] = next;
    else this.edges.set(state * 0x10000 + c, next);
  }

  private buildFailureLinks(): void {
    // Children of every state, for the breadth-first walk.
    const children: [number, number][][] = Array.from({ length: this.stateCount }, () => []);
    for (let c = 0; c < 0x10000; c++) {
      const s = this.root[c]!;
      if (s > 0) children[0]!.push([c, s]);
    }
    for (const [key, s] of this.edges) children[Math.floor(key / 0x10000)]!.push([key % 0x10000, s]);
    const queue: number[] = [];
    for (const [, s] of children[0]!) {
      this.fail[s] = 0;
      queue.push(s);
    }
    this.children = children;
    this.order = queue;
    for (let qi = 0; qi < queue.length; qi++) {
      const r = queue[qi]!;
      for (const [c, s] of children[r]!) {
        queue.push(s);
        let f = this.fail[r]!;
        while (f !== 0 && this.goto(f, c) < 0) f = this.fail[f]!;
        const g = this.goto(f, c);
        this.fail[s] = g >= 0 && g !== s ? g : 0;
        const inherited = this.out[this.fail[s]!];
        if (inherited) this.out[s] = [...(this.out[s] ?? []), ...inherited];
      }
    }
  }

  /** Calls `onHit` for every occurrence of every pattern in text[start, end), in order of end position. */
  scan(text: string, onHit: (pattern: number, start: number, end: number) => void, start = 0, end = text.length): void {
    if (this.restored) {
      // Only the DFA was saved: the same hits through findInto (at one end, main patterns first).
      const list = new HitList();
      this.findInto(list, text, start, end);
      for (let i = 0; i < list.length; i++) onHit(list.pattern[i]!, list.start[i]!, list.end[i]!);
      return;
    }
    const root = this.root;
    const edges = this.edges;
    const fail = this.fail;
    const out = this.out;
    const lengths = this.lengths;
    let state = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      for (;;) {
        const next = state === 0 ? root[c]! : (edges.get(state * 0x10000 + c) ?? -1);
        if (next >= 0) {
          state = next;
          break;
        }
        if (state === 0) break;
        state = fail[state]!;
      }
      const found = out[state];
      if (found) for (const p of found) onHit(p, i + 1 - lengths[p]!, i + 1);
    }
  }

  /** All hits in text[start, end), ordered by end position. */
  findAll(text: string, start = 0, end = text.length): AcHit[] {
    const list = new HitList();
    this.findInto(list, text, start, end);
    const hits: AcHit[] = [];
    for (let i = 0; i < list.length; i++)
      hits.push({ pattern: list.pattern[i]!, start: list.start[i]!, end: list.end[i]! });
    return hits;
  }

  /**
   * Writes all hits in text[start, end), ordered by end position, into `list` (which is cleared
   * first); the extra patterns' hits into `extra` (also cleared) when it is given.
   */
  findInto(list: HitList, text: string, start = 0, end = text.length, extra: HitList = list): void {
    list.length = 0;
    extra.length = 0;
    if (this.dfa) {
      this.findIntoDfa(this.dfa, list, extra, text, start, end);
      return;
    }
    const extraStart = this.extraStart;
    const extraList = this.extraList;
    const root = this.root;
    const alphabet = this.alphabet;
    const keys = this.hashKeys;
    const vals = this.hashVals;
    const mask = this.hashMask;
    const fail = this.fail;
    const outStart = this.outStart;
    const outList = this.outList;
    const lengths = this.lengthOf;
    let state = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (alphabet[c] === 0) {
        // No pattern contains c: every state falls back to the root, which has no edge on c.
        state = 0;
        continue;
      }
      for (;;) {
        let next = -1;
        if (state === 0) next = root[c]!;
        else {
          const key = state * 0x10000 + c;
          let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
          for (;;) {
            const k = keys[slot]!;
            if (k === key) {
              next = vals[slot]!;
              break;
            }
            if (k === -1) break;
            slot = (slot + 1) & mask;
          }
        }
        if (next >= 0) {
          state = next;
          break;
        }
        if (state === 0) break;
        state = fail[state]!;
      }
      const to = outStart[state + 1]!;
      for (let o = outStart[state]!; o < to; o++) {
        const p = outList[o]!;
        list.push(p, i + 1 - lengths[p]!, i + 1);
      }
      const xto = extraStart[state + 1]!;
      for (let o = extraStart[state]!; o < xto; o++) {
        const p = extraList[o]!;
        extra.push(p, i + 1 - lengths[p]!, i + 1);
      }
    }
  }

  /**
   * findInto on the packed DFA table, in the form of scanTables: per character one read of the
   * character's class, one of the current state's record (read for the previous character's
   * output flags already) and one of the table's cell.
   */
  private findIntoDfa(
    dfa: NonNullable<AhoCorasick['dfa']>,
    list: HitList,
    extra: HitList,
    text: string,
    start: number,
    end: number,
  ): void {
    const extraStart = this.extraStart;
    const extraList = this.extraList;
    const charClass = this.charClass;
    const rootRow = dfa.rootRow;
    const { cell, info } = this.scanTables();
    const outStart = this.outStart;
    const outList = this.outList;
    const lengths = this.lengthOf;
    // The lists' arrays and lengths are kept in locals (written back at the end); a list is grown
    // (and its arrays read again) when a state's hits might not fit.
    let n = list.length;
    let hitPattern = list.pattern;
    let hitStart = list.start;
    let hitEnd = list.end;
    let xn = extra.length;
    let xPattern = extra.pattern;
    let xStart = extra.start;
    let xEnd = extra.end;
    // One list for both (findInto's default): the extra hits go on after the main ones.
    const same = extra === list;
    let state = 0;
    for (let i = start; i < end; i++) {
      const a = charClass[text.charCodeAt(i)]!;
      if (a === 0) {
        state = 0;
        continue;
      }
      const s2 = state << 1;
      const v = cell[info[s2]! + a]!;
      state = (v & ROW_MASK) === (info[s2 + 1]! & ROW_MASK) ? v & 0xffff : rootRow[a]!;
      const flags = info[(state << 1) + 1]! & 3;
      if (flags === 0) continue;
      if ((flags & 1) !== 0) {
        const from = outStart[state]!;
        const to = outStart[state + 1]!;
        while (n + (to - from) > hitPattern.length) {
          list.length = n;
          list.grow();
          hitPattern = list.pattern;
          hitStart = list.start;
          hitEnd = list.end;
        }
        for (let o = from; o < to; o++) {
          const p = outList[o]!;
          hitPattern[n] = p;
          hitStart[n] = i + 1 - lengths[p]!;
          hitEnd[n] = i + 1;
          n++;
        }
      }
      if ((flags & 2) !== 0) {
        if (same) {
          xn = n;
          xPattern = hitPattern;
          xStart = hitStart;
          xEnd = hitEnd;
        }
        const from = extraStart[state]!;
        const to = extraStart[state + 1]!;
        while (xn + (to - from) > xPattern.length) {
          extra.length = xn;
          extra.grow();
          xPattern = extra.pattern;
          xStart = extra.start;
          xEnd = extra.end;
        }
        for (let o = from; o < to; o++) {
          const p = extraList[o]!;
          xPattern[xn] = p;
          xStart[xn] = i + 1 - lengths[p]!;
          xEnd[xn] = i + 1;
          xn++;
        }
        if (same) {
          n = xn;
          hitPattern = xPattern;
          hitStart = xStart;
          hitEnd = xEnd;
        }
      }
    }
    extra.length = xn;
    list.length = n;
  }

  /**
   * The packed DFA in the form findIntoDfa reads, derived once from its tables: `cell[k]` is
   * check[k] << 16 | next[k] (an empty entry has check EMPTY_ROW), and per state s, `info[2s]` is
   * base[s] and `info[2s + 1]` is rowOf[s] << 16 (NO_ROW for a state without entries) | the
   * state's output flags (1: main patterns end there, 2: extra ones do). The state's base, row
   * and flags lie in one cache line, and an entry's check and next in one read.
   */
  private scanTablesCache: { cell: Int32Array; info: Int32Array } | null = null;
  private scanTables(): { cell: Int32Array; info: Int32Array } {
    if (!this.scanTablesCache) {
      const { base, rowOf, check, next } = this.dfa!;
      const cell = new Int32Array(check.length);
      for (let k = 0; k < check.length; k++) cell[k] = ((check[k]! < 0 ? EMPTY_ROW : check[k]!) << 16) | next[k]!;
      const info = new Int32Array(base.length * 2);
      for (let s = 0; s < base.length; s++) {
        const flags =
          (this.outStart[s + 1]! > this.outStart[s]! ? 1 : 0) | (this.extraStart[s + 1]! > this.extraStart[s]! ? 2 : 0);
        info[2 * s] = base[s]!;
        info[2 * s + 1] = ((rowOf[s]! < 0 ? NO_ROW : rowOf[s]!) << 16) | flags;
      }
      this.scanTablesCache = { cell, info };
    }
    return this.scanTablesCache;
  }
}

/** The row bits of a scan-table word (see scanTables). */
const ROW_MASK = -0x10000;
/** The row of empty cells and the row of states without entries: no packed DFA has that many rows. */
const EMPTY_ROW = 0x7fff;
const NO_ROW = 0x7ffe;

/** True when saved tables were built for these patterns and main count. */
function sameTables(t: AutomatonTables, patterns: readonly string[], mainCount: number): boolean {
  if (t.mainCount !== mainCount || t.patterns.length !== patterns.length) return false;
  for (let i = 0; i < patterns.length; i++) if (t.patterns[i] !== patterns[i]) return false;
  return true;
}
