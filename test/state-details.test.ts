import { Duration, Size, Testing } from 'cdk8s';
import {
  CheckpointPolicy, FlinkApplication, FlinkStorage, FlinkVersion, HaStorage, HostPathDirectoryType, JobJar, UpgradeMode,
} from '../lib';
import { errorsOf, only, synth } from './helpers';

const jar = JobJar.fromImage('/opt/flink/usrlib/orders.jar');

describe('CheckpointPolicy.directories', () => {
  test('writes the directories without periodic checkpointing; savepoint upgrades work', () => {
    const chart = Testing.chart();
    const storage = FlinkStorage.objectStore('s3://bucket/orders');
    new FlinkApplication(chart, 'orders', {
      version: FlinkVersion.V1_20, image: 'flink:1.20', jar,
      checkpoints: CheckpointPolicy.directories({ storage }), upgradeMode: UpgradeMode.SAVEPOINT,
    });
    const manifests = synth(chart);
    expect(only(manifests, 'FlinkDeployment').spec.flinkConfiguration).toEqual({
      'execution.checkpointing.dir': 's3://bucket/orders/checkpoints',
      'execution.checkpointing.savepoint-dir': 's3://bucket/orders/savepoints',
    });
    expect(errorsOf(manifests, '1.15')).toEqual([]);
    expect(CheckpointPolicy.directories({ storage }).interval).toBeUndefined();
  });

  test('the same checks as every()', () => {
    expect(() => CheckpointPolicy.directories({ storage: FlinkStorage.objectStore('s3://b/x'), retained: 0 }))
      .toThrow("[CheckpointPolicy.directories] 'retained' (0) must be a whole number of at least 1. Fix: set it to 1 or more.");
  });
});

describe('FlinkStorage details', () => {
  test('persistentVolumeClaim: the claim name can be chosen', () => {
    const chart = Testing.chart();
    const storage = FlinkStorage.persistentVolumeClaim(chart, 'state', { size: Size.gibibytes(5), claimName: 'flink-pvc' });
    new FlinkApplication(chart, 'orders', { version: FlinkVersion.V1_20, image: 'flink:1.20', jar, checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage }) });
    const manifests = synth(chart);
    expect(only(manifests, 'PersistentVolumeClaim').metadata.name).toBe('flink-pvc');
    expect(only(manifests, 'FlinkDeployment').spec.podTemplate.spec.volumes[0].persistentVolumeClaim).toEqual({ claimName: 'flink-pvc' });
    expect(() => FlinkStorage.persistentVolumeClaim(Testing.chart(), 'state', { size: Size.gibibytes(5), claimName: 'Flink_PVC' }))
      .toThrow("[test/state] 'claimName' (Flink_PVC) is not a valid PersistentVolumeClaim name. Fix: use lower case letters, digits, '-' and '.', e.g. 'flink-pvc'.");
  });

  test("hostPath keeps the user's type", () => {
    const source = (s: FlinkStorage) => (s as any)._volumeSource();
    expect(source(FlinkStorage.hostPath('/tmp/flink', { type: HostPathDirectoryType.DIRECTORY }))).toEqual({ hostPath: { path: '/tmp/flink', type: 'Directory' } });
    expect(source(FlinkStorage.hostPath('/tmp/flink'))).toEqual({ hostPath: { path: '/tmp/flink', type: 'DirectoryOrCreate' } });
    expect(() => FlinkStorage.hostPath('/tmp/flink', { type: 'File' as any }))
      .toThrow("[FlinkStorage.hostPath] 'type' (File) must be one of 'DirectoryOrCreate', 'Directory'. Fix: use HostPathDirectoryType.DIRECTORY or DIRECTORY_OR_CREATE.");
  });
});

describe('HaStorage.zookeeper', () => {
  const storage = FlinkStorage.objectStore('s3://bucket/orders');
  const configOf = (ha: HaStorage, version = FlinkVersion.V1_20, image = 'flink:1.20') => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'orders', { version, image, jar, ha });
    const manifests = synth(chart);
    expect(errorsOf(manifests, '1.15')).toEqual([]);
    return only(manifests, 'FlinkDeployment').spec.flinkConfiguration;
  };

  test('type, quorum, root and storage directory per Flink version', () => {
    expect(configOf(HaStorage.zookeeper({ storage, quorum: 'zk-0.zk:2181,zk-1.zk:2181', rootPath: '/flink' }))).toEqual({
      'high-availability.type': 'zookeeper',
      'high-availability.storageDir': 's3://bucket/orders/ha',
      'high-availability.zookeeper.path.root': '/flink',
      'high-availability.zookeeper.quorum': 'zk-0.zk:2181,zk-1.zk:2181',
    });
    expect(configOf(HaStorage.zookeeper({ storage, quorum: 'zk:2181' }), FlinkVersion.V1_16, 'flink:1.16')['high-availability']).toBe('zookeeper');
  });

  test('a chosen factory class', () => {
    expect(configOf(HaStorage.zookeeper({ storage, quorum: 'zk:2181', factoryClass: 'com.example.HaFactory' }))['high-availability.type']).toBe('com.example.HaFactory');
  });

  test('bad input', () => {
    expect(() => HaStorage.zookeeper({ storage, quorum: 'zk' })).toThrow("[HaStorage.zookeeper] 'quorum' (zk) must be host:port[,host:port...]. Fix: use e.g. 'zk-0.zk:2181,zk-1.zk:2181,zk-2.zk:2181'.");
    expect(() => HaStorage.zookeeper({ storage, quorum: 'zk:2181', rootPath: 'flink' })).toThrow("[HaStorage.zookeeper] 'rootPath' (flink) must be an absolute znode path. Fix: use e.g. '/flink'.");
    expect(() => HaStorage.zookeeper({ storage, quorum: 'zk:2181', factoryClass: 'not a class' })).toThrow(/'factoryClass' \(not a class\) is not a fully qualified Java class name/);
  });
});
