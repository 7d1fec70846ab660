import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import {
  checkSchema, DEFAULT_OPERATOR_VERSION, FlinkApplication, FlinkSessionCluster, FlinkVersion, JobJar, lintManifests,
  OPERATOR_VERSION_IDS, OperatorVersion, OperatorVersionId,
} from '../lib';
import { checkManifests } from '../lib/cli/check';
import { FlinkLintPlugin } from '../lib/plugin';
import { lint } from './cli/run';
import { errorOf, smallDeployment } from './helpers';

const FIXTURES = path.join(__dirname, 'cli', 'fixtures');

function fixture(name: string): any[] {
  return YAML.parseAllDocuments(fs.readFileSync(path.join(FIXTURES, name), 'utf8')).map((d) => d.toJS()).filter((m) => m);
}

const deployment = (extra: Record<string, any> = {}) => smallDeployment(extra);

const sessionJob = (jarURI: string) => ({
  apiVersion: 'flink.apache.org/v1beta1',
  kind: 'FlinkSessionJob',
  metadata: { name: 'job' },
  spec: { deploymentName: 'sessions', job: { jarURI, parallelism: 1 } },
});

const ruleIds = (findings: { rule: string }[]) => findings.map((f) => f.rule);

describe('OperatorVersion', () => {
  test('covers every supported release and main, oldest first, and round-trips through of()', () => {
    expect(OperatorVersion.all().map((v) => v.id)).toEqual(['1.13', '1.14', '1.15', 'main']);
    expect(OPERATOR_VERSION_IDS).toEqual(['1.13', '1.14', '1.15', 'main']);
    for (const v of OperatorVersion.all()) expect(OperatorVersion.of(v.id)).toBe(v);
    expect(OperatorVersion.V1_13.isAtLeast(OperatorVersion.V1_14)).toBe(false);
    expect(OperatorVersion.MAIN.isAtLeast(OperatorVersion.V1_15)).toBe(true);
    expect(OperatorVersion.V1_13.supportsBlueGreen).toBe(false);
    expect(OperatorVersion.V1_14.supportsBlueGreen).toBe(true);
    expect(String(OperatorVersion.V1_14)).toBe('1.14');
  });

  test('the default is the latest release, 1.15', () => {
    expect(DEFAULT_OPERATOR_VERSION).toBe('1.15');
    const m = [deployment({ jobManager: { resources: { requests: { memory: '2Gi', cpu: 1 } } } })];
    expect(lintManifests(m)).toEqual(lintManifests(m, { operatorVersion: '1.15' }));
    expect(checkManifests(m)).toEqual(checkManifests(m, { operatorVersion: '1.15' }));
  });

  test('of() rejects an unknown id and lists the supported ones', () => {
    expect(errorOf(() => OperatorVersion.of('1.16'))).toMatch(/'id' \(1\.16\) is not a known operator version\. Fix: use one of 1\.13, 1\.14, 1\.15, main/);
  });
});

describe('lintManifests and checkManifests take an OperatorVersion or its id alike', () => {
  // main-only fields and rules: resources, R20, autoscaler A7; and a 1.15-only rule (S4-S7, absent in 1.13/1.14).
  const inputs: Record<string, any[]> = {
    mainOnly: [deployment({
      jobManager: { resources: { requests: { memory: '4Gi', cpu: 1 }, limits: { memory: '2Gi' } } },
      flinkConfiguration: { 'job.autoscaler.enabled': 'true', 'job.autoscaler.memory.gc-pressure.threshold': '2' },
    })],
    jar: [sessionJob('http://127.0.0.1/job.jar')],
    ...Object.fromEntries(fs.readdirSync(FIXTURES).filter((f) => /\.ya?ml$/.test(f)).map((f) => [f, fixture(f)])),
  };

  test.each(OperatorVersion.all().map((v) => [v.id as OperatorVersionId, v] as const))('operator %s', (id, version) => {
    for (const [name, m] of Object.entries(inputs)) {
      const byString = lintManifests(m, { operatorVersion: id });
      expect({ name, findings: lintManifests(m, { operatorVersion: version }) }).toEqual({ name, findings: byString });
      expect({ name, findings: checkManifests(m, { operatorVersion: version }) }).toEqual({ name, findings: checkManifests(m, { operatorVersion: id }) });
    }
  });

  test('MAIN applies the main rules (not the 1.15 ones)', () => {
    const refs = (v: OperatorVersion) => lintManifests(inputs.mainOnly, { operatorVersion: v }).map((f) => f.ref).filter((r) => r);
    expect(refs(OperatorVersion.MAIN)).toEqual(['R20', 'A7']);
    // Before main the CRD prunes 'resources', so the JobManager has no memory (R18) and A7 does not exist.
    for (const v of [OperatorVersion.V1_13, OperatorVersion.V1_14, OperatorVersion.V1_15]) expect(refs(v)).toEqual(['R18']);
  });

  test('the session-job jar URI checks (S4-S7) start with operator 1.15', () => {
    const jarRules = (v: OperatorVersion) => lintManifests(inputs.jar, { operatorVersion: v }).filter((f) => /^S[4-7]$/.test(f.ref)).map((f) => f.ref);
    expect(jarRules(OperatorVersion.V1_13)).toEqual([]);
    expect(jarRules(OperatorVersion.V1_14)).toEqual([]);
    expect(jarRules(OperatorVersion.V1_15)).toEqual(['S6', 'S7']);
    expect(jarRules(OperatorVersion.MAIN)).toEqual(['S6', 'S7']);
  });

  test.each([
    ['lintManifests', (v: any) => lintManifests([deployment()], { operatorVersion: v })],
    ['checkManifests', (v: any) => checkManifests([deployment()], { operatorVersion: v })],
    ['checkSchema', (v: any) => checkSchema(deployment(), v)],
  ])('%s rejects anything else with a clear error listing the supported versions', (name, run) => {
    for (const bad of ['1.16', '1.15.0', 'MAIN', '', 42, {}, { id: 'latest' }, ['1.15']]) {
      const message = errorOf(() => run(bad));
      expect(message).toMatch(new RegExp(`^\\[${name}\\] 'operatorVersion' \\(.+\\) is not a supported operator version\\. Fix: use one of 1\\.13, 1\\.14, 1\\.15, main`));
      expect(message).not.toMatch(/TypeError|undefined/);
    }
  });

  test('the plugin and the CLI list the same versions', () => {
    for (const id of OPERATOR_VERSION_IDS) expect(() => new FlinkLintPlugin({ operatorVersion: id })).not.toThrow();
    expect(errorOf(() => new FlinkLintPlugin({ operatorVersion: '1.12' }))).toMatch(/use one of 1\.13, 1\.14, 1\.15, main/);
  });
});

