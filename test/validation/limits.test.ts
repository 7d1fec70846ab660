/**
 * checkExpansion at the edges of its limits: the walk without allocation that takes the common case
 * and the exact measure it falls back to must agree on every side of every limit.
 */
import { DEFAULT_LIMITS, checkExpansion, resolveLimits } from '../../lib/validation/limits';

const limits = (l: Partial<typeof DEFAULT_LIMITS>) => resolveLimits(l);

/** `n` objects nested in each other. */
function chain(n: number): any {
  let v: any = { leaf: 1 };
  for (let i = 1; i < n; i++) v = { next: v };
  return v;
}

describe('checkExpansion', () => {
  test('nesting: exactly maxDepth objects deep passes, one more fails naming maxDepth', () => {
    expect(checkExpansion(chain(10), limits({ maxDepth: 10 }))).toBeUndefined();
    expect(checkExpansion(chain(11), limits({ maxDepth: 10 }))?.limit).toBe('maxDepth');
    expect(checkExpansion([[[[1]]]], limits({ maxDepth: 4 }))).toBeUndefined();
    expect(checkExpansion([[[[[1]]]]], limits({ maxDepth: 4 }))?.limit).toBe('maxDepth');
  });

  test('a cycle is named as an endless structure, also under a depth limit above the recursion-safe one', () => {
    const a: any = { b: {} };
    a.b.a = a;
    for (const maxDepth of [256, 100_000]) {
      expect(checkExpansion(a, limits({ maxDepth }))).toEqual({ limit: 'maxAliasNodes', message: expect.stringMatching(/endless/) });
    }
  });

  test('shared objects: what they add is measured against maxAliasNodes, not the size of the tree', () => {
    // 10 references to one object of 10 scalars: expanded, 1 + 10 * 11 = 111 nodes; distinct, the
    // list and the object with its 10 scalars, 12: aliases add 99.
    const shared = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    const value = Array.from({ length: 10 }, () => shared);
    expect(checkExpansion(value, limits({ maxAliasNodes: 99 }))).toBeUndefined();
    expect(checkExpansion(value, limits({ maxAliasNodes: 98 }))?.limit).toBe('maxAliasNodes');
    // A tree without sharing larger than maxAliasNodes adds nothing through aliases.
    const big = Array.from({ length: 500 }, (_, i) => ({ i }));
    expect(checkExpansion(big, limits({ maxAliasNodes: 100 }))).toBeUndefined();
  });

  test('only own enumerable fields count, as for every other walk over manifests', () => {
    const proto = { inherited: chain(50) };
    const v = Object.create(proto);
    v.own = 1;
    expect(checkExpansion(v, limits({ maxDepth: 5 }))).toBeUndefined();
  });
});
