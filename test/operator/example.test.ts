/**
 * examples/operator-install.ts: the operator and the seed's scenarios in one app. It synthesizes
 * with no warning, every Flink resource runs as the operator's job ServiceAccount in the watched
 * namespace, and its output is pinned by a snapshot (the CRDs by name: they are the release's files,
 * checked against them in test:shared).
 */
import { Testing } from 'cdk8s';
import { OperatorInstallChart } from '../../examples/operator-install';

function synth(): any[] {
  return Testing.synth(new OperatorInstallChart(Testing.app(), 'operator-install'));
}

describe('examples/operator-install.ts', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => { warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
  afterEach(() => warn.mockRestore());

  test('synthesizes with no warning', () => {
    synth();
    expect(warn).not.toHaveBeenCalled();
  });

  test('matches the snapshot', () => {
    const docs = synth().map((d) => (d.kind === 'CustomResourceDefinition' ? { kind: d.kind, name: d.metadata.name } : d));
    expect(docs).toMatchSnapshot();
  });

  test('is deterministic', () => {
    expect(JSON.stringify(synth())).toBe(JSON.stringify(synth()));
  });

  test('every Flink deployment runs in the watched namespace as the operator\'s job ServiceAccount', () => {
    const docs = synth();
    const deployments = docs.filter((d) => d.kind === 'FlinkDeployment');
    expect(deployments.length).toBe(3);
    for (const d of deployments) {
      expect(d.metadata.namespace).toBe('streaming');
      expect(d.spec.serviceAccount).toBe('flink');
    }
    expect(docs.filter((d) => d.kind === 'FlinkSessionJob').map((d) => d.metadata.namespace)).toEqual(['streaming']);
    // The job ServiceAccount exists once, in the watched namespace, from the operator.
    expect(docs.filter((d) => d.kind === 'ServiceAccount').map((d) => `${d.metadata.namespace}/${d.metadata.name}`).sort())
      .toEqual(['flink-operator/flink-operator', 'streaming/flink']);
  });

  test('the operator is namespace-scoped with the webhook on', () => {
    const docs = synth();
    expect(docs.filter((d) => d.kind === 'ClusterRole')).toHaveLength(0);
    expect(docs.filter((d) => d.kind === 'Role' && d.metadata.name === 'flink-operator').map((d) => d.metadata.namespace).sort())
      .toEqual(['flink-operator', 'streaming']);
    const validating = docs.find((d) => d.kind === 'ValidatingWebhookConfiguration');
    expect(validating.webhooks[0].namespaceSelector.matchExpressions[0].values).toEqual(['streaming']);
    expect(docs.find((d) => d.kind === 'Certificate').spec.keystores.pkcs12.passwordSecretRef).toEqual({ name: 'flink-webhook-keystore', key: 'password' });
    expect(docs.filter((d) => d.kind === 'Secret')).toHaveLength(0);
  });
});
