import { Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { FlinkApplication, FlinkTls, FlinkValidation, FlinkVersion, JobJar, TlsPassword, UpgradeMode } from '../lib';

/**
 * Scenario: a TLS-secured application cluster (internal SSL between JobManager and TaskManagers).
 * The keystore and truststore come from the Secret `orders-tls` (e.g. issued by cert-manager as
 * JKS), mounted by Flink. Flink reads the store passwords only from its configuration, and no route
 * without the literal exists in any supported Flink version (docs/tls.md): the literal is accepted
 * here explicitly, with the reason, instead of silently. With REST SSL as well, the operator needs
 * its own truststore (examples/tls-session-cluster.ts).
 */
export class TlsClusterChart extends Chart {
  public readonly application: FlinkApplication;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // Declared before the construct: synth checks see the suppressions declared at that moment.
    FlinkValidation.suppress(this, 'config-literal-secret',
      'Flink reads SSL store passwords only from its configuration; these protect certificates that are themselves in the orders-tls Secret, and the namespace restricts who reads FlinkDeployments and ConfigMaps');

    this.application = new FlinkApplication(this, 'orders', {
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
      jar: JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar'),
      parallelism: 2,
      upgradeMode: UpgradeMode.STATELESS,
      jobManager: { cpu: 1, memory: Size.gibibytes(2) },
      taskManager: { cpu: 1, memory: Size.gibibytes(2), taskSlots: 2 },
      tls: FlinkTls.fromSecret({ secretName: 'orders-tls', password: TlsPassword.literal('changeit') }),
    });
  }
}
