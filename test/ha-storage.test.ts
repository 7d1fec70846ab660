import { FlinkStorage, FlinkVersion, HaStorage } from '../lib';

const config = (h: HaStorage, v: FlinkVersion) => (h as any)._config(v);

describe('HaStorage.kubernetes', () => {
  const ha = () => HaStorage.kubernetes({ storage: FlinkStorage.existingClaim('flink-state') });

  test('Flink 1.15 uses the factory class under high-availability', () => {
    expect(config(ha(), FlinkVersion.V1_15)).toEqual({
      'high-availability': 'org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory',
      'high-availability.storageDir': 'file:///flink-data/ha',
    });
  });

  test('Flink 1.16 uses the kubernetes shorthand under high-availability', () => {
    expect(config(ha(), FlinkVersion.V1_16)).toEqual({
      'high-availability': 'kubernetes',
      'high-availability.storageDir': 'file:///flink-data/ha',
    });
  });

  test.each([FlinkVersion.V1_17, FlinkVersion.V1_19, FlinkVersion.V1_20, FlinkVersion.V2_2])('Flink %s uses high-availability.type', (v) => {
    expect(config(ha(), v)).toEqual({
      'high-availability.type': 'kubernetes',
      'high-availability.storageDir': 'file:///flink-data/ha',
    });
  });

  test('custom path and object store', () => {
    const h = HaStorage.kubernetes({ storage: FlinkStorage.objectStore('s3://b/p'), path: 'recovery' });
    expect(h.storageDir).toBe('s3://b/p/recovery');
  });

  test('bad path throws', () => {
    expect(() => HaStorage.kubernetes({ storage: FlinkStorage.existingClaim('x'), path: '/abs' })).toThrow(
      "[HaStorage.kubernetes] 'path' (/abs) must be a relative directory inside the storage. Fix: use e.g. 'ha'.");
  });
});
