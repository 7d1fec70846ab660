import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  CheckpointPolicy, DeploymentMode, FlinkApplication, FlinkStorage, FlinkVersion, HaStorage, JobJar,
  UpgradeMode,
} from '../lib';

/**
 * Scenario: a reactive-mode application scaled by a HorizontalPodAutoscaler. In reactive mode
 * (standalone application clusters only) the job always runs with every slot of the cluster; the
 * HPA changes `spec.taskManager.replicas` through the FlinkDeployment's scale subresource (every
 * operator release has it), and the job rescales from its last checkpoint.
 */
export class ReactiveModeChart extends Chart {
  public readonly application: FlinkApplication;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const state = FlinkStorage.objectStore('s3://flink-state/sessions');
    this.application = new FlinkApplication(this, 'sessions', {
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
      mode: DeploymentMode.STANDALONE,
      reactiveMode: true,
      jar: JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar'),
      checkpoints: CheckpointPolicy.every(Duration.seconds(10), { storage: state }),
      ha: HaStorage.kubernetes({ storage: state }),
      upgradeMode: UpgradeMode.SAVEPOINT,
      jobManager: { cpu: 1, memory: Size.gibibytes(2) },
      // The starting size; the HPA owns it afterwards. Labels only on TaskManager pods, for dashboards.
      taskManager: { cpu: 1, memory: Size.gibibytes(2), taskSlots: 2, replicas: 2, podLabels: { 'app.example.com/role': 'worker' } },
    });

    new kplus.k8s.KubeHorizontalPodAutoscalerV2(this, 'hpa', {
      metadata: { name: this.application.name },
      spec: {
        scaleTargetRef: { apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', name: this.application.name },
        minReplicas: 1,
        maxReplicas: 8,
        metrics: [{
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        }],
      },
    });
  }
}
