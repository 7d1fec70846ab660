/**
 * Limits on untrusted input: how much the linter reads, expands and prints. Every limit that is
 * reached is an error naming the input and the limit, never a crash or a silent truncation.
 */

/** Limits on what the linter reads and expands. Every field is optional; unset fields use the defaults. */
export interface InputLimits {
  /** Largest file (or stdin) read, in bytes. @default 33554432 (32 MiB) */
  readonly maxFileBytes?: number;
  /**
   * Most YAML nodes that aliases (`*anchor`) may add to one document when expanded, counted as the
   * expanded size of every alias. @default 100000
   */
  readonly maxAliasNodes?: number;
  /** Deepest nesting of maps and lists in one resource. @default 256 */
  readonly maxDepth?: number;
  /** Most flinkConfiguration keys of one resource, after flattening nested maps. @default 10000 */
  readonly maxConfigKeys?: number;
  /** Most findings printed per rule; the rest are counted. @default 200 */
  readonly maxFindingsPerRule?: number;
}

/** The defaults of every limit. */
export const DEFAULT_LIMITS: Required<InputLimits> = Object.freeze({
  maxFileBytes: 32 * 1024 * 1024,
  maxAliasNodes: 100_000,
  maxDepth: 256,
  maxConfigKeys: 10_000,
  maxFindingsPerRule: 200,
});

/** The limits with defaults filled in; a non-positive or non-numeric value is an error. */
export function resolveLimits(limits: InputLimits | undefined): Required<InputLimits> {
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  if (limits && typeof limits === 'object') {
    for (const k of Object.keys(DEFAULT_LIMITS)) {
      const v = (limits as Record<string, unknown>)[k];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
        throw new LimitError(`limit ${k} is ${JSON.stringify(v)}; it must be a whole number of at least 1`, k);
      }
      out[k] = v;
    }
  }
  return out as Required<InputLimits>;
}

/** Bytes as a short human text: `32 MiB`, `1.5 KiB`, `12 bytes`. */
export function formatBytes(n: number): string {
  const units: Array<[number, string]> = [[1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB']];
  for (const [f, u] of units) {
    if (n >= f) {
      const v = n / f;
      return `${Number.isInteger(v) ? v : v.toFixed(1)} ${u}`;
    }
  }
  return `${n} bytes`;
}

/**
 * A limit was reached. `limit` names the InputLimits field; `index` is the resource's position in
 * the input when the limit is about one resource (the CLI maps it back to the file).
 */
export class LimitError extends Error {
  constructor(message: string, public readonly limit: string, public readonly index?: number) {
    super(message);
    this.name = 'LimitError';
  }
}

/**
 * Checks a parsed value for what aliases can do to it: a reference cycle (`&a [*a]`), more nodes
 * added by expansion than `maxAliasNodes`, or nesting deeper than `maxDepth`. Runs in time linear
 * in the number of distinct objects (a shared object is measured once). Returns the limit reached
 * and a message, or undefined when the value is within the limits.
 */
export function checkExpansion(value: unknown, limits: Required<InputLimits>): { readonly limit: string; readonly message: string } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (withinAsTree(value, limits)) return undefined;
  return measureExpansion(value, limits);
}

const RECURSION_SAFE_DEPTH = 2000;

/**
 * The common case, without allocating: walks the value as a tree (a shared object once per place
 * it occurs), counting what `measureExpansion` counts as the expanded size. True when every path is
 * at most `maxDepth` objects deep and the whole walk stays within `maxAliasNodes` nodes: then what
 * aliases add (at most the expanded size) is within the limit, and there is no cycle (a cycle is an
 * endless path). Anything else, false: `measureExpansion` decides, and names the limit.
 */
function withinAsTree(root: object, limits: Required<InputLimits>): boolean {
  const maxDepth = limits.maxDepth;
  // The walk recurses once per level: a very high limit is left to the iterative measure.
  if (maxDepth > RECURSION_SAFE_DEPTH) return false;
  // The node budget lives in the module (no closure per manifest); the walk calls nothing that
  // could start another one.
  budget = limits.maxAliasNodes;
  return --budget >= 0 && visitTree(root, 1, maxDepth);
}

/** Nodes `visitTree` may still visit. */
let budget = 0;

function visitTree(node: any, depth: number, maxDepth: number): boolean {
  if (depth > maxDepth) return false;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      if (--budget < 0) return false;
      const c = node[i];
      if (c !== null && typeof c === 'object' && !visitTree(c, depth + 1, maxDepth)) return false;
    }
    return true;
  }
  for (const k in node) {
    if (!Object.prototype.hasOwnProperty.call(node, k)) continue;
    if (--budget < 0) return false;
    const c = node[k];
    if (c !== null && typeof c === 'object' && !visitTree(c, depth + 1, maxDepth)) return false;
  }
  return true;
}

/** The exact measure: expanded size against distinct objects, depth, cycles (see checkExpansion). */
function measureExpansion(value: object, limits: Required<InputLimits>): { readonly limit: string; readonly message: string } | undefined {
  // Iterative post-order walk. expanded(node) = 1 + sum(expanded(children)), memoised per object, is
  // the size of the tree as every consumer sees it; `distinct` counts each object and its scalar
  // children once. The difference is what aliases added.
  const expanded = new Map<object, number>();
  const depth = new Map<object, number>();
  const onStack = new Set<object>();
  const stack: Array<{ node: object; children: unknown[]; i: number }> = [];
  let distinct = 0;
  const tooDeep = { limit: 'maxDepth', message: `nesting is deeper than ${limits.maxDepth} levels (limit maxDepth)` };
  const bomb = { limit: 'maxAliasNodes', message: `aliases expand to more than ${limits.maxAliasNodes.toLocaleString('en-US')} extra nodes (limit maxAliasNodes)` };
  const push = (node: object) => {
    onStack.add(node);
    stack.push({ node, children: Array.isArray(node) ? node : Object.values(node), i: 0 });
  };
  push(value as object);
  while (stack.length > 0) {
    if (stack.length > limits.maxDepth) return tooDeep;
    const top = stack[stack.length - 1];
    if (top.i < top.children.length) {
      const c = top.children[top.i++];
      if (c === null || typeof c !== 'object' || expanded.has(c)) continue;
      if (onStack.has(c)) return { limit: 'maxAliasNodes', message: 'an alias refers to a node that contains it, an endless structure (limit maxAliasNodes)' };
      push(c);
      continue;
    }
    stack.pop();
    onStack.delete(top.node);
    let e = 1;
    let d = 1;
    distinct++;
    for (const c of top.children) {
      if (c === null || typeof c !== 'object') {
        e++;
        distinct++;
        continue;
      }
      e += expanded.get(c)!;
      const cd = depth.get(c)! + 1;
      if (cd > d) d = cd;
    }
    if (d > limits.maxDepth) return tooDeep;
    if (e - distinct > limits.maxAliasNodes) return bomb;
    expanded.set(top.node, e);
    depth.set(top.node, d);
  }
  return undefined;
}

/**
 * Throws a LimitError (with the index of the first offending manifest) when a manifest is cyclic,
 * nests deeper than `maxDepth` or expands through shared objects (YAML aliases) beyond
 * `maxAliasNodes`. Runs before anything walks the manifests.
 */
export function assertBounded(manifests: readonly unknown[], limits: Required<InputLimits>, what = 'resource'): void {
  manifests.forEach((m, index) => {
    const problem = checkExpansion(m, limits);
    if (problem) throw new LimitError(`${what} ${index + 1}: ${problem.message}`, problem.limit, what === 'resource' ? index : undefined);
  });
}
