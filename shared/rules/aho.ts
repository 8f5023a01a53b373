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
 * the root): one table read per character, no failure-link walk. When that table would be too
 * large, the scan falls back to an open-addressing hash of the goto edges and the failure links.
 */

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
    if (this.length === this.pattern.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.pattern = grow(this.pattern);
      this.start = grow(this.start);
      this.end = grow(this.end);
    }
    this.pattern[this.length] = pattern;
    this.start[this.length] = start;
    this.end[this.length] = end;
    this.length++;
  }
}

/** Default largest DFA table (entries, 2 bytes each) built for a scan. */
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
  private outStart = new Int32Array(1);
  private outList = new Int32Array(0);
  /** Pattern lengths as a typed array (the scan reads them once per hit). */
  private readonly lengthOf: Int32Array;
  /** Character → alphabet class (1…A), 0 for characters in no pattern. */
  private readonly charClass = new Uint16Array(0x10000);
  /** DFA: next state of state s on class a at dfa[s * stride + a] (null when too large). 16-bit
   * entries keep the table small enough to stay mostly in cache. */
  private dfa: Uint16Array | null = null;
  private stride = 1;
  /** States in breadth-first order (parents before children), from the failure-link pass. */
  private order: number[] = [];
  /** Children of every state as [char, state] pairs. */
  private children: [number, number][][] = [];

  /**
   * @param maxDfaEntries largest DFA table (states × alphabet classes) to build; beyond it the scan
   * uses the hash of goto edges and the failure links instead (same hits, slower).
   */
  constructor(
    readonly patterns: readonly string[],
    private readonly maxDfaEntries = MAX_DFA_ENTRIES,
  ) {
    this.lengths = patterns.map((p) => p.length);
    this.lengthOf = Int32Array.from(this.lengths);
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

  private buildDfa(): void {
    let classes = 0;
    for (let c = 0; c < 0x10000; c++) if (this.alphabet[c] === 1) this.charClass[c] = ++classes;
    const stride = classes + 1;
    if (this.stateCount > 0x10000 || this.stateCount * stride > this.maxDfaEntries) return;
    const dfa = new Uint16Array(this.stateCount * stride);
    // Root: its own edges; every other class stays at the root (0).
    for (const [c, t] of this.children[0]!) dfa[this.charClass[c]!] = t;
    // Deeper states, parents first: the failure state's row, overridden by the state's own edges.
    for (const s of this.order) {
      const row = s * stride;
      const f = this.fail[s]! * stride;
      dfa.copyWithin(row, f, f + stride);
      for (const [c, t] of this.children[s]!) dfa[row + this.charClass[c]!] = t;
    }
    this.dfa = dfa;
    this.stride = stride;
  }

  private buildOutLists(): void {
    const start = new Int32Array(this.stateCount + 1);
    let total = 0;
    for (let s = 0; s < this.stateCount; s++) {
      start[s] = total;
      total += this.out[s]?.length ?? 0;
    }
    start[this.stateCount] = total;
    const list = new Int32Array(total);
    for (let s = 0; s < this.stateCount; s++) list.set(this.out[s] ?? [], start[s]!);
    this.outStart = start;
    this.outList = list;
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

  /** Writes all hits in text[start, end), ordered by end position, into `list` (which is cleared first). */
  findInto(list: HitList, text: string, start = 0, end = text.length): void {
    list.length = 0;
    if (this.dfa) {
      this.findIntoDfa(this.dfa, list, text, start, end);
      return;
    }
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
    }
  }

  /** findInto on the DFA table. */
  private findIntoDfa(dfa: Uint16Array, list: HitList, text: string, start: number, end: number): void {
    const charClass = this.charClass;
    const stride = this.stride;
    const outStart = this.outStart;
    const outList = this.outList;
    const lengths = this.lengthOf;
    let state = 0;
    for (let i = start; i < end; i++) {
      const a = charClass[text.charCodeAt(i)]!;
      if (a === 0) {
        state = 0;
        continue;
      }
      state = dfa[state * stride + a]!;
      const to = outStart[state + 1]!;
      for (let o = outStart[state]!; o < to; o++) {
        const p = outList[o]!;
        list.push(p, i + 1 - lengths[p]!, i + 1);
      }
    }
  }
}
