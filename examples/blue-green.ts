import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CheckpointPolicy, FlinkBlueGreenDeployment, FlinkStorage, FlinkVersion, JobJar, UpgradeMode,
} from '../lib';

/**
 * Scenario: zero-downtime upgrades with a FlinkBlueGreenDeployment (operator 1.14 or later). On each
 * change the operator starts the other child (`orders-blue` / `orders-green`) from a savepoint, waits
 * until it runs, then removes the old one. The ingress on the parent always points at the active child.
 */
export class BlueGreenChart extends Chart {
  public readonly deployment: FlinkBlueGreenDeployment;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // Both children read and write the same savepoints: durable shared storage.
    const state = FlinkStorage.objectStore('s3://flink-state/orders');

    this.deployment = new FlinkBlueGreenDeployment(this, 'orders', {
      // At most 39 characters: the children add '-green'.
      name: 'orders',
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
      jar: JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar'),
      parallelism: 2,
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage: state }),
      // The transition savepoint carries the state from the old child to the new one.
      upgradeMode: UpgradeMode.SAVEPOINT,
      jobManager: { cpu: 1, memory: Size.gibibytes(2) },
      taskManager: { cpu: 1, memory: Size.gibibytes(2), taskSlots: 2 },
      blueGreen: {
        // Give the new child 5 minutes to run before the transition is aborted.
        abortGracePeriod: Duration.minutes(5),
        // Keep the old child 30 s after the switch, for in-flight requests.
        deploymentDeletionDelay: Duration.seconds(30),
      },
      ingress: { template: 'flink.example.com/{{namespace}}/{{name}}(/|$)(.*)', className: 'nginx' },
    });
  }
}
