import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { FlinkStorage, FlinkVersion } from '../lib';
import { StatefulStateMachine } from './checkpoint-ha-pvc';

/**
 * Scenario 4: the same stateful job on minikube (or kind), where every pod runs on the one node, so a
 * directory of the node can stand in for a shared volume. Never use hostPath on a multi-node cluster:
 * pods on other nodes would see an empty directory (synth warns: state-dir-node-local). The Pod
 * Security Standards forbid hostPath volumes, so these pods cannot run in a namespace that enforces
 * "restricted" or "baseline" (synth warns: pod-security-restricted).
 *
 * The directory is created with mode 0755 owned by root if missing, and fsGroup does not apply to
 * hostPath volumes, so create it for the `flink` user (uid/gid 9999) first:
 *
 *     minikube ssh -- sudo install -d -o 9999 -g 9999 /tmp/flink
 */
export class CheckpointHaMinikubeChart extends Chart {
  public readonly stateMachine: StatefulStateMachine;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.stateMachine = new StatefulStateMachine(this, 'job', {
      // Mounted at /flink-data in the JobManager and TaskManager pods.
      storage: FlinkStorage.hostPath('/tmp/flink'),
      // Flink 1.20: the first version with the `execution.checkpointing.*` key names.
      version: FlinkVersion.V1_20,
      image: 'flink:1.20',
    });
  }
}
