import { Chart, Duration, Size, Testing } from 'cdk8s';
import {
  FlinkOperator, FlinkOperatorProps, FlinkValidation, OperatorImage, OperatorSecurityProfile, OperatorVersion, OperatorWebhook,
} from '../../lib';
import { errorOf } from '../helpers';

const SECRET = { secretName: 'webhook-keystore', key: 'password' };

function install(props: FlinkOperatorProps = {}, namespace: string = 'flink-operator'): any[] {
  const chart = new Chart(Testing.app(), 'install', namespace ? { namespace } : {});
  new FlinkOperator(chart, 'operator', props);
  return Testing.synth(chart);
}

const find = (docs: any[], kind: string, name?: string, namespace?: string) =>
  docs.filter((d) => d.kind === kind && (name === undefined || d.metadata.name === name) && (namespace === undefined || d.metadata.namespace === namespace));
const deployment = (docs: any[]) => find(docs, 'Deployment', 'flink-kubernetes-operator')[0];
const confOf = (docs: any[]): Record<string, string> => {
  const text: string = find(docs, 'ConfigMap', 'flink-operator-config')[0].data['flink-conf.yaml'];
  const out: Record<string, string> = {};
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    const at = line.indexOf(':');
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
};

describe('FlinkOperator', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => { warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
  afterEach(() => warn.mockRestore());

  test('defaults: cluster-wide RBAC, the pinned Apache image, the four CRDs, no webhook', () => {
    const docs = install();
    expect(find(docs, 'CustomResourceDefinition').map((d) => d.metadata.name)).toEqual([
      'flinkbluegreendeployments.flink.apache.org', 'flinkdeployments.flink.apache.org',
      'flinksessionjobs.flink.apache.org', 'flinkstatesnapshots.flink.apache.org',
    ]);
    expect(find(docs, 'ClusterRole', 'flink-operator')).toHaveLength(1);
    expect(find(docs, 'ClusterRoleBinding', 'flink-operator-role-binding')).toHaveLength(1);
    // Cluster-scoped objects carry no namespace even in a chart with one.
    for (const d of [...find(docs, 'CustomResourceDefinition'), ...find(docs, 'ClusterRole'), ...find(docs, 'ClusterRoleBinding')]) {
      expect(d.metadata.namespace).toBeUndefined();
    }
    expect(find(docs, 'ServiceAccount', 'flink', 'flink-operator')).toHaveLength(1);
    const containers = deployment(docs).spec.template.spec.containers;
    expect(containers.map((c: any) => c.name)).toEqual(['flink-kubernetes-operator']);
    expect(containers[0].image).toBe('ghcr.io/apache/flink-kubernetes-operator:1.15.0');
    expect(find(docs, 'Secret')).toHaveLength(0);
    expect(find(docs, 'Certificate')).toHaveLength(0);
    expect(confOf(docs)['kubernetes.operator.reconcile.interval']).toBe('15 s');
    expect(warn).not.toHaveBeenCalled();
  });

  test('crds: false leaves the CRDs out', () => {
    expect(find(install({ crds: false }), 'CustomResourceDefinition')).toHaveLength(0);
  });

  test('secure by default: the restricted profile on the pod and every container', () => {
    const docs = install({ webhook: OperatorWebhook.enabled({ keystorePassword: SECRET }), certManagerInstalled: true });
    const spec = deployment(docs).spec.template.spec;
    expect(spec.securityContext).toEqual({ runAsUser: 9999, runAsGroup: 9999, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers).toHaveLength(2);
    for (const c of spec.containers) {
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    }
  });

  test('the OpenShift profile fixes no user or group ids', () => {
    const spec = deployment(install({ securityProfile: OperatorSecurityProfile.OPENSHIFT })).spec.template.spec;
    expect(spec.securityContext.runAsUser).toBeUndefined();
    expect(spec.securityContext.runAsGroup).toBeUndefined();
    expect(spec.securityContext.runAsNonRoot).toBe(true);
    expect(spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('the webhook reads its keystore password from the given Secret; the chart default only when asked', () => {
    const docs = install({ webhook: OperatorWebhook.enabled({ keystorePassword: SECRET }), certManagerInstalled: true });
    expect(find(docs, 'Secret')).toHaveLength(0);
    expect(find(docs, 'Certificate')[0].spec.keystores.pkcs12.passwordSecretRef).toEqual({ name: 'webhook-keystore', key: 'password' });
    const hook = deployment(docs).spec.template.spec.containers[1];
    expect(hook.env.find((e: any) => e.name === 'WEBHOOK_KEYSTORE_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'webhook-keystore', key: 'password' });

    const chartDefault = install({ webhook: OperatorWebhook.withChartDefaultPassword(), certManagerInstalled: true });
    expect(find(chartDefault, 'Secret', 'flink-operator-webhook-secret')).toHaveLength(1);
  });

  test('replicas > 1 turn on leader election and rolling updates', () => {
    const docs = install({ replicas: 2 });
    expect(deployment(docs).spec.replicas).toBe(2);
    expect(deployment(docs).spec.strategy).toEqual({ type: 'RollingUpdate' });
    expect(confOf(docs)['kubernetes.operator.leader-election.enabled']).toBe('true');
    expect(confOf(docs)['kubernetes.operator.leader-election.lease-name']).toBe('flink-operator-lease');
    const single = install();
    expect(deployment(single).spec.strategy).toEqual({ type: 'Recreate' });
    expect(confOf(single)['kubernetes.operator.leader-election.enabled']).toBeUndefined();
  });

  test('typed configuration and the free map land in flink-conf.yaml, which the pod mounts', () => {
    const docs = install({
      reconcileInterval: Duration.seconds(30), allowedJarSchemes: ['https', 's3'],
      periodicSavepointInterval: Duration.hours(6), savepointHistoryMaxCount: 5,
      configuration: { 'kubernetes.operator.job.upgrade.last-state-fallback.enabled': 'false' },
    });
    const conf = confOf(docs);
    expect(conf['kubernetes.operator.reconcile.interval']).toBe('30 s');
    expect(conf['kubernetes.operator.user.artifacts.allowed-schemes']).toBe('https;s3');
    expect(conf['kubernetes.operator.periodic.savepoint.interval']).toBe('6 h');
    expect(conf['kubernetes.operator.savepoint.history.max.count']).toBe('5');
    expect(conf['kubernetes.operator.job.upgrade.last-state-fallback.enabled']).toBe('false');
    const volume = deployment(docs).spec.template.spec.volumes.find((v: any) => v.name === 'flink-operator-config-volume');
    expect(volume.configMap.items.map((i: any) => i.key)).toContain('flink-conf.yaml');
  });

  test('with a webhook and no cert-manager declared, synth warns', () => {
    install({ webhook: OperatorWebhook.enabled({ keystorePassword: SECRET }) });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[install\/operator\] .*cert-manager.*Fix: .*certManagerInstalled: true/));
  });

  test('under strict validation, the missing cert-manager fails synth instead', () => {
    const chart = new Chart(Testing.app(), 'install', { namespace: 'flink-operator' });
    FlinkValidation.configure(chart, { strict: true });
    new FlinkOperator(chart, 'operator', { webhook: OperatorWebhook.enabled({ keystorePassword: SECRET }) });
    expect(errorOf(() => Testing.synth(chart))).toMatch(/\[install\/operator\] The webhook's Issuer and Certificate need cert-manager/);
    expect(warn).not.toHaveBeenCalled();
  });

  test('output is deterministic', () => {
    const props = { watchNamespaces: ['a', 'b'], webhook: OperatorWebhook.enabled({ keystorePassword: SECRET }), certManagerInstalled: true };
    expect(JSON.stringify(install(props))).toBe(JSON.stringify(install(props)));
  });

  describe('bad input names the construct, the prop and the fix', () => {
    test.each<[string, () => unknown, RegExp]>([
      ['watched namespace not a DNS label', () => install({ watchNamespaces: ['Flink_Jobs'] }),
        /^\[install\/operator\] 'watchNamespaces' \(Flink_Jobs\) is not a namespace name \(a DNS label\)\. Fix: /],
      ['image without a tag or digest', () => OperatorImage.of('ghcr.io/apache/flink-kubernetes-operator', {}),
        /^\[OperatorImage\] 'tag' \(undefined\) is missing for image ghcr\.io\/apache\/flink-kubernetes-operator.*Fix: pin it with 'tag'/],
      ['a repository with a tag in it', () => OperatorImage.of('ghcr.io/apache/flink-kubernetes-operator:latest', { tag: '1.15.0' }),
        /^\[OperatorImage\] 'repository' .* is not an image repository\. Fix: /],
      ['webhook without a keystore password', () => install({ webhook: OperatorWebhook.enabled({}) }),
        /^\[install\/operator\] 'webhook\.keystorePassword' \(undefined\) is not a Secret key.*Fix: pass OperatorWebhook\.enabled\(\{ keystorePassword: /],
      ['no namespace anywhere', () => install({}, ''),
        /^\[install\/operator\] 'namespace' \(undefined\) is not set and the chart has no namespace\. Fix: /],
      ['an operator release it cannot install', () => install({ operatorVersion: OperatorVersion.MAIN }),
        /^\[install\/operator\] 'operatorVersion' \(main\) cannot be installed.*Fix: use OperatorVersion\.V1_15/],
      ['an unknown operator key', () => install({ configuration: { 'kubernetes.operator.reconcile.intervall': '10 s' } }),
        /^\[install\/operator\] 'configuration' \(kubernetes\.operator\.reconcile\.intervall\) is not an operator configuration key.*Fix: did you mean 'kubernetes\.operator\.reconcile\.interval'/],
      ['a key the construct sets', () => install({ configuration: { 'kubernetes.operator.watched.namespaces': 'a' } }),
        /'configuration' \(kubernetes\.operator\.watched\.namespaces\) is set by the construct itself\. Fix: set 'watchNamespaces' instead/],
      ['zero replicas', () => install({ replicas: 0 }), /'replicas' \(0\) is not a whole number of at least 1/],
      ['memory that is not whole mebibytes', () => install({ resources: { memoryLimit: Size.kibibytes(100) } }),
        /'resources\.memoryLimit' \(0\.09765625 MiB\) is not a whole number of mebibytes/],
      ['a CPU that is no quantity', () => install({ resources: { cpuRequest: 'lots' } }), /'resources\.cpuRequest' \(lots\) is not a CPU quantity/],
    ])('%s', (_, fn, expected) => {
      expect(errorOf(fn)).toMatch(expected);
    });

    test('two operators watching the same namespace', () => {
      const chart = new Chart(Testing.app(), 'install', { namespace: 'ops' });
      new FlinkOperator(chart, 'a', { watchNamespaces: ['jobs', 'etl'] });
      expect(errorOf(() => new FlinkOperator(chart, 'b', { namespace: 'ops-b', watchNamespaces: ['etl'] }))).toMatch(
        /^\[install\/b\] 'watchNamespaces' \(\["etl"\]\) overlaps the FlinkOperator at install\/a in namespace etl.*Fix: give each operator its own watchNamespaces/);
    });

    test('a cluster-wide operator next to any other', () => {
      const chart = new Chart(Testing.app(), 'install', { namespace: 'ops' });
      new FlinkOperator(chart, 'a', { watchNamespaces: ['jobs'] });
      expect(errorOf(() => new FlinkOperator(chart, 'b', { namespace: 'ops-b' }))).toMatch(/\[install\/b\] 'watchNamespaces' .*overlaps the FlinkOperator at install\/a/);
    });
  });
});
