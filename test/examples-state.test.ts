/**
 * The state lifecycle examples: examples/savepoint-redeploy.ts (two steps) and
 * examples/adopt-savepoint.ts. Synth checks CRD schemas and every rule; these tests pin the facts each
 * example exists to show, plus one snapshot per chart.
 */
import { Testing } from 'cdk8s';
import { AdoptSavepointChart } from '../examples/adopt-savepoint';
import { SavepointRedeployChart, SavepointStep } from '../examples/savepoint-redeploy';
import { errorOf, errorsOf, only } from './helpers';

const SAVEPOINT = 'file:///flink-data/savepoints/savepoint-1a2b3c-4d5e6f708192';

describe('examples/savepoint-redeploy', () => {
  test('step 1: the job and a savepoint of it, the savepoint after the job', () => {
    const manifests = Testing.synth(new SavepointRedeployChart(Testing.app(), 'savepoint-redeploy'));
    const d = only(manifests, 'FlinkDeployment');
    const s = only(manifests, 'FlinkStateSnapshot');
    expect(s.spec).toEqual({
      backoffLimit: 2, jobReference: { kind: 'FlinkDeployment', name: 'state-machine' }, savepoint: { disposeOnDelete: false },
    });
    expect(d.spec.job.upgradeMode).toBe('savepoint');
    expect(d.spec.job.initialSavepointPath).toBeUndefined();
    expect(d.spec.flinkConfiguration['execution.checkpointing.savepoint-dir']).toBe('file:///flink-data/savepoints');
    expect(manifests.indexOf(s)).toBeGreaterThan(manifests.indexOf(d));
    expect(errorsOf(manifests, '1.15')).toEqual([]);
    expect(manifests).toMatchSnapshot();
  });

  test('step 2: redeploy from the savepoint; the snapshot stays as it was', () => {
    const step1 = Testing.synth(new SavepointRedeployChart(Testing.app(), 'savepoint-redeploy'));
    const manifests = Testing.synth(new SavepointRedeployChart(Testing.app(), 'savepoint-redeploy', {
      step: SavepointStep.REDEPLOY, savepointPath: SAVEPOINT,
    }));
    const d = only(manifests, 'FlinkDeployment');
    expect(d.spec.job).toMatchObject({ initialSavepointPath: SAVEPOINT, savepointRedeployNonce: 1 });
    expect(only(manifests, 'FlinkStateSnapshot')).toEqual(only(step1, 'FlinkStateSnapshot'));
    // Only the job's restore fields change between the steps.
    const before = only(step1, 'FlinkDeployment');
    expect({ ...d, spec: { ...d.spec, job: { ...d.spec.job, initialSavepointPath: undefined, savepointRedeployNonce: undefined } } })
      .toEqual({ ...before, spec: { ...before.spec, job: { ...before.spec.job, initialSavepointPath: undefined, savepointRedeployNonce: undefined } } });
    expect(errorsOf(manifests, '1.15')).toEqual([]);
    expect(manifests).toMatchSnapshot();
  });

  test('step 2 without the savepoint path throws', () => {
    expect(errorOf(() => new SavepointRedeployChart(Testing.app(), 'x', { step: SavepointStep.REDEPLOY }))).toBe(
      "[x] 'savepointPath' (undefined) is required for step REDEPLOY. Fix: read it with 'kubectl get flinkstatesnapshot state-machine-savepoint -o jsonpath={.status.path}'.");
  });
});

describe('examples/adopt-savepoint', () => {
  test('an adopted savepoint, and the job restoring from it after it', () => {
    const manifests = Testing.synth(new AdoptSavepointChart(Testing.app(), 'adopt-savepoint'));
    const s = only(manifests, 'FlinkStateSnapshot');
    const d = only(manifests, 'FlinkDeployment');
    const path = 'file:///flink-data/savepoints/savepoint-45305c-d867504446e0';
    expect(s.spec).toEqual({ savepoint: { alreadyExists: true, disposeOnDelete: false, path } });
    expect(d.spec.job.initialSavepointPath).toBe(path);
    expect(d.spec.flinkConfiguration).toMatchObject({
      'kubernetes.operator.periodic.savepoint.interval': '6 h',
      'kubernetes.operator.savepoint.history.max.count': '5',
    });
    expect(manifests.indexOf(s)).toBeLessThan(manifests.indexOf(d));
    expect(errorsOf(manifests, '1.15', { persistentVolumeClaims: ['flink-state'] })).toEqual([]);
    expect(manifests).toMatchSnapshot();
  });
});

test('both charts synthesize together in one app (as in examples/main.ts)', () => {
  const app = Testing.app();
  new SavepointRedeployChart(app, 'savepoint-redeploy');
  new AdoptSavepointChart(app, 'adopt-savepoint');
  expect(() => app.synth()).not.toThrow();
});
