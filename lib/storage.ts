import { ApiObject, Size, SizeRoundingBehavior } from 'cdk8s';
import { Construct } from 'constructs';
import { bool, checkProps, checkShape, checkString, dnsSubdomain, instance, oneOf, Shape, size } from './private/check';
import { propError } from './private/util';
import { INamedResource } from './kube';
import { apiObjectOf, kubeObject } from './private/kube';

/** The run-time shape of `PersistentVolumeClaimStorageProps`, built on first use. */
let CLAIM_SHAPE: Shape | undefined;

/** Default mount path of volume storages inside the Flink pods. */
export const DEFAULT_MOUNT_PATH = '/flink-data';

/** What kind of place a `FlinkStorage` is. */
export enum FlinkStorageType {
  /** A PersistentVolumeClaim created by this app. */
  PERSISTENT_VOLUME_CLAIM = 'persistent-volume-claim',
  /** A PersistentVolumeClaim that exists already. */
  EXISTING_CLAIM = 'existing-claim',
  /** A directory of the node (single-node clusters such as minikube only). */
  HOST_PATH = 'host-path',
  /** An object store (S3, GCS, ABFS, ...): no volume, credentials from a Secret. */
  OBJECT_STORE = 'object-store',
}

/** Access mode of a PersistentVolumeClaim. */
export enum VolumeAccessMode {
  /** Mounted read-write by pods on many nodes: what shared Flink state needs. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** Mounted read-write by pods on one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Mounted read-write by one pod. */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
  /** Mounted read-only by pods on many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
}

/** Options of `FlinkStorage.persistentVolumeClaim`. */
export interface PersistentVolumeClaimStorageProps {
  /** Size of the claim. */
  readonly size: Size;
  /**
   * Storage class of the claim. It must support the access mode.
   * @default - the cluster's default storage class.
   */
  readonly storageClassName?: string;
  /**
   * Access mode of the claim. JobManager and TaskManager pods run on different nodes and all write
   * checkpoints, so state storage needs ReadWriteMany.
   * @default VolumeAccessMode.READ_WRITE_MANY
   */
  readonly accessMode?: VolumeAccessMode;
  /**
   * Where the volume is mounted in the Flink pods.
   * @default '/flink-data'
   */
  readonly mountPath?: string;
  /**
   * Name of the PersistentVolumeClaim.
   * @default - generated from the construct path.
   */
  readonly claimName?: string;
}

/** Options of `FlinkStorage.existingClaim`. */
export interface ExistingClaimStorageOptions {
  /**
   * Where the volume is mounted in the Flink pods.
   * @default '/flink-data'
   */
  readonly mountPath?: string;
  /**
   * Whether the claim is ReadWriteMany. A claim that is not cannot hold checkpoints, savepoints or HA
   * metadata, which JobManager and TaskManager pods share.
   * @default true
   */
  readonly readWriteMany?: boolean;
}

/** The `type` of a hostPath volume that holds a directory. */
export enum HostPathDirectoryType {
  /** Created (empty, mode 0755) when missing. */
  DIRECTORY_OR_CREATE = 'DirectoryOrCreate',
  /** Must exist on the node; the pod does not start otherwise. */
  DIRECTORY = 'Directory',
}

/** Options of `FlinkStorage.hostPath`. */
export interface HostPathStorageOptions {
  /**
   * Where the directory is mounted in the Flink pods.
   * @default '/flink-data'
   */
  readonly mountPath?: string;
  /**
   * The hostPath `type`.
   * @default HostPathDirectoryType.DIRECTORY_OR_CREATE
   */
  readonly type?: HostPathDirectoryType;
}

/** Options of `ObjectStoreCredentials.fromSecret`. */
export interface ObjectStoreSecretKeys {
  /** Key of the Secret that holds the access key id (exposed as `AWS_ACCESS_KEY_ID`). */
  readonly accessKey: string;
  /** Key of the Secret that holds the secret access key (exposed as `AWS_SECRET_ACCESS_KEY`). */
  readonly secretKey: string;
}

/** Credentials of an object store, always read from a Kubernetes Secret (never inline). */
export class ObjectStoreCredentials {
  /**
   * Reads the access key and secret key from a Secret; they reach the Flink pods as environment
   * variables `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` through `secretKeyRef`.
   */
  public static fromSecret(secret: INamedResource, keys: ObjectStoreSecretKeys): ObjectStoreCredentials {
    if (secret === null || typeof secret !== 'object' || typeof secret.name !== 'string' || secret.name === '') {
      throw propError('ObjectStoreCredentials.fromSecret', 'secret', secret, 'must be a Secret (a cdk8s-plus Secret of any major, or { name })',
        "pass e.g. { name: 's3-credentials' } or a cdk8s-plus Secret.fromSecretName(...)");
    }
    checkProps('ObjectStoreCredentials.fromSecret', keys, {});
    for (const [prop, v] of [['accessKey', keys.accessKey], ['secretKey', keys.secretKey]]) {
      if (typeof v !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(v)) {
        throw new Error(`[ObjectStoreCredentials.fromSecret] '${prop}' (${v}) must be a key of the Secret '${secret.name}'. Fix: give the name of the key (letters, digits, '-', '_', '.').`);
      }
    }
    return new ObjectStoreCredentials(secret, keys.accessKey, keys.secretKey);
  }

