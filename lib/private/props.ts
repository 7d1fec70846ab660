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
import { Autoscaler, ParallelismAlignment } from '../autoscaler';
import { OperatorLoggingFramework } from '../operator/logging';
import { OperatorImage } from '../operator/operator-image';
import { OperatorSecurityProfile } from '../operator/operator-security';
import { OperatorWebhook } from '../operator/operator-webhook';
import { OperatorRestTls } from '../operator/operator-rest-tls';
import { FlinkStorage } from '../storage';
import { FlinkTls, TlsPassword } from '../tls';
import {
  Check, Shape, array, bool, dnsLabel, dnsSubdomain, secretString, duration, enumValues, instance, int, metadata, number, object, oneOf, shape, size, string, stringMap,
} from './check';
import { propError } from './util';

/** Something with a string `name` (cdk8s-plus ISecret, Volume). */
const named = (what: string, fix: string): Check => (where, prop, v) => {
  if (v === null || typeof v !== 'object' || typeof (v as any).name !== 'string') throw propError(where, prop, v, `must be ${what}`, fix);
};

/** `FlinkVolumeMount[]`, of every Flink pod or of one role's. */
const volumeMounts = (): Check => array(shape({
  volume: named('a Volume', "use PodVolume.fromConfigMap('my-config') or a cdk8s-plus Volume"),
  mountPath: string({ fix: "use e.g. '/etc/flink-extra'" }),
  readOnly: bool(),
}));

