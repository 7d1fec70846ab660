import { Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { FlinkSessionCluster, FlinkVersion, JobJar, SessionJob, UpgradeMode } from '../lib';

/** Maven Central coordinates of Flink's streaming examples, in the version the cluster runs. */
const TOP_SPEED_JAR = 'https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/2.2.0/'
  + 'flink-examples-streaming-2.2.0-TopSpeedWindowing.jar';

/**
 * Scenario 2: a session cluster (a FlinkDeployment without a job) and one job submitted to it.
 * The operator downloads session-job jars itself, so the jar is an https URL, not `local://`.
 */
export class SessionClusterChart extends Chart {
  public readonly cluster: FlinkSessionCluster;
  public readonly job: SessionJob;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.cluster = new FlinkSessionCluster(this, 'sessions', {
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
      jobManager: { memory: Size.gibibytes(2) },
      // Native mode: the JobManager starts TaskManagers on demand, 2 slots each.
      taskManager: { memory: Size.gibibytes(2), taskSlots: 2 },
    });

    // `cluster` is the construct, not a name string: the job's `deploymentName` and its ordering
    // after the cluster come from the construct tree.
    this.job = new SessionJob(this, 'top-speed', {
      cluster: this.cluster,
      jar: JobJar.fromUrl(TOP_SPEED_JAR),
      parallelism: 4,
      upgradeMode: UpgradeMode.STATELESS,
    });
  }
}
