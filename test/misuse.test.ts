/**
 * The misuse matrix: every construct and factory exported from lib/index.ts, called the way a
 * plain-JavaScript user may call it (wrong types, null, NaN and Infinity, fractions where integers
 * go, numbers beyond int32, invalid names and label keys). Each case must end in a clear error
 * (`[path] 'prop' (value) problem. Fix: ...`, never a TypeError), not in synthesized output.
 */
import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  CheckpointPolicy, FlinkApplication, FlinkLintPlugin, FlinkServiceAccount, FlinkSessionCluster, FlinkSqlJob, FlinkStorage,
  FlinkValidation, FlinkVersion, HaStorage, JobJar, ObjectStoreCredentials, OperatorVersion, PeriodicSnapshots, PodSecurity,
  PyFlinkJob, PythonEntry, Restore, RestartStrategy, SessionJob, SnapshotTarget, SnapshotType, SqlScript, SqlSessionJob,
  StateSnapshot, FlinkOperator, OperatorImage, OperatorRestTls, OperatorWebhook, FlinkBlueGreenDeployment, Autoscaler, FlinkTls,
  TlsPassword, NamedResource, PodVolume, GitOps,
} from '../lib';
import { checkManifests } from '../lib/cli/check';

type Kind =
  | 'str' | 'name' | 'int0' | 'int1' | 'num' | 'bool' | 'inst' | 'enum' | 'map' | 'labels' | 'annotations'
  | 'strArr' | 'objArr' | 'obj' | 'size' | 'duration' | 'metadata' | 'nonce' | 'intFromMinus1' | 'fraction' | 'yamlBool'
  | 'num0' | 'scope' | 'secret' | 'port';

/** Values that are wrong for every prop of a kind. */
const BAD: Record<Kind, unknown[]> = {
  str: [42, true, {}, [], null],
  name: ['Orders', '', 'a_b', 'x'.repeat(300), 42, null],
  int0: [1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e308, 2147483648, '4', null, {}],
  int1: [0, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e308, 2147483648, '4', null],
  intFromMinus1: [-2, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e308, 2147483648, '4', null],
  fraction: [-0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '0.1', null],
  /** Plugin properties come from cdk8s.yaml, where 'true' and 'false' are accepted. */
  yamlBool: ['yes', 1, null, {}],
  nonce: [1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e308, '4', null],
  num: [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e308, '1', null],
  bool: ['true', 1, null, {}],
  inst: ['abc', {}, 42, null, []],
  enum: ['abc', 42, null],
  map: ['abc', [], 42, null, { k: 42 }, { k: null }],
  labels: ['abc', [], null, { k: 42 }, { 'Bad Key!': 'x' }, { a: 'not valid!' }],
  annotations: ['abc', [], null, { k: 42 }, { 'Bad Key!': 'x' }],
  strArr: ['abc', {}, 42, null, [42], [null]],
  objArr: ['abc', {}, 42, null, [42], [null]],
  obj: ['abc', 42, [], null],
  size: ['1Gi', 2048, {}, null],
  duration: ['1m', 60000, {}, null],
  /** Numbers where 0 is valid (factors). */
  num0: [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e308, '1', null],
  /** A construct scope. */
  scope: ['abc', {}, 42, null],
  /** Passwords: wrong types and empty. */
  secret: [42, '', {}, [], null],
  port: [0, 1.5, -1, Number.NaN, 65536, 2147483648, '9999', null],
  metadata: ['abc', 42, [], null, { name: 'Orders' }, { namespace: 'Bad_NS' }, { labels: { 'bad key': 'x' } }, { labels: 'abc' }, { annotations: 42 }],
};

/** A parameter: argument index, the dotted path inside it ('' for the argument itself), its kind. */
type Param = [number, string, Kind];

interface Target {
  readonly name: string;
  /** Fresh valid arguments. */
  args(chart: Construct): any[];
  call(chart: Construct, args: any[]): unknown;
  readonly params: readonly Param[];
}

const V = FlinkVersion.V1_20;
const pvc = (c: Construct) => FlinkStorage.persistentVolumeClaim(c, 'state', { size: Size.gibibytes(1) });
const session = (c: Construct) => new FlinkSessionCluster(c, 'session', { version: V, image: 'flink:1.20' });

