import { checkProps, checkShape, instance, Shape, string } from './private/check';
import { zookeeperOptions } from './private/props';
import { FlinkStorage } from './storage';
import { FlinkVersion } from './versions';

/** The run-time shape of `KubernetesHaOptions`, built on first use. */
let KUBERNETES_SHAPE: Shape | undefined;

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

/** Options of `HaStorage.zookeeper`. */
export interface ZooKeeperHaOptions {
  /** Where Flink keeps HA metadata (job graphs, completed checkpoint pointers). */
  readonly storage: FlinkStorage;
  /** The ZooKeeper ensemble (`high-availability.zookeeper.quorum`), e.g. `zk-0.zk:2181,zk-1.zk:2181`. */
  readonly quorum: string;
  /**
   * Directory inside the storage.
   * @default 'ha'
   */
  readonly path?: string;
  /**
   * Root znode of Flink (`high-availability.zookeeper.path.root`).
   * @default - Flink's default (/flink).
   */
  readonly rootPath?: string;
  /**
   * A HighAvailabilityServicesFactory class to use instead of Flink's ZooKeeper services (the value of
   * the HA type key), e.g. a vendor's.
   * @default - Flink's ZooKeeper HA services ('zookeeper').
   */
  readonly factoryClass?: string;
}

/** High availability of the JobManager. */
export class HaStorage {
  /**
   * ZooKeeper HA services (leader election and pointers in ZooKeeper), metadata in `storage`. Renders
   * `high-availability.type` (Flink 1.17+; `high-availability` before), the quorum and
   * `high-availability.storageDir`.
   */
  public static zookeeper(options: ZooKeeperHaOptions): HaStorage {
    const where = 'HaStorage.zookeeper';
    checkProps(where, options, zookeeperOptions());
    if (!options || !options.storage) {
      throw new Error(`[${where}] 'storage' (undefined) is required. Fix: pass a FlinkStorage, e.g. the one of your checkpoints.`);
    }
    if (typeof options.quorum !== 'string' || !/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/.test(options.quorum)) {
      throw new Error(`[${where}] 'quorum' (${options.quorum}) must be host:port[,host:port...]. Fix: use e.g. 'zk-0.zk:2181,zk-1.zk:2181,zk-2.zk:2181'.`);
    }
    if (options.rootPath !== undefined && !/^\/\S*$/.test(options.rootPath)) {
      throw new Error(`[${where}] 'rootPath' (${options.rootPath}) must be an absolute znode path. Fix: use e.g. '/flink'.`);
    }
    if (options.factoryClass !== undefined && !/^[\p{L}_$][\p{L}\p{N}_$]*(\.[\p{L}_$][\p{L}\p{N}_$]*)+$/u.test(options.factoryClass)) {
      throw new Error(`[${where}] 'factoryClass' (${options.factoryClass}) is not a fully qualified Java class name. Fix: use e.g. 'com.example.MyHaServicesFactory'.`);
    }
    const path = options.path ?? 'ha';
    if (!/^[-._a-zA-Z0-9]+(\/[-._a-zA-Z0-9]+)*$/.test(path) || path.split('/').includes('..')) {
      throw new Error(`[${where}] 'path' (${path}) must be a relative directory inside the storage. Fix: use e.g. 'ha'.`);
    }
    const extra: Record<string, string> = { 'high-availability.zookeeper.quorum': options.quorum };
    if (options.rootPath !== undefined) extra['high-availability.zookeeper.path.root'] = options.rootPath;
    return new HaStorage(options.storage, options.storage.uri(path), options.factoryClass ?? 'zookeeper', extra);
  }

  /**
   * Kubernetes HA services (leader election through ConfigMaps), metadata in `storage`.
   * Renders `high-availability.type: kubernetes` (Flink 1.16+) or the factory class under
   * `high-availability` (Flink 1.15), and `high-availability.storageDir`.
   */
  public static kubernetes(options: KubernetesHaOptions): HaStorage {
    checkShape('HaStorage.kubernetes', '', options ?? {}, (KUBERNETES_SHAPE ??= {
      storage: instance(FlinkStorage, 'a FlinkStorage', 'pass a FlinkStorage, e.g. the one of your checkpoints'),
      path: string({ fix: "use e.g. 'ha'" }),
    }));
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
    private readonly haType: string = 'kubernetes',
    private readonly extra: Record<string, string> = {},
  ) {}

  /** @internal */
  public _config(version: FlinkVersion): Record<string, string> {
    const c: Record<string, string> = {};
    if (this.haType !== 'kubernetes') {
      c[version.isAtLeast(FlinkVersion.V1_17) ? 'high-availability.type' : 'high-availability'] = this.haType;
      Object.assign(c, this.extra);
      c['high-availability.storageDir'] = this.storageDir;
      return c;
    }
    if (version.isAtLeast(FlinkVersion.V1_17)) c['high-availability.type'] = 'kubernetes';
    else if (version.isAtLeast(FlinkVersion.V1_16)) c['high-availability'] = 'kubernetes';
    else c['high-availability'] = 'org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory';
    c['high-availability.storageDir'] = this.storageDir;
    return c;
  }
}
