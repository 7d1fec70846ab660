import { IConstruct } from 'constructs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Testing } from 'cdk8s';
import {
  CheckpointPolicy, FlinkApplication, FlinkApplicationProps, FlinkSessionCluster, FlinkStorage, FlinkValidation,
  FlinkVersion, JobJar, SessionJob, UpgradeMode,
} from '../lib';
import { checkManifests } from '../lib/cli/check';
import { TLS_EXAMPLE_JOB, errorOf, only, tlsExampleCluster } from './helpers';

const props = (over: Partial<FlinkApplicationProps> = {}): FlinkApplicationProps => ({
  version: FlinkVersion.V1_20, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'), ...over,
});
const HOST_PATH = { checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage: FlinkStorage.hostPath('/tmp/flink') }) };
/** A hostPath volume also fails Pod Security 'restricted' (pod-security-restricted); these tests are about state-dir-node-local. */
const allowHostPathPods = (scope: IConstruct) => FlinkValidation.suppress(scope, 'pod-security-restricted', 'hostPath volume on a single-node test cluster');
const lineOf = (annotation: string, rule: string) => annotation.split('\n').filter((l) => l.startsWith(`${rule} -- `));

let warn: jest.SpyInstance;
beforeEach(() => { warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
afterEach(() => warn.mockRestore());
const printed = () => warn.mock.calls.map((c) => String(c[0]));

/**
 * The operator's TLS example (flink-tls-example_basic-secure-deployment-only.yaml), rebuilt with
 * the constructs: literal keystore passwords, as the operator documents them.
 */
function tlsExample(chart: Chart): FlinkApplication {
  const tls: Record<string, string> = {};
  for (const side of ['internal', 'rest']) {
    tls[`security.ssl.${side}.enabled`] = 'true';
    tls[`security.ssl.${side}.keystore`] = '/opt/flink/tls-cert/keystore.jks';
    tls[`security.ssl.${side}.keystore-password`] = 'password1234';
    tls[`security.ssl.${side}.truststore`] = '/opt/flink/tls-cert/truststore.jks';
    tls[`security.ssl.${side}.key-password`] = 'password1234';
    tls[`security.ssl.${side}.truststore-password`] = 'password1234';
  }
  return new FlinkApplication(chart, 'secure', {
    name: 'basic-secure-deployment-only',
    ...tlsExampleCluster(chart),
    flinkConfiguration: { ...tls, 'kubernetes.secrets': 'basic-secure-cert:/opt/flink/tls-cert' },
    ...TLS_EXAMPLE_JOB,
  });
}

describe('FlinkValidation.suppress', () => {
  test('without a suppression, literal keystore passwords stop construction', () => {
    expect(errorOf(() => tlsExample(Testing.chart()))).toContain('(config-literal-secret)');
  });

  test('a suppression on the chart lets the TLS example construct and synth, and synth writes it', () => {
    const chart = Testing.chart();
    FlinkValidation.suppress(chart, 'config-literal-secret', 'operator example; the keystore is a throwaway');
    tlsExample(chart);
    const manifests = Testing.synth(chart);
    const dep = only(manifests, 'FlinkDeployment');
    expect(dep.metadata.annotations['cdk8s-flink.io/suppress']).toBe('config-literal-secret -- operator example; the keystore is a throwaway');
    // The imported service account travels too: the plugin and lint need no `external:` block.
    expect(dep.metadata.annotations['cdk8s-flink.io/external']).toBe('{"serviceAccounts":["flink"]}');
    expect(printed()).toEqual([]);

    // Lint (and the synth plugin, which runs the same check) reaches the same verdict from the YAML alone.
    const lint = checkManifests(manifests, { operatorVersion: 'main', mode: 'synth' });
    expect(lint.filter((f) => !f.suppressed)).toEqual([]);
    expect(lint.filter((f) => f.suppressed).map((f) => f.rule)).toEqual(Array(6).fill('config-literal-secret'));
    expect(lint[0].suppressed).toEqual({
      kind: 'inSource', reason: 'operator example; the keystore is a throwaway', where: "annotation cdk8s-flink.io/suppress of FlinkDeployment 'basic-secure-deployment-only'",
    });
    // Without the annotations, the same YAML fails.
    const bare = manifests.map((m) => ({ ...m, metadata: { name: m.metadata.name } }));
    expect(checkManifests(bare, { operatorVersion: 'main', mode: 'synth' }).map((f) => f.rule)).toContain('config-literal-secret');
  });

  test('every constructor-time rule check honours a suppression declared before', () => {
    const mismatched = (chart: Chart) => new FlinkApplication(chart, 'orders', props({ image: 'flink:1.19' }));
    expect(errorOf(() => mismatched(Testing.chart()))).toContain("'image' (flink:1.19) runs Flink 1.19");
    const chart = Testing.chart();
    FlinkValidation.suppress(chart, 'image-version-mismatch', 'the 1.19 image carries a 1.20 backport');
    mismatched(chart);
    const dep = only(Testing.synth(chart), 'FlinkDeployment');
    expect(dep.metadata.annotations['cdk8s-flink.io/suppress']).toBe('image-version-mismatch -- the 1.19 image carries a 1.20 backport');

    const forbidden = Testing.chart();
    expect(errorOf(() => new FlinkApplication(forbidden, 'a', props({ flinkConfiguration: { 'kubernetes.cluster-id': 'x' } })))).toContain('forbids');
    FlinkValidation.suppress(forbidden, 'forbidden-config-key', 'checking what the operator does with it');
    new FlinkApplication(forbidden, 'b', props({ flinkConfiguration: { 'kubernetes.cluster-id': 'x' } }));
    expect(only(Testing.synth(forbidden), 'FlinkDeployment').metadata.annotations['cdk8s-flink.io/suppress']).toContain('forbidden-config-key -- ');
  });

  test('applies to the scope and its children only; the nearest scope\'s reason wins', () => {
    const app = Testing.app();
    const quiet = new Chart(app, 'quiet');
    const loud = new Chart(app, 'loud');
    FlinkValidation.suppress(app, 'state-dir-node-local', 'every cluster here is minikube');
    allowHostPathPods(app);
    const a = new FlinkApplication(quiet, 'a', props(HOST_PATH));
    FlinkValidation.suppress(a, 'state-dir-node-local', 'this one is single-node');
    new FlinkApplication(loud, 'b', props(HOST_PATH));
    const dep = (chart: Chart) => only(Testing.synth(chart), 'FlinkDeployment');
    expect(lineOf(dep(quiet).metadata.annotations['cdk8s-flink.io/suppress'], 'state-dir-node-local')).toEqual(['state-dir-node-local -- this one is single-node']);
    expect(lineOf(dep(loud).metadata.annotations['cdk8s-flink.io/suppress'], 'state-dir-node-local')).toEqual(['state-dir-node-local -- every cluster here is minikube']);
    expect(printed()).toEqual([]);
  });

  test('a validation-time finding can be suppressed after the construct exists; without it, it prints', () => {
    const chart = Testing.chart();
    const app = new FlinkApplication(chart, 'orders', props(HOST_PATH));
    Testing.synth(chart);
    expect(printed().filter((l) => l.includes('(state-dir-node-local)'))).toHaveLength(1);

    const chart2 = Testing.chart();
    allowHostPathPods(chart2);
    const app2 = new FlinkApplication(chart2, 'orders', props(HOST_PATH));
    FlinkValidation.suppress(app2, 'state-dir-node-local', 'minikube');
    warn.mockClear();
    Testing.synth(chart2);
    expect(printed()).toEqual([]);
    expect(app).toBeDefined();
  });

  test('strict mode: a suppressed warning does not fail synth', () => {
    const chart = Testing.chart();
    FlinkValidation.configure(chart, { strict: true });
    allowHostPathPods(chart);
    const app = new FlinkApplication(chart, 'orders', props(HOST_PATH));
    expect(errorOf(() => Testing.synth(chart))).toContain('(state-dir-node-local)');
    FlinkValidation.suppress(app, 'state-dir-node-local', 'minikube');
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('a suppression that covers nothing is an unused-suppression warning at synth', () => {
    const chart = Testing.chart();
    const app = new FlinkApplication(chart, 'orders', props());
    FlinkValidation.suppress(app, 'pvc-not-found', 'claims come from another app');
    const manifests = Testing.synth(chart);
    expect(printed()).toEqual([expect.stringMatching(/^\[test\/orders\] \(unused-suppression\) The suppression of pvc-not-found in FlinkValidation\.suppress on test\/orders matches no finding/)]);
    // Nothing is written for it.
    expect(only(manifests, 'FlinkDeployment').metadata.annotations).toBeUndefined();
    // In strict mode it fails synth, at the scope it was declared on.
    FlinkValidation.configure(chart, { strict: true });
    expect(errorOf(() => Testing.synth(chart))).toMatch(/^ {2}\[test\/orders\] \(unused-suppression\) /m);
  });

  test('an unknown rule id or an empty reason throws, naming the scope and the closest ids', () => {
    const chart = Testing.chart();
    expect(errorOf(() => FlinkValidation.suppress(chart, 'config-literal-secrt', 'x')))
      .toBe("[test] unknown rule id 'config-literal-secrt' in FlinkValidation.suppress(test). Did you mean 'config-literal-secret'? Fix: use a rule id from the README rule table (as printed with each finding).");
    expect(errorOf(() => FlinkValidation.suppress(chart, 'config-literal-secret', '  ')))
      .toMatch(/^\[test\] FlinkValidation\.suppress of 'config-literal-secret' has no reason\. Fix: /);
  });

  test('a user-written annotation is kept and merged with the construct-level suppressions', () => {
    const chart = Testing.chart();
    FlinkValidation.suppress(chart, 'config-literal-secret', 'test keystore');
    new FlinkApplication(chart, 'orders', props({
      metadata: { annotations: { 'cdk8s-flink.io/suppress': 'config-key-deprecated -- migrating', team: 'data' } },
      flinkConfiguration: { 'state.checkpoints.dir': 's3://b/c', 'security.ssl.rest.key-password': 'x' },
    }));
    const manifests = Testing.synth(chart);
    // Synthesized twice: the annotation is not written twice.
    const dep = only(Testing.synth(chart), 'FlinkDeployment');
    expect(dep.metadata.annotations).toEqual({
      'cdk8s-flink.io/suppress': 'config-key-deprecated -- migrating\nconfig-literal-secret -- test keystore',
      'team': 'data',
    });
    expect(printed()).toEqual([]);
    expect(checkManifests(manifests, { mode: 'synth' }).filter((f) => !f.suppressed)).toEqual([]);
  });
});

describe('external references travel with the output', () => {
  test('an imported session cluster and an existing claim: lint in synth mode accepts the YAML alone', () => {
    const chart = Testing.chart();
    const cluster = FlinkSessionCluster.fromName(chart, 'shared', 'shared-session');
    new SessionJob(chart, 'job', { cluster, jar: JobJar.fromUrl('https://repo.example.com/job.jar'), parallelism: 1 });
    new FlinkApplication(chart, 'orders', props({
      upgradeMode: UpgradeMode.LAST_STATE,
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage: FlinkStorage.existingClaim('flink-state') }),
    }));
    const manifests = Testing.synth(chart);
    expect(only(manifests, 'FlinkSessionJob').metadata.annotations).toEqual({ 'cdk8s-flink.io/external': '{"sessionClusters":["shared-session"]}' });
    expect(only(manifests, 'FlinkDeployment').metadata.annotations).toEqual({ 'cdk8s-flink.io/external': '{"persistentVolumeClaims":["flink-state"]}' });
    expect(checkManifests(manifests, { mode: 'synth' })).toEqual([]);
    const bare = manifests.map((m) => ({ ...m, metadata: { name: m.metadata.name } }));
    expect(checkManifests(bare, { mode: 'synth' }).map((f) => f.rule).sort()).toEqual(['pvc-not-found', 'session-cluster-not-found']);
  });
});

describe('printed once per cdk8s synth', () => {
  const saved = { cwd: process.cwd(), env: process.env.CDK8S_RECORD_CONSTRUCT_METADATA };
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-once-')); });
  afterEach(() => {
    process.chdir(saved.cwd);
    if (saved.env === undefined) delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    else process.env.CDK8S_RECORD_CONSTRUCT_METADATA = saved.env;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function synthUnderCdk8s(validations: string): string[] {
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `app: node main.js\nvalidations:\n${validations}`);
    process.chdir(dir);
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    const chart = new Chart(new App({ outdir: dir }), 'c');
    new FlinkApplication(chart, 'orders', props(HOST_PATH));
    Testing.synth(chart);
    return printed();
  }

  test('with FlinkLintPlugin in cdk8s.yaml, the plugin report prints the warnings and the constructs do not', () => {
    expect(synthUnderCdk8s('  - { package: cdk8s-flink, version: 0.1.0, class: FlinkLintPlugin }\n')).toEqual([]);
  });

  test('with another plugin only, the constructs print them', () => {
    expect(synthUnderCdk8s('  - { package: other, version: 1.0.0, class: OtherPlugin }\n').filter((l) => l.includes('(state-dir-node-local)'))).toHaveLength(1);
  });
});
