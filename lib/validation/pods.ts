import { joinPath } from './path';
import { Resource } from './types';
import { isObject } from './values';

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
  readonly fromKeys: Set<string | number>;
  readonly explicit?: string[];
}
/** Provenance of the nodes merged by the current `effectivePods` call (extraction reads it right after). */
const provenance = new Map<object, Provenance>();


/** Path of `node[key]`: from the provenance of merged nodes, else derived from the node's own path. */
function childPath(node: any, nodePath: string, key: string | number): string {
  const prov = provenance.size ? provenance.get(node) : undefined;
  if (!prov) return joinPath(nodePath, key);
  if (prov.explicit) return prov.explicit[key as number] ?? joinPath(nodePath, key);
  return joinPath(prov.fromKeys.has(key) ? prov.from : prov.to, key);
}

function mark<T extends object>(out: T, prov: Provenance): T {
  provenance.set(out, prov);
  return out;
}

function mergeObject(to: Record<string, any>, toPath: string, from: Record<string, any>, fromPath: string, byName: boolean): Record<string, any> {
  const out: Record<string, any> = { ...to };
  const fromKeys = new Set<string | number>();
  for (const k of Object.keys(from)) {
    const fv = from[k];
    if (fv === null || fv === undefined) continue; // fabric8 drops nulls before the merge
    const tv = out[k];
    if (Array.isArray(tv) && Array.isArray(fv)) {
      out[k] = mergeArray(tv, joinPath(toPath, k), fv, joinPath(fromPath, k), byName);
      fromKeys.add(k);
    } else if (isObject(tv)) {
      // The operator recurses into an object even when the component's value is not one: no-op.
      if (isObject(fv)) {
        out[k] = mergeObject(tv, joinPath(toPath, k), fv, joinPath(fromPath, k), byName);
        fromKeys.add(k);
      }
    } else {
      out[k] = fv;
      fromKeys.add(k);
    }
  }
  return mark(out, { to: toPath, from: fromPath, fromKeys });
}

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
    return mark(out, { to: toPath, from: fromPath, fromKeys: new Set(), explicit });
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
  // The same mount paths and directories come with every resource of an app.
  let out = normalized.get(p);
  if (out === undefined) {
    const parts: string[] = [];
    for (const seg of p.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') parts.pop();
      else parts.push(seg);
    }
    out = '/' + parts.join('/');
    if (normalized.size < NORMALIZED_MAX) normalized.set(p, out);
  }
  return out;
}

const normalized = new Map<string, string>();
const NORMALIZED_MAX = 10_000;

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
  const sources = isObject(v) ? Object.keys(v).filter((k) => k !== 'name' && v[k] !== null && v[k] !== undefined) : [];
  const claimName = isObject(v) && isObject(v.persistentVolumeClaim) ? str(v.persistentVolumeClaim.claimName) : undefined;
  return {
    name: isObject(v) ? String(v.name ?? '') : '',
    volume: v,
    source: sources[0] ?? 'emptyDir',
    sources,
    ...(claimName !== undefined ? { claimName } : {}),
    path,
  };
}

/** What one list of the pod spec yields (containers, init containers, volumes or pull secrets). */
interface ListPart {
  readonly containers: readonly PodContainer[];
  readonly mounts: readonly PodMount[];
  /** The container of each mount. */
  readonly owner: ReadonlyMap<PodMount, PodContainer>;
  readonly volumes: readonly PodVolume[];
  readonly refs: readonly PodReference[];
}

/**
 * Parts already extracted by one `effectivePods` call, per list node: a list that neither pod's
 * component template changes is the same node, at the same path, in both pods.
 */
type PartMemo = Map<unknown[], { readonly field: string; readonly path: string; readonly part: ListPart }>;

function memoPart(memo: PartMemo, list: unknown[], field: string, path: string, make: () => ListPart): ListPart {
  const hit = memo.get(list);
  if (hit && hit.field === field && hit.path === path) return hit.part;
  const part = make();
  memo.set(list, { field, path, part });
  return part;
}

function refPusher(refs: PodReference[]) {
  return (kind: PodReference['kind'], name: unknown, path: string, via: PodReference['via'], optional: unknown) => {
    if (typeof name === 'string' && name !== '') refs.push({ kind, name, path, via, optional: optional === true });
  };
}

