import { Duration, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { propError } from './util';

/**
 * Run-time checks of props and factory arguments, for callers without the TypeScript compiler
 * (plain JavaScript, jsii languages passing through `any`). Each check throws the house error
 * `[path] 'prop' (value) problem. Fix: ...` and never lets a value of the wrong type reach rendering.
 * A prop is described by a `Check`; an object of props by a `Shape` (a record of checks).
 */

/** Where an error is reported: a construct (its path) or a factory name such as `JobJar.fromUrl`. */
export type Where = IConstruct | string;

/** Checks one value; `prop` is its dotted name in the error. Undefined values are not passed. */
export type Check = (where: Where, prop: string, value: unknown) => void;

/** Checks per prop name. */
export type Shape = Record<string, Check>;

/** Largest integer Kubernetes accepts in an int32 field (replicas, parallelism, uids). */
export const INT32_MAX = 2147483647;

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** Throws unless `value` is a plain object; returns it (or {} when undefined and optional). */
export function checkObject(where: Where, prop: string, value: unknown, fix: string, optional = true): Record<string, any> {
  if (value === undefined && optional) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw propError(where, prop, value, `must be an object, not ${kind(value)}`, fix);
  }
  return value as Record<string, any>;
}

/**
 * Checks `value` against `shape` (undefined props are skipped; unknown props are left alone). With
 * `prop` '' the value is a factory's options object and its props are named on their own.
 */
export function checkShape(where: Where, prop: string, value: unknown, shape: Shape, fix?: string): void {
  if (value === undefined) return;
  // The default fix text is only built for the error.
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    checkObject(where, prop || 'options', value, fix ?? `pass an object for '${prop || 'options'}'`);
  }
  const o = value as Record<string, any>;
  // for-in over a plain object: Object.entries' order, without an array of pairs per call.
  for (const k in shape) {
    const v = o[k];
    if (v === undefined) continue;
    shape[k](where, prop ? `${prop}.${k}` : k, v);
  }
}

/**
 * The props object of a construct or the options of a factory: must be an object; then its shape.
 * `noun` names it in the error: constructs take props, factories (reported by name) options.
 */
export function checkProps(where: Where, props: unknown, shape: Shape, required = true, noun: 'props' | 'options' = typeof where === 'string' ? 'options' : 'props'): void {
  if (props === undefined && !required) return;
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw noun === 'options'
      ? propError(where, 'options', props, `must be an object, not ${kind(props)}`, 'pass an options object, e.g. {}')
      : propError(where, 'props', props, `must be an object, not ${kind(props)}`, 'pass the props object of the construct');
  }
  checkShape(where, '', props, shape);
}

/** Throws when a required prop is missing. */
export function checkRequired(where: Where, prop: string, value: unknown, fix: string): void {
  if (value === undefined || value === null) throw propError(where, prop, value, 'is required', fix);
}

// -----------------------------------------------------------------------------------------------
// Checks

/** A nested object of known shape. */
export const shape = (s: Shape): Check => (where, prop, v) => checkShape(where, prop, v, s);

/** Any plain object (typed k8s structs; their content is checked against the schema at synth). */
export const object = (fix = 'pass an object'): Check => (where, prop, v) => { checkObject(where, prop, v, fix, false); };

export interface StringOptions {
  /** Blank strings are rejected unless true. */
  readonly blank?: boolean;
  readonly pattern?: RegExp;
  /** What the pattern means, e.g. 'a DNS label'. */
  readonly what?: string;
  readonly max?: number;
  readonly fix?: string;
}

/** A string. */
export const string = (o: StringOptions = {}): Check => (where, prop, v) => checkString(where, prop, v, o);

