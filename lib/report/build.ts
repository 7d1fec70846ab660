/**
 * `explain(manifests)`: reads what a set of manifests deploys into the report model. Pure, like the
 * validation engine: plain manifest objects in, data out.
 */
import { parse as parseYaml } from 'yaml';
import { parseVersion } from '../validation/catalogue';
import { lintManifests, toResources } from '../validation/engine';
import { flattenConfig } from '../validation/flatten';
import { effectivePods, FlinkPods, MERGE_BY_NAME_KEY } from '../validation/pods';
import { Finding, OperatorVersionId, Resource } from '../validation/types';
import { isObject } from '../validation/values';
import { describeChanges } from './changes';
import { ClaimInfo, stateLocations, storeOf } from './durability';
import { ConfigLayer, effectiveConfig, isSecretLike } from './effective-config';
import { redact as redactSecrets } from '../validation/secrets';
import { ExplainReport, GraphEdge, GraphNode, JobCard, push, ReportFinding, toReportFinding } from './model';

/** Options of `explain`. */
export interface ExplainOptions {
  /** Operator release whose rules apply to the findings. @default '1.15' */
  readonly operatorVersion?: OperatorVersionId;
  /** The currently deployed manifests: the report then starts with what the change does. */
  readonly previous?: readonly any[];
  /**
   * Findings to show, as `checkManifests` or `lintManifests` returned them for the same
   * `manifests` (their `index` points into it). @default - `lintManifests(manifests)`
   */
  readonly findings?: readonly Finding[];
  /** Title of the report. @default 'Flink deployment report' */
  readonly title?: string;
}

const FLINK_GROUP = 'flink.apache.org/';

/** A Flink resource read as a FlinkDeployment-shaped view (blue/green templates, Confluent apps). */
interface FlinkThing {
  readonly res: Resource;
  readonly id: string;
  /** The FlinkDeployment-shaped spec. */
  readonly spec: Record<string, any>;
  readonly config: Record<string, string>;
  readonly pods?: FlinkPods;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const str = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));
const versionText = (v: unknown): string | undefined => {
  const s = str(v);
  const m = s ? /^v(\d+)_(\d+)$/.exec(s) : null;
  return m ? `${m[1]}.${m[2]}` : s;
};

