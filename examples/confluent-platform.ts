import { Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { FlinkApplication, FlinkVersion, JobJar, UpgradeMode } from '../lib';

/**
 * Scenario 6: Confluent Platform for Apache Flink. Confluent's operator (Helm chart
 * `confluentinc/flink-kubernetes-operator`) reads the same FlinkDeployment resource; only the image
 * changes, to Confluent's build of Flink. Its tag is `<flink version>-cp<n>`, and the Flink version
 * in it must match `version` (synth fails otherwise: image-version-mismatch).
 */
export class ConfluentPlatformChart extends Chart {
  public readonly application: FlinkApplication;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.application = new FlinkApplication(this, 'state-machine', {
      version: FlinkVersion.V1_20,
      image: 'confluentinc/cp-flink:1.20.1-cp1',
      jar: JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar'),
      parallelism: 2,
      upgradeMode: UpgradeMode.STATELESS,
      jobManager: { cpu: 1, memory: Size.gibibytes(2) },
      taskManager: { cpu: 1, memory: Size.gibibytes(2), taskSlots: 2 },
    });
  }
}
