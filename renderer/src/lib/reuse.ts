/**
 * Structural sharing for replaced lists: items of `next` equal field by field (shallowly) to the
 * item with the same id in `previous` are replaced by that previous object, so a view keyed on
 * object identity redraws only what changed (one disposition redraws one card, not a thousand).
 */
export function reuseUnchanged<T extends { id: number }>(previous: readonly T[] | undefined, next: T[]): T[] {
  if (!previous?.length) return next;
  const byId = new Map(previous.map((p) => [p.id, p]));
  return next.map((n) => {
    const p = byId.get(n.id);
    return p && shallowEqual(p, n) ? p : n;
  });
}

function shallowEqual(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
