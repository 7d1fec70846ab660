/**
 * fast-check generators of small worlds (one to three Flink resources) that sit on the boundary of
 * the operator's rules: R1-R32 (FlinkDeployment), S1-S12 (FlinkSessionJob), N1-N4
 * (FlinkStateSnapshot), A1-A12 (autoscaler options). Every manifest is well-typed for the CRD, so
 * the operator's deserializer should take all of them; the validator decides.
 *
 * Jar URI hosts are IP literals or `localhost`: a DNS name would make the operator's S7 check depend
 * on the network of the machine that runs the test (see docs/fidelity.md).
 */
import * as fc from 'fast-check';

const API = 'flink.apache.org/v1beta1';
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Drops undefined fields, as YAML would not have them. */
function clean<T>(o: T): T {
  return JSON.parse(JSON.stringify(o));
}

const letters = 'abcdefghijklmnopqrstuvwxyz';
const nameOf = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 'a' : letters[i % 26])).join('');

/** Names of 1, 44, 45, 46 characters and names with every class of bad character (R1, S1). */
export const resourceName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('app', 'orders', 'session', 'a', 'a1', 'my-app-2') },
  { weight: 2, arbitrary: fc.constantFrom(nameOf(44), nameOf(45), nameOf(46), nameOf(45).slice(0, 44) + '-', '1app') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('my.app', 'my_app', 'MyApp', 'app-', '-app', 'ap p', 'app.', 'session-cluster-1.13', 'ä'),
  },
);

export const flinkVersion = fc.constantFrom(undefined, 'v1_13', 'v1_14', 'v1_15', 'v1_16', 'v1_17', 'v1_18', 'v1_19', 'v1_20', 'v2_0', 'v2_1', 'v2_2');

/** Flink memory strings in every unit, plus invalid ones (R18/R19, R23/R24). */
export const memory = fc.constantFrom(
  '2048m', '2048M', '1g', '1G', '1Gi', '2gb', '1024 mb', '1.5g', '100', '2048', '1t', '512kb', '1024k', '2048Mi', '1e3',
  '2 gigabytes', '1 bytes', 'invalid', '', ' ', '-1G', '0', '1,5g', '2048mib',
);
export const ephemeral = fc.constantFrom('2G', '2Gi', '1', '500M', 'abc', '-5Gi', '1.5Gi', '1e3', '0', '2g');
/** Kubernetes quantities for `resources` (R20/R25, main). */
export const quantity = fc.constantFrom('1', '2', '500m', '0', '-1', '0.5', '1000m', '2Gi', '4Gi', '2G', '1e3', 'notacpu', 'abc', '-2Gi', '1024Mi', '0.1');

const legacyResource = fc.record({
  memory: opt(memory),
  cpu: opt(fc.constantFrom(0.5, 1, 2, 0, -1)),
  ephemeralStorage: opt(ephemeral),
}, { requiredKeys: [] });

const requirements = fc.record({
  requests: opt(fc.record({ memory: opt(quantity), cpu: opt(quantity), 'ephemeral-storage': opt(quantity) }, { requiredKeys: [] })),
  limits: opt(fc.record({ memory: opt(quantity), cpu: opt(quantity) }, { requiredKeys: [] })),
}, { requiredKeys: [] });

const component = (replicas: fc.Arbitrary<number | undefined>) => fc.record({
  resource: opt(legacyResource),
  resources: opt(requirements),
  replicas,
}, { requiredKeys: [] });

const dir = fc.constantFrom(undefined, '', '   ', 's3://bucket/dir', 'file:///flink-data/dir');
const duration = fc.constantFrom('1m', '30 s', '5 min', '10s', '1h', '', '60 s', '15 s', '0 ms');

/** Values around the autoscaler ranges (A1-A11): bounds, just outside, unparseable. */
const ratio = fc.constantFrom('0', '1', '0.0', '1.0', '-0.0001', '1.0001', '0.5', '0.7', '1.5', '-0.6', '0.01', '0.0099', 'abc', '0.3', '0.8', '100000.0', 'NaN', 'Infinity');
const excludedPeriods = fc.constantFrom(
  '10:00-12:00', '12:00-10:00', '10:00:00-11:30:15', '* * * ? * MON-FRI', '0 0 1 * * ?', '10:00-12:00 && * * * ? * MON', 'bogus',
  '10:00-12:00 && 11:00-12:00', '10:00-12:00;12:30-13:00', '25:00-26:00',
);

