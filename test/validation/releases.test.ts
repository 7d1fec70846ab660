import { Testing } from 'cdk8s';
import { checkManifests } from '../../lib/cli/check';
import { FlinkApplication, FlinkVersion, JobJar, OperatorVersion } from '../../lib';
import { lintManifests } from '../../lib/validation';
import { releaseRules } from '../../lib/validation/rules/releases';
import { errorOf } from '../helpers';
import { deployment } from './operator-fixtures';

const run = (manifests: any[], operatorVersion: '1.15' | 'main') => lintManifests(manifests, { operatorVersion }, [releaseRules]);
const brief = (manifests: any[], operatorVersion: '1.15' | 'main' = 'main') =>
  run(manifests, operatorVersion).map((f) => [f.rule, f.severity, f.path]);

describe('unknown-flink-kind', () => {
  test('a typo gets a did-you-mean', () => {
    const f = run([deployment((m) => { m.kind = 'FlinkDeploymnet'; })], 'main');
    expect(f.map((x) => [x.rule, x.path])).toEqual([['unknown-flink-kind', 'kind']]);
    expect(f[0].message).toBe('kind "FlinkDeploymnet" is not a kind of the flink.apache.org API group (operator main has FlinkDeployment, FlinkSessionJob, FlinkStateSnapshot, FlinkBlueGreenDeployment); did you mean FlinkDeployment?');
    expect(f[0].fix).toBe('Write kind: FlinkDeployment (kinds are case-sensitive).');
    expect(run([deployment((m) => { m.kind = 'flinksessionjob'; })], 'main')[0].fix).toBe('Write kind: FlinkSessionJob (kinds are case-sensitive).');
  });

  test('no suggestion for something unrelated', () => {
    const f = run([deployment((m) => { m.kind = 'Widget'; })], '1.15');
    expect(f[0].message).not.toMatch(/did you mean/);
    expect(f[0].fix).toBe('Use one of FlinkDeployment, FlinkSessionJob, FlinkStateSnapshot, FlinkBlueGreenDeployment.');
  });

  test("kind FlinkApplication under flink.apache.org points to FlinkDeployment; Confluent's keeps working", () => {
    const f = run([deployment((m) => { m.kind = 'FlinkApplication'; })], 'main');
    expect(f.map((x) => x.rule)).toEqual(['unknown-flink-kind']);
    expect(f[0].message).toMatch(/Confluent's kind/);
    const confluent = deployment((m) => { m.kind = 'FlinkApplication'; m.apiVersion = 'platform.confluent.io/v1beta1'; });
    expect(run([confluent], 'main')).toEqual([]);
    expect(checkManifests([confluent], { operatorVersion: 'main' }).filter((x) => x.rule === 'unknown-flink-kind')).toEqual([]);
  });

  test('other groups and the known kinds pass', () => {
    expect(run([{ apiVersion: 'v1', kind: 'FlinkDeploymnet', metadata: { name: 'x' } }], 'main')).toEqual([]);
    expect(run([deployment()], 'main')).toEqual([]);
  });
});

describe('flink-version-not-in-crd', () => {
  test.each(['v2_3', 'v2_4'])('%s: an error on 1.15 with the fix, fine on main', (v) => {
    const m = deployment((x) => { x.spec.flinkVersion = v; });
    const f = run([m], '1.15');
    expect(f.map((x) => [x.rule, x.path])).toEqual([['flink-version-not-in-crd', 'spec.flinkVersion']]);
    expect(f[0].message).toBe(`spec.flinkVersion "${v}" is not in the FlinkDeployment CRD of operator 1.15 (it stops at v2_2); the API server rejects the resource`);
    expect(f[0].fix).toBe(`Install an operator whose CRDs have ${v} (operator main / 1.16), or run Flink 2.2 or older.`);
    expect(run([m], 'main')).toEqual([]);
  });

  test('the schema check leaves the flinkVersion enum to this rule (one finding, with the fix)', () => {
    const f = checkManifests([deployment((x) => { x.spec.flinkVersion = 'v2_3'; }, '1.15')], { operatorVersion: '1.15' });
    expect(f.filter((x) => x.path === 'spec.flinkVersion').map((x) => x.rule)).toEqual(['flink-version-not-in-crd']);
  });

  test('a version no operator knows, and a malformed one', () => {
    expect(run([deployment((x) => { x.spec.flinkVersion = 'v2_9'; })], 'main')[0].fix).toBe('Wait for an operator release that supports it, or run Flink 2.4 or older.');
    expect(run([deployment((x) => { x.spec.flinkVersion = '1.20'; })], 'main')[0].fix).toBe('Write the version as v<major>_<minor>, e.g. v1_20 or v2_1, matching the image.');
  });
});

describe('flink-version-deprecated', () => {
  test.each([['v1_15', '1.10'], ['v1_16', '1.11'], ['v1_17', '1.13'], ['v1_18', '1.13']])('%s: a warning (deprecated since %s)', (v, since) => {
    const f = run([deployment((x) => { x.spec.flinkVersion = v; })], 'main');
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['flink-version-deprecated', 'warning']]);
    expect(f[0].message).toContain(`deprecated since operator ${since}`);
  });

  test('v1_19 and later are not deprecated', () => {
    for (const v of ['v1_19', 'v1_20', 'v2_0', 'v2_2']) expect(run([deployment((x) => { x.spec.flinkVersion = v; })], 'main')).toEqual([]);
  });
});

