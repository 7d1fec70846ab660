import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { FlinkLintPlugin, PluginViolation } from '../../lib/plugin';
import { ensureCompiled } from './compiled';

const REPO = path.resolve(__dirname, '../..');

/** Valid, but with a literal secret (error), a deprecated key (warning) and the operator's `flink` service account. */
const DEPLOYMENT = {
  apiVersion: 'flink.apache.org/v1beta1',
  kind: 'FlinkDeployment',
  metadata: { name: 'orders' },
  spec: {
    image: 'flink:1.20',
    flinkVersion: 'v1_20',
    serviceAccount: 'flink',
    flinkConfiguration: { 'state.checkpoints.dir': 's3://b/c', 'security.ssl.rest.key-password': 'password1234' },
    jobManager: { resource: { memory: '2048m', cpu: 1 } },
    taskManager: { resource: { memory: '2048m', cpu: 1 } },
    job: { jarURI: 'local:///x.jar', parallelism: 1, upgradeMode: 'stateless' },
  },
};
const SA = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'flink' } };

function fakeContext(files: Record<string, any[]>) {
  const violations: PluginViolation[] = [];
  let status: string | undefined;
  let metadata: Record<string, string> | undefined;
  const context = {
    manifests: Object.keys(files),
    parseManifest: (p: string) => files[p],
    report: {
      addViolation: (v: PluginViolation) => { violations.push(v); },
      submit: (s: 'success' | 'failure', m?: Record<string, string>) => { status = s; metadata = m; },
    },
  };
  return { context, violations, status: () => status, metadata: () => metadata };
}

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-plugin-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (rel: string) => path.join(dir, rel);

describe('FlinkLintPlugin settings', () => {
  test('rules and suppressions properties: suppressed findings are counted, not reported', async () => {
    const f = fakeContext({ [file('dist/a.yaml')]: [DEPLOYMENT, SA] });
    await new FlinkLintPlugin({
      rules: { 'config-key-deprecated': 'off' },
      suppressions: [{ rule: 'config-literal-secret', resource: 'FlinkDeployment/orders', reason: 'test keystore' }],
    }).validate(f.context);
    expect(f.violations).toEqual([]);
    expect(f.status()).toBe('success');
    expect(f.metadata()).toMatchObject({ errors: '0', warnings: '0', suppressed: '1' });
  });

  test('the annotation written by synth is honoured', async () => {
    const annotated = { ...DEPLOYMENT, metadata: { name: 'orders', annotations: { 'cdk8s-flink.io/suppress': 'config-literal-secret -- test keystore' } } };
    const f = fakeContext({ [file('dist/a.yaml')]: [annotated, SA] });
    await new FlinkLintPlugin().validate(f.context);
    expect(f.violations.map((v) => v.ruleName)).toEqual(['config-key-deprecated [warning]']);
    expect(f.status()).toBe('success');
  });

  test('a reference missing from the output is a warning, and none with the external annotation', async () => {
    const missing = fakeContext({ [file('dist/a.yaml')]: [DEPLOYMENT] });
    await new FlinkLintPlugin({ rules: { 'config-literal-secret': 'off', 'config-key-deprecated': 'off' } }).validate(missing.context);
    expect(missing.violations.map((v) => v.ruleName)).toEqual(['service-account-not-found [warning]']);
    expect(missing.status()).toBe('success');

    const annotated = { ...DEPLOYMENT, metadata: { name: 'orders', annotations: { 'cdk8s-flink.io/external': '{"serviceAccounts":["flink"]}' } } };
    const declared = fakeContext({ [file('dist/a.yaml')]: [annotated] });
    await new FlinkLintPlugin({ rules: { 'config-literal-secret': 'off', 'config-key-deprecated': 'off' } }).validate(declared.context);
    expect(declared.violations).toEqual([]);
  });

  test('reads the nearest .cdk8s-flink.yaml upward from the output; properties win per key', async () => {
    fs.writeFileSync(file('.cdk8s-flink.yaml'), 'strict: true\nrules:\n  config-literal-secret: off\n');
    const f = fakeContext({ [file('dist/a.yaml')]: [DEPLOYMENT, SA] });
    await new FlinkLintPlugin().validate(f.context);
    expect(f.violations.map((v) => v.ruleName)).toEqual(['config-key-deprecated [warning]']);
    expect(f.status()).toBe('failure');
    expect(f.metadata()).toMatchObject({ strict: 'warnings count as errors' });

    const lax = fakeContext({ [file('dist/a.yaml')]: [DEPLOYMENT, SA] });
    await new FlinkLintPlugin({ strict: false }).validate(lax.context);
    expect(lax.status()).toBe('success');
  });

  test('a malformed settings file fails the plugin with file and line', async () => {
    fs.writeFileSync(file('.cdk8s-flink.yaml'), 'rules:\n  config-literal-secret: maybe\n');
    const f = fakeContext({ [file('dist/a.yaml')]: [DEPLOYMENT, SA] });
    await expect(new FlinkLintPlugin().validate(f.context)).rejects.toThrow(/^FlinkLintPlugin: .*\.cdk8s-flink\.yaml:2: severity 'maybe' of rule config-literal-secret/);
  });

  test('bad properties throw, naming the property and the closest id', () => {
    expect(() => new FlinkLintPlugin({ rules: { 'state-dir-node-lokal': 'off' } }))
      .toThrow("FlinkLintPlugin: unknown rule id 'state-dir-node-lokal' in FlinkLintPlugin properties.rules.state-dir-node-lokal. Did you mean 'state-dir-node-local'?");
    expect(() => new FlinkLintPlugin({ suppressions: [{ rule: 'pvc-not-found', reason: '' }] }))
      .toThrow('FlinkLintPlugin: FlinkLintPlugin properties.suppressions[0]: suppression of pvc-not-found without a reason. Fix: ');
    expect(() => new FlinkLintPlugin({ external: { pvcs: ['x'] } as any }))
      .toThrow(/unknown kind 'pvcs' in external/);
  });
});

