import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Autoscaler, CheckpointPolicy, FlinkApplication, FlinkStorage, FlinkVersion, JobJar, ParallelismAlignment,
  UpgradeMode,
} from '../lib';

/**
 * Scenario: an application the operator's autoscaler sizes. It scales each vertex between 1 and 32
 * to keep it 70 % busy, never in the nightly batch window. Its alignment mode is explicit, so it
 * keeps EVENLY_SPREAD across the operator 1.16 upgrade (whose default becomes BALANCED): on operator
 * 1.15 it is written as `scaling.key-group.partitions.adjust.mode`, on 1.16 as
 * `scaling.parallelism-alignment.mode`.
 */
export class AutoscaledApplicationChart extends Chart {
  public readonly application: FlinkApplication;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const state = FlinkStorage.objectStore('s3://flink-state/clicks');
    this.application = new FlinkApplication(this, 'clicks', {
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
      jar: JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar'),
      parallelism: 4,
      // Rescaling restarts the job from its last checkpoint.
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage: state }),
      upgradeMode: UpgradeMode.LAST_STATE,
      jobManager: { cpu: 1, memory: Size.gibibytes(2) },
      taskManager: { cpu: 1, memory: Size.gibibytes(4), taskSlots: 2 },
      autoscaler: Autoscaler.enabled({
        utilizationTarget: 0.7,
        metricsWindow: Duration.minutes(10),
        stabilizationInterval: Duration.minutes(5),
        scaleDownMaxFactor: 0.5,
        vertexMinParallelism: 1,
        vertexMaxParallelism: 32,
        excludedPeriods: ['01:00-03:00'],
        alignmentMode: ParallelismAlignment.EVENLY_SPREAD,
      }),
    });
  }
}
