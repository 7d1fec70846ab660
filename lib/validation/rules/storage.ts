import { KEYS, haActive } from '../config-keys';
import { pathOf } from '../path';
import {
  EffectivePod, FlinkPods, MAIN_CONTAINER, PERSISTENT_SOURCES, PodMount, PodReference, PodVolume,
  isUnder, normalizePath, podReferences, podsOf,
} from '../pods';
import { ExternalResources, Resource, RuleContext, RuleSet, Severity } from '../types';
import { isBlank, isObject } from '../values';
import { RuleInfo } from './info';

/**
 * The library's own cross-resource storage and reference rules ("State is data" in DESIGN.md):
 * where checkpoint, savepoint and HA directories live, whether the volumes and claims holding them
 * survive pods and can be shared, and whether the Secrets, ConfigMaps, PVCs and the service
 * account the pods use exist (with the RBAC the JobManager needs). The operator checks none of
 * this (operator-rules.md §2.6); the pods fail or lose state at run time instead.
 */
export const STORAGE_RULES: readonly RuleInfo[] = [
  { id: 'state-dir-not-persistent', ref: '', severity: 'error', why: 'A file:// checkpoint, savepoint or HA directory outside a persistent volume mounted in flink-main-container of both pods is lost with the pod.' },
  { id: 'state-dir-node-local', ref: '', severity: 'warning', why: 'A hostPath volume keeps state on one node; pods on other nodes see an empty directory.' },
  { id: 'pvc-not-shared', ref: '', severity: 'error', why: 'A claim used by pods on several nodes (JM and TM, or several replicas) needs ReadWriteMany or the pods cannot attach it.' },
  { id: 'pvc-not-found', ref: '', severity: 'error', why: 'A pod-template claim that does not exist keeps the pods Pending (error at synth unless declared external, warning when linting).' },
  { id: 'reference-not-found', ref: '', severity: 'error', why: 'A Secret or ConfigMap the pod template needs that does not exist stops the containers (error at synth unless declared external, warning when linting).' },
  { id: 'reference-other-namespace', ref: '', severity: 'error', why: 'Pods can only use Secrets, ConfigMaps and claims of their own namespace (warning when linting).' },
  { id: 'service-account-not-found', ref: '', severity: 'error', why: 'The JobManager and TaskManager pods cannot be created under a missing service account (error at synth unless declared external, warning when linting).' },
  { id: 'service-account-rbac-insufficient', ref: '', severity: 'error', why: 'The JobManager uses its service account to manage TaskManager pods, ConfigMaps and its Deployment (pods, configmaps, deployments and deployments/finalizers).' },
];

// ---------------------------------------------------------------------------------------------
// State directories (shared with upgrade.ts)

export type StateDirGroup = 'checkpoint' | 'savepoint' | 'ha';

/** An effective checkpoint, savepoint or HA storage directory. */
export interface StateDir {
  readonly group: StateDirGroup;
  /** The config key the value came from (the first non-blank of the group's keys). */
  readonly key: string;
  readonly value: string;
  /** The local filesystem path, normalised, when the directory is on file:// or a bare absolute path. */
  readonly local?: string;
}

const GROUPS: ReadonlyArray<[StateDirGroup, readonly string[]]> = [
  ['checkpoint', KEYS.checkpointDir],
  ['savepoint', KEYS.savepointDir],
  ['ha', KEYS.haStorageDir],
];

/**
 * The local path of a Flink directory URI: `file:///a/b`, `file:/a/b`, `file://host/a/b` and a bare
 * absolute `/a/b` (unless `fs.default-scheme` names another file system). Undefined for object
 * stores (`s3://`, `gs://`, `hdfs://`, ...) and relative paths.
 */
export function localStatePath(value: string, config: Record<string, string>): string | undefined {
  // A value with a scheme does not depend on the config: the same directories come with every app.
  const known = schemeLocal.get(value);
  if (known !== undefined) return known === NOT_LOCAL ? undefined : known;
  const v = value.trim();
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(v);
  if (m) {
    const local = schemeLocalPath(m[1], m[2]);
    if (schemeLocal.size < SCHEME_LOCAL_MAX) schemeLocal.set(value, local ?? NOT_LOCAL);
    return local;
  }
  if (!v.startsWith('/')) return undefined;
  const def = (config['fs.default-scheme'] ?? '').trim();
  if (def !== '' && !/^file:/i.test(def)) return undefined;
  return normalizePath(v);
}

const schemeLocal = new Map<string, string>();
const SCHEME_LOCAL_MAX = 10_000;
/** Marks a cached value with a scheme that is not a local path (never a normalised path: those start with '/'). */
const NOT_LOCAL = '';

/** The local path of `scheme:rest`, if the scheme is file. */
function schemeLocalPath(scheme: string, afterColon: string): string | undefined {
  if (scheme.toLowerCase() !== 'file') return undefined;
  let rest = afterColon;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    if (slash < 0) return undefined;
    rest = rest.slice(slash);
  }
  return rest.startsWith('/') ? normalizePath(rest) : undefined;
}