function containerPart(list: any[], listPath: string, field: 'containers' | 'initContainers'): ListPart {
  const containers: PodContainer[] = [];
  const mounts: PodMount[] = [];
  const refs: PodReference[] = [];
  const owner = new Map<PodMount, PodContainer>();
  const ref = refPusher(refs);
  list.forEach((c, i) => {
    if (!isObject(c)) return;
    const cPath = childPath(list, listPath, i);
    const name = str(c.name) ?? '';
    const pc: PodContainer = { name, container: c, path: cPath, init: field === 'initContainers' };
    containers.push(pc);
    if (Array.isArray(c.volumeMounts)) {
      const vmPath = childPath(c, cPath, 'volumeMounts');
      c.volumeMounts.forEach((m: any, j: number) => {
        if (!isObject(m) || typeof m.mountPath !== 'string' || typeof m.name !== 'string') return;
        const mount: PodMount = {
          container: name,
          name: m.name,
          mountPath: normalizePath(m.mountPath),
          readOnly: m.readOnly === true || m.readOnly === 'true',
          ...(typeof m.subPath === 'string' && m.subPath !== '' ? { subPath: m.subPath } : {}),
          path: childPath(c.volumeMounts, vmPath, j),
        };
        mounts.push(mount);
        owner.set(mount, pc);
      });
    }
    if (Array.isArray(c.env)) {
      const envPath = childPath(c, cPath, 'env');
      c.env.forEach((e: any, j: number) => {
        const vf = isObject(e) ? e.valueFrom : undefined;
        if (!isObject(vf)) return;
        const ePath = childPath(c.env, envPath, j);
        const vfPath = childPath(e, ePath, 'valueFrom');
        for (const [key, kind] of [['secretKeyRef', 'Secret'], ['configMapKeyRef', 'ConfigMap']] as const) {
          const r = vf[key];
          if (isObject(r)) ref(kind, r.name, childPath(r, childPath(vf, vfPath, key), 'name'), 'env', r.optional);
        }
      });
    }
    if (Array.isArray(c.envFrom)) {
      const efPath = childPath(c, cPath, 'envFrom');
      c.envFrom.forEach((e: any, j: number) => {
        if (!isObject(e)) return;
        const ePath = childPath(c.envFrom, efPath, j);
        for (const [key, kind] of [['secretRef', 'Secret'], ['configMapRef', 'ConfigMap']] as const) {
          const r = e[key];
          if (isObject(r)) ref(kind, r.name, childPath(r, childPath(e, ePath, key), 'name'), 'envFrom', r.optional);
        }
      });
    }
  });
  return { containers, mounts, owner, volumes: [], refs };
}

function volumePart(list: any[], vPath: string): ListPart {
  const volumes: PodVolume[] = [];
  const refs: PodReference[] = [];
  const ref = refPusher(refs);
  list.forEach((v: any, i: number) => {
    if (!isObject(v)) return;
    const p = childPath(list, vPath, i);
    const vol = volumeOf(v, p);
    volumes.push(vol);
    if (isObject(v.persistentVolumeClaim)) {
      const s = v.persistentVolumeClaim;
      ref('PersistentVolumeClaim', s.claimName, childPath(s, childPath(v, p, 'persistentVolumeClaim'), 'claimName'), 'volume', false);
    }
    if (isObject(v.secret)) {
      const s = v.secret;
      ref('Secret', s.secretName, childPath(s, childPath(v, p, 'secret'), 'secretName'), 'volume', s.optional);
    }
    if (isObject(v.configMap)) {
      const s = v.configMap;
      ref('ConfigMap', s.name, childPath(s, childPath(v, p, 'configMap'), 'name'), 'volume', s.optional);
    }
    if (isObject(v.projected) && Array.isArray(v.projected.sources)) {
      const proj = v.projected;
      const srcPath = childPath(proj, childPath(v, p, 'projected'), 'sources');
      proj.sources.forEach((s: any, j: number) => {
        if (!isObject(s)) return;
        const sPath = childPath(proj.sources, srcPath, j);
        for (const [key, kind] of [['secret', 'Secret'], ['configMap', 'ConfigMap']] as const) {
          const r = s[key];
          if (isObject(r)) ref(kind, r.name, childPath(r, childPath(s, sPath, key), 'name'), 'projected', r.optional);
        }
      });
    }
  });
  return { containers: [], mounts: [], owner: new Map(), volumes, refs };
}

function pullSecretPart(list: any[], ipPath: string): ListPart {
  const refs: PodReference[] = [];
  const ref = refPusher(refs);
  list.forEach((s: any, i: number) => {
    // A missing pull secret only logs a warning event; the pull may still work for public images.
    if (isObject(s)) ref('Secret', s.name, childPath(s, childPath(list, ipPath, i), 'name'), 'imagePullSecrets', false);
  });
  return { containers: [], mounts: [], owner: new Map(), volumes: [], refs };
}

