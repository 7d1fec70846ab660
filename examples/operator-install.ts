import { Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  FlinkApplication, FlinkOperator, FlinkSessionCluster, FlinkStorage, FlinkVersion, JobJar, OperatorWebhook, SessionJob, UpgradeMode,
} from '../lib';
import { StatefulStateMachine } from './checkpoint-ha-pvc';

/** Maven Central coordinates of Flink's streaming examples, in the version the cluster runs. */
const TOP_SPEED_JAR = 'https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/2.2.0/'
  + 'flink-examples-streaming-2.2.0-TopSpeedWindowing.jar';

/**
 * Scenario 7: the operator and the jobs in one app, instead of `helm install` first. The operator
 * runs in `flink-operator` and watches only `streaming` (namespaced RBAC, the `flink` job
 * ServiceAccount with its Role there), with its admission webhook on. The seed's scenarios then run
 * in `streaming`, as the operator's `flink` ServiceAccount: the application cluster, the session
 * cluster with its job, and the stateful job with HA, checkpoints and savepoints on a shared claim.
 *
 * Before the first apply: cert-manager in the cluster (once), and the Secret with the webhook's
 * keystore password in `flink-operator`:
 * `kubectl -n flink-operator create secret generic flink-webhook-keystore --from-literal=password=$(openssl rand -hex 16)`.
 */
export class OperatorInstallChart extends Chart {
  public readonly operator: FlinkOperator;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'streaming', ...props });

    // First the operator: the Flink constructs below find it and use its job ServiceAccount.
    this.operator = new FlinkOperator(this, 'operator', {
      namespace: 'flink-operator',
      watchNamespaces: ['streaming'],
      webhook: OperatorWebhook.enabled({ keystorePassword: { secretName: 'flink-webhook-keystore', key: 'password' } }),
      certManagerInstalled: true,
    });

    // Scenario 1: the smallest application cluster.
    new FlinkApplication(this, 'state-machine', {
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
      jar: JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar'),
      parallelism: 2,
      upgradeMode: UpgradeMode.STATELESS,
      jobManager: { cpu: 1, memory: Size.gibibytes(2) },
      taskManager: { cpu: 1, memory: Size.gibibytes(2), taskSlots: 2 },
    });

    // Scenario 2: a session cluster and one job submitted to it.
    const sessions = new FlinkSessionCluster(this, 'sessions', {
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
      jobManager: { memory: Size.gibibytes(2) },
      taskManager: { memory: Size.gibibytes(2), taskSlots: 2 },
    });
    new SessionJob(this, 'top-speed', { cluster: sessions, jar: JobJar.fromUrl(TOP_SPEED_JAR), parallelism: 4, upgradeMode: UpgradeMode.STATELESS });

    // Scenario 3: HA, checkpoints and savepoints on a ReadWriteMany claim.
    const storage = FlinkStorage.persistentVolumeClaim(this, 'state', { size: Size.gibibytes(20), storageClassName: 'nfs-client' });
    new StatefulStateMachine(this, 'stateful', { storage, version: FlinkVersion.V2_2, image: 'flink:2.2' });
  }
}
