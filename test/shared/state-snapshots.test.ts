/**
 * The library must be able to produce the operator's FlinkStateSnapshot examples: same meaning, not
 * same bytes. Each example is rebuilt with the constructs, both sides are parsed and normalised
 * (operator defaults filled in, nested config flattened, deprecated key names mapped to the names
 * the operator reads, quantities in MiB, volumes by mount path), and the specs are compared.
 * Reads ../shared/operator-examples beside the repo (or $CDK8S_FLINK_SHARED/operator-examples).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  CheckpointPolicy, FlinkApplication, FlinkServiceAccount, FlinkStorage, FlinkVersion, JobJar, JobKind, OperatorVersion,
  Restore, SavepointFormat, SnapshotTarget, SnapshotType, StateSnapshot, UpgradeMode,
} from '../../lib';
import { KEYS } from '../../lib/validation/config-keys';

const SHARED = process.env.CDK8S_FLINK_SHARED ?? path.resolve(__dirname, '../../../shared');
const EXAMPLES = path.join(SHARED, 'operator-examples');

function operatorExample(file: string): any[] {
  const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d && typeof d === 'object');
}

// --- normalisation ---------------------------------------------------------------------------

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Flattens nested flinkConfiguration maps (`state: {checkpoints.dir: x}` -> `state.checkpoints.dir`). */
function flatten(config: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (!isObj(config)) return out;
  for (const [k, v] of Object.entries(config)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isObj(v)) flatten(v, key, out);
    else out[key] = String(v);
  }
  return out;
}

/** Deprecated key -> the name the operator reports (it reads both). */
const CANONICAL: Record<string, string> = {};
for (const keys of [KEYS.checkpointDir, KEYS.savepointDir]) for (const k of keys) CANONICAL[k] = keys[0];

function canonicalConfig(config: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(flatten(config))) out[CANONICAL[k] ?? k] = v;
  return out;
}

/** A memory quantity in MiB, read Flink-first as the operator does (`2048m` is 2048 MiB). */
function mib(q: unknown): number | undefined {
  if (q === undefined || q === null) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(ki|mi|gi|k|kb|m|mb|g|gb)?$/i.exec(String(q).trim());
  if (!m) throw new Error(`unparsable memory ${q}`);
  const unit = (m[2] ?? '').toLowerCase();
  const factor: Record<string, number> = { '': 1 / (1024 * 1024), 'ki': 1 / 1024, 'k': 1 / 1024, 'kb': 1 / 1024, 'mi': 1, 'm': 1, 'mb': 1, 'gi': 1024, 'g': 1024, 'gb': 1024 };
  return Number(m[1]) * factor[unit];
}

function resources(component: any): { cpu?: number; memoryMiB?: number; replicas?: number } {
  const r = component?.resources?.requests ?? {};
  const legacy = component?.resource ?? {};
  const cpu = r.cpu ?? legacy.cpu;
  return { cpu: cpu === undefined ? undefined : Number(cpu), memoryMiB: mib(r.memory ?? legacy.memory), replicas: component?.replicas };
}

/** Volumes of flink-main-container by mount path, with their source (volume names do not matter). */
function mounts(podTemplate: any): Record<string, any> {
  const spec = podTemplate?.spec ?? {};
  const volumes: any[] = spec.volumes ?? [];
  const container = (spec.containers ?? []).find((c: any) => c.name === 'flink-main-container') ?? {};
  const out: Record<string, any> = {};
  for (const m of container.volumeMounts ?? []) {
    const { name, ...source } = volumes.find((v) => v.name === m.name) ?? {};
    if (source.hostPath) source.hostPath = { path: source.hostPath.path }; // `type` compared separately
    out[m.mountPath] = source;
  }
  return out;
}

const JOB_DEFAULTS = { state: 'running', upgradeMode: 'stateless', args: [] };

function deploymentMeaning(d: any) {
  const s = d.spec;
  const job = Object.fromEntries(Object.entries({ ...JOB_DEFAULTS, ...s.job }).filter(([, v]) => v !== undefined && v !== null));
  return {
    name: d.metadata.name,
    image: s.image,
    flinkVersion: s.flinkVersion,
    serviceAccount: s.serviceAccount,
    config: canonicalConfig(s.flinkConfiguration),
    jobManager: resources(s.jobManager),
    taskManager: resources(s.taskManager),
    mounts: mounts(s.podTemplate),
    job,
  };
}

function snapshotMeaning(m: any) {
  const s = m.spec;
  return {
    name: m.metadata.name,
    backoffLimit: s.backoffLimit ?? -1,
    jobReference: s.jobReference ?? null,
    checkpoint: s.checkpoint ?? null,
    savepoint: s.savepoint === undefined || s.savepoint === null ? null : {
      alreadyExists: false, disposeOnDelete: true, formatType: 'CANONICAL', path: null, ...s.savepoint,
    },
  };
}

function meaning(m: any) {
  if (m.kind === 'FlinkStateSnapshot') return { kind: m.kind, ...snapshotMeaning(m) };
  if (m.kind === 'FlinkDeployment') return { kind: m.kind, ...deploymentMeaning(m) };
  return { kind: m.kind, name: m.metadata?.name };
}