/** The items of every part, in order: the one non-empty list itself when there is only one. */
function joined<T>(parts: readonly ListPart[], of: (p: ListPart) => readonly T[]): readonly T[] {
  let only: readonly T[] | undefined;
  let several = false;
  for (const p of parts) {
    if (of(p).length === 0) continue;
    if (only) several = true;
    else only = of(p);
  }
  return several ? parts.flatMap((p) => of(p)) : only ?? [];
}

// The fields `joined` reads, made once (not a closure per call).
const CONTAINERS = (p: ListPart) => p.containers;
const MOUNTS = (p: ListPart) => p.mounts;
const VOLUMES = (p: ListPart) => p.volumes;
const REFS = (p: ListPart) => p.refs;

function extract(component: PodComponent, template: any, tplPath: string, memo: PartMemo): EffectivePod {
  const tpl = isObject(template) ? template : {};
  const spec = isObject(tpl.spec) ? tpl.spec : {};
  const specPath = childPath(tpl, tplPath, 'spec');
  // In the order the references were always reported: containers, init containers, volumes, pull secrets.
  const parts: ListPart[] = [];
  for (const field of ['containers', 'initContainers'] as const) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    const listPath = childPath(spec, specPath, field);
    parts.push(memoPart(memo, list, field, listPath, () => containerPart(list, listPath, field)));
  }
  if (Array.isArray(spec.volumes)) {
    const list = spec.volumes;
    const vPath = childPath(spec, specPath, 'volumes');
    parts.push(memoPart(memo, list, 'volumes', vPath, () => volumePart(list, vPath)));
  }
  if (Array.isArray(spec.imagePullSecrets)) {
    const list = spec.imagePullSecrets;
    const ipPath = childPath(spec, specPath, 'imagePullSecrets');
    parts.push(memoPart(memo, list, 'imagePullSecrets', ipPath, () => pullSecretPart(list, ipPath)));
  }
  const containers = joined(parts, CONTAINERS);
  const mounts = joined(parts, MOUNTS);
  const volumes = joined(parts, VOLUMES);
  const refs = joined(parts, REFS);

  let mainContainer: PodContainer | undefined;
  for (const c of containers) if (!c.init && c.name === MAIN_CONTAINER) { mainContainer = c; break; }
  let mainPart: ListPart | undefined;
  if (mainContainer) for (const p of parts) if (p.containers.includes(mainContainer)) { mainPart = p; break; }
  const byName = new Map<string, PodVolume>();
  for (const v of volumes) if (!byName.has(v.name)) byName.set(v.name, v);
  return {
    component,
    template: isObject(template) ? template : undefined,
    spec,
    containers,
    ...(mainContainer ? { mainContainer } : {}),
    mainMounts: mainPart ? mainPart.mounts.filter((m) => mainPart.owner.get(m) === mainContainer) : [],
    mounts,
    volumes,
    volume: (name: string) => byName.get(name),
    references: refs,
  };
}

/**
 * The effective JobManager and TaskManager pods of a FlinkDeployment manifest (uncached).
 * Malformed input yields empty pods, never an exception.
 */
export function effectivePods(manifest: any, mergeArraysByName: boolean): FlinkPods {
  const spec = isObject(manifest) && isObject(manifest.spec) ? manifest.spec : {};
  const common = spec.podTemplate;
  const memo: PartMemo = new Map();
  const build = (component: PodComponent): EffectivePod => {
    const comp = isObject(spec[component]) ? spec[component].podTemplate : undefined;
    provenance.clear();
    try {
      const merged = mergePodTemplates(common, 'spec.podTemplate', comp, `spec.${component}.podTemplate`, mergeArraysByName);
      return extract(component, merged.template, merged.path, memo);
    } finally {
      provenance.clear();
    }
  };
  return { jobManager: build('jobManager'), taskManager: build('taskManager'), mergeArraysByName };
}

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
  const seen = new Set<string>();
  const out: PodReference[] = [];
  const jm = pods.jobManager.references;
  const tm = pods.taskManager.references;
  // Both pods often share one list (neither component template changes it). One pod's references
  // never repeat a path (each comes from its own field of the merged template, and merged nodes
  // map to distinct manifest positions), so that list is its own answer.
  if (jm === tm) return jm.slice();
  for (const r of [...jm, ...tm]) {
    const k = `${r.kind}\u0000${r.name}\u0000${r.path}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(r);
    }
  }
  return out;
}
