import { Duration, Size, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  CheckpointMode, CheckpointPolicy, FlinkApplication, FlinkStorage, FlinkVersion, HaStorage, JobJar, OperatorVersion,
  RestartStrategy, StateBackend, UpgradeMode,
} from '../lib';
import { checkPodSecurity } from '../lib/validation/pss';
import { errorsOf, mergeByPosition } from './helpers';

const RUNS = Number(process.env.FC_RUNS ?? 1000);

const versions = FlinkVersion.all();
const storageKinds = ['pvc', 'pvc-rwo', 'existing', 'host', 's3'] as const;

/** Valid values most of the time, invalid ones sometimes: both paths get exercised. */
function mostly<T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: invalid, weight: 1 });
}

const propsArb = fc.record({
  version: fc.constantFrom(...versions),
  operatorVersion: fc.constantFrom(OperatorVersion.V1_15, OperatorVersion.MAIN),
  jmMemoryMi: fc.option(mostly(fc.integer({ min: 768, max: 8192 }), fc.integer({ min: 256, max: 767 })), { nil: undefined }),
  tmMemoryMi: fc.option(mostly(fc.integer({ min: 1024, max: 16384 }), fc.integer({ min: 256, max: 1023 })), { nil: undefined }),
  jmCpu: fc.option(mostly(fc.constantFrom(0.25, 0.5, 1, 2), fc.constantFrom(0, -1)), { nil: undefined }),
  tmCpu: fc.option(fc.constantFrom(0.5, 1, 4), { nil: undefined }),
  parallelism: fc.option(mostly(fc.integer({ min: 1, max: 64 }), fc.integer({ min: -1, max: 0 })), { nil: undefined }),
  jmReplicas: fc.option(mostly(fc.constant(1), fc.integer({ min: 0, max: 3 })), { nil: undefined }),
  tmReplicas: fc.option(mostly(fc.integer({ min: 1, max: 8 }), fc.constant(0)), { nil: undefined }),
  taskSlots: fc.option(mostly(fc.integer({ min: 1, max: 8 }), fc.constant(0)), { nil: undefined }),
  upgradeMode: fc.option(fc.constantFrom(UpgradeMode.STATELESS, UpgradeMode.LAST_STATE, UpgradeMode.SAVEPOINT), { nil: undefined }),
  checkpoints: fc.option(fc.record({
    storage: fc.constantFrom(...storageKinds),
    intervalS: mostly(fc.integer({ min: 1, max: 600 }), fc.constant(0)),
    mode: fc.option(fc.constantFrom(CheckpointMode.EXACTLY_ONCE, CheckpointMode.AT_LEAST_ONCE), { nil: undefined }),
    retained: fc.option(mostly(fc.integer({ min: 1, max: 5 }), fc.constant(0)), { nil: undefined }),
    incremental: fc.option(fc.boolean(), { nil: undefined }),
    unaligned: fc.option(fc.boolean(), { nil: undefined }),
    backend: fc.option(fc.constantFrom(StateBackend.HASHMAP, StateBackend.ROCKSDB, StateBackend.FORST), { nil: undefined }),
  }), { nil: undefined }),
  ha: fc.option(fc.constantFrom('same', ...storageKinds), { nil: undefined }),
  restart: fc.option(fc.constantFrom('fixed', 'rate', 'exp', 'none'), { nil: undefined }),
});

type Gen = typeof propsArb extends fc.Arbitrary<infer T> ? T : never;