export function checkString(where: Where, prop: string, v: unknown, o: StringOptions = {}): string {
  const fix = o.fix ?? `set '${prop}' to a string`;
  if (typeof v !== 'string') throw propError(where, prop, v, `must be a string, not ${kind(v)}`, fix);
  if (!o.blank && v.trim() === '') throw propError(where, prop, v, 'must not be blank', fix);
  if (o.max !== undefined && v.length > o.max) throw propError(where, prop, v, `must be at most ${o.max} characters`, fix);
  if (o.pattern && !o.pattern.test(v)) throw propError(where, prop, v, `is not ${o.what ?? 'valid'}`, fix);
  return v;
}

export interface NumberOptions {
  /** Lowest value (values below are for the caller to check, with its own message, when unset). */
  readonly min?: number;
  /** Values must be greater than this. */
  readonly above?: number;
  readonly max?: number;
  readonly fix?: string;
}

/** A finite number. */
export const number = (o: NumberOptions = {}): Check => (where, prop, v) => { checkNumber(where, prop, v, o); };

export function checkNumber(where: Where, prop: string, v: unknown, o: NumberOptions = {}, whole = false): number | undefined {
  if (v === undefined) return undefined;
  const max = o.max ?? INT32_MAX;
  const noun = whole ? 'a whole number' : 'a number';
  const low = o.above !== undefined ? `more than ${o.above}` : o.min !== undefined ? `at least ${o.min}` : undefined;
  const fix = o.fix ?? `set '${prop}' to ${noun}${low ? ` ${low}` : ''} and at most ${max}`;
  if (typeof v !== 'number') throw propError(where, prop, v, `must be ${noun}, not ${kind(v)}`, fix);
  if (!Number.isFinite(v)) throw propError(where, prop, v, `must be a finite number`, fix);
  if ((o.min !== undefined && v < o.min) || (o.above !== undefined && v <= o.above) || (whole && !Number.isInteger(v))) {
    throw propError(where, prop, v, `must be ${noun}${low ? ` of ${low}` : ''}`, fix);
  }
  if (v > max) throw propError(where, prop, v, `must be at most ${max}`, `set '${prop}' to ${max} or less`);
  return v;
}

/** A whole number (int32 unless `max` says otherwise). */
export const int = (o: NumberOptions = {}): Check => (where, prop, v) => { checkInt(where, prop, v, o); };

export function checkInt(where: Where, prop: string, v: unknown, o: NumberOptions = {}): number | undefined {
  return checkNumber(where, prop, v, o, true);
}

/** A boolean. */
export const bool = (): Check => (where, prop, v) => {
  if (typeof v !== 'boolean') throw propError(where, prop, v, `must be true or false, not ${kind(v)}`, `set '${prop}' to true or false`);
};

/** An instance of a class (value classes, cdk8s Size and Duration, constructs). */
export const instance = (cls: Function, what: string, fix: string): Check => (where, prop, v) => checkInstance(where, prop, v, cls, what, fix);

export function checkInstance(where: Where, prop: string, v: unknown, cls: Function, what: string, fix: string): void {
  if (!(v instanceof cls)) throw propError(where, prop, v, `must be ${what}`, fix);
}

/** A cdk8s Size. */
export const size = (example = 'Size.gibibytes(1)'): Check => instance(Size, 'a Size', `use e.g. ${example}`);
/** A cdk8s Duration. */
export const duration = (example = 'Duration.minutes(1)'): Check => instance(Duration, 'a Duration', `use e.g. ${example}`);

/** One of the values of an enum (plain JavaScript callers may pass any string). */
export const oneOf = (values: readonly unknown[], fix: string): Check => (where, prop, v) => {
  if (!values.includes(v)) {
    throw propError(where, prop, v, `must be one of ${values.map((x) => (typeof x === 'string' ? `'${x}'` : String(x))).join(', ')}`, fix);
  }
};

/** The values of a TypeScript string enum. */
export function enumValues(e: Record<string, string>): string[] {
  return Object.values(e);
}

/** An array whose items pass `item`. */
export const array = (item: Check, fix = 'pass an array'): Check => (where, prop, v) => {
  if (!Array.isArray(v)) throw propError(where, prop, v, `must be an array, not ${kind(v)}`, fix);
  v.forEach((x, i) => {
    if (x === undefined || x === null) throw propError(where, `${prop}[${i}]`, x, 'must not be empty', `remove the empty item from '${prop}'`);
    item(where, `${prop}[${i}]`, x);
  });
};

