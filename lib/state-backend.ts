import { FlinkVersion } from './versions';

/** Flink's state backend (`state.backend.type`, `state.backend` before Flink 1.17). */
export class StateBackend {
  /** State on the JVM heap (Flink's default). */
  public static readonly HASHMAP = new StateBackend('hashmap');
  /** Embedded RocksDB: large state, incremental checkpoints. */
  public static readonly ROCKSDB = new StateBackend('rocksdb');
  /** ForSt, the disaggregated state backend (Flink 2.0 and later, experimental). */
  public static readonly FORST = new StateBackend('forst', FlinkVersion.V2_0);

  private constructor(
    /** The configuration value, e.g. `rocksdb`. */
    public readonly value: string,
    /** The oldest Flink version that has this backend. */
    public readonly since: FlinkVersion = FlinkVersion.V1_15,
  ) {}
}
