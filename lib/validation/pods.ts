import { joinPath as buildPath } from './path';
import { Resource } from './types';
import { isObject } from './values';
import { remembered } from './remember';

/**
 * The effective pod templates of a FlinkDeployment's JobManager and TaskManager, merged as the
 * operator merges them (FlinkUtils.mergePodTemplates): the component template
 * (`spec.jobManager.podTemplate` / `spec.taskManager.podTemplate`) is merged over the common
 * `spec.podTemplate`:
 *
 * - objects are merged field by field, the component's value winning for scalars;
 * - an object field of the common template stays as it is when the component gives a non-object;
 * - arrays are merged by position (element i of the component merged into element i of the
 *   common template, extra elements appended; scalar elements of the common template win), or,
 *   with `kubernetes.operator.pod-template.merge-arrays-by-name: true` and every element of both
 *   arrays having a `name`, by name (union, common order first).
 *
 * Every extracted item carries the path of the manifest field it came from, so findings point at
 * the template the user has to change. Subtrees that only one template defines are not copied.
 */

/** Name of the container Flink merges its own container into. */
export const MAIN_CONTAINER = 'flink-main-container';

/** Flink config key that switches array merging to by-name. */
export const MERGE_BY_NAME_KEY = 'kubernetes.operator.pod-template.merge-arrays-by-name';

export type PodComponent = 'jobManager' | 'taskManager';

/** A container of the effective pod. */
export interface PodContainer {
  readonly name: string;
  readonly container: any;
  /** Path of the container in the manifest. */
  readonly path: string;
  /** Whether it is an init container. */
  readonly init: boolean;
}

/** A volumeMount of a container of the effective pod. */
export interface PodMount {
  /** Name of the container that mounts it. */
  readonly container: string;
  /** Name of the volume mounted. */
  readonly name: string;
  /** mountPath, normalised (no trailing slash, no duplicate slashes). */
  readonly mountPath: string;
  readonly readOnly: boolean;
  readonly subPath?: string;
  /** Path of the volumeMount in the manifest. */
  readonly path: string;
}

/** A volume of the effective pod. */
export interface PodVolume {
  readonly name: string;
  readonly volume: any;
  /**
   * The volume source (`persistentVolumeClaim`, `hostPath`, `emptyDir`, ...): the first field
   * besides `name`. A volume without a source is an `emptyDir`, as the API server defaults it.
   */
  readonly source: string;
  /** Every source field set (more than one is invalid; Kubernetes rejects the pod). */
  readonly sources: readonly string[];
  /** claimName of a persistentVolumeClaim volume. */
  readonly claimName?: string;
  /** Path of the volume in the manifest. */
  readonly path: string;
}

/** A reference from the pod to a Secret, ConfigMap or PersistentVolumeClaim. */
export interface PodReference {
  readonly kind: 'Secret' | 'ConfigMap' | 'PersistentVolumeClaim';
  readonly name: string;
  /** Path of the field holding the name. */
  readonly path: string;
  /** Where it comes from. */
  readonly via: 'volume' | 'projected' | 'env' | 'envFrom' | 'imagePullSecrets';
  /** `optional: true` on the reference: a missing target does not stop the pod. */
  readonly optional: boolean;
}

/** The effective pod template of one component. */
export interface EffectivePod {
  readonly component: PodComponent;
  /** The merged template ({metadata, spec}); shares unmerged subtrees with the manifest. Never mutate. */
  readonly template: any;
  /** The merged `spec` of the template, or {} when none. */
  readonly spec: any;
  /** Containers and init containers, in order (containers first). */
  readonly containers: readonly PodContainer[];
  /** The `flink-main-container`, when the templates define one. */
  readonly mainContainer?: PodContainer;
  /** volumeMounts of the main container. */
  readonly mainMounts: readonly PodMount[];
  /** volumeMounts of every container and init container. */
  readonly mounts: readonly PodMount[];
  readonly volumes: readonly PodVolume[];
  /** The volume with that name (the first, if duplicated). */
  volume(name: string): PodVolume | undefined;
  /** Secret, ConfigMap and PVC references (volumes, projected volumes, env, envFrom, imagePullSecrets). */
  readonly references: readonly PodReference[];
}

/** The effective pods of a FlinkDeployment. */
export interface FlinkPods {
  readonly jobManager: EffectivePod;
  readonly taskManager: EffectivePod;
  /** Whether arrays were merged by name. */
  readonly mergeArraysByName: boolean;
}