function build(g: Gen): any[] {
  const chart = Testing.chart();
  const storageOf = (kind: string, id: string): FlinkStorage => {
    switch (kind) {
      case 'pvc': return FlinkStorage.persistentVolumeClaim(chart, id, { size: Size.gibibytes(10) });
      case 'pvc-rwo': return FlinkStorage.existingClaim(`${id}-claim`, { readWriteMany: false, mountPath: `/${id}` });
      case 'existing': return FlinkStorage.existingClaim(`${id}-claim`, { mountPath: `/${id}` });
      case 'host': return FlinkStorage.hostPath(`/tmp/${id}`, { mountPath: `/${id}` });
      default: return FlinkStorage.objectStore(`s3://bucket/${id}`);
    }
  };
  const checkpoints = g.checkpoints ? CheckpointPolicy.every(Duration.seconds(g.checkpoints.intervalS), {
    storage: storageOf(g.checkpoints.storage, 'state'),
    mode: g.checkpoints.mode,
    retained: g.checkpoints.retained,
    incremental: g.checkpoints.incremental,
    unaligned: g.checkpoints.unaligned,
    stateBackend: g.checkpoints.backend,
  }) : undefined;
  const haStorage = g.ha === undefined ? undefined : g.ha === 'same' ? (checkpoints?.storage ?? storageOf('pvc', 'ha')) : storageOf(g.ha, 'ha');
  const restart: Record<string, () => RestartStrategy> = {
    fixed: () => RestartStrategy.fixedDelay({ attempts: 3, delay: Duration.seconds(5) }),
    rate: () => RestartStrategy.failureRate({ maxFailuresPerInterval: 2, interval: Duration.minutes(1), delay: Duration.seconds(1) }),
    exp: () => RestartStrategy.exponentialDelay({ maxBackoff: Duration.minutes(2) }),
    none: () => RestartStrategy.none(),
  };
  new FlinkApplication(chart, 'app', {
    version: g.version,
    operatorVersion: g.operatorVersion,
    image: `flink:${g.version}`,
    jar: JobJar.fromImage('/opt/flink/usrlib/job.jar'),
    parallelism: g.parallelism,
    upgradeMode: g.upgradeMode,
    jobManager: { memory: g.jmMemoryMi === undefined ? undefined : Size.mebibytes(g.jmMemoryMi), cpu: g.jmCpu, replicas: g.jmReplicas },
    taskManager: { memory: g.tmMemoryMi === undefined ? undefined : Size.mebibytes(g.tmMemoryMi), cpu: g.tmCpu, replicas: g.tmReplicas, taskSlots: g.taskSlots },
    checkpoints,
    ha: haStorage ? HaStorage.kubernetes({ storage: haStorage }) : undefined,
    restartStrategy: g.restart ? restart[g.restart]() : undefined,
  });
  return Testing.synth(chart);
}

test('every generated FlinkApplication throws a clear error or synthesizes valid manifests', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  let valid = 0;
  try {
    fc.assert(fc.property(propsArb, (g) => {
      let manifests: any[];
      try {
        manifests = build(g);
      } catch (e) {
        const message = (e as Error).message;
        // A construction error: names the construct or factory and says how to fix it.
        expect(message.startsWith('[')).toBe(true);
        expect(message).toContain('Fix:');
        return;
      }
      valid++;
      expect(errorsOf(manifests, g.operatorVersion.id as any, { persistentVolumeClaims: ['state-claim', 'ha-claim'] })).toEqual([]);
      // Every JobManager and TaskManager pod passes Pod Security "restricted"; a hostPath storage
      // (single-node clusters) is the one control it can fail.
      const fd = manifests.find((m) => m.kind === 'FlinkDeployment');
      const hostPath = g.checkpoints?.storage === 'host' || g.ha === 'host';
      for (const c of ['jobManager', 'taskManager']) {
        const pod = mergeByPosition(fd.spec.podTemplate, fd.spec[c]?.podTemplate);
        const failed = checkPodSecurity(pod.spec, pod.metadata, ['flink-main-container']).map((v) => v.control);
        expect([...new Set(failed)]).toEqual(hostPath ? ['hostPathVolumes'] : []);
      }
    }), { numRuns: RUNS });
  } finally {
    warn.mockRestore();
  }
  // The generator is not degenerate: a good share of the cases are valid applications, and a good
  // share are rejected.
  expect(valid).toBeGreaterThan(RUNS / 5);
  expect(valid).toBeLessThan(RUNS - RUNS / 10);
});
