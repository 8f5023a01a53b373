/**
 * The clause segmenter: normalised text → clause tree, following Chinese drafting conventions.
 * Pure.
 *
 * Legal style (laws, regulations, 办法/细则 with articles):
 *   第X编 › 第X章 › 第X节 › 第X条 › 款 (paragraphs of an article) › 项 （一） › 目 1. › （1） › ①
 * Plan style (notices, plans, opinions):
 *   一、 › （一） › 1. › （1） › ①
 * Each line of the text is one paragraph; a line opens a clause when it starts with a number.
 * An unnumbered line inside an article opens a new 款; elsewhere it belongs to the open clause.
 * Text before the first numbered unit is the preamble.
 *
 * This file only re-exports. The modules, by concern:
 *   markers.ts  — the numbering-marker lexer (also used by the guards, the normaliser and PDF layout)
 *   tree.ts     — lines → clause tree (`segment`)
 *   labels.ts   — clause ids and citation labels
 *   query.ts    — flatten, leaves, the clause (path) at an offset, counts, text
 *   view.ts     — runs of text by clause and the outline, for the reader
 *   numerals.ts — Chinese numerals
 */
export { parseNumeral, toChineseNumeral } from './numerals.js';
export { lexMarker, readMarker, skipLead, skipSpace } from './markers.js';
export type { LegalUnit, LexedMarker, Marker, MarkerStyle } from './markers.js';
export { segment } from './tree.js';
export { clauseAt, clausePathAt, clauseText, countClauses, flattenClauses, leafClauses } from './query.js';
export { clauseOutline, clauseRuns } from './view.js';
export type { ClauseRun, OutlineEntry } from './view.js';
