import { Testing } from 'cdk8s';
import { FlinkServiceAccount } from '../lib';
import { errorOf, only, synth } from './helpers';

describe('FlinkServiceAccount', () => {
  test('grants exactly the operator job role rules', () => {
    const chart = Testing.chart();
    const sa = new FlinkServiceAccount(chart, 'flink');
    const manifests = synth(chart);
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Role', 'RoleBinding', 'ServiceAccount']);
    expect(manifests[2].kind).toBe('RoleBinding'); // after what it binds
    const role = only(manifests, 'Role');
    const granted = new Set<string>();
    for (const rule of role.rules) {
      expect(rule.resourceNames).toBeUndefined();
      expect(rule.nonResourceURLs).toBeUndefined();
      for (const g of rule.apiGroups) for (const r of rule.resources) for (const v of rule.verbs) granted.add(`${g}|${r}|${v}`);
    }
    const verbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
    const expected = new Set<string>();
    for (const [g, r] of [['', 'pods'], ['', 'configmaps'], ['apps', 'deployments'], ['apps', 'deployments/finalizers']]) {
      for (const v of verbs) expected.add(`${g}|${r}|${v}`);
    }
    expect([...granted].sort()).toEqual([...expected].sort());

    const binding = only(manifests, 'RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: sa.serviceAccountName }]);
    expect(only(manifests, 'ServiceAccount').metadata.name).toBe(sa.serviceAccountName);
  });

  test('fromName references an existing account', () => {
    const chart = Testing.chart();
    const sa = FlinkServiceAccount.fromName(chart, 'sa', 'flink');
    expect(sa.serviceAccountName).toBe('flink');
    expect(synth(chart)).toEqual([]);
    expect(errorOf(() => FlinkServiceAccount.fromName(chart, 'bad', 'Flink_SA'))).toBe(
      "[test/bad] 'name' (Flink_SA) is not a valid ServiceAccount name. Fix: use lower case letters, digits, '-' and '.'.");
  });
});
