/**
 * The example apps (examples/*.ts): one snapshot per chart, the facts each example exists to show,
 * and deterministic output. Synth itself already checks CRD schemas and every validation rule.
 */
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { BasicApplicationChart } from '../examples/basic-application';
import { CheckpointHaMinikubeChart } from '../examples/checkpoint-ha-minikube';
import { CheckpointHaPvcChart } from '../examples/checkpoint-ha-pvc';
import { ConfluentPlatformChart } from '../examples/confluent-platform';
import { CustomImageChart } from '../examples/custom-image';
import { SessionClusterChart } from '../examples/session-cluster';
import { imageFlinkVersion } from '../lib/validation/rules/flink-config';
import { mergeByPosition } from './helpers';

type ChartClass = new (scope: Construct, id: string) => Chart;

/** Chart id (as in examples/main.ts) and class of every example. */
const EXAMPLES: Array<[string, ChartClass]> = [
  ['basic-application', BasicApplicationChart],
  ['session-cluster', SessionClusterChart],
  ['checkpoint-ha-pvc', CheckpointHaPvcChart],
  ['checkpoint-ha-minikube', CheckpointHaMinikubeChart],
  ['custom-image', CustomImageChart],
  ['confluent-platform', ConfluentPlatformChart],
];

/** Synthesizes one example in a fresh app. */
function synthOf(id: string, cls: ChartClass): any[] {
  return Testing.synth(new cls(Testing.app(), id));
}

function ofKind(manifests: any[], kind: string): any[] {
  return manifests.filter((m) => m.kind === kind);
}

function only(manifests: any[], kind: string): any {
  const list = ofKind(manifests, kind);
  expect(list).toHaveLength(1);
  return list[0];
}



/** The pod spec a JobManager or TaskManager pod gets. */
function effectivePodSpec(deployment: any, component: 'jobManager' | 'taskManager'): any {
  return mergeByPosition(deployment.spec.podTemplate, deployment.spec[component]?.podTemplate)?.spec ?? {};
}

/** Where `flink-main-container` of a pod mounts each volume: mountPath -> volume source. */
function mainContainerVolumes(podSpec: any): Record<string, any> {
  const main = (podSpec.containers ?? []).find((c: any) => c.name === 'flink-main-container');
  const out: Record<string, any> = {};
  for (const m of main?.volumeMounts ?? []) {
    const v = (podSpec.volumes ?? []).find((x: any) => x.name === m.name);
    const { name, ...source } = v ?? {};
    out[m.mountPath] = source;
  }
  return out;
}

/** The flinkConfiguration every stateful example writes for Flink 1.20 and later (the seed's block, fixed). */
const STATEFUL_CONFIG = {
  'execution.checkpointing.dir': 'file:///flink-data/flink-cp',
  'execution.checkpointing.incremental': 'true',
  'execution.checkpointing.interval': '5 s',
  'execution.checkpointing.num-retained': '3',
  'execution.checkpointing.savepoint-dir': 'file:///flink-data/flink-sp',
  'execution.checkpointing.unaligned.enabled': 'false',
  'high-availability.storageDir': 'file:///flink-data/flink-ha',
  'high-availability.type': 'kubernetes',
  'restart-strategy.failure-rate.delay': '30 s',
  'restart-strategy.failure-rate.failure-rate-interval': '10 min',
  'restart-strategy.failure-rate.max-failures-per-interval': '10',
  'restart-strategy.type': 'failure-rate',
  'state.backend.rocksdb.use-bloom-filter': 'true',
  'state.backend.type': 'rocksdb',
  'table.exec.source.idle-timeout': '30 s',
  'taskmanager.numberOfTaskSlots': '10',
};

/** Key names the seed used that Flink 1.17 / 1.20 renamed, or values it got wrong. */
const SEED_MISTAKES = ['state.checkpoints.dir', 'state.savepoints.dir', 'state.checkpoints.num-retained',
  'state.backend.incremental', 'state.backend', 'restart-strategy', 'execution.checkpointing.unaligned'];

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());

