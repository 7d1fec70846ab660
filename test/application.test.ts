import { ApiObject, Duration, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  CheckpointPolicy, DeploymentMode, FlinkApplication, FlinkApplicationProps, FlinkServiceAccount, FlinkStorage,
  FlinkVersion, HaStorage, ImagePullPolicy, JobJar, JobState, ObjectStoreCredentials, OperatorVersion,
  RestartStrategy, StateBackend, UpgradeMode,
} from '../lib';
import { errorOf, errorsOf, only, synth } from './helpers';

const base = (over: Partial<FlinkApplicationProps> = {}): FlinkApplicationProps => ({
  version: FlinkVersion.V1_20,
  image: 'flink:1.20',
  jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'),
  ...over,
});

/** What PodSecurity.RESTRICTED renders: the pod's securityContext (without fsGroup) and every container's. */
const RESTRICTED_POD = { runAsNonRoot: true, runAsUser: 9999, runAsGroup: 9999, seccompProfile: { type: 'RuntimeDefault' } };
const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

describe('FlinkApplication defaults', () => {
  test('minimal application', () => {
    const chart = Testing.chart();
    const app = new FlinkApplication(chart, 'orders', base());
    const manifests = synth(chart);
    expect(manifests.map((m) => m.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding', 'FlinkDeployment']);
    const fd = only(manifests, 'FlinkDeployment');
    expect(fd.metadata.name).toBe('test-orders-c8e28520');
    expect(app.name).toBe(fd.metadata.name);
    expect(fd.spec).toEqual({
      flinkVersion: 'v1_20',
      image: 'flink:1.20',
      serviceAccount: only(manifests, 'ServiceAccount').metadata.name,
      job: { jarURI: 'local:///opt/flink/usrlib/orders.jar', parallelism: 1 },
      podTemplate: { spec: { securityContext: RESTRICTED_POD, containers: [{ name: 'flink-main-container', securityContext: RESTRICTED_CONTAINER }] } },
      // The JobManager creates TaskManager pods (native mode); TaskManagers need no API access without Kubernetes HA.
      jobManager: { resource: { memory: '1Gi' }, podTemplate: { spec: { automountServiceAccountToken: true } } },
      taskManager: { resource: { memory: '2Gi' }, podTemplate: { spec: { automountServiceAccountToken: false } } },
    });
    expect(ApiObject.of(app)).toBe(app.resource);
    expect(errorsOf(manifests, '1.15')).toEqual([]);
  });

  test('snapshot of a full application', () => {
    const chart = Testing.chart();
    const storage = FlinkStorage.persistentVolumeClaim(chart, 'state', { size: Size.gibibytes(50) });
    const secret = new kplus.Secret(chart, 'env');
    secret.addStringData('TOKEN', 'x');
    new FlinkApplication(chart, 'orders', base({
      version: FlinkVersion.V2_1,
      image: 'registry/orders:1.4.2',
      operatorVersion: OperatorVersion.MAIN,
      imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
      entryClass: 'com.example.Orders',
      args: ['--input', 'kafka'],
      parallelism: 4,
      state: JobState.RUNNING,
      upgradeMode: UpgradeMode.SAVEPOINT,
      jobManager: { cpu: 0.5, memory: Size.mebibytes(1600), replicas: 2 },
      taskManager: { cpu: 2, memory: Size.gibibytes(4), taskSlots: 2, ephemeralStorage: Size.gibibytes(5) },
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage, incremental: true, stateBackend: StateBackend.ROCKSDB }),
      ha: HaStorage.kubernetes({ storage }),
      restartStrategy: RestartStrategy.fixedDelay({ attempts: 5, delay: Duration.seconds(10) }),
      flinkConfiguration: { 'pipeline.name': 'orders' },
      logConfiguration: { 'log4j-console.properties': 'rootLogger.level = INFO' },
      ingress: { template: 'flink.example.com/{{namespace}}/{{name}}(/|$)(.*)', className: 'nginx' },
      mode: DeploymentMode.NATIVE,
      env: { TZ: 'UTC' },
      envFromSecrets: [secret],
      nodeSelector: { pool: 'flink' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'flink', effect: 'NoSchedule' }],
      podLabels: { team: 'data' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    }));
    const manifests = synth(chart);
    expect(errorsOf(manifests, 'main')).toEqual([]);
    expect(manifests).toMatchSnapshot();
  });
});

