import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CheckpointPolicy, FlinkApplication, FlinkStorage, FlinkVersion, JobJar, PeriodicSnapshots, Restore, SnapshotType,
  StateSnapshot, UpgradeMode,
} from '../lib';

/**
 * A job started from a savepoint that exists already (taken by another deployment, or before the
 * FlinkDeployment was deleted): the savepoint is adopted as a FlinkStateSnapshot with
 * `alreadyExists: true` (no job needed, nothing triggered), and the application restores from that
 * snapshot. It then keeps taking savepoints every 6 hours, keeping the last 5.
 *
 * The operator's example `snapshot/job-from-savepoint.yaml`, with the claim that holds the savepoint.
 */
export class AdoptSavepointChart extends Chart {
  public readonly adopted: StateSnapshot;
  public readonly application: FlinkApplication;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // The claim the old deployment wrote to (created outside this app), mounted at /flink-data.
    const storage = FlinkStorage.existingClaim('flink-state');

    this.adopted = new StateSnapshot(this, 'adopted', {
      name: 'orders-adopted-savepoint',
      // file:///flink-data/savepoints/savepoint-45305c-d867504446e0. Keep the data on delete: the job restores from it.
      type: SnapshotType.existingSavepoint(storage.uri('savepoints/savepoint-45305c-d867504446e0'), { disposeOnDelete: false }),
    });

    this.application = new FlinkApplication(this, 'orders', {
      name: 'orders',
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
      jar: JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar'),
      parallelism: 2,
      upgradeMode: UpgradeMode.SAVEPOINT,
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage }),
      jobManager: { memory: Size.gibibytes(2) },
      taskManager: { memory: Size.gibibytes(2) },
      // initialSavepointPath from the adopted snapshot; the FlinkDeployment is ordered after it.
      restore: Restore.fromSnapshot(this.adopted),
      periodicSavepoints: PeriodicSnapshots.every(Duration.hours(6), { maxCount: 5 }),
    });
  }
}