const CLUSTER: Param[] = [
  [2, 'name', 'name'], [2, 'metadata', 'metadata'], [2, 'version', 'inst'], [2, 'operatorVersion', 'inst'], [2, 'image', 'str'],
  [2, 'imagePullPolicy', 'enum'], [2, 'jobManager', 'obj'], [2, 'jobManager.cpu', 'num'], [2, 'jobManager.memory', 'size'],
  [2, 'jobManager.ephemeralStorage', 'size'], [2, 'jobManager.replicas', 'int1'], [2, 'taskManager', 'obj'], [2, 'taskManager.cpu', 'num'],
  [2, 'taskManager.memory', 'size'], [2, 'taskManager.replicas', 'int1'], [2, 'taskManager.taskSlots', 'int1'],
  [2, 'checkpoints', 'inst'], [2, 'ha', 'inst'], [2, 'restartStrategy', 'inst'], [2, 'flinkConfiguration', 'map'],
  [2, 'logConfiguration', 'map'], [2, 'ingress', 'obj'], [2, 'ingress.className', 'str'], [2, 'ingress.annotations', 'annotations'],
  [2, 'ingress.labels', 'labels'], [2, 'ingress.tls', 'objArr'], [2, 'mode', 'enum'], [2, 'serviceAccount', 'inst'],
  [2, 'env', 'map'], [2, 'envFromSecrets', 'objArr'], [2, 'volumes', 'objArr'], [2, 'nodeSelector', 'labels'],
  [2, 'tolerations', 'objArr'], [2, 'podLabels', 'labels'], [2, 'podAnnotations', 'annotations'], [2, 'securityContext', 'obj'],
  [2, 'podSecurity', 'inst'], [2, 'taskManagerServiceAccountToken', 'bool'], [2, 'podTemplate', 'obj'],
  [2, 'jobManagerPodTemplate', 'obj'], [2, 'taskManagerPodTemplate', 'obj'], [2, 'tls', 'inst'],
  // Role options (per-role limits, labels and annotations).
  [2, 'jobManager.cpuLimit', 'num'], [2, 'jobManager.memoryLimit', 'size'], [2, 'jobManager.podLabels', 'labels'], [2, 'jobManager.podAnnotations', 'annotations'],
  [2, 'taskManager.cpuLimit', 'num'], [2, 'taskManager.memoryLimit', 'size'], [2, 'taskManager.podLabels', 'labels'], [2, 'taskManager.podAnnotations', 'annotations'],
];
const JOB: Param[] = [
  [2, 'parallelism', 'int1'], [2, 'state', 'enum'], [2, 'upgradeMode', 'enum'], [2, 'initialSavepointPath', 'str'],
  [2, 'allowNonRestoredState', 'bool'], [2, 'savepointTriggerNonce', 'nonce'], [2, 'checkpointTriggerNonce', 'nonce'],
  [2, 'periodicSavepoints', 'inst'], [2, 'periodicCheckpoints', 'inst'], [2, 'restore', 'inst'], [2, 'lastStateMaxCheckpointAge', 'duration'],
];
const SESSION_JOB: Param[] = [
  [2, 'cluster', 'inst'], [2, 'parallelism', 'int1'], [2, 'name', 'name'], [2, 'metadata', 'metadata'], [2, 'entryClass', 'str'],
  [2, 'upgradeMode', 'enum'], [2, 'state', 'enum'], [2, 'flinkConfiguration', 'map'], [2, 'initialSavepointPath', 'str'],
  [2, 'allowNonRestoredState', 'bool'], [2, 'savepointTriggerNonce', 'nonce'], [2, 'restore', 'inst'],
];

