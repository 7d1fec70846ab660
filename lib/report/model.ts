/**
 * The explain report as data: what a set of manifests deploys, where each job's state lives, which
 * configuration is in effect and what a change does. Renderers (markdown, html, json) only format
 * this model; everything they print is decided here.
 */
import { Finding, Severity } from '../validation/types';

/** How much of the infrastructure a state directory survives losing. */
export type Durability =
  /** Lost with the pod: emptyDir, the container's own filesystem, a path with no volume. */
  | 'none'
  /** Survives a pod restart on the same node; lost with the node (hostPath, local volumes). */
  | 'pod'
  /** Survives pod and node loss; lost with the cluster (persistent volume claims, network volumes). */
  | 'node'
  /** Outside the Kubernetes cluster (object stores, HDFS): survives losing the cluster. */
  | 'cluster';

/** A checkpoint, savepoint or HA directory with where it lands and what it survives. */
export interface StateLocation {
  readonly group: 'checkpoint' | 'savepoint' | 'ha';
  /** The config key that sets it. */
  readonly key: string;
  readonly value: string;
  readonly durability: Durability;
  /** One line: what holds the directory, e.g. `PVC orders-state (ReadWriteMany) at /flink-data`. */
  readonly where: string;
  /** One line: survives pod / node / cluster loss, in words. */
  readonly verdict: string;
  /** Graph node id of the storage holding it, when there is one. */
  readonly storageNode?: string;
}

/** Where an effective configuration value comes from, lowest precedence first. */
export type ConfigSource = 'flink-default' | 'operator-default' | 'session-cluster' | 'resource';

/** One effective configuration entry. */
export interface ConfigEntry {
  readonly key: string;
  readonly value: string;
  readonly source: ConfigSource;
  /** Name of the resource or operator the value comes from, when not a Flink default. */
  readonly from?: string;
  /** One line about the key from the catalogue: its type and the Flink default. */
  readonly note?: string;
  /** Whether the key's value is a secret and `value` is redacted. */
  readonly redacted?: boolean;
}

/** A finding as the report shows it. */
export interface ReportFinding {
  readonly rule: string;
  readonly ref: string;
  readonly severity: Severity;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/** What one job or cluster is, in one card. */
export interface JobCard {
  /** Graph node id of the resource. */
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** `application`, `session cluster`, `session job` or `blue/green application`. */
  readonly role: string;
  readonly flinkVersion?: string;
  readonly operatorVersion: string;
  readonly image?: string;
  readonly mode?: string;
  readonly upgradeMode?: string;
  readonly jobState?: string;
  readonly jar?: string;
  readonly parallelism?: string;
  readonly slots?: string;
  /** The session cluster of a session job. */
  readonly cluster?: string;
  /** The session jobs of a session cluster. */
  readonly jobs?: readonly string[];
  /** e.g. `JobManager 1 × 1Gi, 1 cpu; TaskManager 2 × 4Gi, 2 cpu`. */
  readonly resources?: string;
  readonly serviceAccount?: string;
  readonly state: readonly StateLocation[];
  /** e.g. `failure-rate (10 failures per 10 min, delay 30 s)`. */
  readonly restartStrategy: string;
  /** e.g. `on (target utilization 0.7)` or `off`. */
  readonly autoscaler: string;
  readonly config: readonly ConfigEntry[];
  readonly findings: readonly ReportFinding[];
}

/** A node of the topology graph. */
export interface GraphNode {
  readonly id: string;
  /** Resource kind or a synthetic kind: `ObjectStore`, `HostPath`, `EmptyDir`, `Operator`. */
  readonly kind: string;
  readonly name: string;
  /** '' for cluster-scoped or external nodes (object stores). */
  readonly namespace: string;
  /** Second line of the label, e.g. `application · Flink 2.1`. */
  readonly detail: string;
  /** Layout column: 0 operators and RBAC, 1 storage, 2 clusters and applications, 3 session jobs, 4 snapshots. */
  readonly tier: number;
  /** Whether the node is node-local or ephemeral storage, drawn as a warning. */
  readonly fragile?: boolean;
}

/** A directed edge of the topology graph. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** e.g. `runs on`, `checkpoints`, `mounts`, `snapshot of`, `watches`. */
  readonly label: string;
}

/** One change between the previous and the new manifests. */
export interface Change {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** The spec fields that changed (top two levels), for `changed`. */
  readonly fields: readonly string[];
  /** Whether applying it restarts a running job. */
  readonly restartsJob: boolean;
  /** `safe`, `state kept` or `unsafe`. */
  readonly safety: 'safe' | 'state-kept' | 'unsafe';
  /** The verdict in plain words. */
  readonly summary: string;
}

/** The whole report. */
export interface ExplainReport {
  readonly title: string;
  readonly operatorVersion: string;
  /** Counts of what the manifests hold. */
  readonly counts: {
    readonly resources: number;
    readonly applications: number;
    readonly sessionClusters: number;
    readonly sessionJobs: number;
    readonly blueGreen: number;
    readonly snapshots: number;
    readonly operators: number;
    readonly errors: number;
    readonly warnings: number;
    /** Findings suppressed with a reason (not shown). */
    readonly suppressed: number;
  };
  /** True when the input holds no Flink resource at all. */
  readonly empty: boolean;
  /** Namespaces in the report, sorted ('' = unset). */
  readonly namespaces: readonly string[];
  readonly graph: { readonly nodes: readonly GraphNode[]; readonly edges: readonly GraphEdge[] };
  readonly cards: readonly JobCard[];
  /** Present when previous manifests were given. */
  readonly changes?: readonly Change[];
  /** Findings about resources that have no card (PVCs, RBAC...). */
  readonly otherFindings: readonly ReportFinding[];
}

/** Turns an engine finding into a report finding. */
export function toReportFinding(f: Finding): ReportFinding {
  return {
    rule: f.rule, ref: f.ref, severity: f.severity, kind: f.kind, name: f.name,
    namespace: f.namespace ?? '', path: f.path, message: f.message, fix: f.fix,
  };
}

/** Appends to the list under `key`, creating it. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
