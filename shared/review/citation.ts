/**
 * How a reviewer cites a review standard: in words, by the provision of 《公平竞争审查条例实施办法》
 * with the 《公平竞争审查条例》 provision beside it, then the standard's short title; the internal
 * code stays a secondary tag. Also the word search of the manual-finding picker. Pure: the
 * renderer and the exports use the same wording.
 */
import type { Standard } from '../rules/types.js';

/** A standard cited in words. */
export interface Citation {
  /** e.g. 《实施办法》第十九条第（四）项 */
  measure: string;
  /** e.g. 《条例》第十条第（三）项 */
  regulation: string;
  /** The standard's short title. */
  title: string;
  /** The internal code (secondary tag). */
  code: string;
}

type Cited = Pick<Standard, 'id' | 'measure' | 'regulation' | 'title'>;

/** "实施办法第十九条第（四）项" → "《实施办法》第十九条第（四）项"; other text is kept. */
function quoteAct(provision: string, act: '实施办法' | '条例'): string {
  const p = provision.trim();
  return p.startsWith(act) ? `《${act}》${p.slice(act.length)}` : p;
}

export function citeStandard(standard: Cited): Citation {
  return {
    measure: quoteAct(standard.measure, '实施办法'),
    regulation: quoteAct(standard.regulation, '条例'),
    title: standard.title,
    code: standard.id,
  };
}

/** One line: 《实施办法》第十九条第（四）项（《条例》第十条第（三）项）短标题 */
export function citationText(standard: Cited): string {
  const c = citeStandard(standard);
  return `${c.measure}（${c.regulation}）${c.title}`;
}

/**
 * Standards matching every word of a query (split at spaces), in their title, description or
 * provisions or by code; an empty query matches all. Order is kept.
 */
export function searchStandards<S extends Cited & Pick<Standard, 'description'>>(
  standards: readonly S[],
  query: string,
): S[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...standards];
  return standards.filter((s) => {
    const hay = [s.title, s.description, s.measure, s.regulation, s.id].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
