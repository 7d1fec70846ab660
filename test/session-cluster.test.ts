import { Duration, Size, Testing } from 'cdk8s';
import {
  CheckpointPolicy, FlinkSessionCluster, FlinkStorage, FlinkVersion, OperatorVersion,
} from '../lib';
import { errorOf, errorsOf, only, synth } from './helpers';

describe('FlinkSessionCluster', () => {
  test.each([OperatorVersion.V1_15, OperatorVersion.MAIN])('a session cluster has no job (operator %s)', (operatorVersion) => {
    const chart = Testing.chart();
    const storage = FlinkStorage.persistentVolumeClaim(chart, 'state', { size: Size.gibibytes(5) });
    const cluster = new FlinkSessionCluster(chart, 'sessions', {
      version: FlinkVersion.V1_19, image: 'flink:1.19', operatorVersion,
      taskManager: { replicas: 2, taskSlots: 4 },
      checkpoints: CheckpointPolicy.every(Duration.minutes(1), { storage }),
    });
    const manifests = synth(chart);
    const fd = only(manifests, 'FlinkDeployment');
    expect(fd.spec.job).toBeUndefined();
    expect(fd.metadata.name).toBe(cluster.sessionClusterName);
    expect(fd.spec.flinkConfiguration['state.checkpoints.dir']).toBe('file:///flink-data/checkpoints');
    expect(fd.spec.flinkConfiguration['taskmanager.numberOfTaskSlots']).toBe('4');
    expect(fd.spec.taskManager.replicas).toBe(2);
    expect(fd.spec.podTemplate.spec.volumes).toHaveLength(1);
    expect(errorsOf(manifests, operatorVersion.id as any)).toEqual([]);
    expect(manifests).toMatchSnapshot();
  });

  test('fromName imports a cluster', () => {
    const chart = Testing.chart();
    const c = FlinkSessionCluster.fromName(chart, 'c', 'shared-sessions', { operatorVersion: OperatorVersion.MAIN });
    expect(c.sessionClusterName).toBe('shared-sessions');
    expect(c.operatorVersion).toBe(OperatorVersion.MAIN);
    expect(errorOf(() => FlinkSessionCluster.fromName(chart, 'd', 'Shared'))).toBe(
      "[test/d] 'name' (Shared) is not a valid FlinkDeployment name (at most 45 characters, lower case letters, digits and '-', starting with a letter). Fix: give the name of the existing session cluster.");
  });

  test('a jar is rejected', () => {
    expect(errorOf(() => new FlinkSessionCluster(Testing.chart(), 's', { version: FlinkVersion.V1_20, image: 'flink:1.20', jar: { uri: 'local:///x.jar' } } as any))).toBe(
      "[test/s] 'jar' (local:///x.jar) is not a prop of a session cluster. Fix: submit the job with a SessionJob, or use FlinkApplication.");
  });
});