// ---------------------------------------------------------------------------------------------
// Merge with provenance

/**
 * Provenance of a merged (new) object or array, kept lazily so merging allocates no path strings:
 * children listed in `fromKeys` come from the component template (at `from`), the others from the
 * common one (at `to`); `explicit` gives the path per index for arrays merged by name. Both sides
 * of a merge are always original manifest nodes, so one level of provenance is enough.
 */
interface Provenance {
  readonly to: string;
  readonly from: string;
  /** A merged object's keys from the component (a list: few per object), a merged array's indices (a set). */
  readonly fromKeys: ReadonlySet<string | number> | readonly (string | number)[];
  readonly explicit?: string[];
}
/** Provenance of the nodes merged by the current `effectivePods` call (extraction reads it right after). */
const provenance = new Map<object, Provenance>();


/**
 * `joinPath`, remembered: the pods of every application of an input have the same paths
 * (`spec.podTemplate.spec.containers[0].volumeMounts[0]`), so after the first one each path is a
 * lookup and the same string, instead of a new string per pod. Bases passed in are mostly strings
 * returned from here (hashed once). Bounded: past the limit, paths are built as before.
 */
function joinPath(base: string, seg: string | number): string {
  let bySeg = paths.get(base);
  let path = bySeg?.get(seg);
  if (path === undefined) {
    path = buildPath(base, seg);
    if (pathsSize < PATHS_MAX) {
      if (!bySeg) paths.set(base, (bySeg = new Map()));
      bySeg.set(seg, path);
      pathsSize++;
    }
  }
  return path;
}

const paths = new Map<string, Map<string | number, string>>();
let pathsSize = 0;
const PATHS_MAX = 20_000;

/** Path of `node[key]`: from the provenance of merged nodes, else derived from the node's own path. */
function childPath(node: any, nodePath: string, key: string | number): string {
  const prov = provenance.size ? provenance.get(node) : undefined;
  if (!prov) return joinPath(nodePath, key);
  if (prov.explicit) return prov.explicit[key as number] ?? joinPath(nodePath, key);
  const fromKeys = prov.fromKeys;
  const fromComponent = Array.isArray(fromKeys) ? fromKeys.includes(key) : (fromKeys as ReadonlySet<string | number>).has(key);
  return joinPath(fromComponent ? prov.from : prov.to, key);
}

function mark<T extends object>(out: T, prov: Provenance): T {
  provenance.set(out, prov);
  return out;
}

function mergeObject(to: Record<string, any>, toPath: string, from: Record<string, any>, fromPath: string, byName: boolean): Record<string, any> {
  const out: Record<string, any> = { ...to };
  const fromKeys: string[] = []; // Object keys are distinct: a list does what a set would
  const keys = Object.keys(from);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const fv = from[k];
    if (fv === null || fv === undefined) continue; // fabric8 drops nulls before the merge
    const tv = out[k];
    if (Array.isArray(tv) && Array.isArray(fv)) {
      out[k] = mergeArray(tv, joinPath(toPath, k), fv, joinPath(fromPath, k), byName);
      fromKeys.push(k);
    } else if (isObject(tv)) {
      // The operator recurses into an object even when the component's value is not one: no-op.
      if (isObject(fv)) {
        out[k] = mergeObject(tv, joinPath(toPath, k), fv, joinPath(fromPath, k), byName);
        fromKeys.push(k);
      }
    } else {
      out[k] = fv;
      fromKeys.push(k);
    }
  }
  return mark(out, { to: toPath, from: fromPath, fromKeys });
}

const NO_KEYS: readonly string[] = Object.freeze([]);

const named = (arr: any[]) => arr.every((e) => isObject(e) && Object.prototype.hasOwnProperty.call(e, 'name'));

