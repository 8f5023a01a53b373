/** A copy of a typed array at twice its capacity (the growable lists of the scanner keep Int32Arrays). */
export function doubled(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