const autoscalerKeys: Record<string, fc.Arbitrary<string>> = {
  'job.autoscaler.enabled': fc.constantFrom('true', 'false', 'TRUE'),
  'job.autoscaler.scale-down.max-factor': ratio,
  'job.autoscaler.scale-up.max-factor': ratio,
  'job.autoscaler.utilization.target': ratio,
  'job.autoscaler.target.utilization': ratio,
  'job.autoscaler.target.utilization.boundary': ratio,
  'job.autoscaler.utilization.max': ratio,
  'job.autoscaler.utilization.min': ratio,
  'job.autoscaler.memory.gc-pressure.threshold': ratio,
  'job.autoscaler.memory.heap-usage.threshold': ratio,
  'job.autoscaler.observed-scalability.enabled': fc.constantFrom('true', 'false'),
  'job.autoscaler.observed-scalability.coefficient-min': ratio,
  'job.autoscaler.scaling.effectiveness.detection.enabled': fc.constantFrom('true', 'false'),
  'job.autoscaler.scaling.effectiveness.threshold': ratio,
  'job.autoscaler.memory.tuning.enabled': fc.constantFrom('true', 'false'),
  'job.autoscaler.memory.tuning.overhead': ratio,
  'job.autoscaler.excluded.periods': excludedPeriods,
  'job.autoscaler.metrics.window': duration,
  'kubernetes.operator.reconcile.interval': duration,
  'kubernetes.operator.job.autoscaler.scale-down.max-factor': ratio,
};

const deploymentKeys: Record<string, fc.Arbitrary<string>> = {
  'kubernetes.namespace': fc.constantFrom('flink', ''),
  'kubernetes.cluster-id': fc.constantFrom('x'),
  'high-availability.cluster-id': fc.constantFrom('x'),
  'high-availability.type': fc.constantFrom('kubernetes', 'KUBERNETES', 'zookeeper', 'NONE', 'none', 'org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory', ''),
  'high-availability': fc.constantFrom('kubernetes', 'NONE'),
  'kubernetes.operator.deployment.rollback.enabled': fc.constantFrom('true', 'false'),
  'kubernetes.operator.cluster.health-check.enabled': fc.constantFrom('true', 'false'),
  'kubernetes.operator.jm-deployment-recovery.enabled': fc.constantFrom('true', 'false'),
  'jobmanager.memory.process.size': memory,
  'jobmanager.memory.flink.size': memory,
  'jobmanager.memory.heap.size': memory,
  'taskmanager.memory.process.size': memory,
  'taskmanager.memory.flink.size': memory,
  'taskmanager.memory.task.heap.size': memory,
  'taskmanager.memory.managed.size': memory,
};

const jobDirKeys: Record<string, fc.Arbitrary<string>> = {
  'execution.checkpointing.dir': dir.map((d) => d ?? 's3://b/c'),
  'state.checkpoints.dir': dir.map((d) => d ?? 's3://b/c'),
  'execution.checkpointing.savepoint-dir': dir.map((d) => d ?? 's3://b/s'),
  'state.savepoints.dir': dir.map((d) => d ?? 's3://b/s'),
  'kubernetes.operator.periodic.savepoint.interval': duration,
  'kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age': duration,
  random: fc.constantFrom('config'),
};

/** A flinkConfiguration that sets a few keys of the given pools. */
function config(...pools: Record<string, fc.Arbitrary<string>>[]): fc.Arbitrary<Record<string, string> | undefined> {
  const all = Object.assign({}, ...pools) as Record<string, fc.Arbitrary<string>>;
  const keys = Object.keys(all);
  return opt(fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 6 }).chain((picked) => {
    const rec: Record<string, fc.Arbitrary<string>> = {};
    for (const k of picked) rec[k] = all[k];
    return fc.record(rec);
  }));
}