/** The effective state directories of a config (HA storage only when HA is active). */
export function stateDirs(config: Record<string, string>): StateDir[] {
  const out: StateDir[] = [];
  const ha = haActive(config);
  for (let g = 0; g < GROUPS.length; g++) {
    const group = GROUPS[g][0];
    const keys = GROUPS[g][1];
    if (group === 'ha' && !ha) continue;
    let key: string | undefined;
    for (let k = 0; k < keys.length; k++) if (!isBlank(config[keys[k]])) { key = keys[k]; break; }
    if (key === undefined) continue;
    const value = config[key];
    const local = localStatePath(value, config);
    out.push(local !== undefined ? { group, key, value, local } : { group, key, value });
  }
  return out;
}

/** Where a local directory lands in a pod. */
export type Placement =
  | { readonly kind: 'no-main-container'; readonly others: readonly string[] }
  | { readonly kind: 'not-mounted'; readonly others: readonly string[] }
  | { readonly kind: 'no-volume'; readonly mount: PodMount }
  | { readonly kind: 'mounted'; readonly mount: PodMount; readonly volume: PodVolume };

/** The deepest mount of `mounts` that contains `dir`. */
function deepest(mounts: readonly PodMount[], dir: string): PodMount | undefined {
  let best: PodMount | undefined;
  for (const m of mounts) if (isUnder(dir, m.mountPath) && (!best || m.mountPath.length > best.mountPath.length)) best = m;
  return best;
}

const NO_OTHERS: string[] = [];

/** Finds the volume holding a local directory in the main container of a pod. */
export function placeDir(pod: EffectivePod, dir: string): Placement {
  // Containers other than the main one that mount it, in mount order, each once (usually none).
  let others: string[] | undefined;
  for (const m of pod.mounts) {
    if (m.container === MAIN_CONTAINER || !isUnder(dir, m.mountPath)) continue;
    if (!others) others = [m.container];
    else if (!others.includes(m.container)) others.push(m.container);
  }
  if (!others) others = NO_OTHERS;
  if (!pod.mainContainer) return { kind: 'no-main-container', others };
  const mount = deepest(pod.mainMounts, dir);
  if (!mount) return { kind: 'not-mounted', others };
  const volume = pod.volume(mount.name);
  return volume ? { kind: 'mounted', mount, volume } : { kind: 'no-volume', mount };
}

// ---------------------------------------------------------------------------------------------
// Lookups

const COMPONENT_LABEL: Record<string, string> = { jobManager: 'JobManager', taskManager: 'TaskManager' };

/** Namespaces match when equal, or when one is unset (applied with the same `-n`, we cannot tell). */
const sameNamespace = (a: string, b: string) => a === b || a === '' || b === '';

const INDEXED = new Set(['Secret', 'ConfigMap', 'PersistentVolumeClaim', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** The resources of one kind and name, in input order; by namespace only once they span several. */
class Named {
  byNs?: Map<string, Resource[]>;
  constructor(readonly list: Resource[]) {}
}

class Index {
  /**
   * Per kind, per name (nested maps: no key strings built per lookup); a name that only one
   * resource has maps to that resource itself (no list per resource).
   */
  private readonly byKindName = new Map<string, Map<string, Resource | Named>>();
  constructor(resources: readonly Resource[]) {
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i];
      if (!INDEXED.has(r.kind) || r.name === '') continue;
      let names = this.byKindName.get(r.kind);
      if (!names) this.byKindName.set(r.kind, (names = new Map()));
      const found = names.get(r.name);
      if (!found) {
        names.set(r.name, r);
        continue;
      }
      let e: Named;
      if (found instanceof Named) e = found;
      else names.set(r.name, (e = new Named([found])));
      if (!e.byNs && r.namespace !== e.list[0].namespace) e.byNs = new Map<string, Resource[]>().set(e.list[0].namespace, e.list.slice());
      e.list.push(r);
      if (e.byNs) {
        const inNs = e.byNs.get(r.namespace);
        if (inNs) inNs.push(r);
        else e.byNs.set(r.namespace, [r]);
      }
    }
  }
  /**
   * The first resource (in input order) in the same namespace (or with either namespace unset),
   * else the first one elsewhere. Constant time per lookup: many resources share a name across
   * namespaces (every application's 'flink' ServiceAccount).
   */
  lookup(kind: string, namespace: string, name: string): { same?: Resource; other?: Resource } {
    const e = this.byKindName.get(kind)?.get(name);
    if (!e) return {};
    if (!(e instanceof Named)) {
      // The only one of that name: same namespace, or either namespace unset.
      return namespace === '' || e.namespace === namespace || e.namespace === '' ? { same: e } : { other: e };
    }
    const list = e.list;
    let same: Resource | undefined;
    if (namespace === '') {
      same = list[0];
    } else {
      // The first in the namespace and the first without one (all of the list share one namespace
      // until a second appears).
      const a = e.byNs ? e.byNs.get(namespace)?.[0] : list[0].namespace === namespace ? list[0] : undefined;
      const b = e.byNs ? e.byNs.get('')?.[0] : list[0].namespace === '' ? list[0] : undefined;
      same = a && b ? (a.index <= b.index ? a : b) : a ?? b;
    }
    return same ? { same } : { other: list[0] };
  }
}