describe('cdk8s synth with the constructs and FlinkLintPlugin (real cdk8s-cli)', () => {
  let app: string;

  beforeAll(() => {
    ensureCompiled(['lib/index.js', 'lib/plugin.js', 'lib/private/wiring.js'].map((p) => path.join(REPO, p)));
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-synth-once-'));
    fs.writeFileSync(path.join(app, 'main.js'), [
      `const { App, Chart, Duration } = require(${JSON.stringify(path.join(REPO, 'node_modules', 'cdk8s'))});`,
      `const f = require(${JSON.stringify(path.join(REPO, 'lib', 'index.js'))});`,
      'const app = new App();',
      "const chart = new Chart(app, 'flink');",
      "f.FlinkValidation.suppress(chart, 'config-literal-secret', 'test keystore');",
      "new f.FlinkApplication(chart, 'orders', {",
      "  version: f.FlinkVersion.V1_20, image: 'flink:1.20', jar: f.JobJar.fromImage('/opt/flink/usrlib/orders.jar'),",
      "  flinkConfiguration: { 'security.ssl.rest.key-password': 'password1234' },",
      "  checkpoints: f.CheckpointPolicy.every(Duration.seconds(30), { storage: f.FlinkStorage.hostPath('/tmp/flink') }),",
      '});',
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

  test('passes with the suppression written by synth, and prints the warning once', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules/cdk8s-cli/bin/cdk8s'), 'synth', '--no-check-upgrade'], {
      cwd: app,
      encoding: 'utf-8',
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      timeout: 120_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out).toContain('Validations ended succesfully');
    expect(r.status).toBe(0);
    // state-dir-node-local: once, in the plugin report (the constructs stay quiet under the plugin).
    expect(out.split('sees a different, empty directory').length - 1).toBe(1);
    expect(out).toContain('state-dir-node-local [warning]');
    expect(out).not.toContain('config-literal-secret');
    const synthesized = fs.readFileSync(path.join(app, 'dist', 'flink.k8s.yaml'), 'utf-8');
    expect(synthesized).toContain('cdk8s-flink.io/suppress: config-literal-secret -- test keystore');
  }, 180_000);
});
