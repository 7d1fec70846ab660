import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isObject } from '../validation/values';

/** Builds the house error message: `[path] 'prop' (value) must .... Fix: ....` */
export function propError(where: IConstruct | string, prop: string, value: unknown, problem: string, fix: string): Error {
  const path = typeof where === 'string' ? where : where.node.path;
  return new Error(`[${path}] '${prop}' (${show(value)}) ${problem}. Fix: ${fix}${/[.?!]$/.test(fix) ? '' : '.'}`);
}

/** Shows a value in an error message. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return value === '' ? "''" : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** A duration in Flink notation: `1 h`, `5 min`, `30 s` or `250 ms`. */
export function flinkDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  if (ms > 0 && ms % 3600000 === 0) return `${ms / 3600000} h`;
  if (ms > 0 && ms % 60000 === 0) return `${ms / 60000} min`;
  if (ms > 0 && ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/** Whether `name` is a Kubernetes resource name of the DNS-label form: at most 63 lower case letters, digits and '-'. */
export function isDnsLabel(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/** Whether a number is a whole number >= min. */
export function isIntAtLeast(n: number, min: number): boolean {
  return Number.isInteger(n) && n >= min;
}

/**
 * Merges `ours` over `theirs` (both wire-form JSON): objects recursively, scalars from `ours`, arrays of
 * named objects by `name` (ours first, in our order, then their other items), other arrays from `ours`.
 */
export function mergeUnder(theirs: any, ours: any): any {
  if (ours === undefined) return theirs;
  if (theirs === undefined) return ours;
  if (Array.isArray(theirs) && Array.isArray(ours)) {
    const named = (a: any[]) => a.every((x) => isObject(x) && typeof x.name === 'string');
    if (named(theirs) && named(ours)) {
      const out = ours.map((o) => {
        const t = theirs.find((x) => x.name === o.name);
        return t ? mergeUnder(t, o) : o;
      });
      for (const t of theirs) if (!ours.some((o) => o.name === t.name)) out.push(t);
      return out;
    }
    return [...ours, ...theirs.filter((t) => !ours.some((o) => JSON.stringify(o) === JSON.stringify(t)))];
  }
  if (isObject(theirs) && isObject(ours)) {
    const out: Record<string, any> = { ...theirs };
    for (const [k, v] of Object.entries(ours)) out[k] = mergeUnder(theirs[k], v);
    return out;
  }
  return ours;
}

/** Returns undefined for an empty object or array. */
export function undefinedIfEmpty<T>(v: T): T | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.length ? v : undefined;
  if (isObject(v)) return Object.keys(v).length ? v : undefined;
  return v;
}

/** Sorts an object's keys (deterministic output). */
export function sortKeys(o: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of sortInPlace(Object.keys(o))) out[k] = o[k];
  return out;
}

/**
 * Sorts strings as `Array.prototype.sort()` without a comparator does (UTF-16 code units), in place.
 * Objects in manifests have a handful of keys: an insertion sort allocates nothing, where `sort()`
 * allocates its work area on every call.
 */
export function sortInPlace(keys: string[]): string[] {
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

