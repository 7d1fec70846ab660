import { FlinkVersion, OperatorVersion } from '../lib';

describe('FlinkVersion', () => {
  test.each([
    ['v1_15', 1, 15], ['v1_19', 1, 19], ['v1_20', 1, 20], ['v2_0', 2, 0], ['v2_4', 2, 4],
  ])('of(%s) has major %d minor %d', (value, major, minor) => {
    const v = FlinkVersion.of(value);
    expect(v.value).toBe(value);
    expect(v.major).toBe(major);
    expect(v.minor).toBe(minor);
  });

  test('static instances', () => {
    expect(FlinkVersion.V1_15.value).toBe('v1_15');
    expect(FlinkVersion.V2_1.value).toBe('v2_1');
    expect(FlinkVersion.V2_4.toString()).toBe('2.4');
    expect(FlinkVersion.all().map((v) => v.value)).toEqual(
      ['v1_15', 'v1_16', 'v1_17', 'v1_18', 'v1_19', 'v1_20', 'v2_0', 'v2_1', 'v2_2', 'v2_3', 'v2_4']);
  });

  test('isAtLeast compares major before minor', () => {
    expect(FlinkVersion.V2_0.isAtLeast(FlinkVersion.V1_20)).toBe(true);
    expect(FlinkVersion.V1_20.isAtLeast(FlinkVersion.V2_0)).toBe(false);
    expect(FlinkVersion.V1_17.isAtLeast(FlinkVersion.V1_17)).toBe(true);
    expect(FlinkVersion.V1_16.isAtLeast(FlinkVersion.V1_17)).toBe(false);
    expect(FlinkVersion.of('v1_20').equals(FlinkVersion.V1_20)).toBe(true);
  });

  test.each(['v1_14', 'v1_13', '1.20', 'v3_0', ''])('of(%p) throws', (value) => {
    expect(() => FlinkVersion.of(value)).toThrow(
      `[FlinkVersion.of] 'value' (${value}) is not a Flink version the operator supports. Fix: use one of v1_15, v1_16, v1_17, v1_18, v1_19, v1_20, v2_0, v2_1, v2_2, v2_3, v2_4.`);
  });
});

describe('OperatorVersion', () => {
  test('ids and capabilities', () => {
    expect(OperatorVersion.V1_15.id).toBe('1.15');
    expect(OperatorVersion.MAIN.id).toBe('main');
    expect(OperatorVersion.of('main')).toBe(OperatorVersion.MAIN);
    expect(OperatorVersion.V1_15.supportsResourceRequirements).toBe(false);
    expect(OperatorVersion.MAIN.supportsResourceRequirements).toBe(true);
    expect(OperatorVersion.V1_15.latestFlinkVersion.value).toBe('v2_2');
    expect(OperatorVersion.MAIN.latestFlinkVersion.value).toBe('v2_4');
  });

  test('unknown id throws', () => {
    expect(() => OperatorVersion.of('1.12')).toThrow("[OperatorVersion.of] 'id' (1.12) is not a known operator version. Fix: use one of 1.13, 1.14, 1.15, main.");
  });
});
