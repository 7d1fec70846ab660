/**
 * Ordering of operator releases, for version checks that keep working as releases are added:
 * compare ranks (`operatorAtLeast(v, '1.16')`), never ids.
 */

/** A comparable rank: `1.15` -> 1015; `main` ranks above every release. */
export function operatorRank(id: string): number {
  if (id === 'main') return Number.MAX_SAFE_INTEGER;
  const m = /^(\d+)\.(\d+)/.exec(id);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : 0;
}

/** Whether operator `id` is `release` or newer (`main` counts as newer than every release). */
export function operatorAtLeast(id: string, release: string): boolean {
  return operatorRank(id) >= operatorRank(release);
}
