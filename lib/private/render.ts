import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { sortInPlace } from './util';

/** Thrown inside `plain` when a value needs cdk8s' general resolution (never leaves this module). */
const GENERAL = Symbol('general');

/**
 * What `ApiObject.toJson()` returns for `obj`, computed in one pass, or undefined when the object
 * needs cdk8s' general path: JSON patches, resolvers other than the app's three defaults,
 * `CDK8S_DISABLE_SORT`, or a value other than plain data, `Lazy`, an object with `resolve()` and a
 * union class wrapping a number or string (`Quantity`, `IntOrString`).
 *
 * cdk8s resolves every value through its resolvers (a context object, a key path and a walk to the
 * app per value) and then sanitizes the result in a second walk. With the default resolvers the
 * outcome is fixed: a `Lazy` becomes what it produces, an object with `resolve()` what that returns,
 * any other class instance with a number or string `value` becomes `{ value }`; then null and
 * undefined fields are dropped and object keys are sorted. `plain` does both in one walk.
 */
export function renderApiObject(obj: ApiObject): Record<string, any> | undefined {
  const o = obj as any;
  const props = o.props;
  if (props === undefined || !Array.isArray(o.patches) || o.patches.length !== 0 || process.env.CDK8S_DISABLE_SORT) return undefined;
  if (!defaultResolvers(App.of(obj) as any)) return undefined;
  try {
    // cdk8s renders `{ ...props, metadata: metadata.toJson() }`; the metadata is plain and sorted
    // already, so it is not walked again.
    const metadata = metadataJson(obj.metadata);
    if (Object.prototype.hasOwnProperty.call(props, 'resolve') && typeof props.resolve === 'function') return undefined;
    const rest: Record<string, any> = {};
    for (const k of sortedKeys(props)) {
      if (k === 'metadata') continue;
      if (k === '__proto__') throw GENERAL;
      const v = plain(props[k], false);
      if (v !== undefined) rest[k] = v;
    }
    // apiVersion, kind and metadata first, as cdk8s orders them.
    const out: Record<string, any> = {};
    if ('apiVersion' in rest) out.apiVersion = rest.apiVersion;
    if ('kind' in rest) out.kind = rest.kind;
    if (metadata !== undefined) out.metadata = metadata;
    for (const k in rest) {
      if (k !== 'apiVersion' && k !== 'kind') out[k] = rest[k];
    }
    return out;
  } catch (e) {
    if (e === GENERAL) return undefined;
    // cdk8s' own wording, so a failing render reads the same on either path.
    throw new Error(`Failed serializing construct at path '${obj.node.path}' with name '${obj.name}': ${e}`);
  }
}

/** The fields of cdk8s' `ApiObjectMetadataDefinition` that `toJson()` renders over the extra attributes. */
const RENDERED_FIELDS = ['name', 'namespace', 'annotations', 'finalizers', 'ownerReferences', 'labels'];
/** The fields of cdk8s' `ApiObjectMetadataDefinition`: `toJson()` renders all but `apiObject`. */
const METADATA_FIELDS = new Set(['name', 'labels', 'annotations', 'namespace', 'finalizers', 'ownerReferences', 'apiObject', '_additionalAttributes']);

/**
 * `metadata.toJson()`: the same fields resolved and sanitized with empty arrays and objects dropped.
 * Reads the definition's fields; when it has other fields than these (another cdk8s version),
 * `toJson()` itself.
 */
function metadataJson(metadata: ApiObjectMetadataDefinition): any {
  const m = metadata as any;
  let fields = 0;
  for (const k in m) {
    if (!METADATA_FIELDS.has(k)) return metadata.toJson();
    fields++;
  }
  if (fields !== METADATA_FIELDS.size || !Array.isArray(m.finalizers) || !Array.isArray(m.ownerReferences)) return metadata.toJson();
  // `{ ...extra, name, namespace, annotations, finalizers, ownerReferences, labels }`, sanitized
  // without building that object: the keys, sorted, each read from the definition or `extra`.
  const extra = m._additionalAttributes;
  const keys = extra ? Object.keys(extra) : [];
  for (const f of RENDERED_FIELDS) if (!keys.includes(f)) keys.push(f);
  sortInPlace(keys);
  const out: Record<string, any> = {};
  let empty = true;
  for (const k of keys) {
    if (k === '__proto__') throw GENERAL;
    const v = plain(RENDERED_FIELDS.includes(k) ? m[k] : extra[k], true);
    if (v !== undefined) {
      out[k] = v;
      empty = false;
    }
  }
  return empty ? undefined : out;
}

function defaultResolvers(app: { resolvers?: unknown }): boolean {
  const r = app.resolvers;
  return Array.isArray(r) && r.length === 3 && r[0] instanceof LazyResolver
    && r[1] instanceof ImplicitTokenResolver && r[2] instanceof NumberStringUnionResolver;
}

/**
 * `sanitizeValue(resolve(value), { sortKeys: true })` for the default resolvers (see above); with
 * `dropEmpty`, empty arrays and objects are dropped as well, as cdk8s sanitizes metadata.
 */
function plain(value: any, dropEmpty: boolean): any {
  if (value === null || value === undefined) return undefined;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value;
  if (type !== 'object') throw GENERAL;
  if (Array.isArray(value)) {
    if (dropEmpty && value.length === 0) return undefined;
    const items: any[] = [];
    for (let i = 0; i < value.length; i++) items.push(plain(value[i], dropEmpty));
    return items;
  }
  if (value.constructor === Object) {
    if (typeof value.resolve === 'function') throw GENERAL;
    const keys = sortedKeys(value);
    const out: Record<string, any> = {};
    let empty = true;
    for (const k of keys) {
      if (k === '__proto__') throw GENERAL;
      const v = plain(value[k], dropEmpty);
      if (v !== undefined) {
        out[k] = v;
        empty = false;
      }
    }
    return dropEmpty && empty ? undefined : out;
  }
  if (value instanceof Lazy) return plain(value.produce(), dropEmpty);
  if (typeof value.resolve === 'function') throw GENERAL;
  const wrapped = value.value;
  if (typeof wrapped === 'number' || typeof wrapped === 'string') return { value: wrapped };
  throw GENERAL;
}

/** The own enumerable keys of `o` in `Array.prototype.sort()` order. */
function sortedKeys(o: object): string[] {
  return sortInPlace(Object.keys(o));
}

