import { CheckpointPolicy } from '../checkpoint-policy';
import { DeploymentMode, ImagePullPolicy } from '../deployment-mode';
import { HaStorage } from '../ha-storage';
import { JobJar } from '../job-jar';
import { PeriodicSnapshots, Restore } from '../job-lifecycle';
import { JobState, UpgradeMode } from '../upgrade-mode';
import { PodSecurity } from '../pod-security';
import { RestartStrategy } from '../restart-strategy';
import { OPERATOR_VERSION_IDS, operatorVersionId } from '../validation/operator-versions';
import { FlinkVersion } from '../versions';
import {
  Check, Shape, array, bool, dnsSubdomain, duration, enumValues, instance, int, metadata, number, object, oneOf, shape, size, string, stringMap,
} from './check';
import { propError } from './util';

/** Something with a string `name` (cdk8s-plus ISecret, Volume). */
const named = (what: string, fix: string): Check => (where, prop, v) => {
  if (v === null || typeof v !== 'object' || typeof (v as any).name !== 'string') throw propError(where, prop, v, `must be ${what}`, fix);
};

const resources = (prop: string, slots: boolean): Shape => ({
  cpu: number({ above: 0, max: 1e6, fix: `set '${prop}.cpu' to e.g. 1 or 0.5` }),
  memory: size('Size.gibibytes(2)'),
  ephemeralStorage: size('Size.gibibytes(10)'),
  replicas: int({ min: 1, fix: `set '${prop}.replicas' to 1 or more` }),
  ...(slots ? { taskSlots: int({ min: 1, fix: `set '${prop}.taskSlots' to 1 or more` }) } : {}),
});

/**
 * Run-time shapes of the public props (one place for every construct). Functions, so that the
 * classes they name are read when a construct is built, not when this module loads.
 */

/** An OperatorVersion or its id string, as every API accepts (see operatorVersionId). */
export const operatorVersionCheck: Check = (where, prop, v) => {
  if (v === undefined) return;
  if (v === null) {
    throw propError(where, prop, v, 'must be an OperatorVersion or its id',
      `use one of ${OPERATOR_VERSION_IDS.join(', ')} (a string, or OperatorVersion.V1_13, V1_14, V1_15, MAIN), or leave it out`);
  }
  // Its own error names the place, the value and the supported versions.
  operatorVersionId(v, typeof where === 'string' ? where : where.node.path);
};

/** FlinkClusterProps (FlinkApplication, FlinkSessionCluster, FlinkSqlJob, PyFlinkJob). */
export const clusterProps = (): Shape => ({
  name: string({ fix: "choose a name such as 'orders'" }),
  metadata: metadata(string({ fix: "choose a name such as 'orders'" })),
  version: instance(FlinkVersion, 'a FlinkVersion', 'use e.g. FlinkVersion.V1_20'),
  operatorVersion: operatorVersionCheck,
  image: string({ fix: "set 'image', e.g. 'flink:1.20'" }),
  imagePullPolicy: oneOf(enumValues(ImagePullPolicy as any), 'use ImagePullPolicy.ALWAYS, IF_NOT_PRESENT or NEVER'),
  jobManager: shape(resources('jobManager', false)),
  taskManager: shape(resources('taskManager', true)),
  checkpoints: instance(CheckpointPolicy, 'a CheckpointPolicy', 'use CheckpointPolicy.every(Duration.minutes(1), { storage })'),
  ha: instance(HaStorage, 'an HaStorage', 'use HaStorage.kubernetes({ storage })'),
  restartStrategy: instance(RestartStrategy, 'a RestartStrategy', 'use e.g. RestartStrategy.fixedDelay({ attempts: 3, delay: Duration.seconds(10) })'),
  flinkConfiguration: stringMap('any', "pass an object of string values, e.g. { 'pipeline.name': 'orders' }"),
  logConfiguration: stringMap('any', "pass an object of file name to content, e.g. { 'log4j-console.properties': '...' }"),
  ingress: shape({
    template: string({ blank: true, fix: "set 'ingress.template', e.g. 'flink.example.com/{{namespace}}/{{name}}(/|$)(.*)'" }),
    className: string(),
    annotations: stringMap('annotation'),
    labels: stringMap('label'),
    tls: array(shape({
      hosts: array(string()),
      secretName: dnsSubdomain("use the name of a Secret (lower case letters, digits, '-' and '.')"),
    })),
  }),
  mode: oneOf(enumValues(DeploymentMode as any), 'use DeploymentMode.NATIVE or DeploymentMode.STANDALONE'),
  serviceAccount: (where, prop, v) => {
    if (v === null || typeof v !== 'object' || typeof (v as any).serviceAccountName !== 'string') {
      throw propError(where, prop, v, 'must be an IFlinkServiceAccount', "use new FlinkServiceAccount(...) or FlinkServiceAccount.fromName(this, 'Sa', 'flink')");
    }
  },
  env: stringMap('any', "pass an object of strings, e.g. { TZ: 'UTC' }"),
  envFromSecrets: array(named('a Secret', "pass a Secret of any cdk8s-plus major, or { name: 'my-secret' }")),
  volumes: array(shape({
    volume: named('a Volume', "use PodVolume.fromConfigMap('my-config') or a cdk8s-plus Volume"),
    mountPath: string({ fix: "use e.g. '/etc/flink-extra'" }),
    readOnly: bool(),
  })),
  nodeSelector: stringMap('label'),
  tolerations: array(object('pass toleration objects, e.g. { key: "dedicated", operator: "Exists" }')),
  podLabels: stringMap('label'),
  podAnnotations: stringMap('annotation'),
  securityContext: object("pass a pod security context object, e.g. { runAsUser: 9999 }"),
  podSecurity: instance(PodSecurity, 'a PodSecurity', 'use PodSecurity.RESTRICTED, PodSecurity.OPENSHIFT or PodSecurity.NONE'),
  taskManagerServiceAccountToken: bool(),
  podTemplate: object('pass a pod template object, e.g. { spec: { ... } }'),
  jobManagerPodTemplate: object('pass a pod template object, e.g. { spec: { ... } }'),
  taskManagerPodTemplate: object('pass a pod template object, e.g. { spec: { ... } }'),
});

