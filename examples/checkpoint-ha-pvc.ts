import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CheckpointPolicy, FlinkApplication, FlinkStorage, FlinkVersion, HaStorage, JobJar, JobState,
  RestartStrategy, StateBackend, UpgradeMode,
} from '../lib';

/** Props of `StatefulStateMachine`. */
export interface StatefulStateMachineProps {
  /** Where checkpoints, savepoints and HA metadata live; mounted into JobManager and TaskManager pods. */
  readonly storage: FlinkStorage;
  /** Flink version; decides the configuration key names. */
  readonly version: FlinkVersion;
  /** A Flink image of that version. */
  readonly image: string;
}

/**
 * The StateMachineExample with HA, checkpoints and savepoints: the seed's "Application deployment"
 * flinkConfiguration block, written as typed props. Fixed on the way:
 * - `high-availability.type` is `kubernetes` (not the factory class name of Flink 1.15);
 * - `restart-strategy: failure-rate` becomes `restart-strategy.type` (the key Flink 1.17+ reads);
 * - `execution.checkpointing.interval: '5000'` becomes an explicit 5 s;
 * - the `state.checkpoints.*` / `state.savepoints.dir` / `state.backend.incremental` keys get the
 *   names the target version reads (`execution.checkpointing.*` from Flink 1.20);
 * - state lives under the volume's mount path `/flink-data`, not under `/opt/flink` (a volume
 *   mounted there hides parts of the Flink distribution).
 */
export class StatefulStateMachine extends Construct {
  public readonly application: FlinkApplication;

  public constructor(scope: Construct, id: string, props: StatefulStateMachineProps) {
    super(scope, id);
    const { storage } = props;

    // Id 'Default': the FlinkDeployment is named after this construct's path (cdk8s drops 'Default').
    this.application = new FlinkApplication(this, 'Default', {
      version: props.version,
      image: props.image,
      jar: JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar'),
      parallelism: 2,
      state: JobState.RUNNING,
      // Upgrades stop the job with a savepoint and restore from it; needs the directories below.
      upgradeMode: UpgradeMode.SAVEPOINT,
      taskManager: { memory: Size.gibibytes(4), taskSlots: 10 },
      checkpoints: CheckpointPolicy.every(Duration.seconds(5), {
        storage,
        checkpointsPath: 'flink-cp', // file:///flink-data/flink-cp
        savepointsPath: 'flink-sp', // file:///flink-data/flink-sp
        stateBackend: StateBackend.ROCKSDB,
        incremental: true,
        unaligned: false,
        retained: 3,
      }),
      // JobManager metadata (job graphs, checkpoint pointers) on the same volume.
      ha: HaStorage.kubernetes({ storage, path: 'flink-ha' }),
      restartStrategy: RestartStrategy.failureRate({
        maxFailuresPerInterval: 10,
        interval: Duration.minutes(10),
        delay: Duration.seconds(30),
      }),
      // Settings without a typed prop stay plain (string) configuration entries.
      flinkConfiguration: {
        'state.backend.rocksdb.use-bloom-filter': 'true',
        'table.exec.source.idle-timeout': '30 s',
      },
    });
  }
}

/**
 * Scenario 3: HA, checkpoints and savepoints on a ReadWriteMany PersistentVolumeClaim, which the
 * JobManager and the TaskManagers (on different nodes) all write to.
 */
export class CheckpointHaPvcChart extends Chart {
  public readonly stateMachine: StatefulStateMachine;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // ReadWriteMany is the default access mode; the storage class must support it (NFS, CephFS,
    // EFS, Azure Files...). The construct mounts the claim at /flink-data in both pod types and sets
    // fsGroup 9999 so the `flink` user can write.
    const storage = FlinkStorage.persistentVolumeClaim(this, 'state', {
      size: Size.gibibytes(20),
      storageClassName: 'nfs-client',
    });

    this.stateMachine = new StatefulStateMachine(this, 'job', {
      storage,
      version: FlinkVersion.V2_2,
      image: 'flink:2.2',
    });
  }
}
