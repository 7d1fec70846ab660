/**
 * FlinkOperator against the operator's official Helm chart (../shared/operator-helm, release
 * 1.15.0): over a matrix of values, `helm template` and the construct render the same resources with
 * the same fields. Helm-only labels and annotations, document order and comments aside; the
 * configuration files are compared as the operator reads them (key -> value, the last one wins).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import {
  FlinkOperator, FlinkOperatorProps, OperatorImage, OperatorRestTls, OperatorLoggingFramework, OperatorSecurityProfile, OperatorWebhook,
} from '../../lib';
import { helmBinary } from './helm';

const SHARED = path.resolve(__dirname, '..', '..', '..', 'shared');
const CHART_SRC = path.join(SHARED, 'operator-helm');
const CRDS = path.join(SHARED, 'crds', 'operator-1.15.0');
const RELEASE = 'flink-operator';

/** One point of the matrix, described once and turned into both construct props and Helm values. */
interface Case {
  readonly name: string;
  readonly namespace?: string;
  readonly watch?: string[];
  readonly webhook?: 'secret' | 'chart-default' | 'validator-only' | 'mutator-only';
  /** Install the CRDs. @default false here (true in the construct). */
  readonly crds?: boolean;
  readonly rbac?: boolean;
  readonly image?: 'confluent' | 'digest' | 'always';
  readonly openshift?: boolean;
  readonly logback?: boolean;
  readonly replicas?: number;
  readonly reconcileSeconds?: number;
  readonly schemes?: string[];
  readonly snapshots?: boolean;
  readonly configuration?: Record<string, string>;
  readonly operatorLog?: Record<string, string>;
  readonly flinkLog?: Record<string, string>;
  readonly resources?: boolean;
  readonly nodes?: boolean;
  readonly metricsPort?: number;
  readonly jvmArgs?: boolean;
  readonly pullSecrets?: string[];
  readonly serviceLabels?: Record<string, string>;
  /** The chart's tls.create: the operator's truststore for Flink REST APIs with SSL. */
  readonly restTls?: boolean;
}

const DIGEST = 'sha256:' + 'ab'.repeat(32);
const SECRET = { secretName: 'webhook-keystore', key: 'password' };
const REST_TLS = { secretName: 'flink-operator-cert', password: { secretName: 'operator-certificate-password', key: 'password' } };

function propsOf(c: Case): FlinkOperatorProps {
  const webhookOptions = { ...(c.serviceLabels ? { serviceLabels: c.serviceLabels } : {}) };
  const webhook = c.webhook === undefined ? undefined
    : c.webhook === 'chart-default' ? OperatorWebhook.withChartDefaultPassword(webhookOptions)
      : OperatorWebhook.enabled({
        keystorePassword: SECRET, ...webhookOptions,
        ...(c.webhook === 'validator-only' ? { mutator: false } : {}),
        ...(c.webhook === 'mutator-only' ? { validator: false } : {}),
      });
  return {
    ...(c.watch ? { watchNamespaces: c.watch } : {}),
    ...(webhook ? { webhook, certManagerInstalled: true } : {}),
    ...(c.crds ? {} : { crds: false }),
    ...(c.rbac === false ? { rbac: false } : {}),
    ...(c.image === 'confluent' ? { image: OperatorImage.confluent('1.15.0-cp1') } : {}),
    ...(c.image === 'digest' ? { image: OperatorImage.of('registry.example.com/flink/operator', { digest: DIGEST }) } : {}),
    ...(c.image === 'always' ? { image: OperatorImage.of('ghcr.io/apache/flink-kubernetes-operator', { tag: '1.15.0', pullPolicy: 'Always' }) } : {}),
    ...(c.openshift ? { securityProfile: OperatorSecurityProfile.OPENSHIFT } : {}),
    ...(c.logback ? { loggingFramework: OperatorLoggingFramework.LOGBACK } : {}),
    ...(c.replicas ? { replicas: c.replicas } : {}),
    ...(c.reconcileSeconds ? { reconcileInterval: Duration.seconds(c.reconcileSeconds) } : {}),
    ...(c.schemes ? { allowedJarSchemes: c.schemes } : {}),
    ...(c.snapshots ? {
      periodicSavepointInterval: Duration.hours(6), periodicCheckpointInterval: Duration.minutes(30),
      savepointHistoryMaxCount: 5, savepointHistoryMaxAge: Duration.days(3),
    } : {}),
    ...(c.configuration ? { configuration: c.configuration } : {}),
    ...(c.operatorLog ? { operatorLogConfiguration: c.operatorLog } : {}),
    ...(c.flinkLog ? { flinkLogConfiguration: c.flinkLog } : {}),
    ...(c.resources ? {
      resources: { cpuRequest: '250m', cpuLimit: '1', memoryRequest: Size.mebibytes(512), memoryLimit: Size.gibibytes(1) },
      webhookResources: { cpuRequest: '100m', memoryLimit: Size.mebibytes(256) },
    } : {}),
    ...(c.nodes ? { nodeListPermission: true } : {}),
    ...(c.metricsPort ? { metricsPort: c.metricsPort } : {}),
    ...(c.jvmArgs ? { operatorJvmArgs: '-Xmx400m', webhookJvmArgs: '-Xmx200m' } : {}),
    ...(c.pullSecrets ? { imagePullSecrets: c.pullSecrets } : {}),
    ...(c.restTls ? { restTls: OperatorRestTls.fromSecret(REST_TLS) } : {}),
  };
}