const appWith = (c: Construct, over: Record<string, unknown>) =>
  new FlinkApplication(c, 'app', { version: V, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/job.jar'), ...over });
const construct = (cls: any) => (chart: Construct, args: any[]) => new cls(chart, 'x', ...args.slice(2));

const TARGETS: Target[] = [
  {
    name: 'FlinkApplication',
    args: (c) => [c, 'x', { version: V, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/job.jar') }],
    call: construct(FlinkApplication),
    params: [...CLUSTER, ...JOB, [2, 'jar', 'inst'], [2, 'entryClass', 'str'], [2, 'args', 'strArr'], [2, 'autoscaler', 'inst'], [2, 'restartNonce', 'nonce'], [2, 'reactiveMode', 'bool']],
  },
  {
    name: 'FlinkSessionCluster',
    args: (c) => [c, 'x', { version: V, image: 'flink:1.20' }],
    call: construct(FlinkSessionCluster),
    params: CLUSTER,
  },
  {
    name: 'FlinkSqlJob',
    args: (c) => [c, 'x', { version: V, image: 'flink:1.20', script: SqlScript.inline('SELECT 1;'), runnerJar: JobJar.fromImage('/opt/flink/usrlib/sql-runner.jar') }],
    call: construct(FlinkSqlJob),
    params: [...CLUSTER.filter(([, p]) => !['name', 'podAnnotations'].includes(p)), ...JOB, [2, 'script', 'inst'], [2, 'runnerJar', 'inst'], [2, 'scriptDirectory', 'str'],
      [2, 'autoscaler', 'inst'], [2, 'restartNonce', 'nonce']],
  },
  {
    name: 'PyFlinkJob',
    args: (c) => [c, 'x', { version: V, image: 'flink:1.20', entry: PythonEntry.module('pkg.job') }],
    call: construct(PyFlinkJob),
    params: [...CLUSTER, ...JOB, [2, 'entry', 'inst'], [2, 'pythonExecutable', 'str'], [2, 'pythonFiles', 'strArr'], [2, 'jar', 'inst'], [2, 'args', 'strArr'],
      [2, 'workerPythonExecutable', 'str'], [2, 'pythonRequirements', 'str'], [2, 'pythonArchives', 'strArr'], [2, 'autoscaler', 'inst'], [2, 'restartNonce', 'nonce']],
  },
  {
    name: 'SessionJob',
    args: (c) => [c, 'x', { cluster: session(c), jar: JobJar.fromUrl('https://repo.example.com/job.jar'), parallelism: 1 }],
    call: construct(SessionJob),
    params: [...SESSION_JOB, [2, 'jar', 'inst'], [2, 'args', 'strArr']],
  },
  {
    name: 'SqlSessionJob',
    args: (c) => [c, 'x', {
      cluster: session(c), script: SqlScript.inImage('/opt/flink/usrlib/job.sql'),
      runnerJar: JobJar.fromUrl('https://repo.example.com/sql-runner.jar'), parallelism: 1,
    }],
    call: construct(SqlSessionJob),
    params: [...SESSION_JOB, [2, 'script', 'inst'], [2, 'runnerJar', 'inst']],
  },
  {
    name: 'StateSnapshot',
    args: (c) => [c, 'x', { type: SnapshotType.existingSavepoint('s3://b/sp-1'), target: SnapshotTarget.existing('FlinkDeployment' as any, 'orders') }],
    call: construct(StateSnapshot),
    params: [[2, 'type', 'inst'], [2, 'target', 'inst'], [2, 'backoffLimit', 'intFromMinus1'], [2, 'name', 'name'], [2, 'metadata', 'metadata'], [2, 'operatorVersion', 'inst']],
  },
  {
    name: 'FlinkServiceAccount',
    args: (c) => [c, 'x', {}],
    call: construct(FlinkServiceAccount),
    params: [[2, 'metadata', 'metadata']],
  },
  { name: 'FlinkServiceAccount.fromName', args: (c) => [c, 'sa', 'flink'], call: (_c, a) => FlinkServiceAccount.fromName(a[0], a[1], a[2]), params: [[2, '', 'name']] },
  {
    name: 'FlinkSessionCluster.fromName',
    args: (c) => [c, 'sc', 'session', { operatorVersion: OperatorVersion.V1_15, flinkVersion: V }],
    call: (_c, a) => FlinkSessionCluster.fromName(a[0], a[1], a[2], a[3]),
    params: [[2, '', 'name'], [3, '', 'obj'], [3, 'operatorVersion', 'inst'], [3, 'flinkVersion', 'inst']],
  },
  { name: 'FlinkVersion.of', args: () => ['v1_20'], call: (_c, a) => FlinkVersion.of(a[0]), params: [[0, '', 'str']] },
  { name: 'OperatorVersion.of', args: () => ['1.15'], call: (_c, a) => OperatorVersion.of(a[0]), params: [[0, '', 'str']] },
  { name: 'JobJar.fromImage', args: () => ['/opt/flink/usrlib/job.jar'], call: (_c, a) => JobJar.fromImage(a[0]), params: [[0, '', 'str']] },
  { name: 'JobJar.fromUrl', args: () => ['https://repo.example.com/job.jar'], call: (_c, a) => JobJar.fromUrl(a[0]), params: [[0, '', 'str']] },
  {
    name: 'FlinkStorage.persistentVolumeClaim',
    args: (c) => [c, 'claim', { size: Size.gibibytes(1) }],
    call: (_c, a) => FlinkStorage.persistentVolumeClaim(a[0], a[1], a[2]),
    params: [[2, '', 'obj'], [2, 'size', 'size'], [2, 'storageClassName', 'name'], [2, 'accessMode', 'enum'], [2, 'mountPath', 'str']],
  },
  {
    name: 'FlinkStorage.existingClaim',
    args: () => ['claim', {}],
    call: (_c, a) => FlinkStorage.existingClaim(a[0], a[1]),
    params: [[0, '', 'name'], [1, '', 'obj'], [1, 'mountPath', 'str'], [1, 'readWriteMany', 'bool']],
  },
  { name: 'FlinkStorage.hostPath', args: () => ['/tmp/flink', {}], call: (_c, a) => FlinkStorage.hostPath(a[0], a[1]), params: [[0, '', 'str'], [1, '', 'obj'], [1, 'mountPath', 'str']] },
  { name: 'FlinkStorage.objectStore', args: () => ['s3://bucket/p', {}], call: (_c, a) => FlinkStorage.objectStore(a[0], a[1]), params: [[0, '', 'str'], [1, '', 'obj'], [1, 'credentials', 'inst']] },
  {
    name: 'ObjectStoreCredentials.fromSecret',
    args: (c) => [kplus.Secret.fromSecretName(c, 's', 's3-creds'), { accessKey: 'ak', secretKey: 'sk' }],
    call: (_c, a) => ObjectStoreCredentials.fromSecret(a[0], a[1]),
    params: [[0, '', 'inst'], [1, '', 'obj'], [1, 'accessKey', 'str'], [1, 'secretKey', 'str']],
  },
  {
    name: 'CheckpointPolicy.every',
    args: (c) => [Duration.minutes(1), { storage: pvc(c) }],
    call: (_c, a) => CheckpointPolicy.every(a[0], a[1]),
    params: [
      [0, '', 'duration'], [1, '', 'obj'], [1, 'storage', 'inst'], [1, 'mode', 'enum'], [1, 'timeout', 'duration'], [1, 'minPause', 'duration'],
      [1, 'maxConcurrent', 'int1'], [1, 'unaligned', 'bool'], [1, 'retained', 'int1'], [1, 'stateBackend', 'inst'], [1, 'incremental', 'bool'],
      [1, 'checkpointsPath', 'str'], [1, 'savepointsPath', 'str'], [1, 'externalizedRetention', 'enum'],
    ],
  },
  { name: 'HaStorage.kubernetes', args: (c) => [{ storage: pvc(c) }], call: (_c, a) => HaStorage.kubernetes(a[0]), params: [[0, '', 'obj'], [0, 'storage', 'inst'], [0, 'path', 'str']] },
  {
    name: 'RestartStrategy.fixedDelay',
    args: () => [{ attempts: 3, delay: Duration.seconds(10) }],
    call: (_c, a) => RestartStrategy.fixedDelay(a[0]),
    params: [[0, '', 'obj'], [0, 'attempts', 'int0'], [0, 'delay', 'duration']],
  },
  {
    name: 'RestartStrategy.failureRate',
    args: () => [{ maxFailuresPerInterval: 3, interval: Duration.minutes(5), delay: Duration.seconds(10) }],
    call: (_c, a) => RestartStrategy.failureRate(a[0]),
    params: [[0, '', 'obj'], [0, 'maxFailuresPerInterval', 'int1'], [0, 'interval', 'duration'], [0, 'delay', 'duration']],
  },
  {
    name: 'RestartStrategy.exponentialDelay',
    args: () => [{}],
    call: (_c, a) => RestartStrategy.exponentialDelay(a[0]),
    params: [[0, '', 'obj'], [0, 'initialBackoff', 'duration'], [0, 'maxBackoff', 'duration'], [0, 'backoffMultiplier', 'num'], [0, 'resetBackoffThreshold', 'duration'], [0, 'jitterFactor', 'fraction']],
  },
  { name: 'SqlScript.inline', args: () => ['SELECT 1;', {}], call: (_c, a) => SqlScript.inline(a[0], a[1]), params: [[0, '', 'str'], [1, '', 'obj'], [1, 'fileName', 'str']] },
  { name: 'SqlScript.fromFile', args: () => [`${__dirname}/../examples/sql/orders.sql`], call: (_c, a) => SqlScript.fromFile(a[0]), params: [[0, '', 'str']] },
  { name: 'SqlScript.inImage', args: () => ['/opt/flink/usrlib/job.sql'], call: (_c, a) => SqlScript.inImage(a[0]), params: [[0, '', 'str']] },
  { name: 'PythonEntry.file', args: () => ['/opt/flink/usrlib/job.py'], call: (_c, a) => PythonEntry.file(a[0]), params: [[0, '', 'str']] },
  { name: 'PythonEntry.module', args: () => ['pkg.job'], call: (_c, a) => PythonEntry.module(a[0]), params: [[0, '', 'str']] },
  { name: 'PyFlinkJob.defaultJar', args: () => [V, 'flink:1.20'], call: (_c, a) => PyFlinkJob.defaultJar(a[0], a[1]), params: [[0, '', 'inst'], [1, '', 'str']] },
  {
    name: 'PeriodicSnapshots.every',
    args: () => [Duration.hours(6), {}],
    call: (_c, a) => PeriodicSnapshots.every(a[0], a[1]),
    params: [[0, '', 'duration'], [1, '', 'obj'], [1, 'maxAge', 'duration'], [1, 'maxCount', 'int1'], [1, 'formatType', 'enum']],
  },
  { name: 'PeriodicSnapshots.cron', args: () => ['0 0 2 * * ?', {}], call: (_c, a) => PeriodicSnapshots.cron(a[0], a[1]), params: [[0, '', 'str'], [1, '', 'obj'], [1, 'maxCount', 'int1']] },
  {
    name: 'Restore.fromPath',
    args: () => ['s3://b/sp-1', {}],
    call: (_c, a) => Restore.fromPath(a[0], a[1]),
    params: [[0, '', 'str'], [1, '', 'obj'], [1, 'allowNonRestoredState', 'bool'], [1, 'redeployNonce', 'nonce']],
  },
  {
    name: 'Restore.fromSnapshot',
    args: (c) => [new StateSnapshot(c, 'snap', { type: SnapshotType.existingSavepoint('s3://b/sp-1'), target: SnapshotTarget.existing('FlinkDeployment' as any, 'orders') }), {}],
    call: (_c, a) => Restore.fromSnapshot(a[0], a[1]),
    params: [[0, '', 'inst'], [1, '', 'obj'], [1, 'redeployNonce', 'nonce']],
  },
  {
    name: 'SnapshotType.savepoint',
    args: () => [{}],
    call: (_c, a) => SnapshotType.savepoint(a[0]),
    params: [[0, '', 'obj'], [0, 'formatType', 'enum'], [0, 'path', 'str'], [0, 'disposeOnDelete', 'bool']],
  },
  {
    name: 'SnapshotType.existingSavepoint',
    args: () => ['s3://b/sp-1', {}],
    call: (_c, a) => SnapshotType.existingSavepoint(a[0], a[1]),
    params: [[0, '', 'str'], [1, '', 'obj'], [1, 'disposeOnDelete', 'bool']],
  },
  { name: 'SnapshotTarget.application', args: () => [undefined], call: (_c, a) => SnapshotTarget.application(a[0]), params: [[0, '', 'inst']] },
  { name: 'SnapshotTarget.sessionJob', args: () => [undefined], call: (_c, a) => SnapshotTarget.sessionJob(a[0]), params: [[0, '', 'inst']] },
  { name: 'SnapshotTarget.existing', args: () => ['FlinkDeployment', 'orders'], call: (_c, a) => SnapshotTarget.existing(a[0], a[1]), params: [[0, '', 'enum'], [1, '', 'name']] },
  {
    name: 'FlinkValidation.configure',
    args: (c) => [c, {}],
    call: (_c, a) => FlinkValidation.configure(a[0], a[1]),
    params: [[1, '', 'obj'], [1, 'strict', 'bool'], [1, 'external', 'obj'], [1, 'allowedJarSchemes', 'strArr'], [1, 'disallowRestrictedHosts', 'bool']],
  },
  { name: 'PodSecurity.restrictedAs', args: () => [{}], call: (_c, a) => PodSecurity.restrictedAs(a[0]), params: [[0, '', 'obj'], [0, 'user', 'int1'], [0, 'group', 'int0']] },
  {
    name: 'FlinkLintPlugin',
    args: () => [{}],
    call: (_c, a) => new FlinkLintPlugin(a[0]),
    params: [[0, '', 'obj'], [0, 'operatorVersion', 'str'], [0, 'strict', 'yamlBool'], [0, 'external', 'obj']],
  },
  // --- API added with the operator install, blue/green, autoscaler, TLS, GitOps and plain Kubernetes types.
  {
    name: 'FlinkOperator',
    args: (c) => [c, 'x', { namespace: 'flink-operator' }],
    call: construct(FlinkOperator),
    params: [
      [2, 'namespace', 'name'], [2, 'operatorVersion', 'inst'], [2, 'watchNamespaces', 'strArr'], [2, 'image', 'inst'], [2, 'imagePullSecrets', 'strArr'],
      [2, 'webhook', 'inst'], [2, 'certManagerInstalled', 'bool'], [2, 'restTls', 'inst'], [2, 'reconcileInterval', 'duration'], [2, 'allowedJarSchemes', 'strArr'],
      [2, 'periodicSavepointInterval', 'duration'], [2, 'periodicCheckpointInterval', 'duration'], [2, 'savepointHistoryMaxCount', 'int1'],
      [2, 'savepointHistoryMaxAge', 'duration'], [2, 'configuration', 'map'], [2, 'loggingFramework', 'inst'], [2, 'operatorLogConfiguration', 'map'],
      [2, 'flinkLogConfiguration', 'map'], [2, 'resources', 'obj'], [2, 'resources.cpuRequest', 'str'], [2, 'resources.cpuLimit', 'str'],
      [2, 'resources.memoryRequest', 'size'], [2, 'resources.memoryLimit', 'size'], [2, 'webhookResources', 'obj'], [2, 'webhookResources.cpuRequest', 'str'],
      [2, 'securityProfile', 'inst'], [2, 'replicas', 'int1'], [2, 'crds', 'bool'], [2, 'rbac', 'bool'], [2, 'nodeListPermission', 'bool'],
      [2, 'metricsPort', 'port'], [2, 'operatorJvmArgs', 'str'], [2, 'webhookJvmArgs', 'str'],
    ],
  },
  { name: 'OperatorImage.apache', args: () => ['1.15.0'], call: (_c, a) => OperatorImage.apache(a[0]), params: [[0, '', 'str']] },
  { name: 'OperatorImage.confluent', args: () => ['1.15.0'], call: (_c, a) => OperatorImage.confluent(a[0]), params: [[0, '', 'str']] },
  {
    name: 'OperatorImage.of',
    args: () => ['registry.example.com/flink-kubernetes-operator', { tag: '1.15.0' }],
    call: (_c, a) => OperatorImage.of(a[0], a[1]),
    params: [[0, '', 'str'], [1, '', 'obj'], [1, 'tag', 'str'], [1, 'digest', 'str'], [1, 'pullPolicy', 'enum']],
  },
  {
    name: 'OperatorWebhook.enabled',
    args: () => [{ keystorePassword: { secretName: 'flink-webhook-keystore', key: 'password' } }],
    call: (_c, a) => OperatorWebhook.enabled(a[0]),
    params: [[0, '', 'obj'], [0, 'keystorePassword', 'obj'], [0, 'keystorePassword.secretName', 'name'], [0, 'keystorePassword.key', 'str'],
      [0, 'validator', 'bool'], [0, 'mutator', 'bool'], [0, 'serviceLabels', 'labels']],
  },
  {
    name: 'OperatorRestTls.fromSecret',
    args: () => [{ secretName: 'flink-operator-cert', password: { secretName: 'operator-certificate-password', key: 'password' } }],
    call: (_c, a) => OperatorRestTls.fromSecret(a[0]),
    params: [[0, '', 'obj'], [0, 'secretName', 'name'], [0, 'password', 'obj'], [0, 'password.secretName', 'name'], [0, 'password.key', 'str']],
  },
  {
    name: 'OperatorWebhook.withChartDefaultPassword',
    args: () => [{}],
    call: (_c, a) => OperatorWebhook.withChartDefaultPassword(a[0]),
    params: [[0, '', 'obj'], [0, 'validator', 'bool'], [0, 'mutator', 'bool'], [0, 'serviceLabels', 'labels']],
  },
  {
    name: 'FlinkValidation.suppress',
    args: (c) => [c, 'config-literal-secret', 'test passwords only'],
    call: (_c, a) => FlinkValidation.suppress(a[0], a[1], a[2]),
    params: [[0, '', 'scope'], [1, '', 'str'], [2, '', 'str']],
  },
  { name: 'GitOps.argoCdSyncWaves', args: (c) => [c], call: (_c, a) => GitOps.argoCdSyncWaves(a[0]), params: [[0, '', 'scope']] },
  { name: 'NamedResource.of', args: () => ['flink'], call: (_c, a) => NamedResource.of(a[0]), params: [[0, '', 'name']] },
  { name: 'PodVolume.fromConfigMap', args: () => ['extra', {}], call: (_c, a) => PodVolume.fromConfigMap(a[0], a[1]), params: [[0, '', 'name'], [1, '', 'obj'], [1, 'name', 'name']] },
  { name: 'PodVolume.fromSecret', args: () => ['extra', {}], call: (_c, a) => PodVolume.fromSecret(a[0], a[1]), params: [[0, '', 'name'], [1, '', 'obj'], [1, 'name', 'name']] },
  {
    name: 'PodVolume.fromPersistentVolumeClaim',
    args: () => ['extra', {}],
    call: (_c, a) => PodVolume.fromPersistentVolumeClaim(a[0], a[1]),
    params: [[0, '', 'name'], [1, '', 'obj'], [1, 'name', 'name']],
  },
  { name: 'PodVolume.fromEmptyDir', args: () => ['scratch', {}], call: (_c, a) => PodVolume.fromEmptyDir(a[0], a[1]), params: [[0, '', 'name'], [1, '', 'obj'], [1, 'sizeLimit', 'size']] },
  { name: 'PodVolume.fromHostPath', args: () => ['data', '/tmp/data'], call: (_c, a) => PodVolume.fromHostPath(a[0], a[1]), params: [[0, '', 'name'], [1, '', 'str']] },
  {
    name: 'CheckpointPolicy.directories',
    args: (c) => [{ storage: pvc(c) }],
    call: (_c, a) => CheckpointPolicy.directories(a[0]),
    params: [
      [0, '', 'obj'], [0, 'storage', 'inst'], [0, 'mode', 'enum'], [0, 'timeout', 'duration'], [0, 'maxConcurrent', 'int1'], [0, 'retained', 'int1'],
      [0, 'stateBackend', 'inst'], [0, 'incremental', 'bool'], [0, 'checkpointsPath', 'str'], [0, 'savepointsPath', 'str'],
    ],
  },
  {
    name: 'HaStorage.zookeeper',
    args: (c) => [{ storage: pvc(c), quorum: 'zk-0.zk:2181' }],
    call: (_c, a) => HaStorage.zookeeper(a[0]),
    params: [[0, '', 'obj'], [0, 'storage', 'inst'], [0, 'quorum', 'str'], [0, 'path', 'str'], [0, 'rootPath', 'str'], [0, 'factoryClass', 'str']],
  },
  {
    name: 'FlinkServiceAccount.fromServiceAccount',
    args: (c) => [c, 'sa', NamedResource.of('flink')],
    call: (_c, a) => FlinkServiceAccount.fromServiceAccount(a[0], a[1], a[2]),
    params: [[2, '', 'inst'], [2, 'name', 'name']],
  },
  {
    name: 'Autoscaler.enabled',
    args: () => [{}],
    call: (c, a) => appWith(c, { autoscaler: Autoscaler.enabled(a[0]) }),
    params: [
      [0, '', 'obj'], [0, 'utilizationTarget', 'fraction'], [0, 'metricsWindow', 'duration'], [0, 'stabilizationInterval', 'duration'],
      [0, 'scaleUpMaxFactor', 'num0'], [0, 'scaleDownMaxFactor', 'num0'], [0, 'vertexMinParallelism', 'int1'], [0, 'vertexMaxParallelism', 'int1'],
      [0, 'memoryTuning', 'bool'], [0, 'excludedPeriods', 'strArr'], [0, 'alignmentMode', 'inst'], [0, 'advisorOnly', 'bool'], [0, 'resetNonce', 'nonce'],
    ],
  },
  {
    name: 'TlsPassword.literal',
    args: () => ['changeit', {}],
    call: (_c, a) => TlsPassword.literal(a[0], a[1]),
    params: [[0, '', 'secret'], [1, '', 'obj'], [1, 'keyPassword', 'secret'], [1, 'truststorePassword', 'secret']],
  },
  {
    name: 'FlinkTls.fromSecret',
    args: () => [{ secretName: 'flink-tls', password: TlsPassword.literal('changeit') }],
    call: (_c, a) => FlinkTls.fromSecret(a[0]),
    params: [
      [0, '', 'obj'], [0, 'secretName', 'name'], [0, 'password', 'inst'], [0, 'keystoreKey', 'str'], [0, 'truststoreKey', 'str'], [0, 'mountPath', 'str'],
      [0, 'internal', 'bool'], [0, 'rest', 'bool'],
    ],
  },
  {
    name: 'FlinkBlueGreenDeployment',
    args: (c) => [c, 'x', { version: V, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/job.jar') }],
    call: construct(FlinkBlueGreenDeployment),
    params: [
      ...CLUSTER.filter(([, p]) => !p.startsWith('ingress')), ...JOB.filter(([, p]) => !['periodicCheckpoints', 'checkpointTriggerNonce'].includes(p)),
      [2, 'jar', 'inst'], [2, 'entryClass', 'str'], [2, 'args', 'strArr'], [2, 'autoscaler', 'inst'], [2, 'restartNonce', 'nonce'], [2, 'reactiveMode', 'bool'],
      [2, 'blueGreen', 'obj'], [2, 'blueGreen.abortGracePeriod', 'duration'], [2, 'blueGreen.reconciliationRescheduleInterval', 'duration'],
      [2, 'blueGreen.deploymentDeletionDelay', 'duration'], [2, 'ingress', 'obj'], [2, 'ingress.className', 'str'],
    ],
  },
];

/** Sets `path` (dotted) inside argument `index` to `value`, copying objects on the way. */
function withValue(args: any[], index: number, path: string, value: unknown): any[] {
  const out = [...args];
  if (path === '') {
    out[index] = value;
    return out;
  }
  const keys = path.split('.');
  const root = { ...(out[index] ?? {}) };
  let node: any = root;
  for (const k of keys.slice(0, -1)) {
    node[k] = { ...(node[k] ?? {}) };
    node = node[k];
  }
  node[keys[keys.length - 1]] = value;
  out[index] = root;
  return out;
}

interface Case {
  readonly target: Target;
  readonly param: string;
  readonly value: unknown;
  readonly index: number;
  readonly path: string;
}

const CASES: Case[] = [];
for (const target of TARGETS) {
  for (const [index, path, kind] of target.params) {
    for (const value of BAD[kind]) CASES.push({ target, param: path || `arg ${index}`, value, index, path });
  }
}

/** The house error: names the construct path or factory, the prop, the value, and the fix. */
const CLEAR = /^\[[^\]]+\] '.+' \(.*\) [^]*Fix: /;
const SYNTH_CLEAR = /^Validation failed with the following errors:\n\s*\[[^\]]+\] [^]*Fix: /;

function show(v: unknown): string {
  if (typeof v === 'number' || v === undefined) return String(v);
  try { return JSON.stringify(v); } catch { return String(v); }
}

type Outcome = 'clear' | 'raw' | 'accepted';

function run(c: Case): { outcome: Outcome; detail: string } {
  const chart = Testing.chart();
  try {
    const args = withValue(c.target.args(chart), c.index, c.path, c.value);
    c.target.call(chart, args);
    Testing.synth(chart);
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    const clear = !(e instanceof TypeError) && (CLEAR.test(message) || SYNTH_CLEAR.test(message));
    return { outcome: clear ? 'clear' : 'raw', detail: message.split('\n').slice(0, 2).join(' | ') };
  }
  return { outcome: 'accepted', detail: 'no error' };
}

test('the matrix covers every construct and factory with at least 500 cases', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(500);
  expect(new Set(TARGETS.map((t) => t.name)).size).toBe(TARGETS.length);
});

test.each(TARGETS.filter((t) => !t.name.startsWith('SnapshotTarget.application') && !t.name.startsWith('SnapshotTarget.sessionJob')).map((t) => [t.name, t]))(
  '%s: the valid baseline works', (_name, target) => {
    const chart = Testing.chart();
    expect(() => {
      target.call(chart, target.args(chart));
      Testing.synth(chart);
    }).not.toThrow();
  });

test('every misuse ends in a clear error: no raw TypeError, nothing silently accepted', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const bad: string[] = [];
  const counts: Record<Outcome, number> = { clear: 0, raw: 0, accepted: 0 };
  try {
    for (const c of CASES) {
      const r = run(c);
      counts[r.outcome]++;
      if (r.outcome !== 'clear') bad.push(`${r.outcome}: ${c.target.name} ${c.param} = ${show(c.value)} -> ${r.detail}`);
    }
  } finally {
    warn.mockRestore();
  }
  expect(bad).toEqual([]);
  expect(counts.clear).toBe(CASES.length);
});

describe('valid edge values render faithfully and schema-valid', () => {
  const render = (over: Record<string, unknown>) => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'app', {
      version: V, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/job.jar'), ...over,
    } as any);
    const manifests = Testing.synth(chart);
    return { manifests, fd: manifests.find((m) => m.kind === 'FlinkDeployment') };
  };
  const schemaErrors = (manifests: any[]) => checkManifests(manifests, { mode: 'lint', operatorVersion: '1.15' }).filter((f) => f.severity === 'error');

  test.each([
    ['parallelism int32 max', { parallelism: 2147483647 }, (fd: any) => fd.spec.job.parallelism, 2147483647],
    ['taskManager.replicas', { taskManager: { replicas: 3 } }, (fd: any) => fd.spec.taskManager.replicas, 3],
    ['fractional cpu', { jobManager: { cpu: 0.25 } }, (fd: any) => fd.spec.jobManager.resource.cpu, 0.25],
    ['a 45-character name', { name: `a${'b'.repeat(43)}c` }, (fd: any) => fd.metadata.name, `a${'b'.repeat(43)}c`],
    ['prefixed label keys and empty label values', { podLabels: { 'app.kubernetes.io/name': 'orders', 'team': '' } },
      (fd: any) => fd.spec.podTemplate.metadata.labels, { 'app.kubernetes.io/name': 'orders', 'team': '' }],
    ['annotations with any string value', { podAnnotations: { 'example.com/note': 'a b: c' } },
      (fd: any) => fd.spec.podTemplate.metadata.annotations, { 'example.com/note': 'a b: c' }],
    ['env values verbatim', { env: { TZ: 'UTC', EMPTY: '' } }, (fd: any) => fd.spec.podTemplate.spec.containers[0].env, [{ name: 'EMPTY', value: '' }, { name: 'TZ', value: 'UTC' }]],
    ['negative trigger nonce', { savepointTriggerNonce: -5, upgradeMode: undefined }, (fd: any) => fd.spec.job.savepointTriggerNonce, undefined],
    ['securityContext uid within int32', { securityContext: { runAsUser: 2147483647 } }, (fd: any) => fd.spec.podTemplate.spec.securityContext.runAsUser, 2147483647],
  ])('%s', (_name, over, read, expected) => {
    let out: { manifests: any[]; fd: any };
    try {
      out = render(over);
    } catch (e) {
      // A construct may refuse a value, with a clear error; it never renders it wrongly.
      expect((e as Error).message).toMatch(CLEAR);
      return;
    }
    if (expected !== undefined) expect(read(out.fd)).toEqual(expected);
    expect(schemaErrors(out.manifests)).toEqual([]);
  });

  test('FlinkServiceAccount: the name given is the name of all three objects', () => {
    const chart = Testing.chart();
    new FlinkServiceAccount(chart, 'sa', { metadata: { name: 'orders.flink', namespace: 'data' } });
    const names = Testing.synth(chart).map((m) => `${m.kind} ${m.metadata.namespace}/${m.metadata.name}`);
    expect(names.sort()).toEqual(['Role data/orders.flink', 'RoleBinding data/orders.flink', 'ServiceAccount data/orders.flink']);
  });
});

