/**
 * The gazetteer's recogniser: finds which of several thousand place names occur in a span of
 * text. Every name has at least two characters, so tables of first and second characters and a
 * hash from the first two characters to the names starting with them find them with one or two
 * array reads per character (an Aho–Corasick automaton this size would not fit its dense table).
 */
export class Gazetteer {
  private readonly first = new Uint8Array(0x10000);
  private readonly second = new Uint8Array(0x10000);
  /** Open-addressing hash of the first two characters (a << 16 | b) → index in `lists` + 1 (0: empty). */
  private readonly keys: Int32Array;
  private readonly vals: Int32Array;
  private readonly mask: number;
  private readonly lists: string[][] = [];

  constructor(names: readonly string[]) {
    const byPair = new Map<number, string[]>();
    for (const name of names) {
      if (name.length < 2) continue;
      const a = name.charCodeAt(0);
      const b = name.charCodeAt(1);
      const key = (a << 16) | b;
      this.first[a] = 1;
      this.second[b] = 1;
      const list = byPair.get(key);
      if (list) list.push(name);
      else byPair.set(key, [name]);
    }
    let size = 16;
    while (size < byPair.size * 2) size *= 2;
    this.keys = new Int32Array(size);
    this.vals = new Int32Array(size);
    this.mask = size - 1;
    for (const [key, list] of byPair) {
      let slot = hash(key) & this.mask;
      while (this.vals[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.lists.push(list);
      this.vals[slot] = this.lists.length;
    }
  }

  /** The names starting with the characters a, b (null: none). */
  private namesAt(a: number, b: number): string[] | null {
    const key = (a << 16) | b;
    const keys = this.keys;
    const vals = this.vals;
    for (let slot = hash(key) & this.mask; ; slot = (slot + 1) & this.mask) {
      const v = vals[slot]!;
      if (v === 0) return null;
      if (keys[slot] === key) return this.lists[v - 1]!;
    }
  }

  /** The distinct names occurring in text[start, end), sorted; empty when none. */
  find(text: string, start = 0, end = text.length): string[] {
    const out: string[] = [];
    out.length = this.findInto(out, text, start, end);
    return out;
  }

  /**
   * Writes the distinct names occurring in text[start, end), sorted, to out[0…] and returns how
   * many (entries of `out` past them are left as they are).
   */
  findInto(out: string[], text: string, start = 0, end = text.length): number {
    let n = 0;
    const first = this.first;
    const second = this.second;
    for (let i = start; i + 1 < end; i++) {
      if (first[text.charCodeAt(i)] === 0 || second[text.charCodeAt(i + 1)] === 0) continue;
      const list = this.namesAt(text.charCodeAt(i), text.charCodeAt(i + 1));
      if (!list) continue;
      for (let k = 0; k < list.length; k++) {
        const name = list[k]!;
        if (i + name.length > end || !text.startsWith(name, i)) continue;
        // Sorted insertion of a name not yet found (a scope has few).
        let j = n;
        while (j > 0 && out[j - 1]! > name) j--;
        if (j > 0 && out[j - 1] === name) continue;
        for (let m = n; m > j; m--) out[m] = out[m - 1]!;
        out[j] = name;
        n++;
      }
    }
    return n;
  }
}

function hash(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 16;
}