// -----------------------------------------------------------------------------------------------
// Kubernetes names and maps

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Whether `s` is a DNS subdomain (most resource names): at most 253 lower case letters, digits, '-' and '.'. */
export function isDnsSubdomain(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 253 && DNS_SUBDOMAIN.test(s);
}

/** Whether `k` is a label or annotation key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
export function isQualifiedKey(k: string): boolean {
  const i = k.lastIndexOf('/');
  const prefix = i >= 0 ? k.slice(0, i) : undefined;
  const name = i >= 0 ? k.slice(i + 1) : k;
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** Whether `v` is a label value: empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending alphanumeric. */
export function isLabelValue(v: string): boolean {
  return v === '' || (v.length <= 63 && QUALIFIED_NAME.test(v));
}

/** A DNS label name (namespaces, most names we render). */
export const dnsLabel = (fix: string): Check => string({ pattern: DNS_LABEL, max: 63, what: "a valid name (at most 63 lower case letters, digits and '-', starting and ending with a letter or digit)", fix });
/** A DNS subdomain name (ServiceAccounts, Secrets, claims). */
export const dnsSubdomain = (fix: string): Check => string({ pattern: DNS_SUBDOMAIN, max: 253, what: "a valid name (lower case letters, digits, '-' and '.', starting and ending with a letter or digit)", fix });

export type MapKeys = 'label' | 'annotation' | 'any';

/** A map of string values; keys checked as label or annotation keys. Label maps also check the values. */
export const stringMap = (keys: MapKeys = 'any', fix?: string): Check => (where, prop, v) => {
  const o = checkObject(where, prop, v, fix ?? `pass an object of strings for '${prop}'`, false);
  for (const [k, x] of Object.entries(o)) {
    if (keys !== 'any' && !isQualifiedKey(k)) {
      throw propError(where, prop, k, `is not a valid ${keys} key (an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)`,
        fix ?? `rename the ${keys}, e.g. 'app.kubernetes.io/name'`);
    }
    if (typeof x !== 'string') {
      // The value itself is not shown: map values may be credentials (env, flinkConfiguration).
      throw propError(where, `${prop}['${k}']`, `a ${kind(x)}`, 'must be a string', 'quote the value (every value is a string)');
    }
    if (keys === 'label' && !isLabelValue(x)) {
      throw propError(where, `${prop}['${k}']`, x, "is not a valid label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)", 'shorten or simplify the value');
    }
  }
};

/** cdk8s ApiObjectMetadata: name, namespace, labels, annotations. */
export const metadata = (nameCheck: Check = dnsSubdomain("use lower case letters, digits, '-' and '.'")): Check => shape({
  name: nameCheck,
  namespace: dnsLabel("use a namespace name of lower case letters, digits and '-'"),
  labels: stringMap('label'),
  annotations: stringMap('annotation'),
});

/** ExternalResources (validation settings): lists of names per kind. */
export function externalShape(): Check {
  const names = array(string({ fix: "give a name or 'namespace/name'" }));
  return shape({ serviceAccounts: names, sessionClusters: names, jobs: names, secrets: names, configMaps: names, persistentVolumeClaims: names });
}

/** A construct scope (the chart, the app or any construct of it). */
export const scope = (fix = 'pass a construct, e.g. the chart'): Check => (where, prop, v) => {
  if (!Construct.isConstruct(v)) throw propError(where, prop, v, `must be a construct, not ${kind(v)}`, fix);
};

/** A non-empty string that is never echoed (passwords): the error shows its type only. */
export const secretString = (fix: string): Check => (where, prop, v) => {
  if (typeof v !== 'string' || v === '') throw propError(where, prop, v === '' ? "''" : `a ${kind(v)}`, 'must be a non-empty string', fix);
};