/** A stable node id for a resource: kind, namespace and name, made Mermaid-safe. */
export function nodeId(kind: string, namespace: string, name: string): string {
  return `${kind}_${namespace}_${name}`.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

function isFlinkKind(r: Resource): boolean {
  if (r.kind === 'FlinkApplication') return !r.apiVersion.startsWith(FLINK_GROUP);
  return r.apiVersion.startsWith(FLINK_GROUP) || r.apiVersion === '';
}

function viewOf(r: Resource): FlinkThing | undefined {
  const m = r.manifest;
  const id = nodeId(r.kind, r.namespace, r.name);
  if (r.kind === 'FlinkDeployment' || (r.kind === 'FlinkApplication' && isFlinkKind(r))) {
    const spec = isObject(m.spec) ? m.spec : {};
    return { res: r, id, spec, config: r.config, pods: effectivePods(m, byName(r.config)) };
  }
  if (r.kind === 'FlinkBlueGreenDeployment') {
    const tpl = isObject(m.spec) && isObject(m.spec.template) && isObject(m.spec.template.spec) ? m.spec.template.spec : {};
    const config = flattenConfig(tpl.flinkConfiguration, 'spec.template.spec.flinkConfiguration').config;
    return { res: r, id, spec: tpl, config, pods: effectivePods({ spec: tpl }, byName(config)) };
  }
  if (r.kind === 'FlinkSessionJob') {
    return { res: r, id, spec: isObject(m.spec) ? m.spec : {}, config: r.config };
  }
  return undefined;
}

const byName = (config: Record<string, string>) => (config[MERGE_BY_NAME_KEY] ?? '').trim().toLowerCase() === 'true';

/** An operator Deployment of the input, with what it watches and its default configuration. */
interface OperatorInfo {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  /** Watched namespaces; empty = all. */
  readonly watched: readonly string[];
  readonly config: Record<string, string>;
}

function operatorsOf(resources: readonly Resource[]): OperatorInfo[] {
  const out: OperatorInfo[] = [];
  for (const r of resources) {
    if (r.kind !== 'Deployment') continue;
    const containers = r.manifest?.spec?.template?.spec?.containers;
    if (!Array.isArray(containers)) continue;
    const op = containers.find((c: any) => isObject(c) && typeof c.image === 'string' && /flink-kubernetes-operator/.test(c.image));
    if (!op) continue;
    const cm = resources.find((c) => c.kind === 'ConfigMap' && c.namespace === r.namespace && c.name === 'flink-operator-config');
    let config: Record<string, string> = {};
    const text = cm && isObject(cm.manifest.data) ? (cm.manifest.data['config.yaml'] ?? cm.manifest.data['flink-conf.yaml']) : undefined;
    if (typeof text === 'string') {
      try {
        config = flattenConfig(parseYaml(text, { maxAliasCount: 100 }), 'data').config;
      } catch {
        config = {};
      }
    }
    const watched = (config['kubernetes.operator.watched.namespaces'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    out.push({ id: nodeId('Operator', r.namespace, r.name), name: r.name, namespace: r.namespace, image: op.image, watched, config });
  }
  return out;
}

const DEFAULTS_PREFIX = 'kubernetes.operator.default-configuration.';

/**
 * The operator's default configuration as it applies to one resource: the base keys, then the
 * entries for its namespace, then the `flink-version.<vX_Y>+` entries up to its Flink version in
 * ascending order, then the entry for its exact version (the operator's precedence).
 */
export function operatorDefaults(config: Record<string, string>, namespace: string, flinkVersion: number | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const nsEntries: Array<[string, string]> = [];
  const plus: Array<[number, string, string]> = [];
  const exact: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(config)) {
    if (!key.startsWith(DEFAULTS_PREFIX)) {
      out[key] = value;
      continue;
    }
    const rest = key.slice(DEFAULTS_PREFIX.length);
    const ns = /^namespace\.([^.]+)\.(.+)$/.exec(rest);
    if (ns) {
      if (ns[1] === namespace) nsEntries.push([ns[2], value]);
      continue;
    }
    const fv = /^flink-version\.(v\d+_\d+)(\+?)\.(.+)$/.exec(rest);
    const v = fv ? parseVersion(fv[1]) : undefined;
    if (!fv || v === undefined || flinkVersion === undefined) continue;
    if (fv[2] === '+' && v <= flinkVersion) plus.push([v, fv[3], value]);
    else if (fv[2] === '' && v === flinkVersion) exact.push([fv[3], value]);
  }
  for (const [k, v] of nsEntries) out[k] = v;
  for (const [, k, v] of plus.sort((a, b) => a[0] - b[0])) out[k] = v;
  for (const [k, v] of exact) out[k] = v;
  return out;
}

function operatorFor(operators: readonly OperatorInfo[], namespace: string): OperatorInfo | undefined {
  return operators.find((o) => o.watched.includes(namespace)) ?? operators.find((o) => o.watched.length === 0);
}

function memCpu(v: any): string | undefined {
  if (!isObject(v)) return undefined;
  const res = isObject(v.resources) && isObject(v.resources.requests) ? v.resources.requests : v.resource;
  if (!isObject(res)) return undefined;
  const parts = [str(res.memory), res.cpu !== undefined ? `${res.cpu} cpu` : undefined].filter((x) => x !== undefined);
  const replicas = v.replicas !== undefined ? `${v.replicas} × ` : '';
  return parts.length ? `${replicas}${parts.join(', ')}` : undefined;
}

function restartText(config: Record<string, string>): string {
  const type = (config['restart-strategy.type'] ?? config['restart-strategy'] ?? '').trim();
  const g = (k: string) => config[`restart-strategy.${k}`];
  switch (type.toLowerCase()) {
    case '':
      return 'Flink default (exponential-delay when checkpointing is on, else none)';
    case 'failure-rate':
    case 'failurerate':
      return `failure-rate (${g('failure-rate.max-failures-per-interval') ?? '1'} failures per ${g('failure-rate.failure-rate-interval') ?? '1 min'}, delay ${g('failure-rate.delay') ?? '1 s'})`;
    case 'fixed-delay':
    case 'fixeddelay':
      return `fixed-delay (${g('fixed-delay.attempts') ?? '1'} attempts, delay ${g('fixed-delay.delay') ?? '1 s'})`;
    case 'exponential-delay':
    case 'exponentialdelay':
      return `exponential-delay (initial ${g('exponential-delay.initial-backoff') ?? '1 s'}, max ${g('exponential-delay.max-backoff') ?? '1 min'})`;
    default:
      return type;
  }
}

function autoscalerText(config: Record<string, string>): string {
  const on = (config['job.autoscaler.enabled'] ?? config['kubernetes.operator.job.autoscaler.enabled'] ?? '').trim().toLowerCase() === 'true';
  if (!on) return 'off';
  const target = config['job.autoscaler.target.utilization'] ?? config['kubernetes.operator.job.autoscaler.target.utilization'];
  const max = config['job.autoscaler.vertex.max-parallelism'] ?? config['kubernetes.operator.job.autoscaler.vertex.max-parallelism'];
  const parts = [target ? `target utilization ${target}` : undefined, max ? `max parallelism ${max}` : undefined].filter((x) => x !== undefined);
  return parts.length ? `on (${parts.join(', ')})` : 'on';
}

/** Reads the manifests into the report model. Never throws on malformed manifests. */
export function explain(manifests: readonly any[], options: ExplainOptions = {}): ExplainReport {
  const operatorVersion = options.operatorVersion ?? '1.15';
  const list = manifests.filter((m) => m !== null && m !== undefined);
  const resources = toResources(list);
  const all: readonly Finding[] = options.findings
    ?? lintManifests(list, { operatorVersion, ...(options.previous ? { previous: [...options.previous] } : {}) });
  // Suppressed findings are counted, not shown: someone has already said why they are acceptable.
  const findings = all.filter((f) => !f.suppressed);
  // Findings quote config values; a secret's value must not reach the report through them.
  const secrets = new Set<string>();
  for (const r of resources) {
    for (const [k, v] of Object.entries(r.config)) if (isSecretLike(k) && v.trim().length >= 4) secrets.add(v.trim());
  }
  const redact = (text: string) => {
    let out = text;
    for (const v of secrets) out = out.split(v).join('(redacted)');
    return redactSecrets(out); // and whatever looks like a credential, through the one helper
  };
  const byIndex = new Map<number, ReportFinding[]>();
  for (const f of findings) {
    const l = byIndex.get(f.index) ?? [];
    const rf = toReportFinding(f);
    l.push(secrets.size ? { ...rf, message: redact(rf.message), fix: redact(rf.fix) } : rf);
    byIndex.set(f.index, l);
  }

  const claims = new Map<string, ClaimInfo & { res: Resource }>();
  for (const r of resources) {
    if (r.kind !== 'PersistentVolumeClaim') continue;
    const s = isObject(r.manifest.spec) ? r.manifest.spec : {};
    claims.set(`${r.namespace}\u0000${r.name}`, {
      res: r,
      accessModes: Array.isArray(s.accessModes) ? s.accessModes.map(String) : [],
      ...(str(s.storageClassName) ? { storageClass: String(s.storageClassName) } : {}),
      ...(isObject(s.resources) && isObject(s.resources.requests) && str(s.resources.requests.storage) ? { size: String(s.resources.requests.storage) } : {}),
    });
  }
  const claimIn = (ns: string) => (name: string) => claims.get(`${ns}\u0000${name}`);

  const operators = operatorsOf(resources);
  const things = resources.filter(isFlinkKind).map(viewOf).filter((t): t is FlinkThing => t !== undefined);
  const deployments = new Map<string, FlinkThing>();
  for (const t of things) if (t.res.kind === 'FlinkDeployment') deployments.set(`${t.res.namespace}\u0000${t.res.name}`, t);
  const snapshots = resources.filter((r) => r.kind === 'FlinkStateSnapshot' && isFlinkKind(r));

  const nodes = new Map<string, GraphNode>();
  /** One edge per (from, to): labels of parallel edges are joined. */
  const edges = new Map<string, GraphEdge>();
  const addNode = (n: GraphNode) => { if (!nodes.has(n.id)) nodes.set(n.id, n); };
  const addEdge = (e: GraphEdge) => {
    const k = `${e.from}\u0000${e.to}`;
    const same = edges.get(k);
    if (!same) edges.set(k, e);
    else if (!same.label.split(', ').includes(e.label)) edges.set(k, { ...same, label: `${same.label}, ${e.label}` });
  };
  // Indexes for the per-resource lookups below (a report can cover thousands of resources).
  const bindings = new Map<string, Resource>();
  const accounts = new Set<string>();
  const jobsByCluster = new Map<string, string[]>();
  for (const x of resources) {
    if (x.kind === 'ServiceAccount') accounts.add(`${x.namespace}\u0000${x.name}`);
    if (x.kind === 'RoleBinding' && Array.isArray(x.manifest.subjects)) {
      for (const sub of x.manifest.subjects) {
        const k = `${x.namespace}\u0000${isObject(sub) ? sub.name : ''}`;
        if (isObject(sub) && sub.kind === 'ServiceAccount' && !bindings.has(k)) bindings.set(k, x);
      }
    }
  }
  for (const t of things) {
    if (t.res.kind !== 'FlinkSessionJob') continue;
    const k = `${t.res.namespace}\u0000${String(t.spec.deploymentName ?? '')}`;
    push(jobsByCluster, k, t.res.name);
  }

  for (const o of operators) {
    addNode({ id: o.id, kind: 'Operator', name: o.name, namespace: o.namespace, tier: 0,
      detail: `${o.image.split('/').pop()} · ${o.watched.length ? `watches ${o.watched.join(', ')}` : 'watches all namespaces'}` });
    for (const ns of o.watched) addEdge({ from: o.id, to: `ns:${ns}`, label: 'watches' });
  }

  const storageNode = (storage: string, ns: string): string => {
    if (storage.startsWith('pvc:')) {
      const name = storage.slice(4);
      const c = claimIn(ns)(name);
      const id = nodeId('PersistentVolumeClaim', ns, name);
      addNode({ id, kind: 'PersistentVolumeClaim', name, namespace: ns, tier: 1,
        detail: c ? [c.accessModes.join(', '), c.size, c.storageClass].filter((x) => x).join(' · ') : 'not in the input' });
      return id;
    }
    if (storage.startsWith('hostPath:')) {
      const p = storage.slice(9);
      const id = nodeId('HostPath', ns, p);
      addNode({ id, kind: 'HostPath', name: p, namespace: ns, tier: 1, detail: 'node-local', fragile: true });
      return id;
    }
    if (storage.startsWith('store:')) {
      const s = storage.slice(6);
      const id = nodeId('ObjectStore', '', s);
      addNode({ id, kind: 'ObjectStore', name: s, namespace: '', tier: 1, detail: 'outside the cluster' });
      return id;
    }
    const id = nodeId('Volume', ns, storage);
    addNode({ id, kind: 'Volume', name: storage.split(':').pop() as string, namespace: ns, tier: 1, detail: storage.split(':')[1] ?? '' });
    return id;
  };

  const cards: JobCard[] = [];
  for (const t of things) {
    const r = t.res;
    const spec = t.spec;
    const job = isObject(spec.job) ? spec.job : undefined;
    const op = operatorFor(operators, r.namespace);
    let role: string;
    let cluster: FlinkThing | undefined;
    let clusterName: string | undefined;
    if (r.kind === 'FlinkSessionJob') {
      role = 'session job';
      clusterName = str(spec.deploymentName);
      cluster = clusterName ? deployments.get(`${r.namespace}\u0000${clusterName}`) : undefined;
    } else if (r.kind === 'FlinkBlueGreenDeployment') {
      role = 'blue/green application';
    } else {
      role = job ? 'application' : 'session cluster';
    }
    const flinkSpec = cluster ? cluster.spec : spec;
    const flinkVersion = versionText(flinkSpec.flinkVersion);
    const layers: ConfigLayer[] = [];
    if (op && Object.keys(op.config).length) {
      layers.push({ source: 'operator-default', from: op.name, config: operatorDefaults(op.config, r.namespace, parseVersion(String(flinkSpec.flinkVersion ?? ''))) });
    }
    if (cluster) layers.push({ source: 'session-cluster', from: cluster.res.name, config: cluster.config });
    layers.push({ source: 'resource', config: t.config });
    const config = effectiveConfig(layers, parseVersion(String(flinkSpec.flinkVersion ?? '')));
    const merged: Record<string, string> = {};
    for (const e of config) if (!e.redacted) merged[e.key] = e.value;
    const pods = r.kind === 'FlinkSessionJob' ? cluster?.pods : t.pods;
    const state = stateLocations(merged, pods, claimIn(r.namespace)).map((s) => {
      if (!s.storage) return s;
      const sid = storageNode(s.storage, r.namespace);
      const { storage: _drop, ...rest } = s;
      void _drop;
      return { ...rest, storageNode: sid };
    });

    const kindDetail = r.kind === 'FlinkSessionJob' ? 'session job' : role;
    addNode({ id: t.id, kind: r.kind, name: r.name, namespace: r.namespace, tier: r.kind === 'FlinkSessionJob' ? 3 : 2,
      detail: [kindDetail, flinkVersion ? `Flink ${flinkVersion}` : undefined, job ? str(job.upgradeMode) ?? 'stateless' : undefined].filter((x) => x).join(' · ') });
    for (const s of state) if (s.storageNode) addEdge({ from: t.id, to: s.storageNode, label: s.group === 'ha' ? 'HA' : `${s.group}s` });
    if (pods) {
      for (const pod of [pods.jobManager, pods.taskManager]) {
        for (const m of pod.mainMounts) {
          const v = pod.volume(m.name);
          if (!v) continue;
          if (v.claimName !== undefined) addEdge({ from: t.id, to: storageNode(`pvc:${v.claimName}`, r.namespace), label: 'mounts' });
          else if (v.source === 'hostPath' && isObject(v.volume.hostPath)) addEdge({ from: t.id, to: storageNode(`hostPath:${v.volume.hostPath.path}`, r.namespace), label: 'mounts' });
        }
      }
    }
    if (r.kind === 'FlinkSessionJob' && clusterName) {
      addEdge({ from: t.id, to: nodeId('FlinkDeployment', r.namespace, clusterName), label: 'runs on' });
      if (!cluster) addNode({ id: nodeId('FlinkDeployment', r.namespace, clusterName), kind: 'FlinkDeployment', name: clusterName, namespace: r.namespace, tier: 2, detail: 'session cluster (not in the input)' });
    }
    const sa = str(flinkSpec.serviceAccount);
    if (sa && r.kind !== 'FlinkSessionJob') {
      const rb = bindings.get(`${r.namespace}\u0000${sa}`);
      const role2 = rb && isObject(rb.manifest.roleRef) ? `${rb.manifest.roleRef.kind} ${rb.manifest.roleRef.name}` : undefined;
      const known = accounts.has(`${r.namespace}\u0000${sa}`) || accounts.has(`\u0000${sa}`);
      const said = nodeId('ServiceAccount', r.namespace, sa);
      addNode({ id: said, kind: 'ServiceAccount', name: sa, namespace: r.namespace, tier: 0,
        detail: role2 ? `bound to ${role2}` : known ? 'no RoleBinding in the input' : 'not in the input' });
      addEdge({ from: t.id, to: said, label: 'runs as' });
    }

    const jm = isObject(flinkSpec.jobManager) ? flinkSpec.jobManager : undefined;
    const tm = isObject(flinkSpec.taskManager) ? flinkSpec.taskManager : undefined;
    const resourcesText = r.kind === 'FlinkSessionJob' ? undefined
      : [jm && memCpu(jm) ? `JobManager ${memCpu(jm)}` : undefined, tm && memCpu(tm) ? `TaskManager ${memCpu(tm)}` : undefined].filter((x) => x).join('; ');
    const jobsOf = role === 'session cluster' ? jobsByCluster.get(`${r.namespace}\u0000${r.name}`) ?? [] : undefined;
    cards.push({
      id: t.id,
      kind: r.kind,
      name: r.name,
      namespace: r.namespace,
      role,
      ...(flinkVersion ? { flinkVersion } : {}),
      operatorVersion: op ? `${op.image.split(':').pop()} (operator ${op.namespace ? `${op.namespace}/` : ''}${op.name})` : operatorVersion,
      ...(str(flinkSpec.image) ? { image: String(flinkSpec.image) } : {}),
      ...(r.kind !== 'FlinkSessionJob' ? { mode: str(flinkSpec.mode) ?? 'native' } : {}),
      ...(job ? { upgradeMode: str(job.upgradeMode) ?? 'stateless', jobState: str(job.state) ?? 'running' } : {}),
      ...(job && str(job.jarURI) ? { jar: String(job.jarURI) } : {}),
      ...(job && job.parallelism !== undefined ? { parallelism: String(job.parallelism) } : {}),
      ...(merged['taskmanager.numberOfTaskSlots'] ? { slots: merged['taskmanager.numberOfTaskSlots'] } : {}),
      ...(clusterName ? { cluster: clusterName } : {}),
      ...(jobsOf ? { jobs: jobsOf } : {}),
      ...(resourcesText ? { resources: resourcesText } : {}),
      ...(sa ? { serviceAccount: sa } : {}),
      state,
      restartStrategy: restartText(merged),
      autoscaler: autoscalerText(merged),
      config,
      findings: byIndex.get(r.index) ?? [],
    });
  }

  for (const s of snapshots) {
    const spec = isObject(s.manifest.spec) ? s.manifest.spec : {};
    const ref = isObject(spec.jobReference) ? spec.jobReference : {};
    const type = isObject(spec.savepoint) ? 'savepoint' : isObject(spec.checkpoint) ? 'checkpoint' : 'snapshot';
    const id = nodeId('FlinkStateSnapshot', s.namespace, s.name);
    const path = isObject(spec.savepoint) ? str(spec.savepoint.path) : undefined;
    addNode({ id, kind: 'FlinkStateSnapshot', name: s.name, namespace: s.namespace, tier: 4,
      detail: [type, path ? storeOf(path) : undefined].filter((x) => x).join(' · ') });
    const target = str(ref.name);
    if (target) {
      const kind = str(ref.kind) ?? 'FlinkDeployment';
      const tid = nodeId(kind, s.namespace, target);
      if (!nodes.has(tid)) addNode({ id: tid, kind, name: target, namespace: s.namespace, tier: kind === 'FlinkSessionJob' ? 3 : 2, detail: 'not in the input' });
      addEdge({ from: id, to: tid, label: 'snapshot of' });
    }
  }

  const carded = new Set(things.map((t) => t.res));
  const otherFindings: ReportFinding[] = [];
  for (const r of resources) if (!carded.has(r)) otherFindings.push(...(byIndex.get(r.index) ?? []));

  const sortedNodes = [...nodes.values()].sort((a, b) => cmp(a.namespace, b.namespace) || a.tier - b.tier || cmp(a.kind, b.kind) || cmp(a.name, b.name));
  const namespaces = [...new Set(sortedNodes.map((n) => n.namespace).concat(operators.flatMap((o) => o.watched)))].sort();
  const count = (p: (c: JobCard) => boolean) => cards.filter(p).length;
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    title: options.title ?? 'Flink deployment report',
    operatorVersion,
    counts: {
      resources: resources.length,
      applications: count((c) => c.role === 'application'),
      sessionClusters: count((c) => c.role === 'session cluster'),
      sessionJobs: count((c) => c.role === 'session job'),
      blueGreen: count((c) => c.role === 'blue/green application'),
      snapshots: snapshots.length,
      operators: operators.length,
      errors,
      warnings: findings.length - errors,
      suppressed: all.length - findings.length,
    },
    empty: things.length === 0 && snapshots.length === 0 && operators.length === 0,
    namespaces,
    graph: { nodes: sortedNodes, edges: [...edges.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to)) },
    cards: cards.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind)),
    ...(options.previous ? { changes: describeChanges(list, options.previous, secrets.size ? findings.map((f) => ({ ...f, message: redact(f.message) })) : findings) } : {}),
    otherFindings,
  };
}