const EXTERNAL_KIND: Record<PodReference['kind'], keyof ExternalResources> = {
  Secret: 'secrets', ConfigMap: 'configMaps', PersistentVolumeClaim: 'persistentVolumeClaims',
};

const nsText = (ns: string) => (ns === '' ? 'the default namespace' : `namespace '${ns}'`);
const qualified = (ns: string, name: string) => (ns === '' ? name : `${ns}/${name}`);

function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// state-dir-not-persistent / state-dir-node-local

interface Problem {
  /** Equal codes in the JM and TM pods are reported once. */
  readonly code: string;
  readonly message: (where: string) => string;
  readonly fix: string;
}

function describe(dir: StateDir, pod: EffectivePod, common: any, placement: Placement): Problem | undefined {
  // The common case, a writable persistent volume: nothing to say, no message built.
  if (placement.kind === 'mounted' && !placement.mount.readOnly
    && (PERSISTENT_SOURCES.has(placement.volume.source) || placement.volume.source === 'hostPath')) return undefined;
  const what = `${dir.key} '${dir.value}'`;
  const local = dir.local as string;
  const inOthers = (others: readonly string[]) => others.length > 0
    ? ` It is mounted only in container${others.length > 1 ? 's' : ''} ${others.map((o) => `'${o}'`).join(', ')}; Flink runs in the container named '${MAIN_CONTAINER}' and ignores mounts of other containers.`
    : '';
  const renameFix = `Move the volumeMount to the container named '${MAIN_CONTAINER}' (rename the container if it is Flink's own): only that container is merged with Flink's container.`;
  const mountFix = `Mount a persistent volume (persistentVolumeClaim with accessModes [ReadWriteMany]) at '${local}' or a parent directory in the '${MAIN_CONTAINER}' container of spec.podTemplate, so both pods get it, or use an object store (s3://, gs://, abfss://).`;
  switch (placement.kind) {
    case 'no-main-container': {
      const commonHadMain = isObject(common) && isObject(common.spec) && Array.isArray(common.spec.containers)
        && common.spec.containers.some((c: any) => isObject(c) && c.name === MAIN_CONTAINER);
      const clobbered = commonHadMain
        ? ` spec.podTemplate has one, but the containers of spec.${pod.component}.podTemplate are merged over it by position and rename it.`
        : '';
      return {
        code: `nomain|${placement.others.join(',')}|${clobbered !== ''}`,
        message: (where) => `${what} is not on a persistent volume in ${where}: the pod template has no container named '${MAIN_CONTAINER}', so nothing is mounted where Flink writes.${clobbered || inOthers(placement.others)}`,
        fix: clobbered
          ? `List '${MAIN_CONTAINER}' at the same position in spec.${pod.component}.podTemplate.spec.containers as in spec.podTemplate (containers are merged by position), or set kubernetes.operator.pod-template.merge-arrays-by-name: 'true'.`
          : placement.others.length ? renameFix : mountFix,
      };
    }
    case 'not-mounted':
      return {
        code: `unmounted|${placement.others.join(',')}`,
        message: (where) => `${what} is not inside any volume mounted in '${MAIN_CONTAINER}' of ${where}: Flink writes it to the container's own filesystem, which is lost when the pod restarts.${inOthers(placement.others)}`,
        fix: placement.others.length ? renameFix : mountFix,
      };
    case 'no-volume':
      return {
        code: `novolume|${placement.mount.path}`,
        message: (where) => `${what} is under the volumeMount '${placement.mount.name}' at '${placement.mount.mountPath}' (${placement.mount.path}) in ${where}, but the pod has no volume named '${placement.mount.name}' (Kubernetes rejects the pod).`,
        fix: `Add a volume named '${placement.mount.name}' with a persistentVolumeClaim to spec.podTemplate.spec.volumes.`,
      };
    case 'mounted': {
      const { mount, volume } = placement;
      if (mount.readOnly) {
        return {
          code: `readonly|${mount.path}`,
          message: (where) => `${what} is in volume '${volume.name}' mounted read-only (readOnly: true at ${mount.path}) in ${where}: Flink cannot write its state there.`,
          fix: `Remove readOnly: true from the volumeMount at ${mount.path}.`,
        };
      }
      if (PERSISTENT_SOURCES.has(volume.source) || volume.source === 'hostPath') return undefined;
      const kind = volume.sources.length === 0 ? 'a volume without a source (Kubernetes defaults it to emptyDir)' : `${/^[aeiou]/i.test(volume.source) ? 'an' : 'a'} ${volume.source} volume`;
      return {
        code: `ephemeral|${volume.path}`,
        message: (where) => `${what} is in volume '${volume.name}' (${volume.path}), ${kind}, mounted at '${mount.mountPath}' in ${where}: its data is deleted with the pod, so the job's state is lost on every restart, upgrade or suspend.`,
        fix: `Replace the ${volume.sources.length === 0 ? 'volume' : volume.source} of volume '${volume.name}' with a persistentVolumeClaim (accessModes [ReadWriteMany]) and keep it mounted in '${MAIN_CONTAINER}' of both pods.`,
      };
    }
  }
  return undefined;
}

interface HostPathUse { volume: PodVolume; dirs: Set<string>; components: Set<string> }

/**
 * Checks local state directories against the pods of `cluster` (the FlinkDeployment itself, or a
 * session job's target), reporting on `res` at the path of each directory's config key.
 */