describe('memory fields per operator version', () => {
  test.each([
    [OperatorVersion.V1_15, { resource: { cpu: 1, memory: '1536Mi' } }, { resource: { memory: '2Gi' } }],
    [OperatorVersion.MAIN, { resources: { requests: { cpu: 1, memory: '1536Mi' } } }, { resources: { requests: { memory: '2Gi' } } }],
  ].map(([v, jm, tm]) => [v, { ...(jm as any), podTemplate: { spec: { automountServiceAccountToken: true } } }, { ...(tm as any), podTemplate: { spec: { automountServiceAccountToken: false } } }] as [OperatorVersion, any, any]))('operator %s', (operatorVersion, jm, tm) => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'orders', base({ operatorVersion, jobManager: { cpu: 1, memory: Size.mebibytes(1536) } }));
    const manifests = synth(chart);
    const fd = only(manifests, 'FlinkDeployment');
    expect(fd.spec.jobManager).toEqual(jm);
    expect(fd.spec.taskManager).toEqual(tm);
    expect(errorsOf(manifests, operatorVersion.id as any)).toEqual([]);
  });
});

describe('configuration key names per Flink version', () => {
  test.each(FlinkVersion.all().filter((v) => v.isAtLeast(FlinkVersion.V1_15) && OperatorVersion.V1_15.latestFlinkVersion.isAtLeast(v)))('Flink %s', (version) => {
    const chart = Testing.chart();
    const storage = FlinkStorage.persistentVolumeClaim(chart, 'state', { size: Size.gibibytes(5) });
    new FlinkApplication(chart, 'orders', base({
      version, image: `flink:${version}`,
      upgradeMode: UpgradeMode.LAST_STATE,
      checkpoints: CheckpointPolicy.every(Duration.minutes(1), { storage, retained: 2, stateBackend: StateBackend.ROCKSDB, incremental: true }),
      ha: HaStorage.kubernetes({ storage }),
      restartStrategy: RestartStrategy.none(),
    }));
    const manifests = synth(chart);
    const conf = only(manifests, 'FlinkDeployment').spec.flinkConfiguration;
    const v120 = version.isAtLeast(FlinkVersion.V1_20);
    const v117 = version.isAtLeast(FlinkVersion.V1_17);
    expect(conf[v120 ? 'execution.checkpointing.dir' : 'state.checkpoints.dir']).toBe('file:///flink-data/checkpoints');
    expect(conf[v120 ? 'execution.checkpointing.savepoint-dir' : 'state.savepoints.dir']).toBe('file:///flink-data/savepoints');
    expect(conf[v120 ? 'execution.checkpointing.num-retained' : 'state.checkpoints.num-retained']).toBe('2');
    expect(conf[v120 ? 'execution.checkpointing.incremental' : 'state.backend.incremental']).toBe('true');
    expect(conf[v117 ? 'state.backend.type' : 'state.backend']).toBe('rocksdb');
    expect(conf[v117 ? 'restart-strategy.type' : 'restart-strategy']).toBe('none');
    expect(conf['high-availability.storageDir']).toBe('file:///flink-data/ha');
    expect(Object.values(conf).every((v) => typeof v === 'string')).toBe(true);
    expect(errorsOf(manifests, '1.15')).toEqual([]);
  });
});

