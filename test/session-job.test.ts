import { Testing } from 'cdk8s';
import {
  FlinkApplication, FlinkSessionCluster, FlinkVersion, JobJar, JobState, OperatorVersion, SessionJob, UpgradeMode,
} from '../lib';
import { errorOf, errorsOf, only, synth } from './helpers';

const jar = JobJar.fromUrl('https://repo.example.com/top-speed.jar');
const cluster = (chart = Testing.chart()) => new FlinkSessionCluster(chart, 'sessions', { version: FlinkVersion.V1_20, image: 'flink:1.20' });

describe('SessionJob', () => {
  test('targets its cluster and is ordered after it', () => {
    const c = cluster();
    const chart = c.node.scope as any;
    const job = new SessionJob(chart, 'top-speed', {
      cluster: c, jar, parallelism: 4, entryClass: 'com.example.TopSpeed', args: ['--speed', 'fast'],
      upgradeMode: UpgradeMode.STATELESS, state: JobState.RUNNING,
      flinkConfiguration: { 'pipeline.name': 'top-speed' },
    });
    const manifests = synth(chart);
    const sj = only(manifests, 'FlinkSessionJob');
    expect(sj.metadata.name).toBe(job.name);
    expect(sj.spec).toEqual({
      deploymentName: c.name,
      flinkConfiguration: { 'pipeline.name': 'top-speed' },
      job: {
        jarURI: 'https://repo.example.com/top-speed.jar', entryClass: 'com.example.TopSpeed', args: ['--speed', 'fast'],
        parallelism: 4, upgradeMode: 'stateless', state: 'running',
      },
    });
    expect(job.resource.node.dependencies).toContain(c.resource);
    expect(manifests.indexOf(sj)).toBeGreaterThan(manifests.indexOf(only(manifests, 'FlinkDeployment')));
    expect(errorsOf(manifests, '1.15')).toEqual([]);
  });

  test('an imported cluster is external', () => {
    const chart = Testing.chart();
    const c = FlinkSessionCluster.fromName(chart, 'c', 'shared', { operatorVersion: OperatorVersion.MAIN });
    new SessionJob(chart, 'job', { cluster: c, jar, parallelism: 1 });
    const manifests = synth(chart); // the validation passes: 'shared' is declared external
    expect(only(manifests, 'FlinkSessionJob').spec.deploymentName).toBe('shared');
  });

  test('without parallelism throws', () => {
    expect(errorOf(() => new SessionJob(Testing.chart(), 'job', { cluster: FlinkSessionCluster.fromName(Testing.chart(), 'c', 'x'), jar } as any))).toBe(
      "[test/job] 'parallelism' (undefined) must be a whole number of at least 1 for a session job. Fix: set 'parallelism' to 1 or more.");
  });

  test('parallelism 0 throws', () => {
    expect(errorOf(() => new SessionJob(Testing.chart(), 'job', { cluster: FlinkSessionCluster.fromName(Testing.chart(), 'c', 'x'), jar, parallelism: 0 }))).toBe(
      "[test/job] 'parallelism' (0) must be a whole number of at least 1 for a session job. Fix: set 'parallelism' to 1 or more.");
  });

  test('an application as cluster throws', () => {
    const chart = Testing.chart();
    const app = new FlinkApplication(chart, 'app', { version: FlinkVersion.V1_20, image: 'flink:1.20', jar: JobJar.fromImage('/opt/job.jar') });
    expect(errorOf(() => new SessionJob(chart, 'job', { cluster: app as any, jar, parallelism: 1 }))).toBe(
      "[test/job] 'cluster' (test/app) must be a session cluster (a FlinkApplication runs its own job). Fix: use a FlinkSessionCluster or FlinkSessionCluster.fromName(...).");
  });

  test('a jar inside the image throws', () => {
    const c = cluster();
    expect(errorOf(() => new SessionJob(c.node.scope as any, 'job', { cluster: c, jar: JobJar.fromImage('/opt/job.jar'), parallelism: 1 }))).toBe(
      "[test/job] 'jar' (local:///opt/job.jar) cannot be submitted to a session cluster (the operator downloads session-job jars). Fix: publish the jar and use JobJar.fromUrl('https://...').");
  });

  test('an id with _ throws', () => {
    const c = cluster();
    expect(errorOf(() => new SessionJob(c.node.scope as any, 'top_speed', { cluster: c, jar, parallelism: 1 }))).toMatch(
      /^\[test\/top_speed\] 'id' \(top_speed\) yields the name 'test-top_speed-c8[0-9a-f]{6}', which is not a valid resource name\. Fix: /);
  });
});
