/**
 * Search hits grouped by document, in the order their documents first appear in the ranking, so
 * four copies of one policy read as four documents rather than one repeated hit.
 */
export interface HitGroup<R> {
  documentId: number;
  title: string;
  /** The imported file's name, when known. */
  fileName: string | null;
  hits: R[];
}

export function groupByDocument<R extends { documentId: number; title: string }>(
  results: readonly R[],
  fileNames: ReadonlyMap<number, string> = new Map(),
): HitGroup<R>[] {
  const groups = new Map<number, HitGroup<R>>();
  for (const r of results) {
    let g = groups.get(r.documentId);
    if (!g) {
      g = { documentId: r.documentId, title: r.title, fileName: fileNames.get(r.documentId) ?? null, hits: [] };
      groups.set(r.documentId, g);
    }
    g.hits.push(r);
  }
  return [...groups.values()];
}