test('the matrix names every public factory and construct of lib/index.ts', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require('../lib');
  /** Factories without arguments (nothing to misuse) and abstract bases. */
  const NO_ARGS = new Set(['FlinkVersion.all', 'OperatorVersion.all', 'RestartStrategy.none', 'SnapshotType.checkpoint', 'FlinkClusterBase']);
  const names = new Set(TARGETS.map((t) => t.name));
  const missing: string[] = [];
  for (const [name, value] of Object.entries(lib)) {
    if (typeof value !== 'function' || !/^[A-Z]/.test(name) || !value.prototype) continue;
    const isConstruct = value.prototype instanceof Construct;
    if (isConstruct && !NO_ARGS.has(name) && !names.has(name)) missing.push(name);
    for (const key of Object.getOwnPropertyNames(value)) {
      // '_' marks internal members (not part of the API).
      if (['length', 'name', 'prototype', 'isConstruct'].includes(key) || key.startsWith('_')) continue;
      const member = (value as any)[key];
      if (typeof member !== 'function') continue;
      const full = `${name}.${key}`;
      if (!NO_ARGS.has(full) && !names.has(full)) missing.push(full);
    }
  }
  expect(missing).toEqual([]);
});

test('a wrongly typed map value is not echoed (it may be a credential)', () => {
  const messages = [
    { env: { DB_PASSWORD: 987654321 } },
    { flinkConfiguration: { 's3.secret-key': 987654321 } },
  ].map((over) => {
    try {
      new FlinkApplication(Testing.chart(), 'app', { version: V, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/job.jar'), ...over } as any);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  });
  expect(messages).toEqual([
    "[test/app] 'env['DB_PASSWORD']' (a number) must be a string. Fix: quote the value (every value is a string).",
    "[test/app] 'flinkConfiguration['s3.secret-key']' (a number) must be a string. Fix: quote the value (every value is a string).",
  ]);
});

describe('valid values of the newer API render exactly as given', () => {
  const fdWith = (over: Record<string, unknown>) => {
    const chart = Testing.chart();
    appWith(chart, over);
    return Testing.synth(chart).find((m) => m.kind === 'FlinkDeployment');
  };

  test('PodVolume: names, default names and size limits', () => {
    expect((PodVolume.fromConfigMap('orders-config') as any)._toWire()).toEqual({ configMap: { name: 'orders-config' }, name: 'configmap-orders-config' });
    // A dotted object name is valid; the volume then needs its own name.
    expect((PodVolume.fromConfigMap('orders.conf', { name: 'conf' }) as any)._toWire()).toEqual({ configMap: { name: 'orders.conf' }, name: 'conf' });
    expect((PodVolume.fromSecret('tls.orders', { name: 'tls' }) as any)._toWire()).toEqual({ secret: { secretName: 'tls.orders' }, name: 'tls' });
    expect((PodVolume.fromEmptyDir('scratch', { sizeLimit: Size.mebibytes(512) }) as any)._toWire()).toEqual({ emptyDir: { sizeLimit: '512Mi' }, name: 'scratch' });
    expect((PodVolume.fromHostPath('data', '/mnt/data') as any)._toWire()).toEqual({ hostPath: { path: '/mnt/data' }, name: 'data' });
  });

  test('Autoscaler: range ends and a negative reset nonce', () => {
    const fd = fdWith({ autoscaler: Autoscaler.enabled({ utilizationTarget: 1, scaleUpMaxFactor: 0, memoryTuning: false, resetNonce: -3 }) });
    expect(fd.spec.flinkConfiguration).toMatchObject({
      'job.autoscaler.utilization.target': '1', 'job.autoscaler.scale-up.max-factor': '0', 'job.autoscaler.memory.tuning.enabled': 'false',
    });
    expect(fd.spec.job.autoscalerResetNonce).toBe(-3);
  });

  test('restartNonce: the largest safe integer', () => {
    expect(fdWith({ restartNonce: Number.MAX_SAFE_INTEGER }).spec.restartNonce).toBe(Number.MAX_SAFE_INTEGER);
  });

  test('role options: prefixed label keys and a fractional CPU limit', () => {
    const fd = fdWith({ operatorVersion: OperatorVersion.MAIN, taskManager: { podLabels: { 'example.com/pool': 'batch' }, cpuLimit: 1.5 } });
    expect(fd.spec.taskManager.podTemplate.metadata.labels).toEqual({ 'example.com/pool': 'batch' });
    expect(fd.spec.taskManager.resources.limits.cpu).toBe('1.5');
  });

  test('FlinkTls: a dotted Secret name, REST only', () => {
    const tls = FlinkTls.fromSecret({ secretName: 'tls.orders', password: TlsPassword.literal('changeit'), internal: false, rest: true });
    const chart = Testing.chart();
    FlinkValidation.suppress(chart, 'config-literal-secret', 'test passwords only');
    appWith(chart, { tls });
    const fd = Testing.synth(chart).find((m) => m.kind === 'FlinkDeployment');
    expect(fd.spec.flinkConfiguration['security.ssl.rest.enabled']).toBe('true');
    expect(fd.spec.flinkConfiguration['security.ssl.internal.enabled']).toBeUndefined();
    expect(JSON.stringify(fd.spec)).toContain('tls.orders');
  });

  test('OperatorWebhook: prefixed service labels, validator only', () => {
    const w = OperatorWebhook.enabled({ keystorePassword: { secretName: 'webhook.keystore', key: 'password' }, mutator: false, serviceLabels: { 'example.com/team': 'platform' } });
    expect(w.validator).toBe(true);
    expect(w.mutator).toBe(false);
  });
});