describe('resource-deprecated', () => {
  test('a warning on main for each component, nothing on 1.15 (where it is the only field)', () => {
    const m = deployment(undefined, '1.15');
    expect(brief([m], 'main')).toEqual([
      ['resource-deprecated', 'warning', 'spec.jobManager.resource'],
      ['resource-deprecated', 'warning', 'spec.taskManager.resource'],
    ]);
    expect(brief([m], '1.15')).toEqual([]);
    expect(brief([deployment()], 'main')).toEqual([]);
  });
});

describe('config-key-overlap (Flink 2 config.yaml)', () => {
  const withConfig = (version: string, config: Record<string, any>) => deployment((x) => { x.spec.flinkVersion = version; x.spec.flinkConfiguration = config; });

  test('state.backend with state.backend.incremental on Flink 2.x: an error with the Flink 2 name', () => {
    const f = run([withConfig('v2_0', { 'state.backend': 'rocksdb', 'state.backend.incremental': 'true' })], 'main');
    expect(f.map((x) => [x.rule, x.severity, x.path])).toEqual([['config-key-overlap', 'error', "spec.flinkConfiguration['state.backend']"]]);
    expect(f[0].message).toContain('Overlapping key prefixes detected (state.backend -> state.backend.incremental)');
    expect(f[0].fix).toBe("Replace 'state.backend' with its Flink 2 name 'state.backend.type' (same value), keeping 'state.backend.incremental'.");
  });

  test('the same keys on Flink 1.x are fine (flink-conf.yaml is flat)', () => {
    expect(run([withConfig('v1_20', { 'state.backend': 'rocksdb', 'state.backend.incremental': 'true' })], 'main')).toEqual([]);
  });

  test('nested maps are flattened first; a shared prefix without a dot boundary is no overlap', () => {
    expect(run([withConfig('v2_1', { state: { backend: { type: 'rocksdb', incremental: true } } })], 'main')).toEqual([]);
    expect(run([withConfig('v2_1', { state: { backend: 'rocksdb' }, 'state.backend.incremental': true })], 'main').map((x) => x.rule))
      .toEqual(['config-key-overlap']);
    expect(run([withConfig('v2_1', { k: 'v', kv: 'v2' })], 'main')).toEqual([]);
    expect(run([withConfig('v2_1', { k: 'v', 'k.v': 'v3' })], 'main').map((x) => x.message)).toEqual([
      expect.stringContaining('(k -> k.v)'),
    ]);
    expect(run([withConfig('v2_1', { 'high-availability': 'kubernetes', 'high-availability.storageDir': 's3://b/ha' })], 'main')
      .map((x) => x.fix)).toEqual(["Replace 'high-availability' with its Flink 2 name 'high-availability.type' (same value), keeping 'high-availability.storageDir'."]);
  });

  test('keys the operator does not ship to the cluster are not compared', () => {
    expect(run([withConfig('v2_1', { 'taskmanager.host': 'a', 'taskmanager.host.x': 'b' })], 'main')).toEqual([]);
  });

  test('constructs refuse the overlap at construction', () => {
    const chart = Testing.chart();
    expect(errorOf(() => new FlinkApplication(chart, 'orders', {
      version: FlinkVersion.V2_1, image: 'flink:2.1', jar: JobJar.fromImage('/opt/flink/usrlib/a.jar'),
      flinkConfiguration: { 'state.backend': 'rocksdb', 'state.backend.incremental': 'true' },
    }))).toBe("[test/orders] 'flinkConfiguration' (state.backend) overlaps 'state.backend.incremental': Flink 2.1 writes config.yaml, where a key cannot be a value and a prefix at once, and the operator refuses the deployment (config-key-overlap). "
      + "Fix: Replace 'state.backend' with its Flink 2 name 'state.backend.type' (same value), keeping 'state.backend.incremental'.");
    expect(errorOf(() => new FlinkApplication(Testing.chart(), 'orders', {
      version: FlinkVersion.V2_1, image: 'flink:2.1', jar: JobJar.fromImage('/opt/flink/usrlib/a.jar'),
      flinkConfiguration: { 'restart-strategy': 'none', 'restart-strategy.type': 'none' },
    }))).toMatch(/Fix: Remove 'restart-strategy': its Flink 2 name 'restart-strategy.type' is already set\.$/);
    expect(() => new FlinkApplication(Testing.chart(), 'orders', {
      version: FlinkVersion.V1_20, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/a.jar'),
      flinkConfiguration: { 'state.backend.type': 'rocksdb', 'state.backend.incremental': 'true' },
    })).not.toThrow();
    const app = new FlinkApplication(chart, 'ok', {
      version: FlinkVersion.V2_1, image: 'flink:2.1', operatorVersion: OperatorVersion.MAIN, jar: JobJar.fromImage('/opt/flink/usrlib/a.jar'),
      flinkConfiguration: { 'env.java.opts': '-Dx=1' },
    });
    expect(errorOf(() => app.addFlinkConfiguration('env.java.opts.all', '-Dy=2'))).toMatch(/\(env\.java\.opts\) overlaps 'env\.java\.opts\.all'/);
  });
});

describe('OperatorVersion.isAtLeast', () => {
  test('main is newer than every release', () => {
    expect(OperatorVersion.MAIN.isAtLeast(OperatorVersion.V1_15)).toBe(true);
    expect(OperatorVersion.V1_15.isAtLeast(OperatorVersion.MAIN)).toBe(false);
    expect(OperatorVersion.V1_15.isAtLeast(OperatorVersion.V1_15)).toBe(true);
  });
});
