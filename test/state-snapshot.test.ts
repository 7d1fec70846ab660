import { Chart, Duration, Size, Testing } from 'cdk8s';
import {
  CheckpointPolicy, FlinkApplication, FlinkSessionCluster, FlinkStorage, FlinkVersion, JobJar, JobKind, JobState,
  lintManifests, OperatorVersion, PeriodicSnapshots, Restore, SavepointFormat, SessionJob, SnapshotTarget, SnapshotType,
  StateSnapshot, UpgradeMode,
} from '../lib';
import { errorOf, errorsOf, ofKind, only, synth } from './helpers';

const storage = FlinkStorage.objectStore('s3://state/orders');
const checkpoints = CheckpointPolicy.every(Duration.minutes(1), { storage });

function app(chart: Chart, props: Record<string, any> = {}, id = 'orders') {
  return new FlinkApplication(chart, id, {
    version: FlinkVersion.V1_20, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'),
    checkpoints, upgradeMode: UpgradeMode.SAVEPOINT, ...props,
  });
}

/** The rule ids of the error findings in a synthesized chart. */
function ruleIds(manifests: any[], operatorVersion: '1.15' | 'main' = '1.15', external = {}) {
  return errorsOf(manifests, operatorVersion, external).map((f) => f.rule);
}

/** Synthesizes and returns the synth-time validation error (or undefined). */
function synthError(chart: Chart): string | undefined {
  try {
    Testing.synth(chart);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('StateSnapshot', () => {
  test('a savepoint of an application: jobReference, options, ordered after the target (N4)', () => {
    const chart = Testing.chart();
    const a = app(chart);
    const snap = new StateSnapshot(chart, 'before-upgrade', {
      type: SnapshotType.savepoint({ formatType: SavepointFormat.NATIVE, path: 's3://state/manual', disposeOnDelete: false }),
      target: SnapshotTarget.application(a),
      backoffLimit: 3,
    });
    const manifests = synth(chart);
    const s = only(manifests, 'FlinkStateSnapshot');
    expect(s.metadata.name).toBe(snap.name);
    expect(s.spec).toEqual({
      backoffLimit: 3,
      jobReference: { kind: 'FlinkDeployment', name: a.name },
      savepoint: { formatType: 'NATIVE', path: 's3://state/manual', disposeOnDelete: false },
    });
    expect(snap.resource.node.dependencies).toContain(a.resource);
    expect(manifests.indexOf(s)).toBeGreaterThan(manifests.indexOf(only(manifests, 'FlinkDeployment')));
    expect(ruleIds(manifests)).toEqual([]);
  });

  test('a checkpoint of a session job, in the namespace of the job', () => {
    const chart = Testing.chart();
    const cluster = new FlinkSessionCluster(chart, 'sessions', {
      version: FlinkVersion.V1_20, image: 'flink:1.20', checkpoints, metadata: { namespace: 'streams' },
    });
    const job = new SessionJob(chart, 'top-speed', {
      cluster, jar: JobJar.fromUrl('https://repo.example.com/top-speed.jar'), parallelism: 2, metadata: { namespace: 'streams' },
    });
    const snap = new StateSnapshot(chart, 'cp', { type: SnapshotType.checkpoint(), target: SnapshotTarget.sessionJob(job) });
    const manifests = synth(chart);
    const s = only(manifests, 'FlinkStateSnapshot');
    expect(s.metadata.namespace).toBe('streams');
    expect(s.spec).toEqual({ jobReference: { kind: 'FlinkSessionJob', name: job.name }, checkpoint: {} });
    expect(snap.resource.node.dependencies).toContain(job.resource);
    expect(manifests.indexOf(s)).toBeGreaterThan(manifests.indexOf(only(manifests, 'FlinkSessionJob')));
    expect(ruleIds(manifests)).toEqual([]);
  });

  test('an existing job is declared external, so synth passes (N4)', () => {
    const chart = Testing.chart();
    new StateSnapshot(chart, 'cp', {
      type: SnapshotType.checkpoint(), target: SnapshotTarget.existing(JobKind.FLINK_DEPLOYMENT, 'example-deployment'), backoffLimit: 0,
    });
    const manifests = synth(chart);
    expect(only(manifests, 'FlinkStateSnapshot').spec).toEqual({
      backoffLimit: 0, jobReference: { kind: 'FlinkDeployment', name: 'example-deployment' }, checkpoint: {},
    });
    // The declaration travels with the output, so lint and the synth plugin accept it too.
    expect(only(manifests, 'FlinkStateSnapshot').metadata.annotations).toEqual({ 'cdk8s-flink.io/external': '{"jobs":["example-deployment"]}' });
    expect(ruleIds(manifests)).toEqual([]);
    // Without the declaration, the rule fires.
    const bare = manifests.map((m) => (m.kind === 'FlinkStateSnapshot' ? { ...m, metadata: { name: m.metadata.name } } : m));
    expect(ruleIds(bare)).toEqual(['snapshot-target-not-found']);
    expect(ruleIds(bare, '1.15', { jobs: ['example-deployment'] })).toEqual([]);
  });

  test('an existing savepoint needs no job (N2)', () => {
    const chart = Testing.chart();
    const snap = new StateSnapshot(chart, 'adopted', {
      type: SnapshotType.existingSavepoint('s3://state/savepoints/savepoint-45305c-d867504446e0', { disposeOnDelete: false }),
    });
    const manifests = synth(chart);
    expect(only(manifests, 'FlinkStateSnapshot').spec).toEqual({
      savepoint: { alreadyExists: true, disposeOnDelete: false, path: 's3://state/savepoints/savepoint-45305c-d867504446e0' },
    });
    expect(snap.snapshotType.alreadyExists).toBe(true);
    expect(ruleIds(manifests)).toEqual([]);
  });

  test('a triggered snapshot without a target throws (N3)', () => {
    expect(errorOf(() => new StateSnapshot(Testing.chart(), 'sp', { type: SnapshotType.savepoint() }))).toBe(
      "[test/sp] 'target' (undefined) is required for a savepoint the operator triggers (N3). Fix: set 'target' to SnapshotTarget.application(app), "
      + "SnapshotTarget.sessionJob(job) or SnapshotTarget.existing(kind, name), or adopt a savepoint with SnapshotType.existingSavepoint(path).");
  });

  test('a snapshot of a session cluster throws', () => {
    const chart = Testing.chart();
    const cluster = new FlinkSessionCluster(chart, 'sessions', { version: FlinkVersion.V1_20, image: 'flink:1.20', checkpoints });
    expect(errorOf(() => SnapshotTarget.application(cluster as any))).toBe(
      "[SnapshotTarget.application] 'app' (test/sessions) is a session cluster, which runs no job of its own to snapshot. "
      + 'Fix: snapshot the job running on it with SnapshotTarget.sessionJob(job).');
    expect(errorOf(() => SnapshotTarget.sessionJob(cluster as any))).toBe(
      "[SnapshotTarget.sessionJob] 'job' (test/sessions) is a session cluster, which runs no job of its own to snapshot. "
      + 'Fix: pass the SessionJob construct that runs on the cluster.');
  });

  test('a session cluster named by an existing target fails at synth (snapshot-target-not-a-job)', () => {
    const chart = Testing.chart();
    const cluster = new FlinkSessionCluster(chart, 'sessions', { version: FlinkVersion.V1_20, image: 'flink:1.20', checkpoints });
    new StateSnapshot(chart, 'sp', { type: SnapshotType.savepoint(), target: SnapshotTarget.existing(JobKind.FLINK_DEPLOYMENT, cluster.name) });
    expect(synthError(chart)).toContain('[test/sp] (snapshot-target-not-a-job)');
  });

  test('both a savepoint and a checkpoint: impossible by type, and N1 on a raw manifest', () => {
    expect(errorOf(() => new StateSnapshot(Testing.chart(), 'sp', { type: { savepoint: {}, checkpoint: {} } as any }))).toBe(
      "[test/sp] 'type' ({\"savepoint\":{},\"checkpoint\":{}}) sets both a savepoint and a checkpoint; a FlinkStateSnapshot is exactly one of them (N1). "
      + 'Fix: use SnapshotType.savepoint(...), SnapshotType.checkpoint() or SnapshotType.existingSavepoint(path), one StateSnapshot each.');
    const raw = {
      apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkStateSnapshot', metadata: { name: 'both' },
      spec: { jobReference: { kind: 'FlinkDeployment', name: 'x' }, savepoint: {}, checkpoint: {} },
    };
    const f = lintManifests([raw], { external: { jobs: ['x'] } }).filter((x) => x.severity === 'error');
    expect(f.map((x) => [x.rule, x.ref])).toEqual([['snapshot-one-of', 'N1']]);
  });

  test('a raw snapshot without jobReference is N3; with alreadyExists it is valid (N2)', () => {
    const raw = (savepoint: any) => ({ apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkStateSnapshot', metadata: { name: 's' }, spec: { savepoint } });
    expect(lintManifests([raw({})]).map((f) => [f.rule, f.ref])).toEqual([['snapshot-job-reference-missing', 'N3']]);
    expect(lintManifests([raw({ alreadyExists: true, path: '/x' })])).toEqual([]);
  });

  test('a snapshot listed before its target is reported (snapshot-after-target)', () => {
    const chart = Testing.chart();
    const a = app(chart);
    new StateSnapshot(chart, 'sp', { type: SnapshotType.savepoint(), target: SnapshotTarget.application(a) });
    const manifests = synth(chart);
    const reordered = [only(manifests, 'FlinkStateSnapshot'), ...manifests.filter((m) => m.kind !== 'FlinkStateSnapshot')];
    expect(lintManifests(reordered, { mode: 'synth' }).map((f) => f.rule)).toContain('snapshot-after-target');
  });

  test('a checkpoint of a Flink 1.16 job throws (snapshot-checkpoint-needs-flink-1-17)', () => {
    const chart = Testing.chart();
    const a = app(chart, { version: FlinkVersion.V1_16, image: 'flink:1.16' });
    expect(errorOf(() => new StateSnapshot(chart, 'cp', { type: SnapshotType.checkpoint(), target: SnapshotTarget.application(a) }))).toBe(
      `[test/cp] 'type' (checkpoint) needs Flink 1.17 or later but the target FlinkDeployment '${a.name}' runs v1_16. `
      + 'Fix: take a savepoint instead (SnapshotType.savepoint()) or upgrade the job to Flink 1.17 or later.');
  });

  test('a savepoint of a job without a savepoint directory throws unless it has a path (snapshot-savepoint-dir-missing)', () => {
    const chart = Testing.chart();
    const a = app(chart, { checkpoints: undefined, upgradeMode: UpgradeMode.STATELESS });
    expect(errorOf(() => new StateSnapshot(chart, 'sp', { type: SnapshotType.savepoint(), target: SnapshotTarget.application(a) }))).toBe(
      `[test/sp] 'type' (savepoint) has no 'path' and the target FlinkDeployment '${a.name}' has no savepoint directory (execution.checkpointing.savepoint-dir); the savepoint would fail. `
      + "Fix: give SnapshotType.savepoint({ path: 's3://bucket/savepoints' }), or set 'checkpoints' on the job so it has a savepoint directory.");
    new StateSnapshot(chart, 'sp2', { type: SnapshotType.savepoint({ path: 's3://state/manual' }), target: SnapshotTarget.application(a) });
    expect(ruleIds(synth(chart))).toEqual([]);
  });

  test('the trigger-time rules on raw manifests: snapshot-checkpoint-needs-flink-1-17, snapshot-savepoint-dir-missing', () => {
    const chart = Testing.chart();
    const a = app(chart, { checkpoints: undefined, upgradeMode: UpgradeMode.STATELESS });
    new StateSnapshot(chart, 'cp', { type: SnapshotType.checkpoint(), target: SnapshotTarget.application(a) });
    const manifests = synth(chart);
    expect(ruleIds(manifests)).toEqual([]);
    const d = only(manifests, 'FlinkDeployment');
    const s = only(manifests, 'FlinkStateSnapshot');
    const rest = manifests.filter((m) => m !== d && m !== s);
    const errors = (ms: any[]) => lintManifests([...rest, ...ms], { mode: 'synth' }).filter((f) => f.severity === 'error').map((f) => f.rule);
    expect(errors([{ ...d, spec: { ...d.spec, flinkVersion: 'v1_16', image: 'flink:1.16' } }, s])).toEqual(['snapshot-checkpoint-needs-flink-1-17']);
    expect(errors([d, { ...s, spec: { ...s.spec, checkpoint: undefined, savepoint: {} } }])).toEqual(['snapshot-savepoint-dir-missing']);
    expect(errors([d, { ...s, spec: { ...s.spec, checkpoint: undefined, savepoint: { path: 's3://x/sp' } } }])).toEqual([]);
  });

  test('bad snapshot inputs throw', () => {
    expect(errorOf(() => SnapshotType.existingSavepoint(''))).toBe(
      "[SnapshotType.existingSavepoint] 'path' ('') must be the path of the existing savepoint. Fix: give it as Flink reported it, e.g. 's3://bucket/savepoints/savepoint-1a2b3c-4d5e6f'.");
    expect(errorOf(() => SnapshotType.savepoint({ formatType: 'UNKNOWN' as any }))).toBe(
      "[SnapshotType.savepoint] 'formatType' (UNKNOWN) is not a savepoint format the operator can trigger. Fix: use SavepointFormat.CANONICAL or SavepointFormat.NATIVE.");
    expect(errorOf(() => SnapshotTarget.existing(JobKind.FLINK_SESSION_JOB, 'Bad_Name'))).toBe(
      "[SnapshotTarget.existing] 'name' (Bad_Name) is not a resource name (lower case letters, digits and '-', at most 63 characters). Fix: give the metadata.name of the FlinkSessionJob.");
    expect(errorOf(() => new StateSnapshot(Testing.chart(), 'cp', {
      type: SnapshotType.checkpoint(), target: SnapshotTarget.existing(JobKind.FLINK_DEPLOYMENT, 'x'), backoffLimit: -2,
    }))).toBe("[test/cp] 'backoffLimit' (-2) must be a whole number of at least -1. Fix: use -1 (retry forever), 0 (no retries) or a retry count.");
  });

  test('a namespace other than the target\'s throws', () => {
    const chart = Testing.chart();
    const a = app(chart, { metadata: { namespace: 'a' } });
    expect(errorOf(() => new StateSnapshot(chart, 'sp', { type: SnapshotType.savepoint(), target: SnapshotTarget.application(a), metadata: { namespace: 'b' } }))).toBe(
      `[test/sp] 'metadata.namespace' (b) differs from the namespace of the target FlinkDeployment '${a.name}' (a); the operator looks the job up in the snapshot's namespace. `
      + "Fix: remove 'metadata.namespace' (it follows the target) or use the target's namespace.");
  });

  test('operator main: the snapshot is valid against the main CRD', () => {
    const chart = Testing.chart();
    const a = app(chart, { operatorVersion: OperatorVersion.MAIN });
    new StateSnapshot(chart, 'sp', { type: SnapshotType.savepoint(), target: SnapshotTarget.application(a) });
    expect(ruleIds(synth(chart), 'main')).toEqual([]);
  });
});

describe('trigger nonces, periodic snapshots, suspend and resume', () => {
  test('props and methods write the nonces and periodic keys', () => {
    const chart = Testing.chart();
    const a = app(chart, {
      periodicSavepoints: PeriodicSnapshots.every(Duration.hours(6), { maxAge: Duration.days(7), maxCount: 5, formatType: SavepointFormat.NATIVE }),
      periodicCheckpoints: PeriodicSnapshots.cron('0 */30 * * * ?'),
      lastStateMaxCheckpointAge: Duration.minutes(10),
    });
    a.triggerSavepoint(3);
    a.triggerCheckpoint(7);
    const d = only(synth(chart), 'FlinkDeployment');
    expect(d.spec.job.savepointTriggerNonce).toBe(3);
    expect(d.spec.job.checkpointTriggerNonce).toBe(7);
    expect(d.spec.flinkConfiguration).toMatchObject({
      'kubernetes.operator.periodic.savepoint.interval': '6 h',
      'kubernetes.operator.savepoint.history.max.age': '168 h',
      'kubernetes.operator.savepoint.history.max.count': '5',
      'kubernetes.operator.savepoint.format.type': 'NATIVE',
      'kubernetes.operator.periodic.checkpoint.interval': '0 */30 * * * ?',
      'kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age': '10 min',
    });
    expect(ruleIds(synth(chart))).toEqual([]);
  });

  test('session jobs write them into the job-level configuration', () => {
    const chart = Testing.chart();
    const cluster = new FlinkSessionCluster(chart, 'sessions', { version: FlinkVersion.V1_18, image: 'flink:1.18', checkpoints });
    const job = new SessionJob(chart, 'top-speed', {
      cluster, jar: JobJar.fromUrl('https://repo.example.com/top-speed.jar'), parallelism: 2, upgradeMode: UpgradeMode.SAVEPOINT,
      periodicSavepoints: PeriodicSnapshots.every(Duration.hours(1)), savepointTriggerNonce: 1,
    });
    job.suspend();
    const sj = only(synth(chart), 'FlinkSessionJob');
    expect(sj.spec.flinkConfiguration).toEqual({ 'kubernetes.operator.periodic.savepoint.interval': '1 h' });
    expect(sj.spec.job).toMatchObject({ savepointTriggerNonce: 1, state: 'suspended' });
    expect(job.state).toBe(JobState.SUSPENDED);
    expect(ruleIds(synth(chart))).toEqual([]);
  });

  test('suspend() and resume() set job.state', () => {
    const chart = Testing.chart();
    const a = app(chart);
    expect(only(synth(chart), 'FlinkDeployment').spec.job.state).toBeUndefined();
    a.suspend();
    expect(only(synth(chart), 'FlinkDeployment').spec.job.state).toBe('suspended');
    a.resume();
    expect(only(synth(chart), 'FlinkDeployment').spec.job.state).toBe('running');
  });

  const noDirs = (chart: Chart, extra: Record<string, any> = {}) => app(chart, { checkpoints: undefined, upgradeMode: UpgradeMode.STATELESS, ...extra });

  test('a savepoint trigger without a savepoint directory throws (R13)', () => {
    const chart = Testing.chart();
    expect(errorOf(() => noDirs(chart, { savepointTriggerNonce: 1 }))).toBe(
      "[test/orders] 'savepointTriggerNonce' (1) needs a savepoint directory (execution.checkpointing.savepoint-dir, operator rule R13). "
      + "Fix: set 'checkpoints' (CheckpointPolicy.every(...) writes the savepoint directory).");
    const a = noDirs(Testing.chart());
    expect(errorOf(() => a.triggerSavepoint(2))).toBe(
      "[test/orders] 'triggerSavepoint' (2) needs a savepoint directory (execution.checkpointing.savepoint-dir, operator rule R13). "
      + "Fix: set 'checkpoints' (CheckpointPolicy.every(...) writes the savepoint directory).");
  });

  test('the same trigger on a raw manifest is savepoint-dir-required (R13)', () => {
    const chart = Testing.chart();
    noDirs(chart);
    const d = only(synth(chart), 'FlinkDeployment');
    d.spec.job.savepointTriggerNonce = 1;
    expect(lintManifests([d]).filter((f) => f.severity === 'error').map((f) => [f.rule, f.ref])).toEqual([['savepoint-dir-required', 'R13']]);
  });

  test('a session job trigger without any savepoint directory throws', () => {
    const chart = Testing.chart();
    const cluster = new FlinkSessionCluster(chart, 'sessions', { version: FlinkVersion.V1_20, image: 'flink:1.20' });
    const job = new SessionJob(chart, 'j', { cluster, jar: JobJar.fromUrl('https://repo.example.com/j.jar'), parallelism: 1 });
    expect(errorOf(() => job.triggerSavepoint(1))).toBe(
      "[test/j] 'triggerSavepoint' (1) needs a savepoint directory (execution.checkpointing.savepoint-dir, operator rule R13). "
      + "Fix: set 'checkpoints' on the session cluster, or the savepoint directory in the job's 'flinkConfiguration'.");
    // The directory may come from the job's own configuration.
    const ok = new SessionJob(chart, 'k', {
      cluster, jar: JobJar.fromUrl('https://repo.example.com/j.jar'), parallelism: 1,
      flinkConfiguration: { 'execution.checkpointing.savepoint-dir': 's3://state/sp' },
    });
    ok.triggerSavepoint(1);
    expect(ruleIds(synth(chart))).toEqual([]);
  });

  test('periodic savepoints on a stateless job throw', () => {
    expect(errorOf(() => noDirs(Testing.chart(), { checkpoints, periodicSavepoints: PeriodicSnapshots.every(Duration.hours(6)) }))).toBe(
      "[test/orders] 'periodicSavepoints' (6 h) is set but the job is stateless (upgradeMode STATELESS): its upgrades and restarts start from empty state and never use these savepoints. "
      + "Fix: set 'upgradeMode' to UpgradeMode.SAVEPOINT (or LAST_STATE), or remove 'periodicSavepoints'.");
    expect(errorOf(() => noDirs(Testing.chart(), { upgradeMode: undefined, periodicSavepoints: PeriodicSnapshots.every(Duration.hours(6)) }))).toContain(
      "(upgradeMode unset, the operator's default)");
  });

  test('periodic savepoints and max checkpoint age without a savepoint directory (R14, R15)', () => {
    // A last-state job with a checkpoint directory only.
    const cpOnly = { 'execution.checkpointing.dir': 's3://state/cp' };
    const lastState = (extra: Record<string, any>) => () => app(Testing.chart(), {
      checkpoints: undefined, upgradeMode: UpgradeMode.LAST_STATE, flinkConfiguration: cpOnly, ...extra,
    });
    expect(errorOf(lastState({ periodicSavepoints: PeriodicSnapshots.every(Duration.hours(6)) }))).toBe(
      "[test/orders] 'periodicSavepoints' (6 h) needs a savepoint directory (execution.checkpointing.savepoint-dir, operator rule R14). "
      + "Fix: set 'checkpoints' (CheckpointPolicy.every(...) writes the savepoint directory).");
    expect(errorOf(lastState({ lastStateMaxCheckpointAge: Duration.minutes(10) }))).toBe(
      "[test/orders] 'lastStateMaxCheckpointAge' (10 min) needs a savepoint directory (execution.checkpointing.savepoint-dir, operator rule R15). "
      + "Fix: set 'checkpoints' (CheckpointPolicy.every(...) writes the savepoint directory).");
    // And the rules on raw manifests.
    for (const [key, ref] of [['kubernetes.operator.periodic.savepoint.interval', 'R14'], ['kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age', 'R15']]) {
      const chart = Testing.chart();
      app(chart, { checkpoints: undefined, upgradeMode: UpgradeMode.LAST_STATE, flinkConfiguration: cpOnly });
      const d = only(synth(chart), 'FlinkDeployment');
      d.spec.flinkConfiguration[key] = '1 h';
      expect(lintManifests([d]).filter((f) => f.severity === 'error').map((f) => [f.rule, f.ref])).toEqual([['savepoint-dir-required', ref]]);
    }
  });

  test('savepoint upgrade mode without a savepoint directory (R12) and session jobs on a cluster without one (S10), raw', () => {
    const chart = Testing.chart();
    const cluster = new FlinkSessionCluster(chart, 'sessions', { version: FlinkVersion.V1_20, image: 'flink:1.20' });
    new SessionJob(chart, 'j', { cluster, jar: JobJar.fromUrl('https://repo.example.com/j.jar'), parallelism: 1 });
    app(chart, { checkpoints: undefined, upgradeMode: UpgradeMode.STATELESS, flinkConfiguration: { 'execution.checkpointing.dir': 's3://state/cp' } });
    const manifests = synth(chart);
    expect(ruleIds(manifests)).toEqual([]);
    const refs = (ms: any[]) => lintManifests(ms, { mode: 'synth' }).filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.ref}`);
    const withJob = (m: any, patch: Record<string, any>) => ({ ...m, spec: { ...m.spec, job: { ...m.spec.job, ...patch } } });
    const d = manifests.find((m) => m.kind === 'FlinkDeployment' && m.spec.job);
    const sj = only(manifests, 'FlinkSessionJob');
    const rest = manifests.filter((m) => m !== d && m !== sj);
    expect(refs([...rest, withJob(d, { upgradeMode: 'savepoint' }), sj])).toEqual(['savepoint-dir-required R12']);
    expect(refs([...rest, d, { ...sj, spec: { ...sj.spec, flinkConfiguration: { 'kubernetes.operator.periodic.savepoint.interval': '1 h' } } }]))
      .toEqual(['savepoint-dir-required S10']);
  });

  test('checkpoint triggers need Flink 1.17', () => {
    const old = { version: FlinkVersion.V1_16, image: 'flink:1.16' };
    expect(errorOf(() => app(Testing.chart(), { ...old, checkpointTriggerNonce: 1 }))).toBe(
      "[test/orders] 'checkpointTriggerNonce' (1) needs Flink 1.17 or later (version is v1_16). "
      + 'Fix: take savepoints instead (periodicSavepoints, triggerSavepoint) or upgrade to Flink 1.17 or later.');
    expect(errorOf(() => app(Testing.chart(), { ...old, periodicCheckpoints: PeriodicSnapshots.every(Duration.hours(1)) }))).toBe(
      "[test/orders] 'periodicCheckpoints' (1 h) needs Flink 1.17 or later (version is v1_16). "
      + 'Fix: take savepoints instead (periodicSavepoints, triggerSavepoint) or upgrade to Flink 1.17 or later.');
  });

  test('bad periodic and nonce inputs throw', () => {
    expect(errorOf(() => PeriodicSnapshots.every(Duration.seconds(10)))).toBe(
      "[PeriodicSnapshots.every] 'interval' (10000 ms) must be at least one minute. Fix: use e.g. Duration.hours(6).");
    expect(errorOf(() => PeriodicSnapshots.cron('every day'))).toBe(
      "[PeriodicSnapshots.cron] 'expression' (every day) is not a Quartz cron expression (6 or 7 fields: seconds minutes hours day-of-month month day-of-week [year]). Fix: use e.g. '0 0 2 * * ?'.");
    expect(errorOf(() => PeriodicSnapshots.every(Duration.hours(1), { maxCount: 0 }))).toBe(
      "[PeriodicSnapshots.every] 'maxCount' (0) must be a whole number of at least 1. Fix: keep at least one savepoint, e.g. 'maxCount: 5'.");
    expect(errorOf(() => app(Testing.chart(), { periodicCheckpoints: PeriodicSnapshots.every(Duration.hours(1), { maxCount: 3 }) }))).toBe(
      "[test/orders] 'periodicCheckpoints' (1 h) has maxAge, maxCount or formatType, which only apply to savepoints. "
      + 'Fix: bound the checkpoint history with CheckpointPolicy.every(..., { retained }) and remove those options.');
    expect(errorOf(() => app(Testing.chart()).triggerSavepoint(1.5))).toBe(
      "[test/orders] 'triggerSavepoint' (1.5) must be a whole number. Fix: use 1, then 2, ... (each new value triggers once).");
  });

  test('a periodic key also set in flinkConfiguration throws', () => {
    expect(errorOf(() => app(Testing.chart(), {
      periodicSavepoints: PeriodicSnapshots.every(Duration.hours(6)),
      flinkConfiguration: { 'kubernetes.operator.periodic.savepoint.interval': '1 h' },
    }))).toBe("[test/orders] 'flinkConfiguration' (kubernetes.operator.periodic.savepoint.interval) is also written by 'periodicSavepoints'. "
      + "Fix: remove 'kubernetes.operator.periodic.savepoint.interval' from 'flinkConfiguration' or from 'periodicSavepoints'.");
  });
});

describe('Restore', () => {
  test('from a path, with allowNonRestoredState and a redeploy nonce', () => {
    const chart = Testing.chart();
    app(chart, { restore: Restore.fromPath('s3://state/orders/savepoints/savepoint-1a2b3c', { allowNonRestoredState: true, redeployNonce: 2 }) });
    const job = only(synth(chart), 'FlinkDeployment').spec.job;
    expect(job).toMatchObject({
      initialSavepointPath: 's3://state/orders/savepoints/savepoint-1a2b3c', allowNonRestoredState: true, savepointRedeployNonce: 2,
    });
    expect(ruleIds(synth(chart))).toEqual([]);
  });

  test('a restore with no path throws', () => {
    expect(errorOf(() => Restore.fromPath(''))).toBe(
      "[Restore.fromPath] 'path' ('') must be the path of a savepoint; a restore without a path restores nothing (the operator rejects a redeploy without it, R29). "
      + 'Fix: give the savepoint path, e.g. the status.path of a completed FlinkStateSnapshot.');
    expect(errorOf(() => Restore.fromPath(undefined as any))).toContain("[Restore.fromPath] 'path' (undefined) must be the path of a savepoint");
  });

  test('the redeploy nonce without a path is R29 (savepoint-redeploy-without-path) on raw manifests', () => {
    const chart = Testing.chart();
    app(chart, { restore: Restore.fromPath('s3://state/sp/savepoint-1', { redeployNonce: 1 }) });
    const before = only(synth(chart), 'FlinkDeployment');
    const after = JSON.parse(JSON.stringify(before));
    after.spec.job.savepointRedeployNonce = 2;
    delete after.spec.job.initialSavepointPath;
    expect(lintManifests([after], { previous: [before] }).filter((f) => f.severity === 'error').map((f) => [f.rule, f.ref]))
      .toEqual([['savepoint-redeploy-without-path', 'R29']]);
    after.spec.job.initialSavepointPath = 's3://state/sp/savepoint-2';
    expect(lintManifests([after], { previous: [before] }).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('from an adopted snapshot: its path, and the job comes after the snapshot', () => {
    const chart = Testing.chart();
    const snap = new StateSnapshot(chart, 'adopted', { type: SnapshotType.existingSavepoint('s3://state/sp/savepoint-45305c', { disposeOnDelete: false }) });
    const a = app(chart, { restore: Restore.fromSnapshot(snap, { allowNonRestoredState: false }) });
    const manifests = synth(chart);
    expect(only(manifests, 'FlinkDeployment').spec.job).toMatchObject({ initialSavepointPath: 's3://state/sp/savepoint-45305c', allowNonRestoredState: false });
    expect(a.resource.node.dependencies).toContain(snap.resource);
    expect(manifests.indexOf(only(manifests, 'FlinkStateSnapshot'))).toBeLessThan(manifests.indexOf(only(manifests, 'FlinkDeployment')));
    expect(ruleIds(manifests)).toEqual([]);
  });

  test('from a triggered snapshot throws: its path is only known at run time', () => {
    const chart = Testing.chart();
    const a = app(chart);
    const snap = new StateSnapshot(chart, 'sp', { type: SnapshotType.savepoint(), target: SnapshotTarget.application(a), name: 'orders-sp' });
    expect(errorOf(() => Restore.fromSnapshot(snap))).toBe(
      "[Restore.fromSnapshot] 'snapshot' (test/sp) is a savepoint the operator triggers; its path is only known at run time (status.path). "
      + "Fix: once it is COMPLETED, read it with 'kubectl get flinkstatesnapshot orders-sp -o jsonpath={.status.path}' and use Restore.fromPath(path), "
      + 'or adopt it with SnapshotType.existingSavepoint(path).');
  });

  test('restore and initialSavepointPath together throw', () => {
    expect(errorOf(() => app(Testing.chart(), { restore: Restore.fromPath('s3://x/savepoint-1'), initialSavepointPath: 's3://x/savepoint-2' }))).toBe(
      "[test/orders] 'initialSavepointPath' (s3://x/savepoint-2) is also set by 'restore'. Fix: remove 'initialSavepointPath' and pass it to Restore.fromPath(path, { ... }).");
  });

  test('session jobs restore too', () => {
    const chart = Testing.chart();
    const cluster = new FlinkSessionCluster(chart, 'sessions', { version: FlinkVersion.V1_20, image: 'flink:1.20', checkpoints });
    new SessionJob(chart, 'j', {
      cluster, jar: JobJar.fromUrl('https://repo.example.com/j.jar'), parallelism: 1,
      restore: Restore.fromPath('s3://state/sp/savepoint-9', { redeployNonce: 1 }),
    });
    const job = only(synth(chart), 'FlinkSessionJob').spec.job;
    expect(job).toMatchObject({ initialSavepointPath: 's3://state/sp/savepoint-9', savepointRedeployNonce: 1 });
    expect(ofKind(synth(chart), 'FlinkStateSnapshot')).toEqual([]);
  });

  test.each(FlinkVersion.all().filter((v) => v.isAtLeast(FlinkVersion.V1_17) && OperatorVersion.V1_15.latestFlinkVersion.isAtLeast(v)))(
    'Flink %s: periodic snapshots, triggers and a snapshot pass the CRD schema and rules', (v) => {
      const chart = Testing.chart();
      const a = app(chart, {
        version: v, image: `flink:${v}`,
        periodicSavepoints: PeriodicSnapshots.every(Duration.hours(6), { maxCount: 3 }),
        periodicCheckpoints: PeriodicSnapshots.every(Duration.hours(1)),
        savepointTriggerNonce: 1, checkpointTriggerNonce: 1,
        restore: Restore.fromPath('s3://state/orders/savepoints/savepoint-1', { redeployNonce: 1 }),
        jobManager: { memory: Size.gibibytes(1) },
      });
      new StateSnapshot(chart, 'sp', { type: SnapshotType.savepoint(), target: SnapshotTarget.application(a) });
      expect(ruleIds(synth(chart))).toEqual([]);
    });
});
