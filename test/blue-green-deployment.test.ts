import { ApiObject, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  CheckpointPolicy, FlinkApplication, FlinkBlueGreenDeployment, FlinkBlueGreenDeploymentProps, FlinkStorage,
  FlinkVersion, JobJar, OperatorVersion, SessionJob, SnapshotTarget, UpgradeMode,
} from '../lib';
import { errorOf, errorsOf, only, synth } from './helpers';

const base = (over: Partial<FlinkBlueGreenDeploymentProps> = {}): FlinkBlueGreenDeploymentProps => ({
  version: FlinkVersion.V2_1,
  image: 'flink:2.1',
  operatorVersion: OperatorVersion.MAIN,
  jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'),
  ...over,
});

describe('FlinkBlueGreenDeployment', () => {
  test('the template is what FlinkApplication renders for the same props', () => {
    const chart = Testing.chart();
    const props = base({ name: 'orders', parallelism: 2, flinkConfiguration: { 'pipeline.name': 'orders' } });
    const bg = new FlinkBlueGreenDeployment(chart, 'orders', props);
    const manifests = synth(chart);
    expect(manifests.map((m) => m.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding', 'FlinkBlueGreenDeployment']);
    const res = only(manifests, 'FlinkBlueGreenDeployment');
    expect(res.apiVersion).toBe('flink.apache.org/v1beta1');
    expect(res.metadata.name).toBe('orders');
    expect(ApiObject.of(bg)).toBe(bg.resource);

    const other = Testing.chart();
    new FlinkApplication(other, 'orders', { ...props });
    const fd = only(synth(other), 'FlinkDeployment');
    expect(res.spec).toEqual({ template: { spec: fd.spec } });
    expect(errorsOf(manifests, 'main')).toEqual([]);
  });

  test('blue/green options as durations, ingress on the parent', () => {
    const chart = Testing.chart();
    const bg = new FlinkBlueGreenDeployment(chart, 'orders', base({
      name: 'orders',
      blueGreen: {
        abortGracePeriod: Duration.minutes(5),
        reconciliationRescheduleInterval: Duration.seconds(10),
        deploymentDeletionDelay: Duration.seconds(0),
      },
      ingress: { template: '{{name}}.{{namespace}}.example.com', className: 'nginx' },
    }));
    const res = only(synth(chart), 'FlinkBlueGreenDeployment');
    expect(res.spec.configuration).toEqual({
      'kubernetes.operator.bluegreen.abort.grace-period': '5 min',
      'kubernetes.operator.bluegreen.reconciliation.reschedule-interval': '10 s',
      'kubernetes.operator.bluegreen.deployment-deletion.delay': '0 ms',
    });
    expect(bg.blueGreenConfiguration).toEqual(res.spec.configuration);
    expect(res.spec.ingress).toEqual({ template: '{{name}}.{{namespace}}.example.com', className: 'nginx' });
    expect(res.spec.template.spec.ingress).toBeUndefined();
  });

  test('storage: the claim is created, mounted in both children, and ordered before the resource', () => {
    const chart = Testing.chart();
    const storage = FlinkStorage.persistentVolumeClaim(chart, 'state', { size: Size.gibibytes(5) });
    new FlinkBlueGreenDeployment(chart, 'orders', base({
      name: 'orders',
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage }),
      upgradeMode: UpgradeMode.SAVEPOINT,
    }));
    const manifests = synth(chart);
    const kinds = manifests.map((m) => m.kind);
    expect(kinds.indexOf('PersistentVolumeClaim')).toBeLessThan(kinds.indexOf('FlinkBlueGreenDeployment'));
    const spec = only(manifests, 'FlinkBlueGreenDeployment').spec.template.spec;
    expect(spec.job.upgradeMode).toBe('savepoint');
    expect(spec.flinkConfiguration['execution.checkpointing.savepoint-dir']).toBe('file:///flink-data/savepoints');
    expect(spec.podTemplate.spec.volumes[0].persistentVolumeClaim.claimName).toBe(only(manifests, 'PersistentVolumeClaim').metadata.name);
    expect(errorsOf(manifests, 'main')).toEqual([]);
  });

  test('addFlinkConfiguration and suspend change the template after construction', () => {
    const chart = Testing.chart();
    const bg = new FlinkBlueGreenDeployment(chart, 'orders', base({ name: 'orders' }));
    bg.addFlinkConfiguration('pipeline.name', 'orders');
    bg.suspend();
    const spec = only(synth(chart), 'FlinkBlueGreenDeployment').spec.template.spec;
    expect(spec.flinkConfiguration).toEqual({ 'pipeline.name': 'orders' });
    expect(spec.job.state).toBe('suspended');
  });

  test('generated names leave room for -green (39 characters)', () => {
    const chart = new Chart(Testing.app(), 'a-rather-long-chart-name-for-the-team');
    const bg = new FlinkBlueGreenDeployment(chart, 'orders-enrichment-pipeline', base());
    expect(bg.name.length).toBeLessThanOrEqual(39);
    expect(errorsOf(synth(chart), 'main')).toEqual([]);
  });

  test('a name over 39 characters is refused', () => {
    const chart = Testing.chart();
    expect(errorOf(() => new FlinkBlueGreenDeployment(chart, 'orders', base({ name: 'a'.repeat(40) }))))
      .toBe(`[test/orders] 'name' (${'a'.repeat(40)}) is not a valid FlinkBlueGreenDeployment name (at most 39 characters, so that the children '<name>-blue' and '<name>-green' stay within 45; lower case letters, digits and '-', starting with a letter and ending with a letter or digit). Fix: choose a shorter name such as 'orders'.`);
    expect(() => new FlinkBlueGreenDeployment(Testing.chart(), 'orders', base({ name: 'a'.repeat(39) }))).not.toThrow();
  });

  test('every application check applies to the template', () => {
    const chart = Testing.chart();
    expect(errorOf(() => new FlinkBlueGreenDeployment(chart, 'orders', base({ name: 'orders', upgradeMode: UpgradeMode.LAST_STATE }))))
      .toMatch(/^\[test\/orders\/Template\] 'upgradeMode' \(last-state\) needs a checkpoint directory\. Fix: /);
    expect(errorOf(() => new FlinkBlueGreenDeployment(Testing.chart(), 'orders', base({ name: 'orders', version: FlinkVersion.V2_3, image: 'flink:2.3', operatorVersion: OperatorVersion.V1_15 }))))
      .toMatch(/'version' \(v2_3\) is not in the FlinkDeployment CRD of operator 1\.15/);
  });

  test('blue/green durations must be positive (the deletion delay may be zero)', () => {
    expect(errorOf(() => new FlinkBlueGreenDeployment(Testing.chart(), 'orders', base({ blueGreen: { abortGracePeriod: Duration.seconds(0) } }))))
      .toBe("[test/orders] 'blueGreen.abortGracePeriod' (0 ms) must be more than zero. Fix: set 'blueGreen.abortGracePeriod' to e.g. Duration.seconds(15).");
    expect(errorOf(() => new FlinkBlueGreenDeployment(Testing.chart(), 'orders', base({ blueGreen: { deploymentDeletionDelay: '2s' as any } }))))
      .toBe("[test/orders] 'blueGreen.deploymentDeletionDelay' (2s) must be a Duration. Fix: use e.g. Duration.minutes(10).");
  });

  test('a StateSnapshot cannot target it, nor a SessionJob run on it', () => {
    const chart = Testing.chart();
    const bg = new FlinkBlueGreenDeployment(chart, 'orders', base({ name: 'orders' }));
    expect(errorOf(() => SnapshotTarget.application(bg as any)))
      .toBe("[SnapshotTarget.application] 'app' (test/orders) is a FlinkBlueGreenDeployment: a snapshot can only target a FlinkDeployment or FlinkSessionJob. Fix: rely on the savepoints the blue/green controller takes on each transition, or use SnapshotTarget.existing(JobKind.FLINK_DEPLOYMENT, 'orders-blue') (or '-green') for the active child.");
    expect(errorOf(() => new SessionJob(chart, 'job', { cluster: bg as any, jar: JobJar.fromUrl('https://example.com/a.jar'), parallelism: 1 })))
      .toMatch(/'cluster' \(test\/orders\) must be a session cluster/);
  });

  test('synth-time checks report the template at the blue/green path', () => {
    const chart = Testing.chart();
    new FlinkBlueGreenDeployment(chart, 'orders', base({ name: 'orders', serviceAccount: undefined }));
    const manifests = synth(chart);
    const bgIndex = manifests.findIndex((m) => m.kind === 'FlinkBlueGreenDeployment');
    manifests[bgIndex].spec.template.spec.job.upgradeMode = 'last-state';
    const errors = errorsOf(manifests, 'main');
    expect(errors.map((f) => [f.rule, f.kind, f.path])).toEqual([
      ['checkpoint-dir-required', 'FlinkBlueGreenDeployment', "spec.template.spec.flinkConfiguration['execution.checkpointing.dir']"],
    ]);
  });
});
