import { Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { FlinkApplication, FlinkVersion, JobJar, UpgradeMode } from '../lib';

/**
 * Scenario 1: the smallest useful application cluster. The stock Flink image already contains the
 * StateMachineExample job, so the jar is referenced inside the image (`local://`).
 */
export class BasicApplicationChart extends Chart {
  public readonly application: FlinkApplication;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.application = new FlinkApplication(this, 'state-machine', {
      // The image tag and `version` must agree: `version` decides the config key names written.
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
      jar: JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar'),
      parallelism: 2,
      // No checkpoints configured, so nothing to carry over: say so explicitly.
      upgradeMode: UpgradeMode.STATELESS,
      jobManager: { cpu: 1, memory: Size.gibibytes(2) },
      taskManager: { cpu: 1, memory: Size.gibibytes(2), taskSlots: 2 },
      // serviceAccount: omitted, so the construct creates a ServiceAccount with the Role the
      // JobManager needs (use FlinkServiceAccount.fromName(this, 'sa', 'flink') to reuse the Helm chart's).
    });
  }
}
