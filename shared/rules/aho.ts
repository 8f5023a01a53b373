/**
 * An Aho–Corasick automaton over UTF-16 code units: all literal patterns of the rule set are
 * found in one left-to-right pass, whatever their number.
 *
 * The root has a dense 64K transition table (most characters of a Chinese text start no pattern
 * and are rejected with one array read); deeper states keep their few transitions in one shared
 * Map keyed by state and character.
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

  constructor(readonly patterns: readonly string[]) {
    this.lengths = patterns.map((p) => p.length);
    const own: (number[] | null)[] = [null];
    patterns.forEach((p, index) => {
      if (p.length === 0) throw new Error('AhoCorasick: empty pattern');
      let state = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
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
    const root = this.root;
    const keys = this.hashKeys;
    const vals = this.hashVals;
    const mask = this.hashMask;
    const fail = this.fail;
    const out = this.out;
    const lengths = this.lengths;
    let state = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
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
      const found = out[state];
      if (found) for (const p of found) list.push(p, i + 1 - lengths[p]!, i + 1);
    }
  }
}