describe('state storage mounts', () => {
  test('one PVC mounted once on JM and TM pods with fsGroup 9999, ordered before the deployment', () => {
    const chart = Testing.chart();
    const storage = FlinkStorage.persistentVolumeClaim(chart, 'state', { size: Size.gibibytes(10) });
    new FlinkApplication(chart, 'orders', base({
      upgradeMode: UpgradeMode.SAVEPOINT,
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage }),
      ha: HaStorage.kubernetes({ storage }),
    }));
    const manifests = synth(chart);
    const pvc = only(manifests, 'PersistentVolumeClaim');
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
    const fd = only(manifests, 'FlinkDeployment');
    expect(fd.spec.podTemplate).toEqual({
      spec: {
        securityContext: { ...RESTRICTED_POD, fsGroup: 9999 },
        containers: [{ name: 'flink-main-container', securityContext: RESTRICTED_CONTAINER, volumeMounts: [{ name: 'flink-state', mountPath: '/flink-data' }] }],
        volumes: [{ name: 'flink-state', persistentVolumeClaim: { claimName: pvc.metadata.name } }],
      },
    });
    // spec.podTemplate is the common template of JobManager and TaskManager pods; with Kubernetes HA
    // both need the service account token.
    expect(fd.spec.jobManager.podTemplate).toEqual({ spec: { automountServiceAccountToken: true } });
    expect(fd.spec.taskManager.podTemplate).toEqual({ spec: { automountServiceAccountToken: true } });
    expect(manifests.indexOf(pvc)).toBeLessThan(manifests.indexOf(fd));
    expect(manifests.findIndex((m) => m.kind === 'ServiceAccount')).toBeLessThan(manifests.indexOf(fd));
    expect(errorsOf(manifests, '1.15')).toEqual([]);
  });

  test('two storages get two volumes; component templates are merged with ours', () => {
    const chart = Testing.chart();
    const cp = FlinkStorage.persistentVolumeClaim(chart, 'cp', { size: Size.gibibytes(10) });
    const ha = FlinkStorage.existingClaim('ha-claim', { mountPath: '/ha' });
    new FlinkApplication(chart, 'orders', base({
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage: cp }),
      ha: HaStorage.kubernetes({ storage: ha }),
      taskManagerPodTemplate: { spec: { containers: [{ name: 'flink-main-container', env: [{ name: 'X', value: '1' }] }, { name: 'sidecar', image: 'busybox' }] } },
    }));
    const fd = only(synth(chart), 'FlinkDeployment');
    expect(fd.spec.podTemplate.spec.volumes.map((v: any) => v.name)).toEqual(['flink-state', 'flink-state-1']);
    expect(fd.spec.podTemplate.spec.containers[0].volumeMounts).toEqual([
      { name: 'flink-state', mountPath: '/flink-data' }, { name: 'flink-state-1', mountPath: '/ha' },
    ]);
    const tm = fd.spec.taskManager.podTemplate.spec;
    expect(tm.containers.map((c: any) => c.name)).toEqual(['flink-main-container', 'sidecar']);
    expect(tm.containers[0].env).toEqual([{ name: 'X', value: '1' }]);
    expect(tm.containers[0].volumeMounts).toHaveLength(2);
    expect(tm.securityContext).toEqual({ ...RESTRICTED_POD, fsGroup: 9999 });
    // The user's sidecar is hardened like Flink's container.
    expect(tm.containers[1].securityContext).toEqual(RESTRICTED_CONTAINER);
  });

  test('object store: no volume, credentials from secretKeyRef', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 's3', 's3-creds');
    const storage = FlinkStorage.objectStore('s3://bucket/orders', {
      credentials: ObjectStoreCredentials.fromSecret(secret, { accessKey: 'ak', secretKey: 'sk' }),
    });
    new FlinkApplication(chart, 'orders', base({ checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage }) }));
    const manifests = synth(chart);
    const spec = only(manifests, 'FlinkDeployment').spec;
    expect(spec.podTemplate.spec.volumes).toBeUndefined();
    // No claim: no fsGroup.
    expect(spec.podTemplate.spec.securityContext).toEqual(RESTRICTED_POD);
    expect(spec.podTemplate.spec.containers[0].env[0]).toEqual({ name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 's3-creds', key: 'ak' } } });
    expect(JSON.stringify(spec.flinkConfiguration)).not.toMatch(/secret/i);
  });

  test('user securityContext wins over the profile', () => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'orders', base({
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage: FlinkStorage.existingClaim('c') }),
      securityContext: { runAsUser: 9999, fsGroup: 1000 },
    }));
    expect(only(synth(chart), 'FlinkDeployment').spec.podTemplate.spec.securityContext).toEqual({ ...RESTRICTED_POD, runAsUser: 9999, fsGroup: 1000 });
  });
});

describe('service account', () => {
  test('an existing service account by name, declared external', () => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'orders', base({ serviceAccount: FlinkServiceAccount.fromName(chart, 'sa', 'flink') }));
    const manifests = synth(chart);
    expect(manifests.map((m) => m.kind)).toEqual(['FlinkDeployment']);
    expect(manifests[0].spec.serviceAccount).toBe('flink');
  });
});

