import { checkShape, instance, string } from './private/check';
import { FlinkStorage } from './storage';
import { FlinkVersion } from './versions';

/** Options of `HaStorage.kubernetes`. */
export interface KubernetesHaOptions {
  /** Where Flink keeps HA metadata (job graphs, completed checkpoint pointers). */
  readonly storage: FlinkStorage;
  /**
   * Directory inside the storage.
   * @default 'ha'
   */
  readonly path?: string;
}

/** High availability of the JobManager. */
export class HaStorage {
  /**
   * Kubernetes HA services (leader election through ConfigMaps), metadata in `storage`.
   * Renders `high-availability.type: kubernetes` (Flink 1.16+) or the factory class under
   * `high-availability` (Flink 1.15), and `high-availability.storageDir`.
   */
  public static kubernetes(options: KubernetesHaOptions): HaStorage {
    checkShape('HaStorage.kubernetes', '', options ?? {}, {
      storage: instance(FlinkStorage, 'a FlinkStorage', 'pass a FlinkStorage, e.g. the one of your checkpoints'),
      path: string({ fix: "use e.g. 'ha'" }),
    });
    if (!options || !options.storage) {
      throw new Error("[HaStorage.kubernetes] 'storage' (undefined) is required. Fix: pass a FlinkStorage, e.g. the one of your checkpoints.");
    }
    const path = options.path ?? 'ha';
    if (!/^[-._a-zA-Z0-9]+(\/[-._a-zA-Z0-9]+)*$/.test(path) || path.split('/').includes('..')) {
      throw new Error(`[HaStorage.kubernetes] 'path' (${path}) must be a relative directory inside the storage. Fix: use e.g. 'ha'.`);
    }
    return new HaStorage(options.storage, options.storage.uri(path));
  }

  private constructor(
    /** Where HA metadata is kept. */
    public readonly storage: FlinkStorage,
    /** The `high-availability.storageDir` URI. */
    public readonly storageDir: string,
  ) {}

  /** @internal */
  public _config(version: FlinkVersion): Record<string, string> {
    const c: Record<string, string> = {};
    if (version.isAtLeast(FlinkVersion.V1_17)) c['high-availability.type'] = 'kubernetes';
    else if (version.isAtLeast(FlinkVersion.V1_16)) c['high-availability'] = 'kubernetes';
    else c['high-availability'] = 'org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory';
    c['high-availability.storageDir'] = this.storageDir;
    return c;
  }
}