/** The Flink custom resources of a chart, in output order. */
function flinkResources(chart: Chart): any[] {
  return Testing.synth(chart).filter((m) => m.apiVersion === 'flink.apache.org/v1beta1');
}

// --- the examples ----------------------------------------------------------------------------

describe('snapshot_checkpoint.yaml', () => {
  test('StateSnapshot: a checkpoint of an existing deployment, no retries', () => {
    const chart = Testing.chart();
    new StateSnapshot(chart, 'checkpoint', {
      name: 'example-checkpoint',
      type: SnapshotType.checkpoint(),
      target: SnapshotTarget.existing(JobKind.FLINK_DEPLOYMENT, 'example-deployment'),
      backoffLimit: 0,
    });
    expect(flinkResources(chart).map(meaning)).toEqual(operatorExample('snapshot_checkpoint.yaml').map(meaning));
  });
});

describe('snapshot_savepoint-job-full-spec.yaml', () => {
  test('StateSnapshot: a savepoint with every option', () => {
    const chart = Testing.chart();
    new StateSnapshot(chart, 'savepoint', {
      name: 'example-savepoint',
      type: SnapshotType.savepoint({ formatType: SavepointFormat.CANONICAL, path: '/flink-data/savepoints-custom', disposeOnDelete: true }),
      target: SnapshotTarget.existing(JobKind.FLINK_DEPLOYMENT, 'example-deployment'),
      backoffLimit: 0,
    });
    const ours = flinkResources(chart);
    expect(ours.map(meaning)).toEqual(operatorExample('snapshot_savepoint-job-full-spec.yaml').map(meaning));
    // The explicit options are written, not left to defaults.
    expect(ours[0].spec.savepoint).toEqual({ formatType: 'CANONICAL', path: '/flink-data/savepoints-custom', disposeOnDelete: true });
  });
});

describe('snapshot_job-from-savepoint.yaml', () => {
  const build = () => {
    const chart = Testing.chart();
    const storage = FlinkStorage.hostPath('/tmp/flink', { mountPath: '/flink-data' });
    const adopted = new StateSnapshot(chart, 'savepoint', {
      name: 'example-savepoint',
      type: SnapshotType.existingSavepoint('file:///flink-data/savepoints/savepoint-45305c-d867504446e0', { disposeOnDelete: false }),
    });
    new FlinkApplication(chart, 'deployment', {
      name: 'example-deployment',
      operatorVersion: OperatorVersion.MAIN, // the example uses resources.requests
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
      serviceAccount: FlinkServiceAccount.fromName(chart, 'flink', 'flink'),
      jar: JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar'),
      parallelism: 2,
      upgradeMode: UpgradeMode.SAVEPOINT,
      checkpoints: CheckpointPolicy.every(Duration.minutes(1), { storage }),
      jobManager: { cpu: 1, memory: Size.mebibytes(2048) },
      taskManager: { cpu: 1, memory: Size.mebibytes(2048) },
      restore: Restore.fromSnapshot(adopted),
    });
    // hostPath storage is node-local: synth warns (state-dir-node-local), as the example is for one
    // node; and the Pod Security Standards forbid hostPath volumes (pod-security-restricted).
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const out = flinkResources(chart);
      expect(warn.mock.calls.map((c) => String(c[0]).match(/\(([-a-z0-9]+)\)/)?.[1])).toEqual(['state-dir-node-local', 'pod-security-restricted']);
      return out;
    } finally {
      warn.mockRestore();
    }
  };

  test('the adopted savepoint, then the deployment restoring from it: same meaning', () => {
    const ours = build().map(meaning) as any[];
    const theirs = operatorExample('snapshot_job-from-savepoint.yaml').map(meaning) as any[];
    expect(ours.map((m) => m.kind)).toEqual(['FlinkStateSnapshot', 'FlinkDeployment']);
    expect(theirs.map((m) => m.kind)).toEqual(['FlinkStateSnapshot', 'FlinkDeployment']);
    // CheckpointPolicy always sets a checkpoint interval; the example leaves checkpointing to the
    // defaults. That is the one configuration entry only we write.
    const extra = Object.keys(ours[1].config).filter((k) => !(k in theirs[1].config));
    expect(extra).toEqual(['execution.checkpointing.interval']);
    delete ours[1].config['execution.checkpointing.interval'];
    expect(ours).toEqual(theirs);
  });

  test('the known differences: hostPath type and pod hardening', () => {
    const d = build()[1];
    const theirs = operatorExample('snapshot_job-from-savepoint.yaml')[1];
    // The example needs /tmp/flink to exist on the node (Directory); the construct creates it if missing.
    expect(theirs.spec.podTemplate.spec.volumes[0].hostPath.type).toBe('Directory');
    expect(d.spec.podTemplate.spec.volumes[0].hostPath.type).toBe('DirectoryOrCreate');
    // The construct runs the pods as the flink user (uid/gid 9999) under Pod Security "restricted";
    // fsGroup does not apply to hostPath volumes, so there is none.
    expect(d.spec.podTemplate.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 9999, runAsGroup: 9999, seccompProfile: { type: 'RuntimeDefault' } });
    expect(theirs.spec.podTemplate.spec.securityContext).toBeUndefined();
  });
});
