import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
// Type-only: the plugin must satisfy cdk8s-cli's own protocol types (node10 resolution needs the lib/ path).
import type { Validation, ValidationContext } from 'cdk8s-cli/lib/plugins';
import { FlinkLintPlugin, PluginViolation } from '../../lib/plugin';
import { smallDeployment } from '../helpers';
import { ensureCompiled } from './compiled';

const REPO = path.resolve(__dirname, '../..');

/** A FlinkDeployment with a misspelt field (`jarUri`) and an invalid upgrade mode. */
const BROKEN = smallDeployment({ job: { jarUri: 'local:///opt/flink/usrlib/orders.jar', parallelism: 2, upgradeMode: 'last_state' } }, { name: 'orders' });
const SERVICE_ACCOUNT = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'flink' } };

/** A stand-in for cdk8s-cli's ValidationContext over in-memory manifests. */
function fakeContext(files: Record<string, any[]>) {
  const violations: PluginViolation[] = [];
  let status: string | undefined;
  const context = {
    manifests: Object.keys(files),
    parseManifest: (p: string) => files[p],
    report: {
      addViolation: (v: PluginViolation) => {
        if (status) throw new Error('violation after submit');
        violations.push(v);
      },
      submit: (s: 'success' | 'failure') => { status = s; },
    },
  };
  return { context, violations, status: () => status };
}

describe('FlinkLintPlugin', () => {
  test('is a cdk8s-cli Validation (compile-time check)', () => {
    const plugin: Validation = new FlinkLintPlugin();
    const asContext = (c: ValidationContext) => c;
    expect(typeof plugin.validate).toBe('function');
    expect(asContext).toBeDefined();
  });

  test('reports schema and rule findings and fails', async () => {
    const f = fakeContext({ 'dist/a.k8s.yaml': [BROKEN, SERVICE_ACCOUNT] });
    await new FlinkLintPlugin().validate(f.context);
    expect(f.status()).toBe('failure');
    const jar = f.violations.find((v) => v.ruleName === 'schema-unknown-field');
    expect(jar).toEqual({
      ruleName: 'schema-unknown-field',
      recommendation: expect.stringContaining("'spec.job.jarUri'"),
      fix: expect.any(String),
      violatingResources: [{ resourceName: 'orders', locations: ['spec.job.jarUri'], manifestPath: 'dist/a.k8s.yaml' }],
    });
    expect(f.violations.map((v) => v.ruleName)).toContain('schema-bad-enum');
  });

  test('a service account missing from the output is reported (a warning, as in lint) unless external', async () => {
    const podTemplate = {
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'flink-main-container', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      },
    };
    const good = { ...BROKEN, spec: { ...BROKEN.spec, podTemplate, job: { jarURI: 'local:///x.jar', parallelism: 1, upgradeMode: 'stateless' } } };
    const missing = fakeContext({ 'a.yaml': [good] });
    await new FlinkLintPlugin().validate(missing.context);
    expect(missing.violations.filter((v) => v.violatingResources[0].locations[0] === 'spec.serviceAccount').map((v) => v.ruleName))
      .toEqual(['service-account-not-found [warning]']);

    const ext = fakeContext({ 'a.yaml': [good] });
    await new FlinkLintPlugin({ external: { serviceAccounts: ['flink'] } }).validate(ext.context);
    expect(ext.violations).toEqual([]);
    expect(ext.status()).toBe('success');
  });

  test('warnings pass unless strict', async () => {
    const warn = {
      ...BROKEN,
      spec: {
        ...BROKEN.spec,
        flinkConfiguration: { 'state.checkpoints.dir': 's3://b/c' },
        job: { jarURI: 'local:///x.jar', parallelism: 1, upgradeMode: 'stateless' },
      },
    };
    const lax = fakeContext({ 'a.yaml': [warn, SERVICE_ACCOUNT] });
    await new FlinkLintPlugin().validate(lax.context);
    expect(lax.violations.length).toBeGreaterThan(0);
    expect(lax.violations.every((v) => v.ruleName.endsWith('[warning]'))).toBe(true);
    expect(lax.status()).toBe('success');

    const strict = fakeContext({ 'a.yaml': [warn, SERVICE_ACCOUNT] });
    await new FlinkLintPlugin({ strict: true }).validate(strict.context);
    expect(strict.status()).toBe('failure');
  });

  test('operatorVersion main accepts main-only fields; a bad version is rejected with a fix', async () => {
    const withResources = {
      ...BROKEN,
      spec: {
        ...BROKEN.spec,
        taskManager: { resources: { requests: { memory: '2Gi', cpu: 1 } } },
        job: { jarURI: 'local:///x.jar', parallelism: 1, upgradeMode: 'stateless' },
      },
    };
    const on115 = fakeContext({ 'a.yaml': [withResources, SERVICE_ACCOUNT] });
    await new FlinkLintPlugin().validate(on115.context);
    expect(on115.violations.map((v) => v.ruleName)).toContain('schema-unknown-field');
    const onMain = fakeContext({ 'a.yaml': [withResources, SERVICE_ACCOUNT] });
    await new FlinkLintPlugin({ operatorVersion: 'main' }).validate(onMain.context);
    expect(onMain.violations.map((v) => v.ruleName)).not.toContain('schema-unknown-field');
    expect(() => new FlinkLintPlugin({ operatorVersion: '1.9' })).toThrow(/'operatorVersion' \('1\.9'\) is not a supported operator version\. Fix: use one of 1\.13, 1\.14, 1\.15, main/);
  });

  test('the package root exports the plugin class', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const root = require('../../lib/index');
    expect(root.FlinkLintPlugin).toBe(FlinkLintPlugin);
  });
});

describe('cdk8s synth with FlinkLintPlugin (real cdk8s-cli)', () => {
  let app: string;
  const compiled = ['lib/index.js', 'lib/plugin.js', 'lib/cli/check.js'].map((p) => path.join(REPO, p));

  beforeAll(() => {
    ensureCompiled(compiled);

    app = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-synth-'));
    const cdk8s = path.join(REPO, 'node_modules', 'cdk8s');
    fs.writeFileSync(path.join(app, 'main.js'), [
      `const { App, Chart, ApiObject } = require(${JSON.stringify(cdk8s)});`,
      'const app = new App();',
      "const chart = new Chart(app, 'flink');",
      `new ApiObject(chart, 'orders', ${JSON.stringify(BROKEN)});`,
      'app.synth();',
      '',
    ].join('\n'));
    const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf-8')).version;
    fs.writeFileSync(path.join(app, 'cdk8s.yaml'), yaml.stringify({
      language: 'typescript',
      app: 'node main.js',
      validations: [{ package: REPO, version, class: 'FlinkLintPlugin', properties: { operatorVersion: '1.15' } }],
    }));
  }, 300_000);

  afterAll(() => {
    if (app) fs.rmSync(app, { recursive: true, force: true });
  });

  test('exits 2 and prints the findings', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules/cdk8s-cli/bin/cdk8s'), 'synth', '--no-check-upgrade'], {
      cwd: app,
      encoding: 'utf-8',
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      timeout: 120_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out).toContain('Validation Report');
    expect(out).toContain('schema-unknown-field');
    expect(out).toContain('spec.job.jarUri');
    expect(out).toContain('schema-bad-enum');
    expect(out).toContain('Construct Path: flink/orders');
    expect(out).toContain('Validation failed');
    expect(r.status).toBe(2);
  }, 180_000);
});
