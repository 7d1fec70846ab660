import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { FlinkStorage, FlinkStorageType, ObjectStoreCredentials, VolumeAccessMode } from '../lib';

describe('FlinkStorage', () => {
  test('persistentVolumeClaim creates a ReadWriteMany claim by default', () => {
    const chart = Testing.chart();
    const s = FlinkStorage.persistentVolumeClaim(chart, 'state', { size: Size.gibibytes(50), storageClassName: 'nfs' });
    expect(s.type).toBe(FlinkStorageType.PERSISTENT_VOLUME_CLAIM);
    expect(s.mountPath).toBe('/flink-data');
    expect(s.shared).toBe(true);
    expect(s.uri('checkpoints')).toBe('file:///flink-data/checkpoints');
    const [pvc] = Testing.synth(chart);
    expect(pvc.kind).toBe('PersistentVolumeClaim');
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '50Gi' } },
      storageClassName: 'nfs',
      volumeMode: 'Filesystem',
    });
  });

  test('persistentVolumeClaim with ReadWriteOnce is not shared', () => {
    const s = FlinkStorage.persistentVolumeClaim(Testing.chart(), 'state', {
      size: Size.gibibytes(1), accessMode: VolumeAccessMode.READ_WRITE_ONCE, mountPath: '/state',
    });
    expect(s.shared).toBe(false);
    expect(s.uri('/ha/')).toBe('file:///state/ha');
  });

  test('existingClaim, hostPath and objectStore', () => {
    expect(FlinkStorage.existingClaim('flink-data', { mountPath: '/data' }).uri('x')).toBe('file:///data/x');
    expect(FlinkStorage.existingClaim('flink-data', { readWriteMany: false }).shared).toBe(false);
    const h = FlinkStorage.hostPath('/tmp/flink');
    expect(h.type).toBe(FlinkStorageType.HOST_PATH);
    expect(h.uri('')).toBe('file:///flink-data');
    const o = FlinkStorage.objectStore('s3://bucket/prefix/');
    expect(o.mountPath).toBeUndefined();
    expect(o.uri('checkpoints')).toBe('s3://bucket/prefix/checkpoints');
  });

  test('object store credentials are secretKeyRefs', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 's3', 's3-credentials');
    const creds = ObjectStoreCredentials.fromSecret(secret, { accessKey: 'access', secretKey: 'secret' });
    expect((FlinkStorage.objectStore('s3://b', { credentials: creds }) as any)._env()).toEqual([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 's3-credentials', key: 'access' } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 's3-credentials', key: 'secret' } } },
    ]);
  });

  test('bad input throws', () => {
    expect(() => FlinkStorage.objectStore('file:///tmp/x')).toThrow(
      "[FlinkStorage.objectStore] 'uri' (file:///tmp/x) must be an object store URI with a bucket. Fix: use e.g. 's3://bucket/prefix', or a volume storage for file paths.");
    expect(() => FlinkStorage.hostPath('tmp')).toThrow(
      "[FlinkStorage.hostPath] 'path' (tmp) must be an absolute path on the node. Fix: start it with '/', e.g. '/tmp/flink'.");
    expect(() => FlinkStorage.existingClaim('Bad_Name')).toThrow(
      "[FlinkStorage.existingClaim] 'claimName' (Bad_Name) is not a valid PersistentVolumeClaim name. Fix: use lower case letters, digits, '-' and '.'.");
    expect(() => FlinkStorage.persistentVolumeClaim(Testing.chart(), 'state', { size: Size.gibibytes(1), mountPath: '/opt/flink/lib/state' })).toThrow(
      "[test/state] 'mountPath' (/opt/flink/lib/state) would hide the Flink distribution (/opt/flink/lib). Fix: mount outside '/opt/flink', e.g. '/flink-data', or in a directory of its own such as '/opt/flink/volume'.");
    expect(() => FlinkStorage.existingClaim('x', { mountPath: '/opt/flink' })).toThrow(
      "[FlinkStorage.existingClaim] 'mountPath' (/opt/flink) would hide the Flink distribution. Fix: mount outside '/opt/flink', e.g. '/flink-data', or in a directory of its own such as '/opt/flink/volume'.");
    // The operator's blue/green e2e test mounts its state volume at /opt/flink/volume: not part of the image.
    expect(FlinkStorage.existingClaim('x', { mountPath: '/opt/flink/volume' }).mountPath).toBe('/opt/flink/volume');
    expect(() => FlinkStorage.existingClaim('x', { mountPath: 'rel' })).toThrow(
      "[FlinkStorage.existingClaim] 'mountPath' (rel) must be an absolute directory path other than '/'. Fix: use e.g. '/flink-data'.");
    expect(() => FlinkStorage.existingClaim('x').uri('../up')).toThrow(
      "[FlinkStorage.uri] 'subPath' (../up) must stay inside the storage. Fix: remove '..'.");
  });
});