function mergeArray(to: any[], toPath: string, from: any[], fromPath: string, byName: boolean): any[] {
  const out: any[] = [];
  if (byName && named(to) && named(from)) {
    // LinkedHashMap semantics: a duplicate name keeps the first position and the last value.
    const order: string[] = [];
    const groups = new Map<string, { v: any; p: string }>();
    to.forEach((e, i) => {
      const key = String(e.name);
      if (!groups.has(key)) order.push(key);
      groups.set(key, { v: e, p: joinPath(toPath, i) });
    });
    // The component's elements are grouped first too (last duplicate wins), then merged in.
    const fromGroups = new Map<string, { e: any; i: number }>();
    from.forEach((e, i) => fromGroups.set(String(e.name), { e, i }));
    for (const [key, { e, i }] of fromGroups) {
      const p = joinPath(fromPath, i);
      const cur = groups.get(key);
      if (!cur) {
        order.push(key);
        groups.set(key, { v: e, p });
      } else {
        groups.set(key, { v: mergeObject(cur.v, cur.p, e, p, byName), p });
      }
    }
    const explicit: string[] = [];
    for (const key of order) {
      const g = groups.get(key)!;
      out.push(g.v);
      explicit.push(g.p);
    }
    return mark(out, { to: toPath, from: fromPath, fromKeys: NO_KEYS, explicit });
  }
  const fromKeys = new Set<string | number>();
  const n = Math.max(to.length, from.length);
  for (let i = 0; i < n; i++) {
    if (i >= from.length) {
      out.push(to[i]);
    } else if (i >= to.length) {
      out.push(from[i]);
      fromKeys.add(i);
    } else if (isObject(to[i]) && isObject(from[i])) {
      out.push(mergeObject(to[i], joinPath(toPath, i), from[i], joinPath(fromPath, i), byName));
      fromKeys.add(i);
    } else if (to[i] === null || to[i] === undefined) {
      out.push(from[i]); // fabric8 drops nulls: the component's element fills the slot
      fromKeys.add(i);
    } else {
      // mergeInto(to, from) does nothing unless both are objects: the common element stays
      // (so a scalar list such as `args` keeps the common template's items at those positions).
      out.push(to[i]);
    }
  }
  return mark(out, { to: toPath, from: fromPath, fromKeys });
}

/**
 * Merges a component pod template over the common one as the operator does. Returns the merged
 * template and its path (the component's when it contributes, else the common one's).
 */
function mergePodTemplates(
  common: unknown, commonPath: string, component: unknown, componentPath: string, mergeArraysByName: boolean,
): { template: any; path: string } {
  const c = isObject(common) ? common : undefined;
  const p = isObject(component) ? component : undefined;
  if (!p) return { template: c, path: commonPath };
  if (!c) return { template: p, path: componentPath };
  return { template: mergeObject(c, commonPath, p, componentPath, mergeArraysByName), path: componentPath };
}

// ---------------------------------------------------------------------------------------------
// Extraction

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A mount path or file path normalised for prefix checks: single slashes, no `.`, no trailing slash. */
export function normalizePath(p: string): string {
  return normalized(p);
}

// The same mount paths and directories come with every resource of an app.
const normalized = remembered((p: string): string => {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}, 10_000);

/** Whether `dir` lies at or below `mountPath` (both normalised). */
export function isUnder(dir: string, mountPath: string): boolean {
  // `dir.startsWith(mountPath + '/')` without building the string (runs per mount per directory).
  const n = mountPath.length;
  return mountPath === '/' || dir === mountPath || (dir.length > n && dir.charCodeAt(n) === 47 /* / */ && dir.startsWith(mountPath));
}

/** Volume source fields that keep data when the pod goes away. */
export const PERSISTENT_SOURCES: ReadonlySet<string> = new Set([
  'persistentVolumeClaim', 'nfs', 'cephfs', 'glusterfs', 'azureFile', 'azureDisk', 'iscsi', 'fc', 'rbd',
  'cinder', 'awsElasticBlockStore', 'gcePersistentDisk', 'portworxVolume', 'quobyte', 'storageos',
  'vsphereVolume', 'flocker', 'photonPersistentDisk', 'scaleIO', 'flexVolume',
]);

function volumeOf(v: any, path: string): PodVolume {
  // Index loops and no spread: this runs per volume of every pod, mostly before V8 optimizes it.
  if (!isObject(v)) return { name: '', volume: v, source: 'emptyDir', sources: NO_SOURCES, path };
  const keys = Object.keys(v);
  const sources: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k !== 'name' && v[k] !== null && v[k] !== undefined) sources.push(k);
  }
  const claimName = isObject(v.persistentVolumeClaim) ? str(v.persistentVolumeClaim.claimName) : undefined;
  const name = String(v.name ?? '');
  const source = sources.length > 0 ? sources[0] : 'emptyDir';
  return claimName !== undefined
    ? { name, volume: v, source, sources, claimName, path }
    : { name, volume: v, source, sources, path };
}

const NO_SOURCES: readonly string[] = Object.freeze([]);
/** Shared empty lists of the extraction (read-only, like every list of an EffectivePod). */
const NONE: readonly any[] = Object.freeze([]);