describe('names', () => {
  test('explicit name', () => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'orders', base({ name: 'orders' }));
    expect(only(synth(chart), 'FlinkDeployment').metadata.name).toBe('orders');
  });

  test('long ids are trimmed to 45 characters', () => {
    const chart = Testing.chart();
    const app = new FlinkApplication(chart, 'a-very-long-construct-id-for-an-application-that-goes-on', base());
    expect(app.name.length).toBeLessThanOrEqual(45);
    expect(app.name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
  });

  test('an id with _ throws', () => {
    expect(errorOf(() => new FlinkApplication(Testing.chart(), 'my_job', base()))).toBe(
      "[test/my_job] 'id' (my_job) yields the FlinkDeployment name 'test-my_job-c889ff8f', which is invalid (only lower case letters, digits and '-', starting with a letter). Fix: use a construct id of letters, digits and '-' (e.g. 'my-job'), or set 'name'.");
  });

  test('a 46-character name throws', () => {
    const name = 'a'.repeat(46);
    expect(errorOf(() => new FlinkApplication(Testing.chart(), 'orders', base({ name })))).toBe(
      `[test/orders] 'name' (${name}) is not a valid FlinkDeployment name (at most 45 characters, lower case letters, digits and '-', starting with a letter and ending with a letter or digit). Fix: choose a shorter name such as 'orders'.`);
  });
});

describe('prop misuse throws', () => {
  const chart = () => Testing.chart();
  test.each<[string, Partial<FlinkApplicationProps>, string]>([
    ['parallelism 0 without TM replicas', { parallelism: 0 },
      "[test/app] 'parallelism' (0) must be a whole number of at least 1 when 'taskManager.replicas' is not set. Fix: set 'parallelism' to 1 or more."],
    ['JM replicas 2 without HA', { jobManager: { replicas: 2 } },
      "[test/app] 'jobManager.replicas' (2) needs high availability for standby JobManagers. Fix: set 'ha' (HaStorage.kubernetes({ storage })) or set 'jobManager.replicas' to 1."],
    ['TM replicas 0', { taskManager: { replicas: 0 } },
      "[test/app] 'taskManager.replicas' (0) must be a whole number of at least 1. Fix: set 'taskManager.replicas' to 1 or more."],
    ['last-state without checkpoints', { upgradeMode: UpgradeMode.LAST_STATE },
      "[test/app] 'upgradeMode' (last-state) needs a checkpoint directory. Fix: set 'checkpoints' (CheckpointPolicy.every(Duration.minutes(1), { storage })) or use UpgradeMode.STATELESS."],
    ['checkpoints on a ReadWriteOnce claim', { checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage: FlinkStorage.existingClaim('rwo', { readWriteMany: false }) }) },
      "[test/app] 'checkpoints.storage' (claim rwo, not ReadWriteMany) cannot hold state that JobManager and TaskManager pods share (it is not ReadWriteMany). Fix: use a ReadWriteMany claim (the default of FlinkStorage.persistentVolumeClaim) or an object store."],
    ['forbidden config key', { flinkConfiguration: { 'kubernetes.namespace': 'x' } },
      "[test/app] 'flinkConfiguration' (kubernetes.namespace) is a key the operator forbids (it manages it). Fix: remove 'kubernetes.namespace' from 'flinkConfiguration'."],
    ['config key written by a prop', { taskManager: { taskSlots: 2 }, flinkConfiguration: { 'taskmanager.numberOfTaskSlots': '4' } },
      "[test/app] 'flinkConfiguration' (taskmanager.numberOfTaskSlots) is also written by 'taskManager.taskSlots'. Fix: remove 'taskmanager.numberOfTaskSlots' from 'flinkConfiguration' or from 'taskManager.taskSlots'."],
    ['bad log config key', { logConfiguration: { 'log4j.properties': 'x' } },
      "[test/app] 'logConfiguration' (log4j.properties) is not a log configuration file the operator accepts (log4j-console.properties, logback-console.xml). Fix: use 'log4j-console.properties' or 'logback-console.xml'."],
    ['ForSt before Flink 2', { checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage: FlinkStorage.existingClaim('c'), stateBackend: StateBackend.FORST }) },
      "[test/app] 'checkpoints.stateBackend' (forst) needs Flink 2.0 or later (version is v1_20). Fix: use StateBackend.ROCKSDB or StateBackend.HASHMAP, or a Flink 2.x 'version'."],
    ['Flink 2.3 on operator 1.15', { version: FlinkVersion.V2_3, image: 'flink:2.3' },
      "[test/app] 'version' (v2_3) is not in the FlinkDeployment CRD of operator 1.15 (up to v2_2). Fix: use 'operatorVersion' OperatorVersion.MAIN or a 'version' up to v2_2."],
    ['image of another Flink version', { image: 'flink:1.19' },
      "[test/app] 'image' (flink:1.19) runs Flink 1.19 but 'version' is v1_20. Fix: use a Flink 1.20 image (e.g. 'flink:1.20') or set 'version' to match the image."],
    ['TM memory too small', { taskManager: { memory: Size.mebibytes(512) } },
      "[test/app] 'taskManager.memory' (512Mi) must be at least 1024Mi with Flink's default memory settings. Fix: set 'taskManager.memory' to Size.mebibytes(1024) or more."],
    ['ingress without template', { ingress: { template: '' } },
      "[test/app] 'ingress.template' ('') must be defined. Fix: set 'ingress.template', e.g. 'flink.example.com/{{namespace}}/{{name}}(/|$)(.*)'."],
  ])('%s', (_, over, message) => {
    expect(errorOf(() => new FlinkApplication(chart(), 'app', base(over)))).toBe(message);
  });

  test('an entry the config rules reject', () => {
    expect(errorOf(() => new FlinkApplication(chart(), 'app', base({ flinkConfiguration: { 'a.b': 'c' } })))).toMatch(
      /^\[test\/app\] 'flinkConfiguration' entry 'a\.b': \(config-key-unknown\) .*\. Fix: .*\.$/);
  });

  test('parallelism may be omitted when TM replicas are set', () => {
    const c = chart();
    new FlinkApplication(c, 'app', base({ taskManager: { replicas: 2, taskSlots: 2 } }));
    const fd = only(synth(c), 'FlinkDeployment');
    expect(fd.spec.job.parallelism).toBeUndefined();
    expect(fd.spec.taskManager.replicas).toBe(2);
  });
});

