/**
 * The blue/green, autoscaler and reactive-mode examples: one snapshot each, and the facts each
 * example exists to show. Synth itself checks CRD schemas and every validation rule.
 */
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AutoscaledApplicationChart } from '../examples/autoscaled-application';
import { BlueGreenChart } from '../examples/blue-green';
import { ReactiveModeChart } from '../examples/reactive-mode';
import { TlsClusterChart } from '../examples/tls-cluster';
import { TlsSessionClusterChart } from '../examples/tls-session-cluster';
import { applyPolicy } from '../lib/validation/engine';
import { errorsOf, only } from './helpers';

type ChartClass = new (scope: Construct, id: string) => Chart;
const EXAMPLES: Array<[string, ChartClass]> = [
  ['blue-green', BlueGreenChart],
  ['autoscaled-application', AutoscaledApplicationChart],
  ['reactive-mode', ReactiveModeChart],
  ['tls-cluster', TlsClusterChart],
  ['tls-session-cluster', TlsSessionClusterChart],
];

let warn: jest.SpyInstance;
beforeEach(() => { warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
afterEach(() => warn.mockRestore());

const synthOf = (id: string, cls: ChartClass) => Testing.synth(new cls(Testing.app(), id));

describe.each(EXAMPLES)('%s', (id, cls) => {
  test('synthesizes without errors or warnings, deterministically', () => {
    const manifests = synthOf(id, cls);
    expect(warn).not.toHaveBeenCalled();
    // As `npm run synth` checks them (cdk8s.yaml: the plugin at operator 1.15), suppressions applied.
    expect(applyPolicy(manifests, errorsOf(manifests, '1.15')).filter((f) => !f.suppressed && f.severity === 'error')).toEqual([]);
    expect(synthOf(id, cls)).toEqual(manifests);
    expect(manifests).toMatchSnapshot();
  });
});

test('blue-green: one FlinkBlueGreenDeployment, savepoint upgrades on shared storage, the ingress on the parent', () => {
  const bg = only(synthOf('blue-green', BlueGreenChart), 'FlinkBlueGreenDeployment');
  expect(bg.metadata.name.length).toBeLessThanOrEqual(39);
  expect(bg.spec.template.spec.job.upgradeMode).toBe('savepoint');
  expect(bg.spec.template.spec.flinkConfiguration['execution.checkpointing.savepoint-dir']).toMatch(/^s3:\/\//);
  expect(bg.spec.ingress.template).toContain('{{name}}');
  expect(bg.spec.configuration['kubernetes.operator.bluegreen.abort.grace-period']).toBe('5 min');
  // The template gets the default 'restricted' pod profile like any application.
  expect(bg.spec.template.spec.podTemplate.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  expect(bg.spec.template.spec.taskManager.podTemplate.spec.automountServiceAccountToken).toBe(false);
});

test('autoscaled-application: the autoscaler is on, with an explicit alignment mode (the key operator 1.15 reads)', () => {
  const fd = only(synthOf('autoscaled-application', AutoscaledApplicationChart), 'FlinkDeployment');
  expect(fd.spec.flinkConfiguration['job.autoscaler.enabled']).toBe('true');
  expect(fd.spec.flinkConfiguration['job.autoscaler.scaling.key-group.partitions.adjust.mode']).toBe('EVENLY_SPREAD');
  expect(fd.spec.job.upgradeMode).toBe('last-state');
});

test('reactive-mode: standalone, scheduler-mode REACTIVE, an HPA on the scale subresource', () => {
  const manifests = synthOf('reactive-mode', ReactiveModeChart);
  const fd = only(manifests, 'FlinkDeployment');
  expect(fd.spec.mode).toBe('standalone');
  expect(fd.spec.flinkConfiguration['scheduler-mode']).toBe('REACTIVE');
  expect(fd.spec.taskManager.podTemplate.metadata.labels).toEqual({ 'app.example.com/role': 'worker' });
  // The role labels are the TaskManagers' only (the JobManager template carries only its token setting).
  expect(fd.spec.jobManager.podTemplate?.metadata).toBeUndefined();
  // Kubernetes HA: both roles watch the HA ConfigMaps, so both keep their token.
  expect(fd.spec.jobManager.podTemplate.spec.automountServiceAccountToken).toBe(true);
  expect(fd.spec.taskManager.podTemplate.spec.automountServiceAccountToken).toBe(true);
  const hpa = only(manifests, 'HorizontalPodAutoscaler');
  expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', name: fd.metadata.name });
});

test('tls-cluster: internal SSL from the Secret; the literal passwords are suppressed explicitly, with the reason', () => {
  const manifests = synthOf('tls-cluster', TlsClusterChart);
  const fd = only(manifests, 'FlinkDeployment');
  expect(fd.spec.flinkConfiguration['kubernetes.secrets']).toBe('orders-tls:/opt/flink/tls');
  expect(fd.spec.flinkConfiguration['security.ssl.internal.enabled']).toBe('true');
  expect(fd.metadata.annotations['cdk8s-flink.io/suppress']).toContain('config-literal-secret');
  const raw = errorsOf(manifests, '1.15').filter((f) => f.rule === 'config-literal-secret');
  expect(raw.length).toBe(3);
  expect(applyPolicy(manifests, raw).every((f) => f.suppressed)).toBe(true);
});

test('tls-session-cluster: internal and REST SSL on the session cluster, the operator trusts it from its own Secret, the job carries no SSL keys', () => {
  const manifests = synthOf('tls-session-cluster', TlsSessionClusterChart);
  const fd = only(manifests, 'FlinkDeployment');
  expect(fd.spec.job).toBeUndefined();
  expect(fd.spec.flinkConfiguration['security.ssl.internal.enabled']).toBe('true');
  expect(fd.spec.flinkConfiguration['security.ssl.rest.enabled']).toBe('true');
  expect(fd.spec.flinkConfiguration['kubernetes.secrets']).toBe('sessions-tls:/opt/flink/tls');
  const job = only(manifests, 'FlinkSessionJob');
  expect(Object.keys(job.spec.flinkConfiguration ?? {}).some((k) => k.startsWith('security.'))).toBe(false);
  const operator = manifests.find((m) => m.kind === 'Deployment').spec.template.spec;
  expect(operator.volumes).toContainEqual({ name: 'flink-operator-cert-secret', secret: { secretName: 'flink-operator-cert', optional: true } });
  expect(manifests.some((m) => m.kind === 'CustomResourceDefinition')).toBe(false);
  // Only the cluster's six literal passwords, each suppressed with the reason.
  const raw = errorsOf(manifests, '1.15');
  expect(raw.map((f) => f.rule)).toEqual(Array(6).fill('config-literal-secret'));
  expect(applyPolicy(manifests, raw).every((f) => f.suppressed)).toBe(true);
});
