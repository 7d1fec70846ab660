import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CheckpointPolicy, FlinkApplication, FlinkStorage, FlinkVersion, JobJar, Restore, SnapshotTarget, SnapshotType,
  StateSnapshot, UpgradeMode,
} from '../lib';

/** The two steps of the savepoint flow. */
export enum SavepointStep {
  /** Step 1: run the job and take a savepoint of it (a FlinkStateSnapshot). */
  TRIGGER = 'trigger',
  /** Step 2: redeploy the job from the savepoint taken in step 1. */
  REDEPLOY = 'redeploy',
}

/** Props of `SavepointRedeployChart`. */
export interface SavepointRedeployChartProps extends ChartProps {
  /**
   * Which step to synthesize.
   * @default SavepointStep.TRIGGER
   */
  readonly step?: SavepointStep;
  /**
   * Step 2: the savepoint taken in step 1, as the operator reports it:
   * `kubectl get flinkstatesnapshot state-machine-savepoint -o jsonpath={.status.path}`.
   * @default - none (required for step 2)
   */
  readonly savepointPath?: string;
}

/**
 * The seed's "How to validate savepointing?" flow as code, in two steps:
 *
 * 1. `step: TRIGGER` (the default): the job runs in savepoint upgrade mode, and a FlinkStateSnapshot
 *    asks the operator for a savepoint. Instead of bumping `savepointTriggerNonce` by hand, the
 *    snapshot is a resource of its own, ordered after the job so that one `kubectl apply -f` works.
 * 2. Read the savepoint's path from the snapshot's status, then synthesize
 *    `{ step: REDEPLOY, savepointPath }`: the job gets `initialSavepointPath` and a
 *    `savepointRedeployNonce`, so the operator cancels it and starts it again from that savepoint.
 *    (Bump `redeployNonce` to redeploy from a savepoint again.)
 */
export class SavepointRedeployChart extends Chart {
  public readonly application: FlinkApplication;
  public readonly savepoint: StateSnapshot;

  public constructor(scope: Construct, id: string, props: SavepointRedeployChartProps = {}) {
    super(scope, id, props);
    const step = props.step ?? SavepointStep.TRIGGER;
    if (step === SavepointStep.REDEPLOY && props.savepointPath === undefined) {
      throw new Error(`[${this.node.path}] 'savepointPath' (undefined) is required for step REDEPLOY. `
        + "Fix: read it with 'kubectl get flinkstatesnapshot state-machine-savepoint -o jsonpath={.status.path}'.");
    }

    // Checkpoints and savepoints on a ReadWriteMany claim, mounted at /flink-data.
    const storage = FlinkStorage.persistentVolumeClaim(this, 'state', { size: Size.gibibytes(10) });

    this.application = new FlinkApplication(this, 'state-machine', {
      name: 'state-machine',
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
      jar: JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar'),
      parallelism: 2,
      upgradeMode: UpgradeMode.SAVEPOINT,
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage }),
      jobManager: { memory: Size.gibibytes(2) },
      taskManager: { memory: Size.gibibytes(2), taskSlots: 2 },
      // Step 2: start again from the savepoint (the path Restore.fromPath requires is step 1's result).
      restore: step === SavepointStep.REDEPLOY ? Restore.fromPath(props.savepointPath!, { redeployNonce: 1 }) : undefined,
    });

    // Step 1 (kept in step 2, unchanged): a savepoint into the job's savepoint directory. Keep the
    // data when the resource is deleted: step 2 restores from it.
    this.savepoint = new StateSnapshot(this, 'savepoint', {
      name: 'state-machine-savepoint',
      type: SnapshotType.savepoint({ disposeOnDelete: false }),
      target: SnapshotTarget.application(this.application),
      backoffLimit: 2,
    });
  }
}