/** What one list of the pod spec yields (containers, init containers, volumes or pull secrets). */
interface ListPart {
  readonly containers: readonly PodContainer[];
  readonly mounts: readonly PodMount[];
  /** The first container named `flink-main-container` of a `containers` list, and its mounts. */
  readonly main: PodContainer | undefined;
  readonly mainMounts: readonly PodMount[];
  readonly volumes: readonly PodVolume[];
  readonly refs: readonly PodReference[];
}

/**
 * Parts already extracted by one `effectivePods` call, per list node: a list that neither pod's
 * component template changes is the same node, at the same path, in both pods.
 */
type PartMemo = Array<{ readonly list: unknown[]; readonly field: string; readonly path: string; readonly part: ListPart }>;

function memoHit(memo: PartMemo, list: unknown[], field: string, path: string): ListPart | undefined {
  // A handful of lists per call (containers, init containers, volumes, pull secrets): no map.
  for (let i = 0; i < memo.length; i++) {
    const hit = memo[i];
    if (hit.list === list) return hit.field === field && hit.path === path ? hit.part : undefined;
  }
  return undefined;
}

/** Remembers the part of a list (replacing what was remembered for that list). */
function memoSet(memo: PartMemo, list: unknown[], field: string, path: string, part: ListPart): ListPart {
  const entry = { list, field, path, part };
  for (let i = 0; i < memo.length; i++) {
    if (memo[i].list === list) {
      memo[i] = entry;
      return part;
    }
  }
  memo.push(entry);
  return part;
}

/** Adds a reference when it names something (`name` a non-empty string); the path only then. */
function pushRef(refs: PodReference[], kind: PodReference['kind'], r: any, nameField: string, parent: any, parentPath: string, field: string | number,
  via: PodReference['via'], optional: unknown): void {
  const name = r[nameField];
  if (typeof name !== 'string' || name === '') return;
  const path = childPath(r, childPath(parent, parentPath, field), nameField);
  refs.push({ kind, name, path, via, optional: optional === true });
}

function containerPart(list: any[], listPath: string, field: 'containers' | 'initContainers'): ListPart {
  const containers: PodContainer[] = [];
  const mounts: PodMount[] = [];
  const refs: PodReference[] = [];
  const init = field === 'initContainers';
  let main: PodContainer | undefined;
  let mainMounts: readonly PodMount[] = NONE;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (!isObject(c)) continue;
    const cPath = childPath(list, listPath, i);
    const name = str(c.name) ?? '';
    const pc: PodContainer = { name, container: c, path: cPath, init };
    containers.push(pc);
    const isMain = !init && main === undefined && name === MAIN_CONTAINER;
    if (isMain) main = pc;
    const vms = c.volumeMounts;
    if (Array.isArray(vms)) {
      const vmPath = childPath(c, cPath, 'volumeMounts');
      const first = mounts.length;
      for (let j = 0; j < vms.length; j++) {
        const m = vms[j];
        if (!isObject(m) || typeof m.mountPath !== 'string' || typeof m.name !== 'string') continue;
        const mountPath = normalizePath(m.mountPath);
        const readOnly = m.readOnly === true || m.readOnly === 'true';
        const path = childPath(vms, vmPath, j);
        mounts.push(typeof m.subPath === 'string' && m.subPath !== ''
          ? { container: name, name: m.name, mountPath, readOnly, subPath: m.subPath, path }
          : { container: name, name: m.name, mountPath, readOnly, path });
      }
      if (isMain && mounts.length > first) mainMounts = mounts.slice(first);
    }
    const env = c.env;
    if (Array.isArray(env)) {
      let envPath: string | undefined;
      for (let j = 0; j < env.length; j++) {
        const e = env[j];
        const vf = isObject(e) ? e.valueFrom : undefined;
        if (!isObject(vf)) continue;
        envPath ??= childPath(c, cPath, 'env');
        const ePath = childPath(env, envPath, j);
        const vfPath = childPath(e, ePath, 'valueFrom');
        const sk = vf.secretKeyRef;
        if (isObject(sk)) pushRef(refs, 'Secret', sk, 'name', vf, vfPath, 'secretKeyRef', 'env', sk.optional);
        const ck = vf.configMapKeyRef;
        if (isObject(ck)) pushRef(refs, 'ConfigMap', ck, 'name', vf, vfPath, 'configMapKeyRef', 'env', ck.optional);
      }
    }
    const envFrom = c.envFrom;
    if (Array.isArray(envFrom)) pushListRefs(refs, envFrom, childPath(c, cPath, 'envFrom'), 'secretRef', 'configMapRef', 'envFrom');
  }
  return { containers, mounts, main, mainMounts, volumes: NONE, refs: refs.length > 0 ? refs : NONE };
}

