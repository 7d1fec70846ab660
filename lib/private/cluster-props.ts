import { CheckpointPolicy } from '../checkpoint-policy';
import { DeploymentMode, ImagePullPolicy } from '../deployment-mode';
import { HaStorage } from '../ha-storage';
import { PodSecurity } from '../pod-security';
import { RestartStrategy } from '../restart-strategy';
import { FlinkVersion, OperatorVersion } from '../versions';
import {
  Check, Shape, array, bool, dnsSubdomain, enumValues, instance, int, metadata, number, object, oneOf, shape, size, string, stringMap,
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

/** Run-time shape of FlinkClusterProps (FlinkApplication, FlinkSessionCluster, FlinkSqlJob, PyFlinkJob). */
export const CLUSTER_PROPS: Shape = {
  name: string({ fix: "choose a name such as 'orders'" }),
  metadata: metadata(string({ fix: "choose a name such as 'orders'" })),
  version: instance(FlinkVersion, 'a FlinkVersion', 'use e.g. FlinkVersion.V1_20'),
  operatorVersion: instance(OperatorVersion, 'an OperatorVersion', 'use OperatorVersion.V1_15 or OperatorVersion.MAIN'),
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
  envFromSecrets: array(named('a Secret', "use kplus.Secret.fromSecretName(this, 'Creds', 'my-secret')")),
  volumes: array(shape({
    volume: named('a Volume', 'use a cdk8s-plus Volume, e.g. kplus.Volume.fromConfigMap(...)'),
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
};
