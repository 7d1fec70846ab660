import { Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { FlinkApplication, FlinkVersion, ImagePullPolicy, JobJar, UpgradeMode } from '../lib';

/**
 * Scenario 5: application mode with your own image. The job jar is baked into the image under
 * $FLINK_HOME/usrlib, where Flink puts it on the user classpath:
 *
 *     FROM flink:2.2
 *     RUN mkdir -p $FLINK_HOME/usrlib
 *     COPY target/orders-job-1.4.2.jar $FLINK_HOME/usrlib/orders-job.jar
 *
 * The cluster lives and dies with the job, which isolates it from other jobs.
 */
export class CustomImageChart extends Chart {
  public readonly application: FlinkApplication;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.application = new FlinkApplication(this, 'orders', {
      // A custom image says nothing about its Flink version: `version` must match the FROM line.
      version: FlinkVersion.V2_2,
      // Pin a version tag (not `latest`): the operator only redeploys when the spec changes.
      image: 'registry.example.com/streaming/orders-job:1.4.2',
      imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
      jar: JobJar.fromImage('/opt/flink/usrlib/orders-job.jar'),
      entryClass: 'com.example.orders.OrdersJob',
      args: ['--bootstrap-servers', 'kafka.kafka.svc:9092', '--topic', 'orders'],
      parallelism: 2,
      upgradeMode: UpgradeMode.STATELESS,
      jobManager: { memory: Size.gibibytes(1) },
      taskManager: { memory: Size.gibibytes(2), taskSlots: 2 },
    });
  }
}