  private constructor(
    /** The Secret. */
    public readonly secret: INamedResource,
    /** Key of the access key id. */
    public readonly accessKey: string,
    /** Key of the secret access key. */
    public readonly secretKey: string,
  ) {}

  /** @internal */
  public _env(): any[] {
    return [
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: this.secret.name, key: this.accessKey } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: this.secret.name, key: this.secretKey } } },
    ];
  }
}

/** Options of `FlinkStorage.objectStore`. */
export interface ObjectStoreOptions {
  /**
   * Credentials, read from a Secret.
   * @default - none: the pods use their own identity (IRSA, workload identity).
   */
  readonly credentials?: ObjectStoreCredentials;
}

/**
 * A place where Flink keeps durable state: checkpoints, savepoints, HA metadata. Volume storages
 * (claims, host paths) are mounted into the JobManager and TaskManager pods by the deployment that
 * uses them; object stores are addressed by URI.
 */
export abstract class FlinkStorage {
  /**
   * Creates a PersistentVolumeClaim in `scope` and uses it. ReadWriteMany by default.
   */
  public static persistentVolumeClaim(scope: Construct, id: string, props: PersistentVolumeClaimStorageProps): FlinkStorage {
    const where = `${scope?.node?.path ? scope.node.path + '/' : ''}${id}`;
    checkProps(where, props, (CLAIM_SHAPE ??= {
      size: size('Size.gibibytes(10)'),
      storageClassName: dnsSubdomain("use the name of a StorageClass, e.g. 'standard'"),
      accessMode: oneOf(Object.values(VolumeAccessMode), 'use VolumeAccessMode.READ_WRITE_MANY'),
      mountPath: mountPathCheck,
    }));
    const accessMode = String(props.accessMode ?? VolumeAccessMode.READ_WRITE_MANY);
    checkMountPath(where, props.mountPath);
    if (!props.size || props.size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) <= 0) {
      throw new Error(`[${where}] 'size' (${props.size?.asString()}) must be more than zero. Fix: give a size such as Size.gibibytes(10).`);
    }
    if (!(Object.values(VolumeAccessMode) as string[]).includes(accessMode)) {
      throw new Error(`[${where}] 'accessMode' (${accessMode}) is not a PersistentVolumeClaim access mode. Fix: use VolumeAccessMode.READ_WRITE_MANY.`);
    }
    if (props.claimName !== undefined && (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(props.claimName) || props.claimName.length > 253)) {
      throw new Error(`[${where}] 'claimName' (${props.claimName}) is not a valid PersistentVolumeClaim name. Fix: use lower case letters, digits, '-' and '.', e.g. 'flink-pvc'.`);
    }
    // The object sits at <id>/Resource, where cdk8s-plus put it, so its generated name is unchanged.
    const claim = kubeObject(scope, id, 'v1', 'PersistentVolumeClaim', props.claimName !== undefined ? { name: props.claimName } : undefined, {
      spec: {
        accessModes: [accessMode],
        resources: { requests: { storage: `${props.size.toGibibytes()}Gi` } },
        storageClassName: props.storageClassName,
        volumeMode: 'Filesystem',
      },
    });
    return new VolumeStorage(FlinkStorageType.PERSISTENT_VOLUME_CLAIM, props.mountPath ?? DEFAULT_MOUNT_PATH,
      accessMode === VolumeAccessMode.READ_WRITE_MANY, claim.name, claim, undefined);
  }

  /** Uses a PersistentVolumeClaim that exists already (declared external for validation). */
  public static existingClaim(claimName: string, options: ExistingClaimStorageOptions = {}): FlinkStorage {
    checkShape('FlinkStorage.existingClaim', '', options, { mountPath: mountPathCheck, readWriteMany: bool() });
    if (typeof claimName !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(claimName) || claimName.length > 253) {
      throw new Error(`[FlinkStorage.existingClaim] 'claimName' (${claimName}) is not a valid PersistentVolumeClaim name. Fix: use lower case letters, digits, '-' and '.'.`);
    }
    checkMountPath('FlinkStorage.existingClaim', options.mountPath);
    return new VolumeStorage(FlinkStorageType.EXISTING_CLAIM, options.mountPath ?? DEFAULT_MOUNT_PATH,
      options.readWriteMany ?? true, claimName, undefined, undefined);
  }

  /**
   * A directory of the node, mounted into the pods (`hostPath`, type DirectoryOrCreate). Only for
   * single-node clusters (minikube, kind): on several nodes the pods do not share it.
   */
  public static hostPath(path: string, options: HostPathStorageOptions = {}): FlinkStorage {
    checkShape('FlinkStorage.hostPath', '', options, {
      mountPath: mountPathCheck,
      type: oneOf(Object.values(HostPathDirectoryType), 'use HostPathDirectoryType.DIRECTORY or DIRECTORY_OR_CREATE'),
    });
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new Error(`[FlinkStorage.hostPath] 'path' (${path}) must be an absolute path on the node. Fix: start it with '/', e.g. '/tmp/flink'.`);
    }
    checkMountPath('FlinkStorage.hostPath', options.mountPath);
    const type = options.type ?? HostPathDirectoryType.DIRECTORY_OR_CREATE;
    return new VolumeStorage(FlinkStorageType.HOST_PATH, options.mountPath ?? DEFAULT_MOUNT_PATH, true, undefined, undefined, path, type);
  }

  /**
   * An object store, e.g. `s3://bucket/prefix`. The image needs the matching Flink filesystem plugin.
   */
  public static objectStore(uri: string, options: ObjectStoreOptions = {}): FlinkStorage {
    checkShape('FlinkStorage.objectStore', '', options, {
      credentials: instance(ObjectStoreCredentials, 'an ObjectStoreCredentials', "use ObjectStoreCredentials.fromSecret(secret, { accessKey: 'access-key', secretKey: 'secret-key' })"),
    });
    const m = /^([a-z][a-z0-9+.-]*):\/\/([^/\s]+)(\/\S*)?$/.exec(uri ?? '');
    if (!m || m[1] === 'file' || m[1] === 'local') {
      throw new Error(`[FlinkStorage.objectStore] 'uri' (${uri}) must be an object store URI with a bucket. Fix: use e.g. 's3://bucket/prefix', or a volume storage for file paths.`);
    }
    return new ObjectStorage(uri.replace(/\/+$/, ''), options.credentials);
  }

  /** What kind of storage this is. */
  public abstract readonly type: FlinkStorageType;

  /**
   * Where the volume is mounted in the Flink pods.
   * @default - undefined for object stores.
   */
  public abstract readonly mountPath?: string;

  /** Whether JobManager and TaskManager pods can all write to it at once (ReadWriteMany or object store). */
  public abstract readonly shared: boolean;

  /** The URI of a directory in this storage, e.g. `file:///flink-data/checkpoints` or `s3://bucket/prefix/checkpoints`. */
  public abstract uri(subPath: string): string;

  /** @internal the pod volume (wire form), without its name; undefined for object stores. */
  public abstract _volumeSource(): any;

  /** @internal environment variables for `flink-main-container`. */
  public abstract _env(): any[];

  /** @internal the construct that must exist before the pods (a PVC of this app). */
  public abstract _dependable(): Construct | undefined;

  /** @internal names declared external for validation. */
  public abstract _external(): { persistentVolumeClaims: string[]; secrets: string[] };

  /** @internal a short description for error messages. */
  public abstract _describe(): string;
}