const resources = (prop: string, slots: boolean): Shape => ({
  cpu: number({ above: 0, max: 1e6, fix: `set '${prop}.cpu' to e.g. 1 or 0.5` }),
  memory: size('Size.gibibytes(2)'),
  ephemeralStorage: size('Size.gibibytes(10)'),
  replicas: int({ min: 1, fix: `set '${prop}.replicas' to 1 or more` }),
  // Role options (RolePodOptions); the limits against the operator version and memory are checked by the construct.
  cpuLimit: number({ above: 0, max: 1e6, fix: `set '${prop}.cpuLimit' to e.g. 2` }),
  memoryLimit: size('Size.gibibytes(4)'),
  podLabels: stringMap('label'),
  podAnnotations: stringMap('annotation'),
  volumes: volumeMounts(),
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
  volumes: volumeMounts(),
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
  tls: instance(FlinkTls, 'a FlinkTls', 'use FlinkTls.fromSecret({ ... })'),
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

/** ApplicationJobOptions and FlinkApplicationProps (FlinkApplication, FlinkSqlJob, PyFlinkJob, the blue/green template). */
export const applicationJobProps = (): Shape => ({
  ...jobProps(),
  // Whole numbers are checked by the construct (its message).
  restartNonce: number({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, fix: "set 'restartNonce' to e.g. 1 and change it to restart" }),
  autoscaler: instance(Autoscaler, 'an Autoscaler', 'use Autoscaler.enabled({ ... })'),
  reactiveMode: bool(),
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


// -----------------------------------------------------------------------------------------------
// Operator install, blue/green, autoscaler, TLS, HA, pod volumes

const volumeName = dnsLabel("use a volume name of lower case letters, digits and '-', e.g. 'extra'");
const objectName = dnsSubdomain("use lower case letters, digits, '-' and '.'");

/** PodVolumeOptions (fromConfigMap, fromSecret, fromPersistentVolumeClaim). */
export const podVolumeOptions = (): Shape => ({ name: volumeName });
/** EmptyDirVolumeOptions. */
export const emptyDirOptions = (): Shape => ({ sizeLimit: size('Size.gibibytes(1)') });
/** The name of a pod volume (fromEmptyDir, fromHostPath). */
export const podVolumeName: Check = volumeName;
/** The name of a referenced ConfigMap, Secret or claim. */
export const referencedName: Check = objectName;

/** An INamedResource: any object with a valid `name` (cdk8s-plus objects of any major, NamedResource.of). */
export const namedResource = (what: string, fix: string): Check => (where, prop, v) => {
  named(what, fix)(where, prop, v);
  objectName(where, `${prop}.name`, (v as any).name);
};

/** OperatorWebhookOptions. */
export const webhookOptions = (): Shape => ({
  keystorePassword: shape({
    secretName: objectName,
    key: string({ pattern: /^[-._a-zA-Z0-9]+$/, what: 'a Secret key', fix: "use the key of the password in the Secret, e.g. 'password'" }),
  }),
  validator: bool(),
  mutator: bool(),
  serviceLabels: stringMap('label'),
});

/** OperatorRestTlsOptions. */
export const operatorRestTlsOptions = (): Shape => ({
  secretName: objectName,
  password: shape({
    secretName: objectName,
    key: string({ pattern: /^[-._a-zA-Z0-9]+$/, what: 'a Secret key', fix: "use the key of the password in the Secret, e.g. 'password'" }),
  }),
});

const operatorResources = (): Check => shape({
  cpuRequest: string({ fix: "use cores ('1', '0.5') or millicores ('250m')" }),
  cpuLimit: string({ fix: "use cores ('1', '0.5') or millicores ('250m')" }),
  memoryRequest: size('Size.mebibytes(512)'),
  memoryLimit: size('Size.mebibytes(512)'),
});

/** FlinkOperatorProps. */
export const operatorProps = (): Shape => ({
  namespace: string({ fix: "use a namespace name, e.g. 'flink-operator'" }),
  operatorVersion: operatorVersionCheck,
  watchNamespaces: array(string({ fix: "use a namespace name, e.g. 'flink-jobs'" })),
  image: instance(OperatorImage, 'an OperatorImage', "use OperatorImage.apache('1.15.0') or OperatorImage.of(...)"),
  imagePullSecrets: array(string({ fix: "use lower case letters, digits, '-' and '.'" })),
  webhook: instance(OperatorWebhook, 'an OperatorWebhook', "use OperatorWebhook.enabled({ keystorePassword: { secretName, key } })"),
  certManagerInstalled: bool(),
  restTls: instance(OperatorRestTls, 'an OperatorRestTls', "use OperatorRestTls.fromSecret({ secretName, password: { secretName, key } })"),
  reconcileInterval: duration('Duration.minutes(1)'),
  allowedJarSchemes: array(string({ pattern: /^[a-z][a-z0-9+.-]*$/, what: 'a URI scheme', fix: "use lower case schemes such as 'https' or 's3'" })),
  periodicSavepointInterval: duration('Duration.hours(6)'),
  periodicCheckpointInterval: duration('Duration.hours(1)'),
  // Types here; ranges (and their messages) in the construct.
  savepointHistoryMaxCount: number({ fix: 'keep at least one savepoint' }),
  savepointHistoryMaxAge: duration('Duration.days(1)'),
  configuration: stringMap('any', "pass an object of string values, e.g. { 'kubernetes.operator.reconcile.interval': '1 min' }"),
  loggingFramework: instance(OperatorLoggingFramework, 'an OperatorLoggingFramework', 'use OperatorLoggingFramework.LOG4J2 or LOGBACK'),
  operatorLogConfiguration: stringMap('any', "pass an object of string values, e.g. { 'rootLogger.level': 'INFO' }"),
  flinkLogConfiguration: stringMap('any', "pass an object of string values, e.g. { 'rootLogger.level': 'INFO' }"),
  resources: operatorResources(),
  webhookResources: operatorResources(),
  securityProfile: instance(OperatorSecurityProfile, 'an OperatorSecurityProfile', 'use OperatorSecurityProfile.RESTRICTED'),
  replicas: number({ fix: 'use 1, or 2 or more for a standby with leader election' }),
  crds: bool(),
  rbac: bool(),
  nodeListPermission: bool(),
  metricsPort: number({ fix: 'use e.g. 9999' }),
  operatorJvmArgs: string({ fix: "use e.g. '-XX:+UseG1GC'" }),
  webhookJvmArgs: string({ fix: "use e.g. '-XX:+UseG1GC'" }),
});

/** ZooKeeperHaOptions. */
export const zookeeperOptions = (): Shape => ({
  storage: instance(FlinkStorage, 'a FlinkStorage', 'pass a FlinkStorage, e.g. the one of your checkpoints'),
  quorum: string({ fix: "use e.g. 'zk-0.zk:2181,zk-1.zk:2181,zk-2.zk:2181'" }),
  path: string({ fix: "use e.g. 'ha'" }),
  rootPath: string({ fix: "use e.g. '/flink'" }),
  factoryClass: string({ fix: "use e.g. 'com.example.MyHaServicesFactory'" }),
});

/** TlsLiteralPasswordOptions (passwords are never shown). */
export const tlsPasswordOptions = (): Shape => ({
  keyPassword: secretString('pass the password of the private key'),
  truststorePassword: secretString('pass the password of the truststore'),
});

/** FlinkTlsOptions. */
export const tlsOptions = (): Shape => ({
  secretName: string({ max: 253, fix: "use lower case letters, digits, '-' and '.'" }),
  password: instance(TlsPassword, 'a TlsPassword', 'use TlsPassword.literal(...) and suppress config-literal-secret with a reason'),
  keystoreKey: string({ fix: "use the file's key in the Secret, e.g. 'keystore.jks'" }),
  truststoreKey: string({ fix: "use the file's key in the Secret, e.g. 'truststore.jks'" }),
  mountPath: string({ fix: "use e.g. '/opt/flink/tls'" }),
  internal: bool(),
  rest: bool(),
});

/** AutoscalerOptions (types here; the operator's ranges when a job renders it). */
export const autoscalerOptions = (): Shape => ({
  // Types only: the ranges are the operator's, checked with the job that renders them.
  utilizationTarget: number({ fix: "set 'utilizationTarget' to a fraction such as 0.7" }),
  metricsWindow: duration('Duration.minutes(10)'),
  stabilizationInterval: duration('Duration.minutes(5)'),
  scaleUpMaxFactor: number({ fix: "set 'scaleUpMaxFactor' to a number of at least 0, e.g. 2" }),
  scaleDownMaxFactor: number({ fix: "set 'scaleDownMaxFactor' to a number of at least 0, e.g. 0.6" }),
  vertexMinParallelism: number({ fix: "set 'vertexMinParallelism' to 1 or more" }),
  vertexMaxParallelism: number({ fix: "set 'vertexMaxParallelism' to 1 or more" }),
  memoryTuning: bool(),
  excludedPeriods: array(string({ blank: true, fix: "give e.g. '09:30-10:50'" })),
  alignmentMode: instance(ParallelismAlignment, 'a ParallelismAlignment', 'use e.g. ParallelismAlignment.EVENLY_SPREAD'),
  advisorOnly: bool(),
  resetNonce: number({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, fix: 'use 1, then 2, ... (each new value resets once)' }),
});

/** FlinkBlueGreenDeploymentProps besides the application props. */
export const blueGreenProps = (): Shape => ({
  name: string({ fix: "choose a name such as 'orders'" }),
  ingress: clusterProps().ingress,
  blueGreen: shape({
    abortGracePeriod: duration('Duration.minutes(5)'),
    reconciliationRescheduleInterval: duration('Duration.seconds(15)'),
    deploymentDeletionDelay: duration('Duration.minutes(10)'),
  }),
});
