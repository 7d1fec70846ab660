import { App, Chart, Testing } from 'cdk8s';
import {
  DeploymentMode, FlinkApplication, FlinkOperator, FlinkSessionCluster, FlinkSessionClusterProps, FlinkTls, FlinkValidation, FlinkVersion,
  JobJar, lintManifests, OperatorRestTls, SessionJob, TlsPassword, UpgradeMode,
} from '../lib';
import { errorOf, ofKind, only } from './helpers';

const props = (tls: FlinkTls) => ({
  version: FlinkVersion.V2_1, image: 'flink:2.1', jar: JobJar.fromImage('/opt/flink/usrlib/a.jar'), tls,
});
const tls = (over: Partial<Parameters<typeof FlinkTls.fromSecret>[0]> = {}) =>
  FlinkTls.fromSecret({ secretName: 'flink-tls', password: TlsPassword.literal('store-pw'), ...over });

let warn: jest.SpyInstance;
beforeEach(() => { warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
afterEach(() => warn.mockRestore());

test('the Secret is mounted through kubernetes.secrets and internal SSL points at its files', () => {
  const chart = Testing.chart();
  FlinkValidation.suppress(chart, 'config-literal-secret', 'no literal-free route for SSL passwords; the namespace is restricted');
  new FlinkApplication(chart, 'orders', props(tls()));
  const config = only(Testing.synth(chart), 'FlinkDeployment').spec.flinkConfiguration;
  expect(config).toEqual({
    'kubernetes.secrets': 'flink-tls:/opt/flink/tls',
    'security.ssl.internal.enabled': 'true',
    'security.ssl.internal.keystore': '/opt/flink/tls/keystore.jks',
    'security.ssl.internal.truststore': '/opt/flink/tls/truststore.jks',
    'security.ssl.internal.keystore-password': 'store-pw',
    'security.ssl.internal.key-password': 'store-pw',
    'security.ssl.internal.truststore-password': 'store-pw',
  });
});

test('REST SSL on request, with separate key and truststore passwords', () => {
  const chart = Testing.chart();
  FlinkValidation.suppress(chart, 'config-literal-secret', 'accepted for this test');
  new FlinkApplication(chart, 'orders', props(tls({ rest: true, internal: false, password: TlsPassword.literal('s', { keyPassword: 'k', truststorePassword: 't' }) })));
  const config = only(Testing.synth(chart), 'FlinkDeployment').spec.flinkConfiguration;
  expect(config['security.ssl.rest.enabled']).toBe('true');
  expect(config['security.ssl.internal.enabled']).toBeUndefined();
  expect([config['security.ssl.rest.keystore-password'], config['security.ssl.rest.key-password'], config['security.ssl.rest.truststore-password']]).toEqual(['s', 'k', 't']);
});

test('without an explicit suppression the literal passwords fail synth, and the password is not printed', () => {
  const chart = new Chart(Testing.app(), 'test');
  new FlinkApplication(chart, 'orders', props(tls({ password: TlsPassword.literal('hunter2-secret') })));
  let message = '';
  try {
    Testing.synth(chart);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain('config-literal-secret');
  expect(message).toContain('security.ssl.internal.keystore-password');
  expect(message).not.toContain('hunter2-secret');
});

test('bad input', () => {
  expect(() => tls({ secretName: 'Bad_Name' })).toThrow("[FlinkTls.fromSecret] 'secretName' (Bad_Name) is not a valid Secret name. Fix: use lower case letters, digits, '-' and '.'.");
  expect(() => tls({ internal: false })).toThrow("[FlinkTls.fromSecret] 'internal' and 'rest' are both off. Fix: enable at least one of them, or remove 'tls'.");
  expect(() => tls({ mountPath: 'tls' })).toThrow(/'mountPath' \(tls\) must be an absolute path/);
  expect(() => TlsPassword.literal('')).toThrow("[TlsPassword.literal] 'storePassword' ('') must be a non-empty string. Fix: pass the password of the store.");
});

// --- session clusters, standalone mode, session jobs -------------------------------------------

const sessionProps = (t: FlinkTls, over: Partial<FlinkSessionClusterProps> = {}): FlinkSessionClusterProps => ({
  version: FlinkVersion.V2_1, image: 'flink:2.1', tls: t, ...over,
});
const sslKeys = (config: Record<string, string>) => Object.fromEntries(Object.entries(config).filter(([k]) => k.startsWith('security.ssl.') || k === 'kubernetes.secrets'));

test('a session cluster takes the same tls prop and renders the same entries as an application', () => {
  const chart = Testing.chart();
  FlinkValidation.suppress(chart, 'config-literal-secret', 'no literal-free route for SSL passwords; the namespace is restricted');
  const t = tls({ rest: true });
  const app = new FlinkApplication(chart, 'orders', props(t));
  const session = new FlinkSessionCluster(chart, 'session', sessionProps(t));
  expect(sslKeys(session.flinkConfiguration)).toEqual(sslKeys(app.flinkConfiguration));
  const deployments = ofKind(Testing.synth(chart), 'FlinkDeployment');
  const sessionSpec = deployments.find((d) => d.spec.job === undefined).spec;
  expect(sessionSpec.flinkConfiguration['security.ssl.rest.enabled']).toBe('true');
  expect(sessionSpec.flinkConfiguration['security.ssl.internal.enabled']).toBe('true');
  expect(sessionSpec.flinkConfiguration['kubernetes.secrets']).toBe('flink-tls:/opt/flink/tls');
});

test('a session cluster with tls also needs the explicit suppression', () => {
  const chart = new Chart(Testing.app(), 'test');
  new FlinkSessionCluster(chart, 'session', sessionProps(tls({ password: TlsPassword.literal('hunter2-secret') })));
  const message = errorOf(() => Testing.synth(chart));
  expect(message).toContain('(config-literal-secret)');
  expect(message).toContain('no literal-free route');
  expect(message).not.toContain('hunter2-secret');
});

test('tls written by the construct and by flinkConfiguration clash with a clear error', () => {
  const chart = Testing.chart();
  expect(errorOf(() => new FlinkSessionCluster(chart, 'session', sessionProps(tls(), { flinkConfiguration: { 'kubernetes.secrets': 'other:/opt/other' } }))))
    .toContain("'flinkConfiguration' (kubernetes.secrets) is also written by 'tls'. Fix: remove 'kubernetes.secrets' from 'flinkConfiguration' or from 'tls'.");
});

test.each([DeploymentMode.NATIVE, DeploymentMode.STANDALONE])('mode %s: the Secret is mounted through kubernetes.secrets (honoured by both modes) and lint finds nothing else', (mode) => {
  const chart = Testing.chart();
  FlinkValidation.suppress(chart, 'config-literal-secret', 'accepted for this test');
  new FlinkApplication(chart, 'orders', { ...props(tls()), mode });
  new FlinkSessionCluster(chart, 'session', sessionProps(tls(), { mode }));
  const manifests = Testing.synth(chart);
  for (const d of ofKind(manifests, 'FlinkDeployment')) {
    expect(d.spec.mode).toBe(mode);
    expect(d.spec.flinkConfiguration['kubernetes.secrets']).toBe('flink-tls:/opt/flink/tls');
    expect(d.spec.flinkConfiguration['security.ssl.internal.keystore']).toBe('/opt/flink/tls/keystore.jks');
  }
  const rules = lintManifests(manifests, { operatorVersion: '1.15' }).map((f) => f.rule);
  expect(rules.filter((r) => r !== 'config-literal-secret')).toEqual([]);
  expect(rules).toContain('config-literal-secret');
});

test('a session job against a TLS session cluster needs no SSL keys of its own (the operator merges the cluster\'s configuration)', () => {
  const chart = Testing.chart();
  FlinkValidation.suppress(chart, 'config-literal-secret', 'accepted for this test');
  const session = new FlinkSessionCluster(chart, 'session', sessionProps(tls({ rest: true })));
  new SessionJob(chart, 'job', { cluster: session, jar: JobJar.fromUrl('https://repo.example.com/job.jar'), parallelism: 1, upgradeMode: UpgradeMode.STATELESS });
  const manifests = Testing.synth(chart);
  const job = only(manifests, 'FlinkSessionJob');
  expect(Object.keys(job.spec.flinkConfiguration ?? {}).filter((k) => k.startsWith('security.ssl.'))).toEqual([]);
  expect(job.spec.deploymentName).toBe(session.sessionClusterName);
});

// --- the operator's truststore -----------------------------------------------------------------

function operatorApp(restTls?: OperatorRestTls): { app: App; jobs: Chart } {
  const app = Testing.app();
  new FlinkOperator(new Chart(app, 'operator', { namespace: 'flink-operator' }), 'operator', { watchNamespaces: ['streaming'], ...(restTls ? { restTls } : {}) });
  const jobs = new Chart(app, 'jobs', { namespace: 'streaming' });
  FlinkValidation.suppress(jobs, 'config-literal-secret', 'accepted for this test');
  return { app, jobs };
}
const operatorTrust = () => OperatorRestTls.fromSecret({ secretName: 'flink-operator-cert', password: { secretName: 'operator-certificate-password', key: 'password' } });

test('FlinkOperator restTls mounts the Secret and reads the password from a Secret key, as the chart\'s tls.create', () => {
  const { app } = operatorApp(operatorTrust());
  const docs = Testing.synth(app.node.findChild('operator') as Chart);
  const deployment = docs.find((d) => d.kind === 'Deployment');
  const container = deployment.spec.template.spec.containers.find((c: any) => c.name === 'flink-kubernetes-operator');
  const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
  expect(env.OPERATOR_TRUSTSTORE_PATH).toBe('/opt/flink/tls-cert/truststore.jks');
  expect(env.OPERATOR_KEYSTORE_PATH).toBe('/opt/flink/tls-cert/keystore.jks');
  expect(env.OPERATOR_KEYSTORE_PASSWORD).toEqual({ secretKeyRef: { name: 'operator-certificate-password', key: 'password', optional: true } });
  expect(container.volumeMounts).toContainEqual({ name: 'flink-operator-cert-secret', mountPath: '/opt/flink/tls-cert' });
  expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'flink-operator-cert-secret', secret: { secretName: 'flink-operator-cert', optional: true } });
});

test('without restTls there is nothing TLS in the operator Deployment', () => {
  const { app } = operatorApp();
  const deployment = Testing.synth(app.node.findChild('operator') as Chart).find((d) => d.kind === 'Deployment');
  expect(JSON.stringify(deployment)).not.toMatch(/OPERATOR_TRUSTSTORE_PATH|tls-cert/);
});

test('rest-tls-operator-truststore: REST SSL in a namespace whose operator has no truststore fails synth', () => {
  const { jobs } = operatorApp();
  new FlinkSessionCluster(jobs, 'session', sessionProps(tls({ rest: true })));
  const message = errorOf(() => Testing.synth(jobs));
  expect(message).toContain('(rest-tls-operator-truststore)');
  expect(message).toContain("'/opt/flink/tls/truststore.jks' inside its own pod");
  expect(message).toContain('OperatorRestTls.fromSecret');
});

test('rest-tls-operator-truststore: no finding with restTls, with internal SSL only, or without a known operator', () => {
  const trusted = operatorApp(operatorTrust());
  new FlinkApplication(trusted.jobs, 'orders', props(tls({ rest: true })));
  expect(() => Testing.synth(trusted.jobs)).not.toThrow();
  const internalOnly = operatorApp();
  new FlinkApplication(internalOnly.jobs, 'orders', props(tls()));
  expect(() => Testing.synth(internalOnly.jobs)).not.toThrow();
  const noOperator = Testing.chart();
  FlinkValidation.suppress(noOperator, 'config-literal-secret', 'accepted for this test');
  new FlinkApplication(noOperator, 'orders', props(tls({ rest: true })));
  expect(() => Testing.synth(noOperator)).not.toThrow();
});

test('OperatorRestTls bad input', () => {
  expect(errorOf(() => OperatorRestTls.fromSecret({ secretName: 'Bad_Name', password: { secretName: 'p', key: 'password' } }))).toContain("'secretName'");
  expect(errorOf(() => OperatorRestTls.fromSecret({ secretName: 'cert' } as any))).toContain("'password'");
  expect(errorOf(() => OperatorRestTls.fromSecret({ secretName: 'cert', password: { secretName: 'p', key: 'bad key' } }))).toContain('password.key');
});

// --- lint of hand-written manifests ------------------------------------------------------------

const handWritten = (config: Record<string, any>, kind = 'FlinkDeployment') => ({
  apiVersion: 'flink.apache.org/v1beta1', kind, metadata: { name: 'secure', namespace: 'streaming' },
  spec: kind === 'FlinkDeployment'
    ? { image: 'flink:2.1', flinkVersion: 'v2_1', serviceAccount: 'flink', flinkConfiguration: config, jobManager: { resource: { memory: '2048m', cpu: 1 } }, taskManager: { resource: { memory: '2048m', cpu: 1 } } }
    : { deploymentName: 'session', job: { jarURI: 'https://repo.example.com/job.jar', parallelism: 1, upgradeMode: 'stateless' }, flinkConfiguration: config },
});

test('ssl-password-placeholder: ${VAR} as an SSL password is reported as the literal text Flink would use', () => {
  const config = { 'security.ssl.internal.enabled': 'true', 'security.ssl.internal.keystore-password': '${SSL_PASSWORD}', 'security.ssl.rest.truststore-password': '$(SSL_PASSWORD)', 'security.ssl.internal.keystore': '${NOT_A_PASSWORD}' };
  for (const kind of ['FlinkDeployment', 'FlinkSessionJob']) {
    const found = lintManifests([handWritten(config, kind)], { operatorVersion: '1.15' }).filter((f) => f.rule === 'ssl-password-placeholder');
    expect(found.map((f) => [f.severity, f.path])).toEqual([
      ['warning', "spec.flinkConfiguration['security.ssl.internal.keystore-password']"],
      ['warning', "spec.flinkConfiguration['security.ssl.rest.truststore-password']"],
    ]);
  }
});

test('config-literal-secret on an SSL password says that Flink has no literal-free route, not to use ${ENV_VAR}', () => {
  const f = lintManifests([handWritten({ 'security.ssl.internal.keystore-password': 'password1234' })], { operatorVersion: '1.15' }).find((x) => x.rule === 'config-literal-secret')!;
  expect(f.fix).toContain('without substituting environment variables');
  expect(f.fix).not.toContain('${ENV_VAR}');
  expect(f.message).not.toContain('password1234');
  const other = lintManifests([handWritten({ 's3.secret-key': 'abcdefgh12345678' })], { operatorVersion: '1.15' }).find((x) => x.rule === 'config-literal-secret')!;
  expect(other.fix).toContain('${ENV_VAR}');
});

test('rest-tls-operator-truststore in lint: reported only for operators known to lack a truststore', () => {
  const m = [handWritten({ 'security.ssl.rest.enabled': 'true', 'security.ssl.rest.truststore': '/opt/flink/tls-cert/truststore.jks' })];
  const rule = (operators?: any[]) => lintManifests(m, { operatorVersion: '1.15', ...(operators ? { operators } : {}) }).filter((f) => f.rule === 'rest-tls-operator-truststore');
  expect(rule()).toEqual([]);
  expect(rule([{ label: 'helm', namespace: 'flink-operator' }])).toEqual([]);
  expect(rule([{ label: 'helm', namespace: 'flink-operator', restTlsTrust: true }])).toEqual([]);
  expect(rule([{ label: 'other', namespace: 'flink-operator', watchNamespaces: ['elsewhere'], restTlsTrust: false }])).toEqual([]);
  const found = rule([{ label: 'helm', namespace: 'flink-operator', restTlsTrust: false }]);
  expect(found.map((f) => [f.severity, f.path])).toEqual([['error', "spec.flinkConfiguration['security.ssl.rest.enabled']"]]);
  expect(found[0].message).toContain("'/opt/flink/tls-cert/truststore.jks'");
});

// --- passwords the 1.x configuration file cannot carry -----------------------------------------

test("ssl-password-truncated: on Flink 1.x a password with '#' or surrounding whitespace is refused at construction, without printing it", () => {
  const chart = Testing.chart();
  const v1 = (password: TlsPassword) => () => new FlinkApplication(chart, `o${Math.random().toString(36).slice(2, 8)}`, {
    ...props(tls({ password })), version: FlinkVersion.V1_20, image: 'flink:1.20',
  });
  const hash = errorOf(v1(TlsPassword.literal('abc#secret-tail')));
  expect(hash).toContain("contains '#'");
  expect(hash).toContain('(ssl-password-truncated)');
  expect(hash).not.toContain('secret-tail');
  expect(errorOf(v1(TlsPassword.literal('ok', { keyPassword: ' padded ' })))).toContain('the key password, redacted');
  // Flink 2.x reads standard YAML: the operator's YAML writer quotes what needs quoting.
  FlinkValidation.suppress(chart, 'config-literal-secret', 'accepted for this test');
  expect(() => new FlinkApplication(chart, 'v2', props(tls({ password: TlsPassword.literal('abc#def') })))).not.toThrow();
});

test('ssl-password-truncated in lint: Flink 1.x deployments only', () => {
  const withVersion = (flinkVersion: string, value: string) => {
    const m = handWritten({ 'security.ssl.internal.keystore-password': value });
    m.spec.flinkVersion = flinkVersion;
    m.spec.image = `flink:${flinkVersion.slice(1).replace('_', '.')}`;
    return lintManifests([m], { operatorVersion: '1.15' }).filter((f) => f.rule === 'ssl-password-truncated');
  };
  const found = withVersion('v1_18', 'pass#word');
  expect(found.map((f) => [f.severity, f.path])).toEqual([['error', "spec.flinkConfiguration['security.ssl.internal.keystore-password']"]]);
  expect(found[0].message).not.toContain('pass#word');
  expect(withVersion('v1_20', 'password ')).toHaveLength(1);
  expect(withVersion('v1_20', 'password')).toEqual([]);
  expect(withVersion('v2_0', 'pass#word')).toEqual([]);
});

test('TlsPassword.literal(\'${VAR}\') synthesizes with an ssl-password-placeholder warning (Flink would use the text)', () => {
  const chart = Testing.chart();
  new FlinkApplication(chart, 'orders', props(tls({ password: TlsPassword.literal('${SSL_PASSWORD}') })));
  Testing.synth(chart);
  const warnings = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('(ssl-password-placeholder)'));
  expect(warnings).toHaveLength(3);
  expect(warnings[0]).toContain('without substituting environment variables');
});