const mountPathCheck = (where: any, _prop: string, v: unknown) => {
  checkString(where, 'mountPath', v, { fix: "use e.g. '/flink-data'" });
  checkMountPath(typeof where === 'string' ? where : where.node.path, v as string);
};

/** Directories of the official image's Flink distribution. */
const FLINK_DIST_DIRS = ['bin', 'conf', 'examples', 'lib', 'licenses', 'log', 'opt', 'plugins', 'usrlib'].map((d) => `/opt/flink/${d}`);

function checkMountPath(where: string, mountPath: string | undefined) {
  if (mountPath === undefined) return;
  if (!mountPath.startsWith('/') || mountPath === '/' || /\s|\/\/|\/$/.test(mountPath) || mountPath.split('/').includes('..')) {
    throw new Error(`[${where}] 'mountPath' (${mountPath}) must be an absolute directory path other than '/'. Fix: use e.g. '/flink-data'.`);
  }
  // The image's own directories: a volume there hides them. A new directory under /opt/flink (the
  // operator's e2e tests mount state at /opt/flink/volume) hides nothing.
  const dist = FLINK_DIST_DIRS.find((d) => mountPath === d || mountPath.startsWith(`${d}/`));
  if (mountPath === '/opt/flink' || dist) {
    throw new Error(`[${where}] 'mountPath' (${mountPath}) would hide the Flink distribution${dist ? ` (${dist})` : ''}. Fix: mount outside '/opt/flink', e.g. '/flink-data', or in a directory of its own such as '/opt/flink/volume'.`);
  }
}

