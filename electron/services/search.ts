/**
 * Full-text search over every stored document, set up for Chinese. Chinese has no spaces to
 * split words on, so flexsearch indexes each document's distinct character bigrams: a query of
 * two or more characters narrows the documents to those holding all of its bigrams, and an exact
 * substring scan of those candidates yields the matches with their offsets. Results are exact.
 * One-character queries skip the index and scan.
 *
 * Indexing costs about a millisecond per ten thousand characters, so documents are indexed in
 * the background (indexPending): until a document is indexed it is simply scanned, so results
 * are complete at every moment and start-up never waits for the index.
 */
import type { Index } from 'flexsearch';
import { stripWhitespace } from '../../shared/normalize/index.js';
import { flexsearch } from './lazy.js';

export interface SearchMatch {
  documentId: number;
  /** Char offsets of the match in the document's normalised text. */
  start: number;
  end: number;
  before: string;
  match: string;
  after: string;
}

const CONTEXT_CHARS = 30;

/** Canonical form used on both sides: compatibility forms folded (full-width digits, letters). */
function fold(text: string): string {
  const folded = text.normalize('NFKC');
  // Keep offsets valid: only use the folded text where folding kept every char in place.
  return folded.length === text.length ? folded : text;
}

/** The query as searched: folded, whitespace removed. */
export function normalizeQuery(q: string): string {
  return stripWhitespace(q.normalize('NFKC'));
}

function distinctBigrams(text: string): string[] {
  const set = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) {
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    // Whitespace never appears in a query (it is removed), so pairs with it are never looked up.
    if (a <= 32 || b <= 32 || a === 0x3000 || b === 0x3000) continue;
    set.add(text.slice(i, i + 2));
  }
  return [...set];
}

export class SearchIndex {
  private index: Index = new (flexsearch().Index)({
    tokenize: 'strict',
    // Only membership matters (matches are confirmed and ordered afterwards): one score bucket.
    resolution: 1,
    encoder: new (flexsearch().Encoder)({ normalize: false, dedupe: false, split: ' ', minlength: 1 }),
  });
  /** Folded text of each known document, and the original for snippets. */
  private docs = new Map<number, { folded: string; text: string }>();
  /** Documents known but not yet in the flexsearch index (scanned meanwhile). */
  private pending = new Set<number>();

  get size(): number {
    return this.docs.size;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  documentIds(): number[] {
    return [...this.docs.keys()];
  }

  has(documentId: number): boolean {
    return this.docs.has(documentId);
  }

  /** Makes a document searchable at once; `indexNow` also indexes it (else indexPending will). */
  addDocument(documentId: number, text: string, indexNow = true): void {
    this.removeDocument(documentId);
    this.docs.set(documentId, { folded: fold(text), text });
    this.pending.add(documentId);
    if (indexNow) this.indexOne(documentId);
  }

  removeDocument(documentId: number): void {
    if (!this.docs.delete(documentId)) return;
    if (!this.pending.delete(documentId)) this.index.remove(documentId);
  }

  /** Indexes pending documents for up to `budgetMs`; returns how many remain. */
  indexPending(budgetMs = 50): number {
    const until = Date.now() + budgetMs;
    for (const id of this.pending) {
      this.indexOne(id);
      if (Date.now() >= until) break;
    }
    return this.pending.size;
  }

  private indexOne(documentId: number): void {
    const doc = this.docs.get(documentId);
    if (!doc || !this.pending.delete(documentId)) return;
    this.index.add(documentId, distinctBigrams(doc.folded).join(' '));
  }

  /** Every occurrence of the query, documents in id order; at most `limit` matches. */
  search(query: string, limit = 200, documentIds?: Iterable<number>): SearchMatch[] {
    const q = normalizeQuery(query);
    if (!q) return [];
    let candidates: number[];
    if (q.length >= 2) {
      const grams = new Set<string>();
      for (let i = 0; i + 1 < q.length; i++) grams.add(q.slice(i, i + 2));
      candidates = this.index.search([...grams].join(' '), { limit: this.docs.size || 1 }) as number[];
      candidates.push(...this.pending);
    } else {
      candidates = [...this.docs.keys()];
    }
    if (documentIds) {
      const allowed = new Set(documentIds);
      candidates = candidates.filter((id) => allowed.has(id));
    }
    const out: SearchMatch[] = [];
    for (const id of candidates.sort((a, b) => a - b)) {
      const doc = this.docs.get(id);
      if (!doc) continue;
      let at = doc.folded.indexOf(q);
      while (at >= 0) {
        out.push(this.matchAt(id, doc.text, at, q.length));
        if (out.length >= limit) return out;
        at = doc.folded.indexOf(q, at + q.length);
      }
    }
    return out;
  }

  private matchAt(documentId: number, text: string, at: number, length: number): SearchMatch {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const lineEnd = text.indexOf('\n', at + length);
    return {
      documentId,
      start: at,
      end: at + length,
      before: text.slice(Math.max(lineStart, at - CONTEXT_CHARS), at),
      match: text.slice(at, at + length),
      after: text.slice(at + length, Math.min(lineEnd < 0 ? text.length : lineEnd, at + length + CONTEXT_CHARS)),
    };
  }
}