/** Jar URIs of every scheme and host class (S4-S7); hosts are literals (no DNS). */
export const jarUri = fc.constantFrom(
  undefined, 'https://203.0.113.7/job.jar', 'https://8.8.8.8/job.jar', 'HTTPS://8.8.8.8/job.jar', 'http://8.8.8.8/job.jar',
  'https://127.0.0.1/job.jar', 'https://localhost/job.jar', 'https://10.0.0.1/job.jar', 'https://192.168.1.1/job.jar',
  'https://172.16.0.1/job.jar', 'https://172.32.0.1/job.jar', 'https://169.254.169.254/latest', 'https://0.0.0.0/job.jar',
  'https://224.0.0.1/job.jar', 'https://[::1]/job.jar', 'https://[2001:db8::1]/job.jar', 'https://[fe80::1]/job.jar',
  'https:///job.jar', 'https:job.jar', 'file:///opt/job.jar', 's3://bucket/job.jar', 'local:///opt/flink/job.jar',
  '/no/scheme/job.jar', 'ht tp://bad uri', 'https://8.8.8.8:99999/job.jar', 'https://user@8.8.8.8/job.jar',
);

const nonce = fc.constantFrom(undefined, 0, 1, 42);

const jobSpec = (uri: fc.Arbitrary<string | undefined>) => fc.record({
  jarURI: uri,
  parallelism: opt(fc.constantFrom(-1, 0, 1, 2)),
  upgradeMode: opt(fc.constantFrom('stateless', 'savepoint', 'last-state')),
  state: opt(fc.constantFrom('running', 'suspended')),
  savepointTriggerNonce: nonce,
  savepointRedeployNonce: nonce,
  initialSavepointPath: opt(fc.constantFrom('s3://b/sp-1', '', ' ')),
  allowNonRestoredState: opt(fc.boolean()),
  entryClass: opt(fc.constantFrom('com.example.Main')),
}, { requiredKeys: [] });

export interface DeploymentShape {
  readonly name?: fc.Arbitrary<string>;
  readonly withJob?: boolean;
}

/** A FlinkDeployment around the R rules (R1-R26, R30-R32). */
export function flinkDeployment(shape: DeploymentShape = {}): fc.Arbitrary<any> {
  return fc.record({
    name: shape.name ?? resourceName,
    namespace: opt(fc.constantFrom('flink')),
    flinkVersion,
    serviceAccount: fc.constantFrom(undefined, '', 'flink'),
    image: opt(fc.constantFrom('flink:1.20')),
    mode: opt(fc.constantFrom('native', 'standalone')),
    flinkConfiguration: config(deploymentKeys, jobDirKeys, autoscalerKeys),
    ingress: opt(fc.constantFrom({}, { template: 'example.com:port' }, { template: 'example.com/{{namespace}}/{{name}}' }, { template: '{{name}}.{{namespace}}.example.com', className: 'nginx' })),
    logConfiguration: opt(fc.constantFrom({ 'log4j-console.properties': 'rootLogger.level = INFO' }, { 'logback-console.xml': '<configuration/>' }, { random: 'x' })),
    jobManager: opt(component(opt(fc.constantFrom(0, 1, 2)))),
    taskManager: opt(component(opt(fc.constantFrom(0, 1, 2)))),
    job: shape.withJob === false ? fc.constant(undefined) : shape.withJob ? jobSpec(fc.constant('local:///opt/flink/job.jar')) : opt(jobSpec(fc.constant('local:///opt/flink/job.jar'))),
  }, { requiredKeys: ['name'] }).map((d) => clean({
    apiVersion: API,
    kind: 'FlinkDeployment',
    metadata: { name: d.name, ...(d.namespace ? { namespace: d.namespace } : {}) },
    spec: {
      image: d.image, flinkVersion: d.flinkVersion, serviceAccount: d.serviceAccount, mode: d.mode,
      flinkConfiguration: d.flinkConfiguration, ingress: d.ingress, logConfiguration: d.logConfiguration,
      jobManager: d.jobManager, taskManager: d.taskManager, job: d.job,
    },
  }));
}