function joinSub(base: string, subPath: string): string {
  const sub = (subPath ?? '').replace(/^\/+|\/+$/g, '');
  if (sub.split('/').includes('..')) {
    throw new Error(`[FlinkStorage.uri] 'subPath' (${subPath}) must stay inside the storage. Fix: remove '..'.`);
  }
  return sub ? `${base}/${sub}` : base;
}

class VolumeStorage extends FlinkStorage {
  constructor(
    public readonly type: FlinkStorageType,
    public readonly mountPath: string,
    public readonly shared: boolean,
    private readonly claimName: string | undefined,
    private readonly claim: ApiObject | undefined,
    private readonly hostDir: string | undefined,
    private readonly hostType: string = HostPathDirectoryType.DIRECTORY_OR_CREATE,
  ) {
    super();
  }

  public uri(subPath: string): string {
    return joinSub(`file://${this.mountPath}`, subPath);
  }

  public _volumeSource(): any {
    if (this.hostDir) return { hostPath: { path: this.hostDir, type: this.hostType } };
    return { persistentVolumeClaim: { claimName: this.claimName } };
  }

  public _env(): any[] {
    return [];
  }

  public _dependable(): Construct | undefined {
    return this.claim;
  }

  public _external() {
    return { persistentVolumeClaims: this.type === FlinkStorageType.EXISTING_CLAIM ? [this.claimName!] : [], secrets: [] };
  }

  public _describe(): string {
    if (this.hostDir) return `hostPath ${this.hostDir}`;
    return `claim ${this.claimName}${this.shared ? '' : ', not ReadWriteMany'}`;
  }
}

class ObjectStorage extends FlinkStorage {
  public readonly type = FlinkStorageType.OBJECT_STORE;
  public readonly mountPath?: string = undefined;
  public readonly shared = true;

  constructor(private readonly base: string, private readonly credentials: ObjectStoreCredentials | undefined) {
    super();
  }

  public uri(subPath: string): string {
    return joinSub(this.base, subPath);
  }

  public _volumeSource(): any {
    return undefined;
  }

  public _env(): any[] {
    return this.credentials ? this.credentials._env() : [];
  }

  public _dependable(): Construct | undefined {
    return apiObjectOf(this.credentials?.secret);
  }

  public _external() {
    const s = this.credentials?.secret;
    return { persistentVolumeClaims: [], secrets: s && !apiObjectOf(s) ? [s.name] : [] };
  }

  public _describe(): string {
    return this.base;
  }
}
