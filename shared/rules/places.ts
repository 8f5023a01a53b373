/**
 * The gazetteer's recogniser: finds which of several thousand place names occur in a span of
 * text. Every name has at least two characters, so a table of first characters and a map from
 * the first two characters to the names starting with them find them with one array read per
 * character (an Aho–Corasick automaton this size would not fit its dense table).
 */
export class Gazetteer {
  private readonly first = new Uint8Array(0x10000);
  private readonly byPair = new Map<number, string[]>();

  constructor(names: readonly string[]) {
    for (const name of names) {
      if (name.length < 2) continue;
      const a = name.charCodeAt(0);
      const key = (a << 16) | name.charCodeAt(1);
      this.first[a] = 1;
      const list = this.byPair.get(key);
      if (list) list.push(name);
      else this.byPair.set(key, [name]);
    }
  }

  /** The distinct names occurring in text[start, end), sorted; empty when none. */
  find(text: string, start = 0, end = text.length): string[] {
    let found: Set<string> | null = null;
    const first = this.first;
    for (let i = start; i + 1 < end; i++) {
      if (first[text.charCodeAt(i)] === 0) continue;
      const list = this.byPair.get((text.charCodeAt(i) << 16) | text.charCodeAt(i + 1));
      if (!list) continue;
      for (const name of list) {
        if (i + name.length <= end && text.startsWith(name, i)) (found ??= new Set()).add(name);
      }
    }
    return found ? [...found].sort() : [];
  }
}