function checkStateDirs(
  ctx: RuleContext, res: Resource, dirs: readonly StateDir[], cluster: Resource, configPaths: Record<string, string>, prefix: string,
) {
  const pods = podsOf(cluster);
  const common = isObject(cluster.manifest.spec) ? cluster.manifest.spec.podTemplate : undefined;
  let hostPaths: Map<string, HostPathUse> | undefined;
  // Both pods usually have the very same mounts and volumes (lists no component template changes):
  // a directory then lands in the same place in both.
  const jm = pods.jobManager;
  const tm = pods.taskManager;
  const samePlaces = jm.mounts === tm.mounts && jm.mainMounts === tm.mainMounts && jm.volumes === tm.volumes && jm.mainContainer === tm.mainContainer;
  for (let d = 0; d < dirs.length; d++) {
    const dir = dirs[d];
    if (dir.local === undefined) continue;
    let problems: Array<{ component: string; p: Problem }> | undefined;
    let jmPlacement: Placement | undefined;
    for (let k = 0; k < 2; k++) {
      const pod = k === 0 ? jm : tm;
      const placement = k === 1 && samePlaces ? jmPlacement! : placeDir(pod, dir.local);
      jmPlacement = placement;
      const p = describe(dir, pod, common, placement);
      if (p) (problems ??= []).push({ component: COMPONENT_LABEL[pod.component], p });
      else if (placement.kind === 'mounted' && placement.volume.source === 'hostPath') {
        if (!hostPaths) hostPaths = new Map();
        const use = hostPaths.get(placement.volume.path) ?? { volume: placement.volume, dirs: new Set(), components: new Set() };
        use.dirs.add(dir.key);
        use.components.add(COMPONENT_LABEL[pod.component]);
        hostPaths.set(placement.volume.path, use);
      }
    }
    if (!problems) continue;
    const path = configPaths[dir.key] ?? pathOf('spec', 'flinkConfiguration', dir.key);
    const groups = new Map<string, Array<{ component: string; p: Problem }>>();
    for (const x of problems) groups.set(x.p.code, [...(groups.get(x.p.code) ?? []), x]);
    for (const list of groups.values()) {
      const where = `${prefix}the ${list.map((x) => x.component).join(' and ')} pod${list.length > 1 ? 's' : ''}`;
      ctx.report(res, { rule: 'state-dir-not-persistent', path, message: list[0].p.message(where), fix: list[0].p.fix });
    }
  }
  if (!hostPaths) return;
  for (const use of hostPaths.values()) {
    const hp = isObject(use.volume.volume.hostPath) ? use.volume.volume.hostPath.path : undefined;
    const comps = [...use.components];
    ctx.report(res, {
      rule: 'state-dir-node-local',
      severity: 'warning',
      path: use.volume.path,
      message: `${listText([...use.dirs])} ${use.dirs.size > 1 ? 'are' : 'is'} in volume '${use.volume.name}', a hostPath${typeof hp === 'string' ? ` ('${hp}')` : ''} of ${prefix}the ${comps.join(' and ')} pod${comps.length > 1 ? 's' : ''}: the data stays on one node, so a pod scheduled on another node (a TaskManager, a restarted JobManager) sees a different, empty directory.`,
      fix: 'Fine for a single-node cluster (minikube, kind); otherwise use a persistentVolumeClaim with accessModes [ReadWriteMany] or an object store (s3://, gs://, abfss://).',
    });
  }
}

const STATE_DIR_KINDS = ['FlinkDeployment', 'FlinkSessionJob'];

