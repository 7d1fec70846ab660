import { DEFAULT_LIMITS, LimitError } from './limits';
import { joinPath } from './path';

/** Bounds of one flattening. */
export interface FlattenLimits {
  /** Most keys. @default DEFAULT_LIMITS.maxConfigKeys */
  readonly maxKeys?: number;
  /** Deepest nesting. @default DEFAULT_LIMITS.maxDepth */
  readonly maxDepth?: number;
  /** The resource's position in the input, carried by the LimitError. */
  readonly index?: number;
}

/**
 * Flattens a flinkConfiguration value as the operator does: nested maps are joined with '.',
 * lists become one string joined with ';', scalars become their text form. Records, for each key,
 * the path of the field it came from so findings can point at it.
 *
 * Bounded for untrusted input (a YAML alias repeated many times expands here): more than `maxKeys`
 * keys, nesting deeper than `maxDepth` or a map that contains itself throw a LimitError.
 */
export function flattenConfig(
  value: unknown,
  basePath: string,
  limits: FlattenLimits = {},
): { config: Record<string, string>; paths: Record<string, string> } {
  const maxKeys = limits.maxKeys ?? DEFAULT_LIMITS.maxConfigKeys;
  const maxDepth = limits.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const config: Record<string, string> = {};
  const paths: Record<string, string> = {};
  let count = 0;
  let nodes = 0;
  const onPath = new Set<object>();
  const walk = (v: unknown, prefix: string, path: string, depth: number) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if (depth > maxDepth) {
        throw new LimitError(`${basePath} nests deeper than ${maxDepth} levels (limit maxDepth)`, 'maxDepth', limits.index);
      }
      if (onPath.has(v)) {
        throw new LimitError(`${basePath} contains itself through an alias at '${prefix}' (limit maxAliasNodes)`, 'maxAliasNodes', limits.index);
      }
      if (++nodes > maxKeys * 10) {
        throw new LimitError(`${basePath} has more than ${(maxKeys * 10).toLocaleString('en-US')} nested maps (limit maxConfigKeys)`, 'maxConfigKeys', limits.index);
      }
      onPath.add(v);
      for (const k of Object.keys(v)) {
        walk((v as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k, joinPath(path, k), depth + 1);
      }
      onPath.delete(v);
      return;
    }
    if (!prefix) return;
    if (!(prefix in config) && ++count > maxKeys) {
      throw new LimitError(`${basePath} flattens to more than ${maxKeys.toLocaleString('en-US')} keys (limit maxConfigKeys)`, 'maxConfigKeys', limits.index);
    }
    config[prefix] = scalarText(v, maxDepth);
    paths[prefix] = path;
  };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) walk(value, '', basePath, 1);
  return { config, paths };
}

function scalarText(v: unknown, depth: number): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return depth > 0 ? v.map((x) => scalarText(x, depth - 1)).join(';') : '';
  if (typeof v === 'object') {
    try {
      return JSON.stringify(v); // refuses cycles
    } catch {
      return '';
    }
  }
  return String(v);
}