/** The chart's values for the same case, written from the chart's values.yaml, independently of the construct. */
function valuesOf(c: Case, chartValues: any): any {
  const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
  const pod = c.openshift
    // Helm merges -f values into the chart's (runAsUser/runAsGroup 9999): null removes a key.
    ? { runAsUser: null, runAsGroup: null, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }
    : { runAsUser: 9999, runAsGroup: 9999, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
  const confLines: string[] = [chartValues.defaultConfiguration['flink-conf.yaml']];
  if (c.reconcileSeconds) confLines.push(`kubernetes.operator.reconcile.interval: ${c.reconcileSeconds} s`);
  if (c.schemes) confLines.push(`kubernetes.operator.user.artifacts.allowed-schemes: ${c.schemes.join(';')}`);
  if (c.snapshots) {
    confLines.push('kubernetes.operator.periodic.savepoint.interval: 6 h', 'kubernetes.operator.periodic.checkpoint.interval: 30 min',
      'kubernetes.operator.savepoint.history.max.count: 5', 'kubernetes.operator.savepoint.history.max.age: 72 h');
  }
  for (const [k, v] of Object.entries(c.configuration ?? {})) confLines.push(`${k}: ${v}`);
  if ((c.replicas ?? 1) > 1) {
    confLines.push('kubernetes.operator.leader-election.enabled: true', 'kubernetes.operator.leader-election.lease-name: flink-operator-lease');
  }
  const logLines = (base: string, extra?: Record<string, string>) => [base, ...Object.entries(extra ?? {}).map(([k, v]) => `${k} = ${v}`)].join('\n');
  const image = c.image === 'confluent' ? { repository: 'confluentinc/cp-flink-kubernetes-operator', tag: '1.15.0-cp1' }
    : c.image === 'digest' ? { repository: 'registry.example.com/flink/operator', digest: DIGEST }
      : c.image === 'always' ? { repository: 'ghcr.io/apache/flink-kubernetes-operator', tag: '1.15.0', pullPolicy: 'Always' }
        : { repository: 'ghcr.io/apache/flink-kubernetes-operator', tag: '1.15.0' };
  return {
    watchNamespaces: c.watch ?? [],
    image,
    imagePullSecrets: (c.pullSecrets ?? []).map((name) => ({ name })),
    replicas: c.replicas ?? 1,
    strategy: { type: (c.replicas ?? 1) > 1 ? 'RollingUpdate' : 'Recreate' },
    rbac: { create: c.rbac ?? true, nodesRule: { create: c.nodes ?? false } },
    podSecurityContext: pod,
    operatorSecurityContext: restricted,
    webhookSecurityContext: restricted,
    operatorPod: {
      resources: c.resources ? { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1024Mi' } } : {},
      webhook: { resources: c.resources ? { requests: { cpu: '100m' }, limits: { memory: '256Mi' } } : {} },
    },
    webhook: c.webhook === undefined ? { create: false } : {
      create: true,
      ...(c.webhook === 'validator-only' ? { mutator: { create: false } } : {}),
      ...(c.webhook === 'mutator-only' ? { validator: { create: false } } : {}),
      keystore: c.webhook === 'chart-default'
        ? { useDefaultPassword: true }
        : { useDefaultPassword: false, passwordSecretRef: { name: SECRET.secretName, key: SECRET.key } },
      serviceLabels: c.serviceLabels ?? {},
    },
    defaultConfiguration: {
      'flink-conf.yaml': confLines.join('\n') + '\n',
      'log4j-operator.properties': logLines(chartValues.defaultConfiguration['log4j-operator.properties'], c.operatorLog),
      'log4j-console.properties': logLines(chartValues.defaultConfiguration['log4j-console.properties'], c.flinkLog),
    },
    logging: { framework: c.logback ? 'logback' : 'log4j2' },
    metrics: { port: c.metricsPort ?? null },
    jvmArgs: c.jvmArgs ? { operator: '-Xmx400m', webhook: '-Xmx200m' } : { operator: '', webhook: '' },
    tls: c.restTls
      ? { create: true, secretName: REST_TLS.secretName, secretKeyRef: { name: REST_TLS.password.secretName, key: REST_TLS.password.key } }
      : { create: false },
  };
}

// --- comparison by meaning ---------------------------------------------------------------------

const CLUSTER_SCOPED = ['CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
const HELM_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by'];
const HELM_ANNOTATIONS = ['helm.sh/resource-policy'];

/** key -> value of a flink-conf.yaml (`k: v`) or .properties (`k = v`) text; comments and blanks aside, the last one wins. */
function entriesOf(text: string, separator: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of (text ?? '').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const at = line.indexOf(separator);
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

function xmlOf(text: string): string[] {
  return (text ?? '').replace(/<!--[\s\S]*?-->/g, '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** Helm renders an empty value (`value: {{ "" }}`) as null; both mean the empty string. */
function nullToEmpty(x: any): any {
  if (x === null) return '';
  if (Array.isArray(x)) return x.map(nullToEmpty);
  if (typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, nullToEmpty(v)]));
  return x;
}

function normalize(doc: any): [string, any] {
  const m = nullToEmpty(JSON.parse(JSON.stringify(doc)));
  const meta = m.metadata ?? {};
  if (CLUSTER_SCOPED.includes(m.kind)) delete meta.namespace;
  for (const l of HELM_LABELS) if (meta.labels) delete meta.labels[l];
  for (const a of HELM_ANNOTATIONS) if (meta.annotations) delete meta.annotations[a];
  if (meta.labels && Object.keys(meta.labels).length === 0) delete meta.labels;
  if (meta.annotations && Object.keys(meta.annotations).length === 0) delete meta.annotations;
  if (m.kind === 'ConfigMap') {
    const d = m.data ?? {};
    m.data = {
      'config.yaml': entriesOf(d['config.yaml'], ':'),
      'flink-conf.yaml': entriesOf(d['flink-conf.yaml'], ':'),
      'log4j-operator.properties': entriesOf(d['log4j-operator.properties'], '='),
      'log4j-console.properties': entriesOf(d['log4j-console.properties'], '='),
      'logback-operator.xml': xmlOf(d['logback-operator.xml']),
      'logback-console.xml': xmlOf(d['logback-console.xml']),
    };
  }
  return [`${m.kind} ${meta.namespace ?? '-'}/${meta.name}`, m];
}

function byKey(docs: any[]): Record<string, any> {
  const out: Record<string, any> = {};
  for (const d of docs) {
    if (!d) continue;
    const [k, v] = normalize(d);
    expect(out[k]).toBeUndefined(); // one resource per kind, namespace and name
    out[k] = v;
  }
  return out;
}

// --- the matrix --------------------------------------------------------------------------------

const STRUCTURE: Case[] = [];
// Everything that changes which resources exist: scope, webhook variants, CRDs, RBAC. The CRDs
// (1.2 MB of YAML to parse per case) do not depend on the other values: with and without them once
// per scope.
for (const watch of [undefined, ['ns1', 'ns2'], ['ns1', RELEASE]]) {
  for (const webhook of [undefined, 'secret', 'chart-default', 'validator-only', 'mutator-only'] as const) {
    const crds = webhook === 'secret';
    STRUCTURE.push({ name: `watch=${watch?.join(',') ?? 'all'} webhook=${webhook ?? 'off'} crds=${crds}`, watch, webhook, crds });
  }
  STRUCTURE.push({ name: `watch=${watch?.join(',') ?? 'all'} webhook=off crds=true`, watch, crds: true });
  STRUCTURE.push({ name: `watch=${watch?.join(',') ?? 'all'} rbac=false`, watch, rbac: false, webhook: 'secret' });
  STRUCTURE.push({ name: `watch=${watch?.join(',') ?? 'all'} nodes`, watch, nodes: true });
}

const VALUES: Case[] = [
  { name: 'other release namespace', namespace: 'streaming-ops', watch: ['jobs'], webhook: 'secret' },
  { name: 'Confluent image', image: 'confluent', webhook: 'secret' },
  { name: 'image by digest', image: 'digest', webhook: 'secret' },
  { name: 'pull policy Always', image: 'always' },
  { name: 'OpenShift security profile', openshift: true, webhook: 'secret' },
  { name: 'logback', logback: true, webhook: 'secret' },
  { name: 'replicas with leader election', replicas: 2 },
  { name: 'reconcile interval', reconcileSeconds: 30 },
  { name: 'allowed jar schemes', schemes: ['https', 's3'] },
  { name: 'snapshot settings', snapshots: true },
  { name: 'free configuration', configuration: { 'kubernetes.operator.job.upgrade.last-state-fallback.enabled': 'false', 'taskmanager.numberOfTaskSlots': '2' } },
  { name: 'log configuration', operatorLog: { 'rootLogger.level': 'DEBUG' }, flinkLog: { 'logger.kafka.level': 'WARN' } },
  { name: 'resources', resources: true, webhook: 'secret' },
  { name: 'metrics port', metricsPort: 9999 },
  { name: 'JVM args', jvmArgs: true, webhook: 'secret' },
  { name: 'image pull secrets', pullSecrets: ['regcred', 'mirror'] },
  { name: 'operator REST truststore (tls.create)', restTls: true },
  { name: 'operator REST truststore with the webhook', restTls: true, webhook: 'secret', watch: ['ns1'] },
  { name: 'webhook service labels', webhook: 'secret', serviceLabels: { team: 'data', tier: 'platform' } },
  { name: 'everything at once', watch: ['a', 'b'], webhook: 'secret', image: 'confluent', openshift: true, replicas: 3, reconcileSeconds: 20, schemes: ['https', 'gs'], snapshots: true, resources: true, metricsPort: 9249, jvmArgs: true, operatorLog: { 'rootLogger.level': 'WARN' } },
];

const HAVE_CHART = fs.existsSync(path.join(CHART_SRC, 'Chart.yaml')) && fs.existsSync(CRDS);
const describeChart = HAVE_CHART ? describe : describe.skip;

describeChart('FlinkOperator renders what helm template renders for the official chart', () => {
  let helm: string;
  let chartDir: string;
  let chartValues: any;
  const agreed: string[] = [];

  beforeAll(() => {
    helm = helmBinary();
    // The chart plus its CRDs in crds/, as the released chart ships them.
    chartDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-chart-'));
    fs.cpSync(CHART_SRC, chartDir, { recursive: true });
    fs.mkdirSync(path.join(chartDir, 'crds'), { recursive: true });
    for (const f of fs.readdirSync(CRDS)) fs.copyFileSync(path.join(CRDS, f), path.join(chartDir, 'crds', f));
    chartValues = YAML.parse(fs.readFileSync(path.join(CHART_SRC, 'values.yaml'), 'utf8'));
  });

  afterAll(() => {
    if (chartDir) fs.rmSync(chartDir, { recursive: true, force: true });
    // The agreement, for the record: every case of the matrix that agreed.
    console.log(`FlinkOperator vs helm template: ${agreed.length}/${STRUCTURE.length + VALUES.length} value sets agree`);
  });

  function helmTemplate(c: Case): any[] {
    const valuesFile = path.join(chartDir, 'test-values.yaml');
    fs.writeFileSync(valuesFile, YAML.stringify(valuesOf(c, chartValues)));
    const args = ['template', RELEASE, chartDir, '--namespace', c.namespace ?? RELEASE, '-f', valuesFile];
    if (c.crds) args.push('--include-crds');
    const out = execFileSync(helm, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return YAML.parseAllDocuments(out).map((d) => d.toJS({ maxAliasCount: -1 }));
  }

  function synth(c: Case): any[] {
    const chart = new Chart(Testing.app(), 'install', { namespace: c.namespace ?? RELEASE });
    new FlinkOperator(chart, 'operator', propsOf(c));
    return Testing.synth(chart);
  }

  test.each([...STRUCTURE, ...VALUES].map((c) => [c.name, c]))('%s', (_, c) => {
    const theirs = byKey(helmTemplate(c));
    const ours = byKey(synth(c));
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const k of Object.keys(theirs)) {
      expect({ [k]: ours[k] }).toEqual({ [k]: theirs[k] });
    }
    agreed.push(c.name);
  });
});
