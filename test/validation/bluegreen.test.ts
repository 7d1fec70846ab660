import { checkSchema, lintManifests } from '../../lib/validation';

/** A valid blue/green resource for operator main, in the shape the operator's docs show. */
function blueGreen(mutate?: (m: any) => void): any {
  const m: any = {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkBlueGreenDeployment',
    metadata: { name: 'orders', namespace: 'flink' },
    spec: {
      configuration: { 'kubernetes.operator.bluegreen.abort.grace-period': '10 min' },
      template: {
        spec: {
          image: 'flink:1.20',
          flinkVersion: 'v1_20',
          serviceAccount: 'flink',
          flinkConfiguration: { 'taskmanager.numberOfTaskSlots': '1' },
          jobManager: { resources: { requests: { memory: '1G', cpu: '1' } } },
          taskManager: { resources: { requests: { memory: '2G', cpu: '1' } } },
          job: { jarURI: 'local:///opt/flink/examples/streaming/StateMachineExample.jar', parallelism: 1, upgradeMode: 'stateless' },
          // Hardened pods (Pod Security 'restricted'), so that the rules under test are the only findings.
          podTemplate: {
            spec: {
              securityContext: { runAsNonRoot: true, runAsUser: 9999, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [{ name: 'flink-main-container', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
            },
          },
        },
      },
    },
  };
  mutate?.(m);
  return m;
}

const lint = (manifests: any[], operatorVersion: '1.15' | 'main' = 'main') =>
  lintManifests(manifests, { operatorVersion, external: { serviceAccounts: ['flink'] } });
const brief = (manifests: any[], operatorVersion: '1.15' | 'main' = 'main') =>
  lint(manifests, operatorVersion).map((f) => [f.rule, f.severity, f.kind, f.path]);

describe('FlinkBlueGreenDeployment lint', () => {
  test('a valid resource passes the rules and the schema', () => {
    expect(lint([blueGreen()])).toEqual([]);
    expect(checkSchema(blueGreen(), 'main')).toEqual([]);
    expect(checkSchema(blueGreen((m) => {
      for (const c of ['jobManager', 'taskManager']) m.spec.template.spec[c] = { resource: { memory: '2g', cpu: 1 } };
    }), '1.15')).toEqual([]);
  });

  test('the schema checks the template too (unknown fields are pruned by the API server)', () => {
    const f = checkSchema(blueGreen((m) => { m.spec.template.spec.jobManagr = {}; }), 'main');
    expect(f.map((x) => [x.rule, x.path])).toEqual([['schema-unknown-field', 'spec.template.spec.jobManagr']]);
  });

  test('every FlinkDeployment rule runs on the template and reports on the parent', () => {
    const m = blueGreen((x) => {
      x.spec.template.spec.job.upgradeMode = 'savepoint';
      delete x.spec.template.spec.serviceAccount;
      x.spec.template.spec.flinkConfiguration['kubernetes.cluster-id'] = 'mine';
    });
    const findings = lint([m]);
    expect(findings.map((f) => [f.rule, f.ref, f.kind, f.name, f.index, f.path])).toEqual([
      ['forbidden-config-key', 'R5', 'FlinkBlueGreenDeployment', 'orders', 0, "spec.template.spec.flinkConfiguration['kubernetes.cluster-id']"],
      ['checkpoint-dir-required', 'R11', 'FlinkBlueGreenDeployment', 'orders', 0, "spec.template.spec.flinkConfiguration['execution.checkpointing.dir']"],
      ['savepoint-dir-required', 'R12', 'FlinkBlueGreenDeployment', 'orders', 0, "spec.template.spec.flinkConfiguration['execution.checkpointing.savepoint-dir']"],
      ['service-account-missing', 'R30', 'FlinkBlueGreenDeployment', 'orders', 0, 'spec.template.spec.serviceAccount'],
    ]);
    expect(findings.every((f) => f.message.startsWith('In the template of the blue/green children (spec.template.spec): '))).toBe(true);
  });

  test('state on file:// needs the volume in both pods, in the template as in a FlinkDeployment', () => {
    const m = blueGreen((x) => {
      const spec = x.spec.template.spec;
      spec.job.upgradeMode = 'last-state';
      Object.assign(spec.flinkConfiguration, {
        'execution.checkpointing.dir': 'file:///opt/flink/volume/cp',
        'execution.checkpointing.savepoint-dir': 'file:///opt/flink/volume/sp',
      });
      spec.jobManager.podTemplate = {
        spec: {
          containers: [{ name: 'flink-main-container', volumeMounts: [{ mountPath: '/opt/flink/volume', name: 'v' }] }],
          volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'state' } }],
        },
      };
    });
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'state', namespace: 'flink' }, spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } } };
    const f = lint([m, pvc]).filter((x) => x.severity === 'error');
    expect(f.map((x) => [x.rule, x.kind, x.path])).toEqual([
      ['state-dir-not-persistent', 'FlinkBlueGreenDeployment', "spec.template.spec.flinkConfiguration['execution.checkpointing.dir']"],
      ['state-dir-not-persistent', 'FlinkBlueGreenDeployment', "spec.template.spec.flinkConfiguration['execution.checkpointing.savepoint-dir']"],
    ]);
    expect(f[0].message).toMatch(/TaskManager/);
  });

  test('bluegreen-name-invalid: at most 39 characters, replacing R1 of the child', () => {
    expect(brief([blueGreen((m) => { m.metadata.name = 'a'.repeat(40); })])).toEqual([
      ['bluegreen-name-invalid', 'error', 'FlinkBlueGreenDeployment', 'metadata.name'],
    ]);
    expect(lint([blueGreen((m) => { m.metadata.name = 'a'.repeat(39); })])).toEqual([]);
    expect(brief([blueGreen((m) => { m.metadata.name = 'Orders'; })])).toEqual([
      ['bluegreen-name-invalid', 'error', 'FlinkBlueGreenDeployment', 'metadata.name'],
    ]);
  });

  test('bluegreen-template-missing: no template spec, or a session cluster template', () => {
    expect(brief([blueGreen((m) => { delete m.spec.template; })])).toEqual([
      ['bluegreen-template-missing', 'error', 'FlinkBlueGreenDeployment', 'spec.template.spec'],
    ]);
    expect(brief([blueGreen((m) => { delete m.spec.template.spec.job; })])).toEqual([
      ['bluegreen-template-missing', 'error', 'FlinkBlueGreenDeployment', 'spec.template.spec.job'],
    ]);
  });

  test('bluegreen-config-invalid: durations parse, unknown keys are a warning', () => {
    const f = lint([blueGreen((m) => {
      m.spec.configuration = {
        'kubernetes.operator.bluegreen.abort.grace-period': 'soon',
        'kubernetes.operator.bluegreen.reconciliation.reschedule-interval': '0 s',
        'kubernetes.operator.bluegreen.deployment-deletion.delay': '0ms',
        'execution.checkpointing.interval': '10 s',
      };
    })]);
    expect(f.map((x) => [x.rule, x.severity, x.path])).toEqual([
      ['bluegreen-config-invalid', 'error', "spec.configuration['kubernetes.operator.bluegreen.abort.grace-period']"],
      ['bluegreen-config-invalid', 'error', "spec.configuration['kubernetes.operator.bluegreen.reconciliation.reschedule-interval']"],
      ['bluegreen-config-invalid', 'warning', "spec.configuration['execution.checkpointing.interval']"],
    ]);
    expect(lint([blueGreen((m) => { m.spec.configuration = { 'kubernetes.operator.bluegreen.abort.grace-period': 'PT10M' }; })])).toEqual([]);
  });

  test('the parent ingress is checked like a FlinkDeployment ingress (R8, R9)', () => {
    expect(brief([blueGreen((m) => { m.spec.ingress = { className: 'nginx' }; })])).toEqual([
      ['ingress-template-missing', 'error', 'FlinkBlueGreenDeployment', 'spec.ingress.template'],
    ]);
    expect(brief([blueGreen((m) => { m.spec.ingress = { template: '{{name}}.example.com:port' }; })])).toEqual([
      ['ingress-template-invalid', 'error', 'FlinkBlueGreenDeployment', 'spec.ingress.template'],
    ]);
  });

  test('upgrade checks compare the template with its previous version', () => {
    const before = blueGreen((m) => { m.spec.template.spec.mode = 'native'; });
    const after = blueGreen((m) => { m.spec.template.spec.mode = 'standalone'; });
    const f = lintManifests([after], { operatorVersion: 'main', previous: [before], external: { serviceAccounts: ['flink'] } });
    expect(f.map((x) => [x.rule, x.kind, x.path])).toEqual([['deployment-mode-change', 'FlinkBlueGreenDeployment', 'spec.template.spec.mode']]);
  });

  test('the pod-security rules run on the template like on a FlinkDeployment, reported on the parent', () => {
    const bare = blueGreen((m) => { delete m.spec.template.spec.podTemplate; });
    expect(brief([bare])).toEqual([
      ['pod-security-restricted', 'warning', 'FlinkBlueGreenDeployment', 'spec.template.spec.podTemplate.spec.containers'],
      ['pod-security-restricted', 'warning', 'FlinkBlueGreenDeployment', 'spec.template.spec.podTemplate.spec.containers'],
      ['pod-security-restricted', 'warning', 'FlinkBlueGreenDeployment', 'spec.template.spec.podTemplate.spec.securityContext.runAsNonRoot'],
      ['pod-security-restricted', 'warning', 'FlinkBlueGreenDeployment', 'spec.template.spec.podTemplate.spec.securityContext.seccompProfile.type'],
    ]);
    const privileged = blueGreen((m) => { m.spec.template.spec.podTemplate.spec.hostNetwork = true; });
    expect(brief([privileged]).filter((f) => f[0] === 'pod-privileged')).toEqual([
      ['pod-privileged', 'error', 'FlinkBlueGreenDeployment', 'spec.template.spec.podTemplate.spec.hostNetwork'],
    ]);
  });

  test('a StateSnapshot cannot target a blue/green resource', () => {
    const snap = {
      apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkStateSnapshot', metadata: { name: 's', namespace: 'flink' },
      spec: { savepoint: { path: 's3://b/sp' }, jobReference: { kind: 'FlinkBlueGreenDeployment', name: 'orders' } },
    };
    const f = lint([blueGreen(), snap]).filter((x) => x.kind === 'FlinkStateSnapshot');
    expect(f.map((x) => [x.rule, x.path])).toEqual([['snapshot-target-not-found', 'spec.jobReference.kind']]);
    expect(f[0].fix).toMatch(/orders-blue/);
  });

  test('resources of another API group with the same kind are left alone', () => {
    expect(lint([blueGreen((m) => { m.apiVersion = 'example.com/v1'; delete m.spec.template; })])).toEqual([]);
  });
});

test('findings about the child metadata are left to the parent (one namespace-not-watched, not two)', () => {
  const f = lintManifests([blueGreen()], {
    operatorVersion: 'main', external: { serviceAccounts: ['flink'] },
    operators: [{ label: 'operator', namespace: 'streaming', watchNamespaces: ['streaming'] }],
  });
  expect(f.map((x) => [x.rule, x.kind, x.path])).toEqual([['namespace-not-watched', 'FlinkBlueGreenDeployment', 'metadata.namespace']]);
  expect(f[0].message).not.toMatch(/template/);
});

test('a literal secret in the template is reported on the parent, its value redacted', () => {
  const f = lint([blueGreen((m) => { m.spec.template.spec.flinkConfiguration['s3.secret-key'] = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY'; })]);
  const secret = f.filter((x) => x.rule === 'config-literal-secret');
  expect(secret.map((x) => [x.kind, x.path])).toEqual([['FlinkBlueGreenDeployment', "spec.template.spec.flinkConfiguration['s3.secret-key']"]]);
  expect(JSON.stringify(f)).not.toContain('wJalrXUtnFEMI');
});