describe('lazy rendering and determinism', () => {
  test('two synths are byte-identical', () => {
    const make = () => {
      const chart = Testing.chart();
      const storage = FlinkStorage.persistentVolumeClaim(chart, 'state', { size: Size.gibibytes(5) });
      new FlinkApplication(chart, 'orders', base({
        upgradeMode: UpgradeMode.SAVEPOINT,
        checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage }),
        flinkConfiguration: { 'pipeline.name': 'orders', 'pipeline.object-reuse': 'true' },
        env: { Z: '1', A: '2' },
      }));
      return chart;
    };
    const chart = make();
    const a = JSON.stringify(Testing.synth(chart));
    const b = JSON.stringify(Testing.synth(chart));
    expect(a).toBe(b);
    expect(JSON.stringify(Testing.synth(make()))).toBe(a);
    expect(Yaml.stringify(...Testing.synth(make()))).toBe(Yaml.stringify(...Testing.synth(chart)));
  });

  test('flinkConfiguration getter returns a copy', () => {
    const app = new FlinkApplication(Testing.chart(), 'orders', base({ flinkConfiguration: { 'pipeline.name': 'x' } }));
    const c = app.flinkConfiguration;
    c['pipeline.name'] = 'changed';
    expect(app.flinkConfiguration['pipeline.name']).toBe('x');
  });
});

describe('add*() after construction', () => {
  test('addFlinkConfiguration and addEnv show in the output', () => {
    const chart = Testing.chart();
    const app = new FlinkApplication(chart, 'orders', base({ flinkConfiguration: { 'pipeline.name': 'orders' } }));
    app.addFlinkConfiguration('pipeline.object-reuse', 'true');
    app.addEnv('TZ', 'UTC');
    const spec = only(synth(chart), 'FlinkDeployment').spec;
    expect(spec.flinkConfiguration).toEqual({ 'pipeline.name': 'orders', 'pipeline.object-reuse': 'true' });
    expect(spec.podTemplate.spec.containers[0].env).toEqual([{ name: 'TZ', value: 'UTC' }]);
    expect(app.env).toEqual({ TZ: 'UTC' });
    expect(errorOf(() => app.addFlinkConfiguration('pipeline.name', 'x'))).toBe(
      "[test/orders] 'flinkConfiguration' (pipeline.name) is already set. Fix: set 'pipeline.name' once.");
    expect(errorOf(() => app.addFlinkConfiguration('kubernetes.cluster-id', 'x'))).toBe(
      "[test/orders] 'flinkConfiguration' (kubernetes.cluster-id) is a key the operator forbids (it manages it). Fix: remove 'kubernetes.cluster-id' from 'flinkConfiguration'.");
  });

  test('the default service account follows the namespace of the application', () => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'orders', base({ metadata: { namespace: 'streaming' } }));
    const manifests = synth(chart);
    expect(manifests.map((m) => m.metadata.namespace)).toEqual(['streaming', 'streaming', 'streaming', 'streaming']);
  });
});