describe.each(EXAMPLES)('example %s', (id, cls) => {
  test('matches the snapshot', () => {
    expect(synthOf(id, cls)).toMatchSnapshot();
  });

  test('synthesizes byte-identical YAML twice', () => {
    const a = Testing.app();
    new cls(a, id);
    const b = Testing.app();
    new cls(b, id);
    const first = a.synthYaml();
    expect(first).toContain('kind: FlinkDeployment');
    expect(b.synthYaml()).toBe(first);
  });

  test('every flinkConfiguration value is a string and the FlinkDeployment name is valid', () => {
    const manifests = synthOf(id, cls);
    for (const m of [...ofKind(manifests, 'FlinkDeployment'), ...ofKind(manifests, 'FlinkSessionJob')]) {
      for (const v of Object.values(m.spec.flinkConfiguration ?? {})) expect(typeof v).toBe('string');
    }
    for (const d of ofKind(manifests, 'FlinkDeployment')) {
      expect(d.metadata.name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
      expect(d.metadata.name.length).toBeLessThanOrEqual(45);
    }
  });
});

describe('basic-application', () => {
  const manifests = synthOf('basic-application', BasicApplicationChart);
  const dep = only(manifests, 'FlinkDeployment');

  test('runs the StateMachineExample from the stock Flink 2.2 image', () => {
    expect(dep.spec.image).toBe('flink:2.2');
    expect(dep.spec.flinkVersion).toBe('v2_2');
    expect(dep.spec.job).toEqual({
      jarURI: 'local:///opt/flink/examples/streaming/StateMachineExample.jar',
      parallelism: 2,
      upgradeMode: 'stateless',
    });
    expect(dep.spec.flinkConfiguration).toEqual({ 'taskmanager.numberOfTaskSlots': '2' });
  });

  test('runs as its own service account, created before the FlinkDeployment', () => {
    const sa = only(manifests, 'ServiceAccount');
    expect(dep.spec.serviceAccount).toBe(sa.metadata.name);
    expect(manifests.indexOf(sa)).toBeLessThan(manifests.indexOf(dep));
    expect(only(manifests, 'RoleBinding').subjects).toEqual([expect.objectContaining({ kind: 'ServiceAccount', name: sa.metadata.name })]);
  });
});

describe('session-cluster', () => {
  const manifests = synthOf('session-cluster', SessionClusterChart);
  const cluster = only(manifests, 'FlinkDeployment');
  const job = only(manifests, 'FlinkSessionJob');

  test('the cluster has no job; the job targets it by name and comes after it', () => {
    expect(cluster.spec.job).toBeUndefined();
    expect(job.spec.deploymentName).toBe(cluster.metadata.name);
    expect(manifests.indexOf(job)).toBeGreaterThan(manifests.indexOf(cluster));
  });

  test('the job jar is TopSpeedWindowing from Maven Central over https, matching the cluster version', () => {
    expect(job.spec.job.jarURI).toBe(
      'https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/2.2.0/flink-examples-streaming-2.2.0-TopSpeedWindowing.jar');
    expect(cluster.spec.flinkVersion).toBe('v2_2');
    expect(job.spec.job.parallelism).toBe(4);
    expect(job.spec.job.upgradeMode).toBe('stateless');
  });
});

describe('checkpoint-ha-pvc', () => {
  const manifests = synthOf('checkpoint-ha-pvc', CheckpointHaPvcChart);
  const dep = only(manifests, 'FlinkDeployment');
  const pvc = only(manifests, 'PersistentVolumeClaim');

  test('the claim is ReadWriteMany and created before the FlinkDeployment', () => {
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(pvc.spec.resources.requests.storage).toBe('20Gi');
    expect(manifests.indexOf(pvc)).toBeLessThan(manifests.indexOf(dep));
  });

  test.each(['jobManager', 'taskManager'] as const)('the %s pods mount the claim at /flink-data, writable by uid 9999', (component) => {
    const pod = effectivePodSpec(dep, component);
    expect(mainContainerVolumes(pod)).toEqual({ '/flink-data': { persistentVolumeClaim: { claimName: pvc.metadata.name } } });
    expect(pod.securityContext?.fsGroup).toBe(9999);
  });

  test('checkpoints, savepoints and HA metadata lie in the mounted volume', () => {
    const c = dep.spec.flinkConfiguration;
    for (const key of ['execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir', 'high-availability.storageDir']) {
      expect(c[key]).toMatch(/^file:\/\/\/flink-data\//);
    }
  });

  test('writes the seed block as Flink 2.2 reads it (renamed keys, fixed values)', () => {
    expect(dep.spec.flinkVersion).toBe('v2_2');
    expect(dep.spec.flinkConfiguration).toEqual(STATEFUL_CONFIG);
    for (const k of SEED_MISTAKES) expect(dep.spec.flinkConfiguration).not.toHaveProperty([k]);
  });

  test('upgrades through savepoints', () => {
    expect(dep.spec.job).toMatchObject({ upgradeMode: 'savepoint', state: 'running', parallelism: 2 });
  });
});

describe('checkpoint-ha-minikube', () => {
  const manifests = synthOf('checkpoint-ha-minikube', CheckpointHaMinikubeChart);
  const dep = only(manifests, 'FlinkDeployment');

  test('creates no claim', () => {
    expect(ofKind(manifests, 'PersistentVolumeClaim')).toEqual([]);
  });

  test.each(['jobManager', 'taskManager'] as const)('the %s pods mount the node directory /tmp/flink at /flink-data', (component) => {
    expect(mainContainerVolumes(effectivePodSpec(dep, component))).toEqual({
      '/flink-data': { hostPath: { path: '/tmp/flink', type: 'DirectoryOrCreate' } },
    });
  });

  test('writes the same configuration as the PVC example, with the Flink 1.20 key names', () => {
    expect(dep.spec.flinkVersion).toBe('v1_20');
    expect(dep.spec.image).toBe('flink:1.20');
    expect(dep.spec.flinkConfiguration).toEqual(STATEFUL_CONFIG);
    expect(dep.spec.job).toMatchObject({ upgradeMode: 'savepoint', state: 'running' });
  });

  test('synth warns that a hostPath keeps state on one node', () => {
    synthOf('checkpoint-ha-minikube', CheckpointHaMinikubeChart);
    expect(warn.mock.calls.map((c) => String(c[0])).some((m) => m.includes('(state-dir-node-local)'))).toBe(true);
  });
});

describe('custom-image', () => {
  const dep = only(synthOf('custom-image', CustomImageChart), 'FlinkDeployment');

  test('runs the jar baked into the image under /opt/flink/usrlib', () => {
    expect(dep.spec.image).toBe('registry.example.com/streaming/orders-job:1.4.2');
    expect(dep.spec.imagePullPolicy).toBe('IfNotPresent');
    expect(dep.spec.job.jarURI).toBe('local:///opt/flink/usrlib/orders-job.jar');
    expect(dep.spec.job.entryClass).toBe('com.example.orders.OrdersJob');
    expect(dep.spec.job.args).toEqual(['--bootstrap-servers', 'kafka.kafka.svc:9092', '--topic', 'orders']);
  });
});

describe('confluent-platform', () => {
  const dep = only(synthOf('confluent-platform', ConfluentPlatformChart), 'FlinkDeployment');

  test('runs confluentinc/cp-flink with the Flink version of its tag', () => {
    expect(dep.spec.image).toMatch(/^confluentinc\/cp-flink:\d+\.\d+\.\d+-cp\d+$/);
    expect(imageFlinkVersion(dep.spec.image)).toBe('1.20');
    expect(dep.spec.flinkVersion).toBe('v1_20');
  });
});