const savepointPath = string({ pattern: /^\S+$/, what: 'a savepoint path without whitespace', fix: "give the savepoint path, e.g. 's3://bucket/savepoints/savepoint-1'" });

/** JobLifecycleProps. */
export const lifecycleProps = (): Shape => ({
  savepointTriggerNonce: int({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, fix: 'use 1, then 2, ... (each new value triggers once)' }),
  checkpointTriggerNonce: int({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, fix: 'use 1, then 2, ... (each new value triggers once)' }),
  periodicSavepoints: instance(PeriodicSnapshots, 'a PeriodicSnapshots', 'use PeriodicSnapshots.every(Duration.hours(6), { maxCount: 5 })'),
  periodicCheckpoints: instance(PeriodicSnapshots, 'a PeriodicSnapshots', 'use PeriodicSnapshots.every(Duration.hours(1))'),
  restore: instance(Restore, 'a Restore', "use Restore.fromPath('s3://...') or Restore.fromSnapshot(snapshot)"),
  lastStateMaxCheckpointAge: duration('Duration.minutes(10)'),
});

/** The job props shared by FlinkApplication, FlinkSqlJob, PyFlinkJob, SessionJob and SqlSessionJob. */
export const jobProps = (): Shape => ({
  ...lifecycleProps(),
  // The range (at least 1) is checked by the construct, with a message that says why.
  parallelism: int({ fix: "set 'parallelism' to 1 or more" }),
  state: oneOf(enumValues(JobState as any), 'use JobState.RUNNING or JobState.SUSPENDED'),
  upgradeMode: oneOf(enumValues(UpgradeMode as any), 'use UpgradeMode.STATELESS, LAST_STATE or SAVEPOINT'),
  initialSavepointPath: savepointPath,
  allowNonRestoredState: bool(),
  entryClass: string({ fix: "use the fully qualified class name, e.g. 'com.example.OrdersJob'" }),
  args: array(string({ blank: true, fix: 'quote the argument' })),
  jar: instance(JobJar, 'a JobJar', "use JobJar.fromImage('/opt/flink/usrlib/job.jar') or JobJar.fromUrl(...)"),
});

/** SessionJobProps and SqlSessionJobProps (besides the job props). */
export const sessionJobProps = (): Shape => ({
  ...jobProps(),
  name: string({ fix: "choose a name such as 'top-speed'" }),
  metadata: metadata(string({ fix: "choose a name such as 'top-speed'" })),
  flinkConfiguration: stringMap('any', "pass an object of string values, e.g. { 'pipeline.name': 'orders' }"),
});

/** StateSnapshotProps. */
export const snapshotProps = (): Shape => ({
  backoffLimit: int({ min: -1, fix: 'use -1 (retry forever), 0 (no retries) or a retry count' }),
  name: string({ fix: "choose a name such as 'orders-savepoint'" }),
  metadata: metadata(string({ fix: "choose a name such as 'orders-savepoint'" })),
  operatorVersion: operatorVersionCheck,
});