describe('the CLI takes the same versions and gives the API\'s verdict', () => {
  test.each(OperatorVersion.all().map((v) => [v.id as OperatorVersionId]))('--operator-version %s', async (id) => {
    const file = path.join('test', 'cli', 'fixtures', 'broken-deployment.yaml');
    const r = await lint(['--operator-version', id, '--format', 'json', file]);
    const cli = JSON.parse(r.stdout).findings.map((f: any) => `${f.rule} ${f.path}`);
    const api = lintManifests(fixture('broken-deployment.yaml'), { operatorVersion: OperatorVersion.of(id), schema: true }).map((f) => `${f.rule} ${f.path}`);
    expect(cli.length).toBeGreaterThan(0);
    expect(cli).toEqual(api);
  });

  test('an unknown version is a usage error listing the supported ones', async () => {
    const r = await lint(['--operator-version', '1.16', 'test/cli/fixtures/good.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown operator version '1\.16'\. Fix: use one of 1\.13, 1\.14, 1\.15, main/);
  });
});

describe('lintManifests schema option', () => {
  test('off by default; on, it gives exactly what checkManifests (the CLI) gives', () => {
    const m = [deployment({ jobManger: { replicas: 1 } }), ...fixture('broken-deployment.yaml'), ...fixture('good.yaml')];
    expect(ruleIds(lintManifests(m))).not.toContain('schema-unknown-field');
    for (const v of OperatorVersion.all()) {
      const withSchema = lintManifests(m, { operatorVersion: v, schema: true });
      expect(ruleIds(withSchema)).toContain('schema-unknown-field');
      expect(withSchema).toEqual(checkManifests(m, { operatorVersion: v }));
    }
  });

  test('FlinkDeployment resources are a schema error before main, a field on main', () => {
    const m = [deployment({ jobManager: { resources: { requests: { memory: '2Gi', cpu: 1 } } } })];
    for (const v of [OperatorVersion.V1_13, OperatorVersion.V1_14, OperatorVersion.V1_15]) {
      expect(lintManifests(m, { operatorVersion: v, schema: true }).map((f) => `${f.rule} ${f.path}`)).toContain('schema-unknown-field spec.jobManager.resources');
    }
    expect(ruleIds(lintManifests(m, { operatorVersion: OperatorVersion.MAIN, schema: true }))).not.toContain('schema-unknown-field');
  });
});

describe('constructs accept every operator version', () => {
  test.each(OperatorVersion.all().map((v) => [v.id, v] as const))('operator %s', (_id, operatorVersion) => {
    const chart = new Chart(Testing.app(), 'test');
    new FlinkApplication(chart, 'app', {
      version: FlinkVersion.V1_20, image: 'flink:1.20', operatorVersion,
      jar: JobJar.fromImage('/opt/flink/usrlib/job.jar'),
    });
    const c = FlinkSessionCluster.fromName(chart, 'c', 'sessions', { operatorVersion });
    expect(c.operatorVersion).toBe(operatorVersion);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('a string from JavaScript works; a bad value names the construct and lists the versions', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(FlinkSessionCluster.fromName(chart, 'a', 'sessions', { operatorVersion: '1.14' as any }).operatorVersion).toBe(OperatorVersion.V1_14);
    expect(errorOf(() => FlinkSessionCluster.fromName(chart, 'b', 'sessions', { operatorVersion: 'latest' as any })))
      .toMatch(/^\[test\/b\] 'operatorVersion' \('latest'\) is not a supported operator version\. Fix: use one of 1\.13, 1\.14, 1\.15, main/);
  });
});

describe('S3 keys that the S3 plugins forward', () => {
  // Credentials as environment references: a literal secret is an error of its own (config-literal-secret).
  const KEYS = { 's3.access-key': '${S3_ACCESS_KEY}', 's3.secret-key': '${S3_SECRET_KEY}', 's3.path-style-access': 'true' };
  test.each(FlinkVersion.all().map((v) => [v.value]))('lint clean on Flink %s', (flinkVersion) => {
    const m = [deployment({ flinkVersion, image: 'flink:1.20', flinkConfiguration: KEYS })];
    for (const v of OperatorVersion.all()) {
      if (!v.latestFlinkVersion.isAtLeast(FlinkVersion.of(flinkVersion))) continue;
      const about = lintManifests(m, { operatorVersion: v }).filter((f) => /s3\./.test(f.path));
      expect(about).toEqual([]);
    }
  });
});