function stateDirRules(ctx: RuleContext) {
  const list = ctx.ofKinds(STATE_DIR_KINDS);
  for (let i = 0; i < list.length; i++) {
    const res = list[i];
    if (res.kind === 'FlinkDeployment') {
      checkStateDirs(ctx, res, stateDirs(res.config), res, res.configPaths, '');
    } else if (res.kind === 'FlinkSessionJob') {
      const spec = res.manifest.spec;
      const target = isObject(spec) && typeof spec.deploymentName === 'string' ? spec.deploymentName : undefined;
      const cluster = target ? ctx.find('FlinkDeployment', res.namespace, target) : undefined;
      if (!cluster) continue; // the existence of the target is another rule's business
      const merged = { ...cluster.config, ...res.config };
      // Only the directories the job itself sets: the cluster's own are reported on the cluster.
      const own = stateDirs(merged).filter((d) => d.group !== 'ha' && res.config[d.key] === d.value);
      checkStateDirs(ctx, res, own, cluster, res.configPaths, `session cluster '${target}': `);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// pvc-not-shared

/** How many TaskManagers there can be, and (built only for a finding) why. */
function taskManagerCount(res: Resource): { count: number; text: () => string } {
  const spec = isObject(res.manifest.spec) ? res.manifest.spec : {};
  const tm = isObject(spec.taskManager) ? spec.taskManager : {};
  const replicas = Number(tm.replicas);
  if (tm.replicas !== undefined && tm.replicas !== null && Number.isFinite(replicas)) {
    return { count: replicas, text: () => `spec.taskManager.replicas is ${replicas}` };
  }
  if (!isObject(spec.job)) return { count: Infinity, text: () => 'a session cluster starts TaskManagers on demand, so there can be several' };
  const parallelism = Number(spec.job.parallelism);
  const slots = Number.parseInt(res.config['taskmanager.numberOfTaskSlots'] ?? '1', 10);
  if (!Number.isFinite(parallelism) || parallelism < 1) return { count: 1, text: () => '' };
  const n = Math.ceil(parallelism / (Number.isFinite(slots) && slots > 0 ? slots : 1));
  return { count: n, text: () => `parallelism ${parallelism} with ${Number.isFinite(slots) && slots > 0 ? slots : 1} slot(s) per TaskManager needs ${n} TaskManagers` };
}

const NO_CLAIMS: ReadonlyMap<string, PodVolume> = new Map();

/** The pod's claims, each with its first volume (one shared empty map for a pod without claims). */
function claimsOf(pod: EffectivePod): ReadonlyMap<string, PodVolume> {
  let out: Map<string, PodVolume> | undefined;
  const volumes = pod.volumes;
  for (let i = 0; i < volumes.length; i++) {
    const v = volumes[i];
    if (!v.claimName) continue;
    out ??= new Map();
    if (!out.has(v.claimName)) out.set(v.claimName, v);
  }
  return out ?? NO_CLAIMS;
}

function pvcSharing(ctx: RuleContext, index: Index, res: Resource, pods: FlinkPods) {
  const jm = claimsOf(pods.jobManager);
  if (jm === NO_CLAIMS && pods.taskManager.volumes === pods.jobManager.volumes) return;
  const tm = pods.taskManager.volumes === pods.jobManager.volumes ? jm : claimsOf(pods.taskManager);
  if (jm.size === 0 && tm.size === 0) return;
  const spec = isObject(res.manifest.spec) ? res.manifest.spec : {};
  const jmReplicas = isObject(spec.jobManager) && Number.isFinite(Number(spec.jobManager.replicas)) && spec.jobManager.replicas !== null ? Number(spec.jobManager.replicas) : 1;
  // The TaskManager count only when a claim of the TaskManager pod needs it (usually never: the
  // claim is in both pods, or has ReadWriteMany).
  let tmCount: { count: number; text: () => string } | undefined;
  // Every claim once, the JobManager's first (a map's keys are in insertion order).
  const claims = tm.size === 0 || tm === jm ? jm : jm.size === 0 ? tm : new Map([...jm, ...tm]);
  for (const claim of claims.keys()) {
    const both = jm.has(claim) && tm.has(claim);
    const jmMany = jm.has(claim) && jmReplicas > 1;
    if (!both && !jmMany && !(tm.has(claim) && (tmCount ??= taskManagerCount(res)).count > 1)) continue;
    const pvc = index.lookup('PersistentVolumeClaim', res.namespace, claim).same;
    if (!pvc) continue; // pvc-not-found / reference-other-namespace
    const pspec = isObject(pvc.manifest.spec) ? pvc.manifest.spec : {};
    const modes: unknown[] = Array.isArray(pspec.accessModes) ? pspec.accessModes : [];
    if (modes.includes('ReadWriteMany')) continue;
    const tmMany = tm.has(claim) && (tmCount ??= taskManagerCount(res)).count > 1;
    // The reasons' texts only for a finding.
    const reasons: string[] = [];
    if (both) reasons.push('it is mounted by both the JobManager and the TaskManager pods');
    if (jmMany) reasons.push(`spec.jobManager.replicas is ${jmReplicas}`);
    if (tmMany) reasons.push(tmCount!.text());
    const volume = (jm.get(claim) ?? tm.get(claim)) as PodVolume;
    ctx.report(res, {
      rule: 'pvc-not-shared',
      path: volume.path,
      message: `PersistentVolumeClaim '${claim}' (volume '${volume.name}') has accessModes ${JSON.stringify(modes)} but pods on different nodes use it: ${listText(reasons)}. Without ReadWriteMany the second pod cannot attach the volume (Multi-Attach error) and stays in ContainerCreating.`,
      fix: `Set spec.accessModes: [ReadWriteMany] on PersistentVolumeClaim '${qualified(pvc.namespace, claim)}' with a storage class that supports it (NFS, CephFS, EFS, Azure Files, Filestore), or use an object store for the state directories.`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// pvc-not-found / reference-not-found / reference-other-namespace

const VIA_TEXT: Record<PodReference['via'], string> = {
  volume: 'a volume', projected: 'a projected volume', env: 'an env valueFrom', envFrom: 'envFrom', imagePullSecrets: 'imagePullSecrets',
};

function references(ctx: RuleContext, index: Index, res: Resource, pods: FlinkPods) {
  const lintSeverity: Severity = ctx.mode === 'synth' ? 'error' : 'warning';
  // One finding per object and kind of use: a role template repeats the common volumes (so the
  // operator's by-position merge keeps them), which would otherwise report the same object twice.
  const refs = podReferences(pods);
  if (refs.length === 0) return;
  const reported = refs.length > 1 ? new Set<string>() : undefined;
  // The common template's path first: that is where the user declared a volume both pods get.
  // (Already in that order when no common-template reference follows another one.)
  const common = (r: PodReference) => r.path.startsWith('spec.podTemplate.');
  let sorted = true;
  for (let i = 1; i < refs.length && sorted; i++) if (common(refs[i]) && !common(refs[i - 1])) sorted = false;
  const ordered = sorted ? refs : [...refs.filter(common), ...refs.filter((r) => !common(r))];
  for (let i = 0; i < ordered.length; i++) {
    const ref = ordered[i];
    if (reported) {
      const once = `${ref.kind}\u0000${ref.name}\u0000${ref.via}\u0000${ref.optional}`;
      if (reported.has(once)) continue;
      reported.add(once);
    }
    const found = index.lookup(ref.kind, res.namespace, ref.name);
    if (found.same) continue;
    if (ctx.isExternal(EXTERNAL_KIND[ref.kind], res.namespace, ref.name)) continue;
    if (found.other) {
      ctx.report(res, {
        rule: 'reference-other-namespace',
        severity: lintSeverity,
        path: ref.path,
        message: `${ref.kind} '${ref.name}' used by ${VIA_TEXT[ref.via]} (${ref.path}) is in ${nsText(found.other.namespace)}, but the FlinkDeployment's pods run in ${nsText(res.namespace)}: pods can only use ${ref.kind}s of their own namespace.`,
        fix: `Create ${ref.kind} '${ref.name}' in ${nsText(res.namespace)} (or move the FlinkDeployment to ${nsText(found.other.namespace)}).`,
      });
      continue;
    }
    if (ref.optional) continue; // `optional: true`: the pod starts without it
    const rule = ref.kind === 'PersistentVolumeClaim' ? 'pvc-not-found' : 'reference-not-found';
    const effect = ref.kind === 'PersistentVolumeClaim'
      ? 'the pods stay Pending until it exists'
      : ref.via === 'imagePullSecrets' ? 'private images cannot be pulled' : 'the containers do not start until it exists';
    ctx.report(res, {
      rule,
      severity: lintSeverity,
      path: ref.path,
      message: `${ref.kind} '${ref.name}' used by ${VIA_TEXT[ref.via]} (${ref.path}) is not in the ${ctx.mode === 'synth' ? 'app' : 'input'} in ${nsText(res.namespace)}: ${effect}.`,
      fix: ctx.mode === 'synth'
        ? `Add ${ref.kind} '${ref.name}' to the chart in ${nsText(res.namespace)}, or declare it in external.${EXTERNAL_KIND[ref.kind]} as '${qualified(res.namespace, ref.name)}' if it is created outside this app.`
        : `Make sure ${ref.kind} '${qualified(res.namespace, ref.name)}' exists in the cluster before the FlinkDeployment is applied.`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// service-account-not-found / service-account-rbac-insufficient

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const REQUIRED: ReadonlyArray<[string, string]> = [
  ['', 'pods'], ['', 'configmaps'], ['apps', 'deployments'], ['apps', 'deployments/finalizers'],
];

const ALL_VERBS = (1 << VERBS.length) - 1;

// Index loops in these helpers: they run per rule and required resource, mostly before V8 optimizes them.
function includesGroup(groups: readonly unknown[], group: string): boolean {
  for (let i = 0; i < groups.length; i++) if (groups[i] === '*' || groups[i] === group) return true;
  return false;
}

/** Per entry of REQUIRED, the any-owner form of its subresource (`*` + `/finalizers`) that also grants it, or ''. */
const ANY_OWNER = REQUIRED.map(([, resource]) => (resource.includes('/') ? `*/${resource.slice(resource.indexOf('/') + 1)}` : ''));

function includesResource(resources: readonly unknown[], resource: string, anyOwner: string): boolean {
  for (let i = 0; i < resources.length; i++) {
    const x = resources[i];
    if (x === '*' || x === resource || (anyOwner !== '' && x === anyOwner)) return true;
  }
  return false;
}

/** The verbs of VERBS a rule's verb list names, one bit each (`*`: all of them). */
function verbBits(verbs: readonly unknown[]): number {
  let bits = 0;
  for (let k = 0; k < verbs.length; k++) {
    const v = verbs[k];
    if (v === '*') return ALL_VERBS;
    if (typeof v === 'string') {
      const i = VERBS.indexOf(v);
      if (i >= 0) bits |= 1 << i;
    }
  }
  return bits;
}

/**
 * Per entry of REQUIRED, the verbs of VERBS that some rule grants on that resource of that API
 * group (one bit per verb): a rule counts when it is well-formed, names no resourceNames (which
 * cannot list or create), and matches the group (or '*') and the resource (or '*', or a
 * subresource of any resource). One pass over the rules for every required resource and verb.
 */
function grantedVerbs(rules: readonly any[]): number[] {
  const granted = [0, 0, 0, 0]; // one per entry of REQUIRED
  for (let k = 0; k < rules.length; k++) {
    const r = rules[k];
    if (!isObject(r) || !Array.isArray(r.apiGroups) || !Array.isArray(r.resources) || !Array.isArray(r.verbs)) continue;
    if (Array.isArray(r.resourceNames) && r.resourceNames.length > 0) continue; // cannot list/create
    let bits = -1;
    for (let i = 0; i < REQUIRED.length; i++) {
      // (No array destructuring: unoptimized code runs it through the iterator protocol.)
      if (!includesGroup(r.apiGroups, REQUIRED[i][0]) || !includesResource(r.resources, REQUIRED[i][1], ANY_OWNER[i])) continue;
      if (bits < 0) bits = verbBits(r.verbs);
      granted[i] |= bits;
    }
  }
  return granted;
}

const NO_BINDINGS: Resource[] = [];
const BINDING_KINDS = ['RoleBinding', 'ClusterRoleBinding'];
const NO_SUBJECTS: readonly unknown[] = Object.freeze([]);

/** The ServiceAccount names among a binding's subjects, each once, in order (no set for a single subject). */
function accountNames(subjects: readonly unknown[]): readonly string[] {
  if (subjects.length === 1) {
    const s = subjects[0];
    return isObject(s) && s.kind === 'ServiceAccount' && typeof s.name === 'string' ? [s.name] : NO_NAMES;
  }
  const names = new Set<string>();
  for (let i = 0; i < subjects.length; i++) {
    const s = subjects[i];
    if (isObject(s) && s.kind === 'ServiceAccount' && typeof s.name === 'string') names.add(s.name);
  }
  return [...names];
}
const NO_NAMES: readonly string[] = Object.freeze([]);

/** Whether a binding's subjects include the ServiceAccount `sa` of namespace `namespace`. */
function bindsAccount(subjects: readonly unknown[], sa: string, subjectDefaultNs: string, namespace: string): boolean {
  for (let i = 0; i < subjects.length; i++) {
    const s = subjects[i];
    if (isObject(s) && s.kind === 'ServiceAccount' && s.name === sa
      && sameNamespace(typeof s.namespace === 'string' ? s.namespace : subjectDefaultNs, namespace)) return true;
  }
  return false;
}

function serviceAccounts(ctx: RuleContext, index: Index) {
  const checkedRbac = new Set<string>();
  // Every named binding in input order (the engine's lists are in input order; bindings have no
  // virtual copies, so that is index order).
  const bindings = ctx.ofKinds(BINDING_KINDS);
  // Bindings by the names of the ServiceAccounts among their subjects, in input order: each
  // deployment then reads only the bindings that can bind its account, instead of all of them
  // (deployments x bindings made this rule quadratic: ~1 s of a 20,000-resource lint).
  // Within one account name, namespaced bindings are also kept by namespace, so a deployment reads
  // only those of its namespace, the ones without namespace and the cluster bindings.
  // Maps and lists made only when needed: most accounts have one binding in one namespace.
  // `ns` / `inNs`: the namespaced bindings while they are all in one namespace (no map for them).
  interface SaBindings { ns: string | undefined; inNs: Resource[]; byNs: Map<string, Resource[]> | undefined; rest: Resource[] }
  const bindingsBySa = new Map<string, SaBindings>();
  for (let k = 0; k < bindings.length; k++) {
    const b = bindings[k];
    if (b.name === '') continue; // as the index: unnamed resources are not looked at
    const subjects: unknown[] = Array.isArray(b.manifest.subjects) ? b.manifest.subjects : NO_SUBJECTS;
    const names = accountNames(subjects);
    for (let n = 0; n < names.length; n++) {
      const name = names[n];
      let e = bindingsBySa.get(name);
      if (!e) bindingsBySa.set(name, (e = { ns: undefined, inNs: NO_BINDINGS, byNs: undefined, rest: NO_BINDINGS }));
      if (b.kind === 'ClusterRoleBinding' || b.namespace === '') {
        if (e.rest === NO_BINDINGS) e.rest = [b];
        else e.rest.push(b);
      } else if (e.ns === undefined) {
        e.ns = b.namespace;
        e.inNs = [b];
      } else if (!e.byNs && e.ns === b.namespace) {
        e.inNs.push(b);
      } else if (!e.byNs) {
        e.byNs = new Map<string, Resource[]>().set(e.ns, e.inNs).set(b.namespace, [b]);
      } else {
        const l = e.byNs.get(b.namespace);
        if (l) l.push(b);
        else e.byNs.set(b.namespace, [b]);
      }
    }
  }
  const bindingsFor = (sa: string, namespace: string): Resource[] => {
    const e = bindingsBySa.get(sa);
    if (!e) return NO_BINDINGS;
    if (namespace === '') {
      // Every binding of the account, in input order (index order: bindings have no virtual copies).
      const all: Resource[] = [];
      if (e.byNs) e.byNs.forEach((l) => { for (let k = 0; k < l.length; k++) all.push(l[k]); });
      else for (let k = 0; k < e.inNs.length; k++) all.push(e.inNs[k]);
      for (let k = 0; k < e.rest.length; k++) all.push(e.rest[k]);
      return all.sort((a, b) => a.index - b.index);
    }
    const inNs = (e.byNs ? e.byNs.get(namespace) : e.ns === namespace ? e.inNs : undefined) ?? NO_BINDINGS;
    if (e.rest.length === 0) return inNs;
    return [...inNs, ...e.rest].sort((a, b) => a.index - b.index);
  };
  const deployments = ctx.ofKind('FlinkDeployment');
  for (let i = 0; i < deployments.length; i++) {
    const res = deployments[i];
    if (!isObject(res.manifest.spec)) continue;
    const sa = res.manifest.spec.serviceAccount;
    if (typeof sa !== 'string' || isBlank(sa)) continue; // R30 is the operator rule's business
    const path = 'spec.serviceAccount';
    const found = index.lookup('ServiceAccount', res.namespace, sa);
    // Every namespace has a `default` service account.
    if (!found.same && sa !== 'default' && !ctx.isExternal('serviceAccounts', res.namespace, sa)) {
      const elsewhere = found.other ? ` (there is one in ${nsText(found.other.namespace)}, but pods can only use service accounts of their own namespace)` : '';
      ctx.report(res, {
        rule: 'service-account-not-found',
        severity: ctx.mode === 'synth' ? 'error' : 'warning',
        path,
        message: `spec.serviceAccount '${sa}' names no ServiceAccount in ${nsText(res.namespace)} in the ${ctx.mode === 'synth' ? 'app' : 'input'}${elsewhere}: the operator cannot create the JobManager pods.`,
        fix: ctx.mode === 'synth'
          ? `Add ServiceAccount '${sa}' with its Role and RoleBinding to the chart in ${nsText(res.namespace)}, or declare it in external.serviceAccounts as '${qualified(res.namespace, sa)}' (the operator's Helm chart creates 'flink' in its watched namespaces).`
          : `Make sure ServiceAccount '${qualified(res.namespace, sa)}' exists (the operator's Helm chart creates 'flink' only in its watched namespaces) with a Role granting get, list, watch, create, update, patch and delete on pods, configmaps, deployments and deployments/finalizers (FlinkServiceAccount creates exactly that).`,
      });
    }
    const saKey = `${res.namespace}\u0000${sa}`;
    if (checkedRbac.has(saKey)) continue;
    checkedRbac.add(saKey);
    // Roles bound to the service account in the input.
    const roles: Resource[] = [];
    let unknownRole = false;
    const saBindings = bindingsFor(sa, res.namespace);
    for (let k = 0; k < saBindings.length; k++) {
      const b = saBindings[k];
      const m = b.manifest;
      const cluster = b.kind === 'ClusterRoleBinding';
      if (!cluster && !sameNamespace(b.namespace, res.namespace)) continue;
      const subjects: unknown[] = Array.isArray(m.subjects) ? m.subjects : NO_SUBJECTS;
      const bound = bindsAccount(subjects, sa, cluster ? '' : b.namespace, res.namespace);
      if (!bound || !isObject(m.roleRef) || typeof m.roleRef.name !== 'string') { continue; }
      const roleKind = m.roleRef.kind === 'ClusterRole' ? 'ClusterRole' : 'Role';
      const role = roleKind === 'Role'
        ? index.lookup('Role', b.namespace, m.roleRef.name).same
        : index.lookup('ClusterRole', '', m.roleRef.name).same ?? index.lookup('ClusterRole', '', m.roleRef.name).other;
      if (!role || (isObject(role.manifest.aggregationRule))) unknownRole = true;
      else if (!roles.includes(role)) roles.push(role);
    }
    if (roles.length === 0 || unknownRole) continue; // nothing to judge, or a bound role we cannot see
    const rules = roles.length === 1
      ? (Array.isArray(roles[0].manifest.rules) ? roles[0].manifest.rules : [])
      : roles.flatMap((r) => (Array.isArray(r.manifest.rules) ? r.manifest.rules : []));
    const granted = grantedVerbs(rules);
    if (granted[0] === ALL_VERBS && granted[1] === ALL_VERBS && granted[2] === ALL_VERBS && granted[3] === ALL_VERBS) continue;
    const missing: string[] = [];
    REQUIRED.forEach(([group, resource], i) => {
      const verbs = VERBS.filter((_, j) => (granted[i] & (1 << j)) === 0);
      if (verbs.length) missing.push(`${group === '' ? '' : group + '/'}${resource} [${verbs.join(', ')}]`);
    });
    const role = roles[0];
    ctx.report(role, {
      rule: 'service-account-rbac-insufficient',
      path: 'rules',
      message: `ServiceAccount '${sa}' (spec.serviceAccount of FlinkDeployment '${res.name}') is bound to ${listText(roles.map((r) => `${r.kind} '${r.name}'`))}, which lack${roles.length > 1 ? '' : 's'} ${listText(missing)}: the JobManager needs them to start TaskManager pods, write its ConfigMaps (config, HA leader election) and own its Deployment.`,
      fix: `Grant apiGroups [""] resources [pods, configmaps] and apiGroups [apps] resources [deployments, deployments/finalizers], each with verbs [${VERBS.join(', ')}], as the operator's Helm chart Role 'flink' does.`,
    });
  }
}

/** The storage and reference rules (see STORAGE_RULES). */
export const storageRules: RuleSet = (ctx) => {
  stateDirRules(ctx);
  const index = new Index(ctx.resources);
  const deployments = ctx.ofKind('FlinkDeployment');
  for (let i = 0; i < deployments.length; i++) {
    const res = deployments[i];
    const pods = podsOf(res);
    pvcSharing(ctx, index, res, pods);
    references(ctx, index, res, pods);
  }
  serviceAccounts(ctx, index);
};
