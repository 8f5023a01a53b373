/**
 * The standards cited in words, as a 审查意见 writes them: 《实施办法》第十九条第（四）项 with the
 * matching 《条例》 article. The full names are introduced once (“以下简称”) and abbreviated after.
 */
import type { Category, Standard } from '../rules/types.js';
import { CATEGORIES } from '../rules/types.js';

export const REGULATION_NAME = '《公平竞争审查条例》';
export const MEASURE_NAME = '《公平竞争审查条例实施办法》';
export const REGULATION_SHORT = '《条例》';
export const MEASURE_SHORT = '《实施办法》';

/** The first mention of both instruments, introducing their short names. */
export const BASIS_WORDS = `${REGULATION_NAME}（以下简称${REGULATION_SHORT}）和${MEASURE_NAME}（以下简称${MEASURE_SHORT}）`;

/** "实施办法第十九条第（四）项" → "《实施办法》第十九条第（四）项"; likewise for 条例. */
export function measureWords(std: Pick<Standard, 'measure'>): string {
  return std.measure.replace(/^实施办法/, MEASURE_SHORT);
}

/**
 * The 条例 article of a standard. The catch-all lists one article per category (in the order of
 * CATEGORIES); given the category, only that one is cited.
 */
export function regulationWords(std: Pick<Standard, 'regulation' | 'catchAll'>, category?: Category): string {
  let text = std.regulation.replace(/^条例/, '');
  const parts = text.split('、');
  if (std.catchAll && category && parts.length === CATEGORIES.length) text = parts[CATEGORIES.indexOf(category)]!;
  return `${REGULATION_SHORT}${text}`;
}

/** "《实施办法》第十九条第（四）项（《条例》第九条第（二）项）" */
export function citation(std: Pick<Standard, 'measure' | 'regulation' | 'catchAll'>, category?: Category): string {
  return `${measureWords(std)}（${regulationWords(std, category)}）`;
}
