/**
 * The facts the operator's Helm chart pins in its own unit tests (tests/ of the chart: cert-manager,
 * flink, rbac, webhook suites), checked on FlinkOperator. Release name and namespace
 * `flink-operator`, as in those suites. Helm's `documentIndex` (document order) has no counterpart
 * here: the facts are that the resources exist, with these names and fields.
 */
import { Chart, Testing } from 'cdk8s';
import { FlinkOperator, FlinkOperatorProps, OperatorWebhook, OperatorWebhookOptions } from '../../lib';

const NS = 'flink-operator';
const SECRET = { secretName: 'webhook-keystore', key: 'password' };
const webhook = (o: OperatorWebhookOptions = {}) => OperatorWebhook.enabled({ keystorePassword: SECRET, ...o });

function render(props: FlinkOperatorProps = {}): any[] {
  const chart = new Chart(Testing.app(), 'chart', { namespace: NS });
  new FlinkOperator(chart, 'operator', { certManagerInstalled: true, ...props });
  return Testing.synth(chart);
}

function documents(docs: any[], apiVersion: string, kind: string, name?: string, namespace?: string): any[] {
  return docs.filter((d) => d.apiVersion === apiVersion && d.kind === kind
    && (name === undefined || d.metadata.name === name) && (namespace === undefined || d.metadata.namespace === namespace));
}

const RBAC = 'rbac.authorization.k8s.io/v1';

describe('cert-manager suites', () => {
  test('certificate: created', () => {
    expect(documents(render({ webhook: webhook() }), 'cert-manager.io/v1', 'Certificate', 'flink-operator-serving-cert')).toHaveLength(1);
  });
  test('certificate: uses the self-signed issuer', () => {
    const [cert] = documents(render({ webhook: webhook() }), 'cert-manager.io/v1', 'Certificate');
    expect(cert.spec.issuerRef).toEqual({ kind: 'Issuer', name: 'flink-operator-selfsigned-issuer' });
  });
  test('issuer: a self-signed Issuer is created', () => {
    const [issuer] = documents(render({ webhook: webhook() }), 'cert-manager.io/v1', 'Issuer', 'flink-operator-selfsigned-issuer');
    expect(issuer.spec).toEqual({ selfSigned: {} });
  });
});

describe('flink suites (job Role and RoleBinding)', () => {
  test('role: none without RBAC', () => {
    expect(documents(render({ rbac: false }), RBAC, 'Role')).toHaveLength(0);
  });
  test.each(['ns1', 'ns2'])('role: created in watched namespace %s', (ns) => {
    expect(documents(render({ watchNamespaces: ['ns1', 'ns2'] }), RBAC, 'Role', 'flink', ns)).toHaveLength(1);
  });
  test('role binding: none without RBAC', () => {
    expect(documents(render({ rbac: false }), RBAC, 'RoleBinding')).toHaveLength(0);
  });
  test.each(['ns1', 'ns2'])('role binding: created in watched namespace %s', (ns) => {
    expect(documents(render({ watchNamespaces: ['ns1', 'ns2'] }), RBAC, 'RoleBinding', 'flink-role-binding', ns)).toHaveLength(1);
  });
});

describe('rbac suites (operator ClusterRoleBinding and Role)', () => {
  test('cluster role binding: none without RBAC', () => {
    expect(documents(render({ rbac: false }), RBAC, 'ClusterRoleBinding')).toHaveLength(0);
  });
  test('cluster role binding: binds the ClusterRole to the operator ServiceAccount', () => {
    const [binding] = documents(render(), RBAC, 'ClusterRoleBinding', 'flink-operator-role-binding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'flink-operator' });
    expect(binding.subjects).toContainEqual({ kind: 'ServiceAccount', name: 'flink-operator', namespace: 'flink-operator' });
  });
  test('role: none without RBAC', () => {
    expect(documents(render({ rbac: false, watchNamespaces: ['ns1'] }), RBAC, 'Role')).toHaveLength(0);
  });
  test.each(['ns1', 'ns2'])('role: operator Role in watched namespace %s', (ns) => {
    expect(documents(render({ watchNamespaces: ['ns1', 'ns2'] }), RBAC, 'Role', 'flink-operator', ns)).toHaveLength(1);
  });
  test('role: operator Role in its own namespace when that is not watched', () => {
    expect(documents(render({ watchNamespaces: ['ns1', 'ns2'] }), RBAC, 'Role', 'flink-operator', NS)).toHaveLength(1);
  });
});

describe('webhook suites', () => {
  const MUTATING = 'admissionregistration.k8s.io/v1';
  test('mutating webhook configuration: none when the mutator is off', () => {
    expect(documents(render({ webhook: webhook({ mutator: false }) }), MUTATING, 'MutatingWebhookConfiguration')).toHaveLength(0);
  });
  test('mutating webhook configuration: created when on, named after the namespace', () => {
    expect(documents(render({ webhook: webhook({ mutator: true }) }), MUTATING, 'MutatingWebhookConfiguration',
      'flink-operator-flink-operator-webhook-configuration')).toHaveLength(1);
  });
  test('mutating webhook configuration: a namespace selector for the watched namespaces', () => {
    const [config] = documents(render({ watchNamespaces: ['ns1', 'ns2'], webhook: webhook() }), MUTATING, 'MutatingWebhookConfiguration');
    const hook = config.webhooks.find((w: any) => w.name === 'mutationwebhook.flink.apache.org');
    expect(hook.namespaceSelector.matchExpressions).toContainEqual({ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ns1', 'ns2'] });
  });
  test('service: created with the validator', () => {
    expect(documents(render({ webhook: webhook({ validator: true }) }), 'v1', 'Service', 'flink-operator-webhook-service', NS)).toHaveLength(1);
  });
  test('service: created for the webhook when the validator is off', () => {
    expect(documents(render({ webhook: webhook({ validator: false }) }), 'v1', 'Service', 'flink-operator-webhook-service', NS)).toHaveLength(1);
  });
  test('service: carries the service labels', () => {
    const [service] = documents(render({ webhook: webhook({ serviceLabels: { key1: 'value1', key2: 'value2' } }) }), 'v1', 'Service');
    expect(service.metadata.labels.key1).toBe('value1');
    expect(service.metadata.labels.key2).toBe('value2');
  });
});