/** A FlinkDeployment that passes most R rules, so a world's verdict turns on the rule under test. */
export function baselineDeployment(name: string, withJob: boolean, flinkConfiguration?: Record<string, string>): any {
  return clean({
    apiVersion: API,
    kind: 'FlinkDeployment',
    metadata: { name },
    spec: {
      image: 'flink:1.20',
      flinkVersion: 'v1_20',
      serviceAccount: 'flink',
      flinkConfiguration,
      jobManager: { resource: { memory: '2048m', cpu: 1 } },
      taskManager: { resource: { memory: '2048m', cpu: 1 } },
      job: withJob ? { jarURI: 'local:///opt/flink/job.jar', parallelism: 2, upgradeMode: 'stateless' } : undefined,
    },
  });
}

/** A session job (S1-S12), with or without its cluster (a session cluster, an application, or a near miss). */
export const sessionJobWorld: fc.Arbitrary<any[]> = fc.record({
  deploymentName: fc.oneof({ weight: 5, arbitrary: fc.constant('session') }, { weight: 2, arbitrary: resourceName }, { weight: 1, arbitrary: fc.constant(undefined) }),
  job: fc.oneof({ weight: 8, arbitrary: jobSpec(jarUri) }, { weight: 1, arbitrary: fc.constant(undefined) }),
  flinkConfiguration: config(jobDirKeys, autoscalerKeys),
  cluster: fc.constantFrom('none', 'session', 'application', 'other-name'),
  clusterConfig: config(jobDirKeys, autoscalerKeys),
}, { requiredKeys: ['deploymentName', 'cluster'] }).map((w) => {
  const job = clean({
    apiVersion: API,
    kind: 'FlinkSessionJob',
    metadata: { name: 'job' },
    spec: { deploymentName: w.deploymentName, job: w.job, flinkConfiguration: w.flinkConfiguration },
  });
  if (w.cluster === 'none') return [job];
  const name = w.cluster === 'other-name' ? 'another' : (typeof w.deploymentName === 'string' ? w.deploymentName : 'session');
  return [baselineDeployment(name, w.cluster === 'application', w.clusterConfig), job];
});

/** A snapshot (N1-N4), with or without its target. */
export const snapshotWorld: fc.Arbitrary<any[]> = fc.record({
  savepoint: opt(fc.record({ alreadyExists: opt(fc.boolean()), path: opt(fc.constantFrom('s3://b/sp-1')), disposeOnDelete: opt(fc.boolean()), formatType: opt(fc.constantFrom('CANONICAL', 'NATIVE', 'UNKNOWN')) }, { requiredKeys: [] })),
  checkpoint: opt(fc.constant({})),
  jobReference: opt(fc.record({ kind: opt(fc.constantFrom('FlinkDeployment', 'FlinkSessionJob')), name: opt(fc.constantFrom('app', 'missing')) }, { requiredKeys: [] })),
  target: fc.constantFrom('none', 'deployment', 'session-job'),
  backoffLimit: opt(fc.constantFrom(-1, 0, 3)),
}, { requiredKeys: ['target'] }).map((w) => {
  const snap = clean({
    apiVersion: API,
    kind: 'FlinkStateSnapshot',
    metadata: { name: 'snap' },
    spec: { savepoint: w.savepoint, checkpoint: w.checkpoint, jobReference: w.jobReference, backoffLimit: w.backoffLimit },
  });
  const world: any[] = [];
  if (w.target === 'deployment') world.push(baselineDeployment('app', true, { 'execution.checkpointing.savepoint-dir': 's3://b/s', 'execution.checkpointing.dir': 's3://b/c' }));
  if (w.target === 'session-job') {
    world.push(baselineDeployment('session', false));
    world.push({ apiVersion: API, kind: 'FlinkSessionJob', metadata: { name: 'app' }, spec: { deploymentName: 'session', job: { jarURI: 'https://8.8.8.8/job.jar', parallelism: 1 } } });
  }
  world.push(snap);
  return world;
});

/** Every kind of world, weighted towards FlinkDeployments (most rules). */
export const world: fc.Arbitrary<any[]> = fc.oneof(
  { weight: 6, arbitrary: flinkDeployment().map((d) => [d]) },
  { weight: 3, arbitrary: sessionJobWorld },
  { weight: 2, arbitrary: snapshotWorld },
);
