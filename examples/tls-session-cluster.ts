import { Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  FlinkOperator, FlinkSessionCluster, FlinkTls, FlinkValidation, FlinkVersion, JobJar, OperatorRestTls, SessionJob, TlsPassword, UpgradeMode,
} from '../lib';

/** Maven Central coordinates of Flink's streaming examples, in the version the cluster runs. */
const TOP_SPEED_JAR = 'https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/2.2.0/'
  + 'flink-examples-streaming-2.2.0-TopSpeedWindowing.jar';

/**
 * Scenario: a session cluster with SSL between its pods and on its REST API, a job submitted to it,
 * and the operator that must call that REST API. The cluster mounts the Secret `sessions-tls`
 * (keystore.jks, truststore.jks, e.g. from cert-manager); the operator mounts `flink-operator-cert`
 * (its truststore.jks trusts the same CA) and reads that store's password from the Secret key
 * `operator-certificate-password/password`, never from a manifest. The session job needs no SSL
 * settings: the operator reaches it with the cluster's configuration.
 *
 * The cluster's own store passwords have no literal-free route in Flink (docs/tls.md): they are
 * accepted here explicitly, with the reason.
 *
 * The operator's CRDs are installed once per cluster (examples/operator-install.ts or Helm), so
 * this chart leaves them out.
 */
export class TlsSessionClusterChart extends Chart {
  public readonly operator: FlinkOperator;
  public readonly cluster: FlinkSessionCluster;
  public readonly job: SessionJob;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'streaming', ...props });

    // Declared before the constructs: synth checks see the suppressions declared at that moment.
    FlinkValidation.suppress(this, 'config-literal-secret',
      'Flink reads SSL store passwords only from its configuration; they protect stores that are themselves in the sessions-tls Secret, and only the platform team can read FlinkDeployments and ConfigMaps in this namespace');

    // First the operator: with REST SSL it needs its own truststore (rest-tls-operator-truststore).
    this.operator = new FlinkOperator(this, 'operator', {
      namespace: 'flink-operator',
      watchNamespaces: ['streaming'],
      crds: false,
      restTls: OperatorRestTls.fromSecret({
        secretName: 'flink-operator-cert',
        password: { secretName: 'operator-certificate-password', key: 'password' },
      }),
    });

    this.cluster = new FlinkSessionCluster(this, 'sessions', {
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
      jobManager: { memory: Size.gibibytes(2) },
      taskManager: { memory: Size.gibibytes(2), taskSlots: 2 },
      tls: FlinkTls.fromSecret({ secretName: 'sessions-tls', password: TlsPassword.literal('changeit'), rest: true }),
    });

    this.job = new SessionJob(this, 'top-speed', {
      cluster: this.cluster,
      jar: JobJar.fromUrl(TOP_SPEED_JAR),
      parallelism: 4,
      upgradeMode: UpgradeMode.STATELESS,
    });
  }
}
