import { Duration, Size, Testing } from 'cdk8s';
import {
  CheckpointMode, CheckpointPolicy, ExternalizedCheckpointRetention, FlinkStorage, FlinkVersion, StateBackend,
} from '../lib';

const storage = () => FlinkStorage.persistentVolumeClaim(Testing.chart(), 'state', { size: Size.gibibytes(10) });
const config = (p: CheckpointPolicy, v: FlinkVersion) => (p as any)._config(v);

describe('CheckpointPolicy', () => {
  const full = () => CheckpointPolicy.every(Duration.seconds(30), {
    storage: storage(),
    mode: CheckpointMode.AT_LEAST_ONCE,
    timeout: Duration.minutes(10),
    minPause: Duration.millis(500),
    maxConcurrent: 2,
    unaligned: true,
    retained: 3,
    stateBackend: StateBackend.ROCKSDB,
    incremental: true,
    externalizedRetention: ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION,
  });

  test.each([FlinkVersion.V1_15, FlinkVersion.V1_16])('Flink %s: old names, pre-1.17 suffix-less keys', (v) => {
    expect(config(full(), v)).toEqual({
      'execution.checkpointing.interval': '30 s',
      'state.checkpoints.dir': 'file:///flink-data/checkpoints',
      'state.savepoints.dir': 'file:///flink-data/savepoints',
      'execution.checkpointing.mode': 'AT_LEAST_ONCE',
      'execution.checkpointing.timeout': '10 min',
      'execution.checkpointing.min-pause': '500 ms',
      'execution.checkpointing.max-concurrent-checkpoints': '2',
      'execution.checkpointing.unaligned': 'true',
      'state.checkpoints.num-retained': '3',
      'state.backend.incremental': 'true',
      'state.backend': 'rocksdb',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
    });
  });

  test.each([FlinkVersion.V1_17, FlinkVersion.V1_18, FlinkVersion.V1_19])('Flink %s: old directory names, 1.17 suffixed keys', (v) => {
    const c = config(full(), v);
    expect(c['state.checkpoints.dir']).toBe('file:///flink-data/checkpoints');
    expect(c['state.savepoints.dir']).toBe('file:///flink-data/savepoints');
    expect(c['state.checkpoints.num-retained']).toBe('3');
    expect(c['state.backend.incremental']).toBe('true');
    expect(c['state.backend.type']).toBe('rocksdb');
    expect(c['execution.checkpointing.unaligned.enabled']).toBe('true');
    expect(c['execution.checkpointing.dir']).toBeUndefined();
    expect(c['state.backend']).toBeUndefined();
  });

  test.each([FlinkVersion.V1_20, FlinkVersion.V2_0, FlinkVersion.V2_1, FlinkVersion.V2_4])('Flink %s: 1.20 names', (v) => {
    const c = config(full(), v);
    expect(c['execution.checkpointing.dir']).toBe('file:///flink-data/checkpoints');
    expect(c['execution.checkpointing.savepoint-dir']).toBe('file:///flink-data/savepoints');
    expect(c['execution.checkpointing.num-retained']).toBe('3');
    expect(c['execution.checkpointing.incremental']).toBe('true');
    expect(c['state.backend.type']).toBe('rocksdb');
    expect(c['execution.checkpointing.unaligned.enabled']).toBe('true');
    expect(Object.keys(c).filter((k) => k.startsWith('state.checkpoints') || k.startsWith('state.savepoints'))).toEqual([]);
  });

  test('renders only what is set', () => {
    const p = CheckpointPolicy.every(Duration.minutes(1), { storage: FlinkStorage.objectStore('s3://bucket/flink/'), checkpointsPath: 'cp', savepointsPath: 'sp' });
    expect(config(p, FlinkVersion.V1_20)).toEqual({
      'execution.checkpointing.interval': '1 min',
      'execution.checkpointing.dir': 's3://bucket/flink/cp',
      'execution.checkpointing.savepoint-dir': 's3://bucket/flink/sp',
    });
    expect(p.checkpointsUri).toBe('s3://bucket/flink/cp');
  });

  test('bad options throw', () => {
    const s = storage();
    expect(() => CheckpointPolicy.every(Duration.millis(1), { storage: s })).toThrow(
      "[CheckpointPolicy.every] 'interval' (1 ms) must be at least 10 ms. Fix: use e.g. Duration.seconds(30).");
    expect(() => CheckpointPolicy.every(Duration.seconds(1), { storage: undefined as any })).toThrow(
      "[CheckpointPolicy.every] 'storage' (undefined) is required. Fix: pass a FlinkStorage, e.g. FlinkStorage.persistentVolumeClaim(chart, 'state', { size: Size.gibibytes(10) }).");
    expect(() => CheckpointPolicy.every(Duration.seconds(1), { storage: s, retained: 0 })).toThrow(
      "[CheckpointPolicy.every] 'retained' (0) must be a whole number of at least 1. Fix: set it to 1 or more.");
    expect(() => CheckpointPolicy.every(Duration.seconds(1), { storage: s, checkpointsPath: '../x' })).toThrow(
      "[CheckpointPolicy.every] 'checkpointsPath' (../x) must be a relative directory inside the storage. Fix: use e.g. 'checkpoints'.");
    expect(() => CheckpointPolicy.every(Duration.seconds(1), { storage: s, checkpointsPath: 'a', savepointsPath: 'a' })).toThrow(
      "[CheckpointPolicy.every] 'savepointsPath' (a) must differ from 'checkpointsPath'. Fix: use e.g. 'savepoints'.");
  });
});