/**
 * The Secrets and ConfigMaps named by a list whose items each may hold a Secret reference under
 * `secretField` and a ConfigMap reference under `configMapField`, by `name`: a container's
 * `envFrom` (`secretRef`, `configMapRef`) and a projected volume's `sources` (`secret`, `configMap`).
 */
function pushListRefs(refs: PodReference[], list: any[], listPath: string, secretField: string, configMapField: string, via: PodReference['via']): void {
  for (let j = 0; j < list.length; j++) {
    const item = list[j];
    if (!isObject(item)) continue;
    const itemPath = childPath(list, listPath, j);
    const secret = item[secretField];
    if (isObject(secret)) pushRef(refs, 'Secret', secret, 'name', item, itemPath, secretField, via, secret.optional);
    const configMap = item[configMapField];
    if (isObject(configMap)) pushRef(refs, 'ConfigMap', configMap, 'name', item, itemPath, configMapField, via, configMap.optional);
  }
}

function volumePart(list: any[], vPath: string): ListPart {
  const volumes: PodVolume[] = [];
  const refs: PodReference[] = [];
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isObject(v)) continue;
    const p = childPath(list, vPath, i);
    volumes.push(volumeOf(v, p));
    const pvc = v.persistentVolumeClaim;
    if (isObject(pvc)) pushRef(refs, 'PersistentVolumeClaim', pvc, 'claimName', v, p, 'persistentVolumeClaim', 'volume', false);
    const secret = v.secret;
    if (isObject(secret)) pushRef(refs, 'Secret', secret, 'secretName', v, p, 'secret', 'volume', secret.optional);
    const cm = v.configMap;
    if (isObject(cm)) pushRef(refs, 'ConfigMap', cm, 'name', v, p, 'configMap', 'volume', cm.optional);
    const proj = v.projected;
    if (isObject(proj) && Array.isArray(proj.sources)) {
      pushListRefs(refs, proj.sources, childPath(proj, childPath(v, p, 'projected'), 'sources'), 'secret', 'configMap', 'projected');
    }
  }
  return { containers: NONE, mounts: NONE, main: undefined, mainMounts: NONE, volumes, refs: refs.length > 0 ? refs : NONE };
}

function pullSecretPart(list: any[], ipPath: string): ListPart {
  const refs: PodReference[] = [];
  for (let i = 0; i < list.length; i++) {
    // A missing pull secret only logs a warning event; the pull may still work for public images.
    const s = list[i];
    if (isObject(s)) pushRef(refs, 'Secret', s, 'name', list, ipPath, i, 'imagePullSecrets', false);
  }
  return { containers: NONE, mounts: NONE, main: undefined, mainMounts: NONE, volumes: NONE, refs: refs.length > 0 ? refs : NONE };
}

/** The items of every part, in order: the one non-empty list itself when there is only one. */
function joined<T>(parts: readonly ListPart[], of: (p: ListPart) => readonly T[]): readonly T[] {
  let only: readonly T[] | undefined;
  let several = false;
  for (let i = 0; i < parts.length; i++) {
    const items = of(parts[i]);
    if (items.length === 0) continue;
    if (only) several = true;
    else only = items;
  }
  if (!several) return only ?? NONE;
  const out: T[] = [];
  for (let i = 0; i < parts.length; i++) {
    const items = of(parts[i]);
    for (let j = 0; j < items.length; j++) out.push(items[j]);
  }
  return out;
}

// The fields `joined` reads, made once (not a closure per call).
const CONTAINERS = (p: ListPart) => p.containers;
const MOUNTS = (p: ListPart) => p.mounts;
const VOLUMES = (p: ListPart) => p.volumes;
const REFS = (p: ListPart) => p.refs;

/** The first volume of that name. */
function volumeNamed(volumes: readonly PodVolume[], name: string): PodVolume | undefined {
  for (let i = 0; i < volumes.length; i++) if (volumes[i].name === name) return volumes[i];
  return undefined;
}

// What each list field of a pod spec becomes, made once (not a closure per call).
const CONTAINER_PART = (list: any[], path: string) => containerPart(list, path, 'containers');
const INIT_CONTAINER_PART = (list: any[], path: string) => containerPart(list, path, 'initContainers');

