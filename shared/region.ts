/**
 * The region of an issuing body, from the gazetteer (resources/rules/places.yaml plus a
 * deployment's own names): one derivation for 抽查 strata and the evaluation's figures by region.
 */

/** The last character of a division's full name (a short form such as 杭州 may end in 州 too). */
const DIVISION_END = /[省市县区盟旗]$/;
/** A division's suffix after a short form. */
const SUFFIX = /^[省市县区]/;

/** Looks up place names (the gazetteer's full names and short forms) at a position of a text. */
export class PlaceIndex {
  private readonly names: Set<string>;
  private readonly longest: number;

  constructor(names: Iterable<string>) {
    this.names = new Set([...names].filter((n) => n.length >= 2));
    this.longest = Math.max(0, ...[...this.names].map((n) => n.length));
  }

  /** The longest place name starting at `at`, or null. */
  at(text: string, at: number): string | null {
    for (let len = Math.min(this.longest, text.length - at); len >= 2; len--) {
      const s = text.slice(at, at + len);
      if (this.names.has(s)) return s;
    }
    return null;
  }

  /**
   * The region of an issuing body: the run of place names at the first place the issuer names one
   * (浙江省杭州市财政局 → 浙江省杭州市; 中共垫江县委 → 垫江县); null when it names none. A short
   * form followed by a division's suffix is a place the gazetteer does not know under that suffix
   * (a deployment's own or a fictional 伊州市, where 伊州 is the short form of another county's
   * 伊州区), so the suffix is kept: 伊州市市场监督管理局 → 伊州市, not 伊州.
   */
  regionOf(issuer: string | null | undefined): string | null {
    const text = (issuer ?? '').replace(/\s+/g, '');
    for (let i = 0; i < text.length - 1; i++) {
      let name = this.at(text, i);
      if (!name) continue;
      let region = '';
      let j = i;
      while (name) {
        region += name;
        j += name.length;
        if (!DIVISION_END.test(name) && SUFFIX.test(text.charAt(j))) region += text.charAt(j++);
        name = this.at(text, j);
      }
      return region;
    }
    return null;
  }
}