/** The part of the list `spec[field]` (remembered in `memo` for the other role's pod), or undefined when it is no list. */
function partOf(memo: PartMemo, spec: any, specPath: string, field: string, make: (list: any[], path: string) => ListPart): ListPart | undefined {
  const list = spec[field];
  if (!Array.isArray(list)) return undefined;
  const path = childPath(spec, specPath, field);
  return memoHit(memo, list, field, path) ?? memoSet(memo, list, field, path, make(list, path));
}

function extract(component: PodComponent, template: any, tplPath: string, memo: PartMemo): EffectivePod {
  const tpl = isObject(template) ? template : {};
  const spec = isObject(tpl.spec) ? tpl.spec : {};
  const specPath = childPath(tpl, tplPath, 'spec');
  // In the order the references were always reported: containers, init containers, volumes, pull secrets.
  const parts: ListPart[] = [];
  const containerList = partOf(memo, spec, specPath, 'containers', CONTAINER_PART);
  if (containerList) parts.push(containerList);
  const mainPart = containerList?.main ? containerList : undefined;
  const inits = partOf(memo, spec, specPath, 'initContainers', INIT_CONTAINER_PART);
  if (inits) parts.push(inits);
  const vols = partOf(memo, spec, specPath, 'volumes', volumePart);
  if (vols) parts.push(vols);
  const pulls = partOf(memo, spec, specPath, 'imagePullSecrets', pullSecretPart);
  if (pulls) parts.push(pulls);
  const containers = joined(parts, CONTAINERS);
  const mounts = joined(parts, MOUNTS);
  const volumes = joined(parts, VOLUMES);
  const refs = joined(parts, REFS);
  const tplOut = isObject(template) ? template : undefined;
  const volume = (name: string) => volumeNamed(volumes, name);
  return mainPart
    ? { component, template: tplOut, spec, containers, mainContainer: mainPart.main, mainMounts: mainPart.mainMounts, mounts, volumes, volume, references: refs }
    : { component, template: tplOut, spec, containers, mainMounts: NONE, mounts, volumes, volume, references: refs };
}

/**
 * The effective JobManager and TaskManager pods of a FlinkDeployment manifest (uncached).
 * Malformed input yields empty pods, never an exception.
 */
export function effectivePods(manifest: any, mergeArraysByName: boolean): FlinkPods {
  const spec = isObject(manifest) && isObject(manifest.spec) ? manifest.spec : {};
  const common = spec.podTemplate;
  const memo: PartMemo = [];
  const build = (component: PodComponent): EffectivePod => {
    const comp = isObject(spec[component]) ? spec[component].podTemplate : undefined;
    if (provenance.size > 0) provenance.clear();
    try {
      const merged = mergePodTemplates(common, 'spec.podTemplate', comp, COMPONENT_TEMPLATE[component], mergeArraysByName);
      return extract(component, merged.template, merged.path, memo);
    } finally {
      if (provenance.size > 0) provenance.clear();
    }
  };
  return { jobManager: build('jobManager'), taskManager: build('taskManager'), mergeArraysByName };
}

const COMPONENT_TEMPLATE: Readonly<Record<PodComponent, string>> = { jobManager: 'spec.jobManager.podTemplate', taskManager: 'spec.taskManager.podTemplate' };

const CACHE = new WeakMap<Resource, FlinkPods>();

/**
 * The effective pods of a FlinkDeployment resource, computed once per resource (rule sets share
 * it). Arrays are merged by name when the resource's flinkConfiguration sets
 * `kubernetes.operator.pod-template.merge-arrays-by-name: true`.
 */
export function podsOf(res: Resource): FlinkPods {
  let pods = CACHE.get(res);
  if (!pods) {
    const byName = (res.config[MERGE_BY_NAME_KEY] ?? '').trim().toLowerCase() === 'true';
    pods = effectivePods(res.manifest, byName);
    CACHE.set(res, pods);
  }
  return pods;
}

/** The references of both pods, without duplicates (the common template's appear once). */
export function podReferences(pods: FlinkPods): PodReference[] {
  const jm = pods.jobManager.references;
  const tm = pods.taskManager.references;
  // Both pods often share one list (neither component template changes it). One pod's references
  // never repeat a path (each comes from its own field of the merged template, and merged nodes
  // map to distinct manifest positions), so that list is its own answer.
  if (jm === tm) return jm.slice();
  const seen = new Set<string>();
  const out: PodReference[] = [];
  for (const r of [...jm, ...tm]) {
    const k = `${r.kind}\u0000${r.name}\u0000${r.path}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(r);
    }
  }
  return out;
}
