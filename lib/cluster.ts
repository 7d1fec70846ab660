import { ApiObjectMetadata, Lazy, Size, SizeRoundingBehavior } from 'cdk8s';
import { Construct } from 'constructs';
import * as operator from '../imports/flink.apache.org';
import { CheckpointPolicy } from './checkpoint-policy';
import { DeploymentMode, ImagePullPolicy } from './deployment-mode';
import { HaStorage } from './ha-storage';
import { INamedResource, IPodVolume, K8sPodSecurityContext, K8sPodTemplate, K8sToleration } from './kube';
import { checkUserConfig } from './private/config';
import { checkProps, checkString } from './private/check';
import { Shape } from './private/check';
import { clusterProps } from './private/props';
import { applyPodSecurity, needsFsGroup, tokenNeeds } from './private/pod-security';
import { PodSecurity } from './pod-security';
import { apiObjectOf, FlinkDeploymentObject, toWire, volumeToWire } from './private/kube';
import { propError, isIntAtLeast, mergeUnder, sortKeys, undefinedIfEmpty } from './private/util';
import { operatorJobServiceAccount } from './operator/job-service-account';
import { checkIngress } from './private/ingress';
import { resolveResourceName } from './private/resource-name';
import { isSuppressedAt } from './private/suppress';
import { registerExternal, registerOwner, requirePodSchema } from './private/wiring';
import { checkOverlaps } from './private/releases';
import { checkRole, withRoleMetadata } from './private/roles';
import { RolePodOptions } from './role-options';
import { RestartStrategy } from './restart-strategy';
import { formatFinding } from './validation/engine';
import { DEPLOYMENT_NAME } from './validation/rules/deployment';
import { checkImageVersion, imageFlinkVersion } from './validation/rules/flink-config';
import { checkSchema } from './validation/schema';
import { FlinkServiceAccount, IFlinkServiceAccount } from './service-account';
import { FlinkStorage } from './storage';
import { FlinkTls } from './tls';
import { FlinkVersion, OperatorVersion, toOperatorVersion } from './versions';

/** Name of the main container of Flink pods; pod template customisations go to this container. */
export const FLINK_MAIN_CONTAINER = 'flink-main-container';
/** uid/gid of the `flink` user in the official images. */
export const FLINK_UID = 9999;

/** Default JobManager memory. */
export const DEFAULT_JOB_MANAGER_MEMORY = Size.gibibytes(1);
/** Default TaskManager memory. */
export const DEFAULT_TASK_MANAGER_MEMORY = Size.gibibytes(2);

/** The cluster props' shape with a subclass' own shape over it, merged once per subclass shape. */
const CLUSTER_SHAPES = new WeakMap<Shape, Shape>();
const NO_SHAPE: Shape = {};
function clusterShape(own: Shape): Shape {
  let merged = CLUSTER_SHAPES.get(own);
  if (!merged) {
    merged = { ...clusterProps(), ...own };
    CLUSTER_SHAPES.set(own, merged);
  }
  return merged;
}

const MIN_JM_MIB = 768;
const MIN_TM_MIB = 1024;

/** Resources of the JobManager. */
export interface JobManagerOptions extends RolePodOptions {
  /**
   * CPU cores.
   * @default - the operator's default (1.0).
   */
  readonly cpu?: number;
  /**
   * Total process memory (`jobmanager.memory.process.size`). The operator requires it (R18); at least 768 MiB.
   * @default Size.gibibytes(1)
   */
  readonly memory?: Size;
  /**
   * Ephemeral storage of the JobManager pod.
   * @default - none.
   */
  readonly ephemeralStorage?: Size;
  /**
   * Number of JobManagers. More than one (standby JobManagers) needs `ha`.
   * @default - the operator's default (1).
   */
  readonly replicas?: number;
}

/** Resources of the TaskManagers. */
export interface TaskManagerOptions extends RolePodOptions {
  /**
   * CPU cores per TaskManager.
   * @default - the operator's default (1.0).
   */
  readonly cpu?: number;
  /**
   * Total process memory per TaskManager (`taskmanager.memory.process.size`). The operator requires it (R23); at least 1 GiB.
   * @default Size.gibibytes(2)
   */
  readonly memory?: Size;
  /**
   * Ephemeral storage of each TaskManager pod.
   * @default - none.
   */
  readonly ephemeralStorage?: Size;
  /**
   * Number of TaskManagers. For applications it takes precedence over `parallelism`.
   * @default - derived by Flink from the parallelism.
   */
  readonly replicas?: number;
  /**
   * Task slots per TaskManager (`taskmanager.numberOfTaskSlots`).
   * @default - Flink's default (1).
   */
  readonly taskSlots?: number;
}

/** TLS of the operator-managed ingress. */
export interface IngressTlsOptions {
  /**
   * Hosts of the certificate.
   * @default - the hosts of the template.
   */
  readonly hosts?: string[];
  /**
   * Secret with the certificate.
   * @default - none (the ingress controller's default).
   */
  readonly secretName?: string;
}

/** Ingress for the Flink REST API and web UI, created by the operator. */
export interface IngressOptions {
  /** URL template, with `{{name}}` and `{{namespace}}` placeholders, e.g. `flink.example.com/{{namespace}}/{{name}}(/|$)(.*)`. */
  readonly template: string;
  /**
   * Ingress class.
   * @default - the cluster's default ingress class.
   */
  readonly className?: string;
  /**
   * Annotations of the Ingress.
   * @default - none.
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Labels of the Ingress.
   * @default - none.
   */
  readonly labels?: { [key: string]: string };
  /**
   * TLS settings.
   * @default - no TLS.
   */
  readonly tls?: IngressTlsOptions[];
}

/** An extra volume mounted into `flink-main-container` of every Flink pod. */
export interface FlinkVolumeMount {
  /** The volume: a `PodVolume`, or a cdk8s-plus `Volume` of any major. */
  readonly volume: IPodVolume;
  /** Where it is mounted. */
  readonly mountPath: string;
  /**
   * Mount read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** Props shared by application and session clusters (FlinkDeployment). */
export interface FlinkClusterProps {
  /**
   * Name of the FlinkDeployment: at most 45 characters, `[a-z]([-a-z0-9]*[a-z0-9])?`.
   * @default - generated from the construct path (`Names.toDnsLabel`, at most 45 characters).
   */
  readonly name?: string;
  /**
   * Labels, annotations and namespace of the FlinkDeployment.
   * @default - none.
   */
  readonly metadata?: ApiObjectMetadata;
  /** Flink version of the image (`spec.flinkVersion`). Decides which configuration key names are written. */
  readonly version: FlinkVersion;
  /**
   * Operator release that will run the resource: decides the CRD fields (e.g. `resource` vs `resources`).
   * @default OperatorVersion.V1_15
   */
  readonly operatorVersion?: OperatorVersion;
  /** Flink container image, e.g. `flink:1.20` or your job image. */
  readonly image: string;
  /**
   * Image pull policy.
   * @default - Kubernetes' default.
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * JobManager resources and replicas.
   * @default - 1 GiB memory, operator defaults otherwise.
   */
  readonly jobManager?: JobManagerOptions;
  /**
   * TaskManager resources, replicas and slots.
   * @default - 2 GiB memory, operator defaults otherwise.
   */
  readonly taskManager?: TaskManagerOptions;
  /**
   * Checkpointing and where checkpoints and savepoints go. Volume storages are mounted into the pods.
   * @default - no checkpointing configured.
   */
  readonly checkpoints?: CheckpointPolicy;
  /**
   * JobManager high availability.
   * @default - no HA.
   */
  readonly ha?: HaStorage;
  /**
   * Restart strategy.
   * @default - Flink's default.
   */
  readonly restartStrategy?: RestartStrategy;
  /**
   * Extra Flink configuration entries (string values). Keys the construct writes itself (checkpoints,
   * HA, restart strategy, slots) and keys the operator forbids or overwrites are rejected.
   * @default - none.
   */
  readonly flinkConfiguration?: { [key: string]: string };
  /**
   * Logging configuration: file name (`log4j-console.properties` or `logback-console.xml`) to content.
   * @default - the operator's defaults.
   */
  readonly logConfiguration?: { [file: string]: string };
  /**
   * Ingress for the REST API and web UI.
   * @default - none.
   */
  readonly ingress?: IngressOptions;
  /**
   * Native or standalone Kubernetes mode.
   * @default - the operator's default (native).
   */
  readonly mode?: DeploymentMode;
  /**
   * Service account of the Flink pods.
   * @default - the job ServiceAccount of the app's FlinkOperator watching this namespace (declared before this construct), else a new FlinkServiceAccount (ServiceAccount, Role and RoleBinding) under this construct.
   */
  readonly serviceAccount?: IFlinkServiceAccount;
  /**
   * Environment variables of `flink-main-container`.
   * @default - none.
   */
  readonly env?: { [name: string]: string };
  /**
   * Secrets whose keys become environment variables of `flink-main-container` (`envFrom`).
   * @default - none.
   */
  readonly envFromSecrets?: INamedResource[];
  /**
   * Extra volumes mounted into `flink-main-container` of JobManager and TaskManager pods.
   * @default - none.
   */
  readonly volumes?: FlinkVolumeMount[];
  /**
   * Node selector of the Flink pods.
   * @default - none.
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations of the Flink pods.
   * @default - none.
   */
  readonly tolerations?: K8sToleration[];
  /**
   * Labels of the Flink pods.
   * @default - none.
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Annotations of the Flink pods.
   * @default - none.
   */
  readonly podAnnotations?: { [key: string]: string };
  /**
   * Pod security context. Its fields win over those of `podSecurity`.
   * @default - the settings of `podSecurity`.
   */
  readonly securityContext?: K8sPodSecurityContext;
  /**
   * How the pods are hardened (pod and container `securityContext`): Pod Security "restricted" with
   * the flink user (uid/gid 9999), OpenShift's restricted-v2 (no fixed ids), or no hardening.
   * @default PodSecurity.RESTRICTED
   */
  readonly podSecurity?: PodSecurity;
  /**
   * Mount the service account token into TaskManager pods. TaskManagers run user code and need the
   * Kubernetes API only for Kubernetes HA (they find the JobManager leader through ConfigMaps).
   * `true` for user code that calls the API itself.
   * @default - only with Kubernetes HA.
   */
  readonly taskManagerServiceAccountToken?: boolean;
  /**
   * Escape hatch: a pod template for JobManager and TaskManager pods, merged under what the construct renders.
   * @default - none.
   */
  readonly podTemplate?: K8sPodTemplate;
  /**
   * Escape hatch: a pod template for JobManager pods, merged under what the construct renders.
   * @default - none.
   */
  readonly jobManagerPodTemplate?: K8sPodTemplate;
  /**
   * Escape hatch: a pod template for TaskManager pods, merged under what the construct renders.
   * @default - none.
   */
  readonly taskManagerPodTemplate?: K8sPodTemplate;
  /**
   * SSL inside the cluster (`security.ssl.internal.*`) and/or on the REST API
   * (`security.ssl.rest.*`), keystore and truststore from a Secret. Flink reads the store passwords
   * only from its configuration (docs/tls.md): synth requires an explicit suppression of
   * `config-literal-secret`. With REST SSL the operator must trust the certificate too
   * (`FlinkOperator` prop `restTls`).
   * @default - no TLS.
   */
  readonly tls?: FlinkTls;
}

const LOG_KEYS = ['log4j-console.properties', 'logback-console.xml'];
/** Props with free-form pod content: their pod templates are checked against the full Pod schema at synth. */
const FREE_FORM_PROPS: readonly (keyof FlinkClusterProps)[] = ['securityContext', 'tolerations', 'volumes', 'podTemplate', 'jobManagerPodTemplate', 'taskManagerPodTemplate'];
const EXACT = { rounding: SizeRoundingBehavior.NONE };
const mib = (s: Size) => s.toKibibytes(EXACT) / 1024;

const volumeMount = (m: Mount) => ({ name: m.name, mountPath: m.mountPath, ...(m.readOnly ? { readOnly: true } : {}) });
const podVolume = (m: Mount) => ({ ...m.volume, name: m.name });
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** The pods of one role, for per-role mounts. */
type Role = 'jobManager' | 'taskManager';

/** A volume the cluster mounts, with its pod volume name. */
interface Mount {
  /** Only this role's pods; every Flink pod when undefined. */
  readonly role?: Role;
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
  readonly volume: any;
}

/**
 * The common part of FlinkApplication and FlinkSessionCluster: one FlinkDeployment, its storage
 * mounts, service account and validation.
 */
export abstract class FlinkClusterBase extends Construct {
  /** The FlinkDeployment name. */
  public readonly name: string;
  /** Flink version. */
  public readonly flinkVersion: FlinkVersion;
  /** Operator version. */
  public readonly operatorVersion: OperatorVersion;
  /** The service account of the pods. */
  public readonly serviceAccount: IFlinkServiceAccount;
  /** The L1 FlinkDeployment. */
  public readonly resource: operator.FlinkDeployment;

  /** @internal */
  protected readonly _props: FlinkClusterProps;
  private readonly _config: Record<string, string>;
  private readonly _mounts: Mount[];
  private readonly _env: any[];
  private readonly _envFrom: any[];

  protected constructor(scope: Construct, id: string, props: FlinkClusterProps) {
    super(scope, id);
    checkProps(this, props, clusterShape(this._propShape()));
    this._props = props;
    if (!props.version || !(props.version instanceof FlinkVersion)) {
      throw propError(this, 'version', props.version, 'must be a FlinkVersion', "use e.g. FlinkVersion.V1_20");
    }
    this.flinkVersion = props.version;
    // The path names the construct in the error only: not built for the default.
    this.operatorVersion = toOperatorVersion(props.operatorVersion, props.operatorVersion === undefined ? '' : this.node.path);
    if (!this.operatorVersion.latestFlinkVersion.isAtLeast(this.flinkVersion)) {
      throw propError(this, 'version', this.flinkVersion.value,
        `is not in the FlinkDeployment CRD of operator ${this.operatorVersion.id} (up to ${this.operatorVersion.latestFlinkVersion.value})`,
        `use 'operatorVersion' OperatorVersion.MAIN or a 'version' up to ${this.operatorVersion.latestFlinkVersion.value}`);
    }
    if (typeof props.image !== 'string' || props.image.trim() === '' || /\s/.test(props.image)) {
      throw propError(this, 'image', props.image, 'must be a container image reference', "set 'image', e.g. 'flink:1.20'");
    }
    const mismatch = checkImageVersion(props.image, this.flinkVersion.value);
    if (mismatch && !isSuppressedAt(this, 'image-version-mismatch')) {
      throw propError(this, 'image', props.image, `runs Flink ${imageFlinkVersion(props.image)} but 'version' is ${this.flinkVersion.value}`,
        `use a Flink ${this.flinkVersion} image (e.g. 'flink:${this.flinkVersion}') or set 'version' to match the image`);
    }
    this.name = this.resolveName(props);
    registerOwner(this, this.operatorVersion._id);
    if (FREE_FORM_PROPS.some((k) => props[k] !== undefined) || props.jobManager?.volumes || props.taskManager?.volumes) requirePodSchema(this);

    this.checkResources('jobManager', props.jobManager, MIN_JM_MIB);
    this.checkResources('taskManager', props.taskManager, MIN_TM_MIB);
    checkRole(this, 'jobManager', props.jobManager, mib(props.jobManager?.memory ?? DEFAULT_JOB_MANAGER_MEMORY), this.operatorVersion);
    checkRole(this, 'taskManager', props.taskManager, mib(props.taskManager?.memory ?? DEFAULT_TASK_MANAGER_MEMORY), this.operatorVersion);
    const jmReplicas = props.jobManager?.replicas;
    if (jmReplicas !== undefined && !isIntAtLeast(jmReplicas, 1)) {
      throw propError(this, 'jobManager.replicas', jmReplicas, 'must be a whole number of at least 1', "set 'jobManager.replicas' to 1 or more");
    }
    if (jmReplicas !== undefined && jmReplicas > 1 && !props.ha) {
      throw propError(this, 'jobManager.replicas', jmReplicas, 'needs high availability for standby JobManagers',
        "set 'ha' (HaStorage.kubernetes({ storage })) or set 'jobManager.replicas' to 1");
    }
    const tm = props.taskManager ?? {};
    if (tm.replicas !== undefined && !isIntAtLeast(tm.replicas, 1)) {
      throw propError(this, 'taskManager.replicas', tm.replicas, 'must be a whole number of at least 1', "set 'taskManager.replicas' to 1 or more");
    }
    if (tm.taskSlots !== undefined && !isIntAtLeast(tm.taskSlots, 1)) {
      throw propError(this, 'taskManager.taskSlots', tm.taskSlots, 'must be a whole number of at least 1', "set 'taskManager.taskSlots' to 1 or more");
    }

    // Flink configuration: ours, then the user's extra entries.
    const ours: Record<string, string> = {};
    const owner: Record<string, string> = {};
    const add = (prop: string, entries: Record<string, string>) => {
      for (const k of Object.keys(entries)) {
        ours[k] = entries[k];
        owner[k] = prop;
      }
    };
    if (props.checkpoints) {
      const backend = props.checkpoints.stateBackend;
      if (backend && !this.flinkVersion.isAtLeast(backend.since)) {
        throw propError(this, 'checkpoints.stateBackend', backend.value, `needs Flink ${backend.since} or later (version is ${this.flinkVersion.value})`,
          "use StateBackend.ROCKSDB or StateBackend.HASHMAP, or a Flink 2.x 'version'");
      }
      this.checkSharedStorage('checkpoints.storage', props.checkpoints.storage);
      add('checkpoints', props.checkpoints._config(this.flinkVersion));
    }
    if (props.ha) {
      this.checkSharedStorage('ha.storage', props.ha.storage);
      add('ha', props.ha._config(this.flinkVersion));
    }
    if (props.restartStrategy) add('restartStrategy', props.restartStrategy._config(this.flinkVersion));
    if (props.tls) add('tls', props.tls._config(this, this.flinkVersion));
    const job = this._jobConfig(props);
    for (const prop of Object.keys(job)) add(prop, job[prop]);
    if (tm.taskSlots !== undefined) add('taskManager.taskSlots', { 'taskmanager.numberOfTaskSlots': String(tm.taskSlots) });
    const user = checkUserConfig(this, 'flinkConfiguration', props.flinkConfiguration, this.flinkVersion, this.operatorVersion);
    for (const k of Object.keys(user)) {
      if (k in ours) {
        throw propError(this, 'flinkConfiguration', k, `is also written by '${owner[k]}'`, `remove '${k}' from 'flinkConfiguration' or from '${owner[k]}'`);
      }
    }
    this._config = sortKeys({ ...ours, ...user });
    if (props.taskManagerServiceAccountToken === false && tokenNeeds(this._config, props.mode, undefined).taskManager) {
      throw propError(this, 'taskManagerServiceAccountToken', false, 'cannot be false with Kubernetes HA: TaskManagers find the JobManager leader through the HA ConfigMaps',
        "remove 'taskManagerServiceAccountToken'");
    }
    checkOverlaps(this, this._config, this.flinkVersion);

    for (const k of Object.keys(props.logConfiguration ?? {})) {
      if (!LOG_KEYS.includes(k)) {
        throw propError(this, 'logConfiguration', k, `is not a log configuration file the operator accepts (${LOG_KEYS.join(', ')})`, `use '${LOG_KEYS[0]}' or '${LOG_KEYS[1]}'`);
      }
    }
    if (props.ingress) checkIngress(this, props.ingress);

    // Mounts: one volume per distinct volume storage, then the extra volumes.
    this._mounts = [];
    const storages: FlinkStorage[] = [];
    for (const s of [props.checkpoints?.storage, props.ha?.storage]) {
      if (s && !storages.includes(s)) storages.push(s);
    }
    let n = 0;
    for (const s of storages) {
      const src = s._volumeSource();
      if (src === undefined) continue;
      this.addMount('checkpoints', { name: n === 0 ? 'flink-state' : `flink-state-${n}`, mountPath: s.mountPath!, volume: src });
      n++;
    }
    this.addVolumesOf('volumes', props.volumes);
    this.addVolumesOf('jobManager.volumes', props.jobManager?.volumes, 'jobManager');
    this.addVolumesOf('taskManager.volumes', props.taskManager?.volumes, 'taskManager');

    this._env = [];
    for (const [k, v] of props.env ? Object.entries(props.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : []) {
      if (!ENV_NAME.test(k)) throw propError(this, 'env', k, 'is not a valid environment variable name', 'use letters, digits, \'_\', \'-\' and \'.\'');
      this._env.push({ name: k, value: String(v) });
    }
    for (const s of storages) {
      for (const e of s._env()) {
        if (this._env.some((x) => x.name === e.name)) {
          throw propError(this, 'env', e.name, 'is also set by the object store credentials', `remove '${e.name}' from 'env'`);
        }
        this._env.push(e);
      }
    }
    this._envFrom = (props.envFromSecrets ?? []).map((s) => ({ secretRef: { name: s.name } }));

    // The service account, its Role and RoleBinding take the deployment's name: short, readable,
    // and unique wherever the deployment's name is.
    // The job ServiceAccount of the app's FlinkOperator for this namespace comes first.
    this.serviceAccount = props.serviceAccount
      ?? operatorJobServiceAccount(this, 'ServiceAccount', props.metadata?.namespace)
      ?? new FlinkServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, ...(props.metadata?.namespace ? { namespace: props.metadata.namespace } : {}) },
    });

    this.resource = new FlinkDeploymentObject(this, 'Resource', {
      metadata: { ...props.metadata, name: this.name },
      spec: Lazy.any({ produce: () => this._toKube() }),
    });

    // Order: claims, secrets and the service account before the FlinkDeployment.
    for (const s of storages) {
      const d = s._dependable();
      if (d) this.resource.addDependency(d);
      registerExternal(this, s._external());
    }
    for (const s of props.envFromSecrets ?? []) {
      const obj = apiObjectOf(s);
      if (obj) this.resource.addDependency(obj);
      else registerExternal(this, { secrets: [s.name] });
    }
    // Ours, or one made elsewhere in the app (fromServiceAccount); names of outside objects add no order.
    if (this.serviceAccount instanceof FlinkServiceAccount || this.serviceAccount.node.dependencies.length > 0) {
      this.resource.addDependency(this.serviceAccount);
    }

    // The escape-hatch pod templates are untyped (any Kubernetes PodSpec of any cdk8s-plus major):
    // check them against the Pod schema at synth, as lint does for YAML.
    if (props.podTemplate || props.jobManagerPodTemplate || props.taskManagerPodTemplate) {
      this.node.addValidation({
        validate: () => checkSchema(this.resource.toJson(), this.operatorVersion._id, 0, { podTemplates: true })
          .filter((f) => f.severity === 'error' && f.path.includes('podTemplate'))
          .map(formatFinding),
      });
    }
  }

  /** The Flink configuration this cluster renders (a copy). */
  public get flinkConfiguration(): { [key: string]: string } {
    return { ...this._config };
  }

  /**
   * Adds a Flink configuration entry after construction (same checks as the `flinkConfiguration` prop).
   */
  public addFlinkConfiguration(key: string, value: string): void {
    const entry = checkUserConfig(this, 'flinkConfiguration', { [key]: value }, this.flinkVersion, this.operatorVersion);
    if (key in this._config) {
      throw propError(this, 'flinkConfiguration', key, 'is already set', `set '${key}' once`);
    }
    checkOverlaps(this, { ...this._config, [key]: entry[key] }, this.flinkVersion);
    this._config[key] = entry[key];
  }

  /** Mounts an extra volume into `flink-main-container` of every Flink pod after construction (same checks as the `volumes` prop). */
  public addVolume(mount: FlinkVolumeMount): void {
    requirePodSchema(this);
    this.addVolumeOf('volumes', mount);
  }

  /** Mounts an extra volume into `flink-main-container` of the JobManager pods only (same checks as `jobManager.volumes`). */
  public addJobManagerVolume(mount: FlinkVolumeMount): void {
    requirePodSchema(this);
    this.addVolumeOf('jobManager.volumes', mount, 'jobManager');
  }

  /** Mounts an extra volume into `flink-main-container` of the TaskManager pods only (same checks as `taskManager.volumes`). */
  public addTaskManagerVolume(mount: FlinkVolumeMount): void {
    requirePodSchema(this);
    this.addVolumeOf('taskManager.volumes', mount, 'taskManager');
  }

  /** Adds an environment variable to `flink-main-container` after construction. */
  public addEnv(name: string, value: string): void {
    checkString(this, 'env', name, { fix: "use letters, digits, '_', '-' and '.'" });
    if (typeof value !== 'string') throw propError(this, `env['${name}']`, `a ${value === null ? 'null' : typeof value}`, 'must be a string', 'quote the value');
    if (!ENV_NAME.test(name)) throw propError(this, 'env', name, 'is not a valid environment variable name', 'use letters, digits, \'_\', \'-\' and \'.\'');
    if (this._env.some((e) => e.name === name)) throw propError(this, 'env', name, 'is already set', `set '${name}' once`);
    this._env.push({ name, value: String(value) });
  }

  /** The environment variables of `flink-main-container` (a copy). */
  public get env(): { [name: string]: string } {
    const out: Record<string, string> = {};
    for (const e of this._env) if (e.value !== undefined) out[e.name] = e.value;
    return out;
  }

  /** Volume mounts of every Flink pod, as `mountPath` -> volume name (a copy; per-role volumes are not included). */
  public get mounts(): { [mountPath: string]: string } {
    const out: Record<string, string> = {};
    for (const m of this._mounts) if (!m.role) out[m.mountPath] = m.name;
    return out;
  }

  /** @internal Run-time shape of the subclass' own props. Runs inside the base constructor. */
  protected _propShape(): Shape {
    return NO_SHAPE;
  }

  /** @internal Flink configuration the job's props write (applications), per prop. Runs inside the base constructor. */
  protected _jobConfig(_props: FlinkClusterProps): Record<string, Record<string, string>> {
    return {};
  }

  /** @internal the job spec (applications), or undefined. */
  protected _job(): operator.FlinkDeploymentSpecJob | undefined {
    return undefined;
  }

  /** @internal */
  public _toKube(): operator.FlinkDeploymentSpec {
    const p = this._props;
    const common = this.podTemplate();
    const template = (user: K8sPodTemplate | undefined) =>
      undefinedIfEmpty(mergeUnder(user ? toWire(user) : undefined, common));
    const jm = p.jobManager ?? {};
    const tm = p.taskManager ?? {};
    const tokens = tokenNeeds(this._config, p.mode, p.taskManagerServiceAccountToken);
    const component = (user: K8sPodTemplate | undefined, token: boolean, role: Role) => {
      const ours = { spec: { automountServiceAccountToken: token } };
      const own = this.roleMounts(role);
      if (!user && !own) return ours;
      // A user template or per-role volumes get the whole common template under them, our main
      // container first and the common volumes first (so the operator's by-position merge pairs
      // each with the common one's), and the profile under it; what the user sets wins.
      return mergeUnder(ours, this.secured(mergeUnder(mergeUnder(user ? toWire(user) : undefined, own), common), true));
    };
    const jmTemplate = withRoleMetadata(component(p.jobManagerPodTemplate, tokens.jobManager, 'jobManager'), jm);
    const tmTemplate = withRoleMetadata(component(p.taskManagerPodTemplate, tokens.taskManager, 'taskManager'), tm);
    return {
      image: p.image,
      imagePullPolicy: p.imagePullPolicy,
      flinkVersion: this.flinkVersion.value as operator.FlinkDeploymentSpecFlinkVersion,
      serviceAccount: this.serviceAccount.serviceAccountName,
      mode: p.mode as unknown as operator.FlinkDeploymentSpecMode | undefined,
      flinkConfiguration: undefinedIfEmpty(sortKeys(this._config)),
      logConfiguration: undefinedIfEmpty({ ...(p.logConfiguration ?? {}) }),
      ingress: p.ingress ? {
        template: p.ingress.template,
        className: p.ingress.className,
        annotations: p.ingress.annotations,
        labels: p.ingress.labels,
        tls: p.ingress.tls?.map((t) => ({ hosts: t.hosts, secretName: t.secretName })),
      } : undefined,
      podTemplate: this.secured(template(p.podTemplate), true),
      jobManager: {
        replicas: jm.replicas,
        ...this.resources(jm.cpu, jm.memory ?? DEFAULT_JOB_MANAGER_MEMORY, jm.ephemeralStorage, jm),
        podTemplate: jmTemplate,
      },
      taskManager: {
        replicas: tm.replicas,
        ...this.resources(tm.cpu, tm.memory ?? DEFAULT_TASK_MANAGER_MEMORY, tm.ephemeralStorage, tm),
        podTemplate: tmTemplate,
      },
      job: this._job(),
    };
  }

  private resources(cpu: number | undefined, memory: Size, ephemeral: Size | undefined, role: RolePodOptions = {}): any {
    if (this.operatorVersion.supportsResourceRequirements) {
      const requests: Record<string, any> = {};
      if (cpu !== undefined) {
        // int-or-string in the CRD: fractional cores go as a quantity string.
        requests.cpu = Number.isInteger(cpu)
          ? operator.FlinkDeploymentSpecJobManagerResourcesRequests.fromNumber(cpu)
          : operator.FlinkDeploymentSpecJobManagerResourcesRequests.fromString(String(cpu));
      }
      requests.memory = operator.FlinkDeploymentSpecJobManagerResourcesRequests.fromString(memory.asString());
      if (ephemeral) requests['ephemeral-storage'] = operator.FlinkDeploymentSpecJobManagerResourcesRequests.fromString(ephemeral.asString());
      const limits: Record<string, any> = {};
      if (role.cpuLimit !== undefined) {
        limits.cpu = Number.isInteger(role.cpuLimit)
          ? operator.FlinkDeploymentSpecJobManagerResourcesLimits.fromNumber(role.cpuLimit)
          : operator.FlinkDeploymentSpecJobManagerResourcesLimits.fromString(String(role.cpuLimit));
      }
      if (role.memoryLimit) limits.memory = operator.FlinkDeploymentSpecJobManagerResourcesLimits.fromString(role.memoryLimit.asString());
      return { resources: { requests, ...(Object.keys(limits).length ? { limits } : {}) } };
    }
    return { resource: { cpu, memory: memory.asString(), ephemeralStorage: ephemeral?.asString() } };
  }

  private podTemplate(): any {
    const p = this._props;
    const securityContext: Record<string, any> = { ...(p.securityContext ? toWire(p.securityContext) : {}) };
    const container: Record<string, any> = { name: FLINK_MAIN_CONTAINER };
    if (this._env.length) container.env = this._env.map((e) => ({ ...e }));
    if (this._envFrom.length) container.envFrom = this._envFrom.map((e) => ({ ...e }));
    const mounts = this._mounts.filter((m) => !m.role);
    if (mounts.length) container.volumeMounts = mounts.map(volumeMount);
    const spec: Record<string, any> = {};
    if (Object.keys(securityContext).length) spec.securityContext = securityContext;
    if (p.nodeSelector && Object.keys(p.nodeSelector).length) spec.nodeSelector = { ...p.nodeSelector };
    if (p.tolerations?.length) spec.tolerations = p.tolerations.map((t) => toWire(t));
    if (Object.keys(container).length > 1) spec.containers = [container];
    if (mounts.length) spec.volumes = mounts.map(podVolume);
    const metadata: Record<string, any> = {};
    if (p.podLabels && Object.keys(p.podLabels).length) metadata.labels = { ...p.podLabels };
    if (p.podAnnotations && Object.keys(p.podAnnotations).length) metadata.annotations = { ...p.podAnnotations };
    const out: Record<string, any> = {};
    if (Object.keys(metadata).length) out.metadata = metadata;
    if (Object.keys(spec).length) out.spec = spec;
    return Object.keys(out).length ? out : undefined;
  }

  /**
   * The profile's settings under a rendered template: on every container, and with `common` (the
   * template both pods share) on the pod and on a main container added when missing.
   */
  private secured(template: any, common = false): any {
    const profile = this._props.podSecurity ?? PodSecurity.RESTRICTED;
    const pod = common ? profile._podSecurityContext(needsFsGroup(this._mounts.map((m) => m.volume))) : {};
    return applyPodSecurity(template, profile, common ? FLINK_MAIN_CONTAINER : undefined, pod);
  }

  private volumeJson(prop: string, volume: IPodVolume): any {
    const json = volumeToWire(volume);
    if (!json) {
      throw propError(this, prop, volume?.name, 'must be a PodVolume or a cdk8s-plus Volume', "use e.g. PodVolume.fromConfigMap('my-config')");
    }
    return json;
  }

  /** The volumes and main-container mounts of one role's pods only, or undefined. */
  private roleMounts(role: Role): any {
    const mounts = this._mounts.filter((m) => m.role === role);
    if (!mounts.length) return undefined;
    return { spec: { containers: [{ name: FLINK_MAIN_CONTAINER, volumeMounts: mounts.map(volumeMount) }], volumes: mounts.map(podVolume) } };
  }

  /** Every mount of a list prop (holes included, as the list's own iteration visits them). */
  private addVolumesOf(prop: string, mounts: FlinkVolumeMount[] | undefined, role?: Role) {
    if (!mounts) return;
    for (let i = 0; i < mounts.length; i++) this.addVolumeOf(`${prop}[${i}]`, mounts[i], role);
  }

  private addVolumeOf(prop: string, mount: FlinkVolumeMount, role?: Role) {
    if (!mount?.volume || typeof mount.mountPath !== 'string' || !mount.mountPath.startsWith('/')) {
      throw propError(this, `${prop}.mountPath`, mount?.mountPath, 'must be an absolute path', "use e.g. '/etc/flink-extra'");
    }
    this.addMount(prop, { role, name: mount.volume.name, mountPath: mount.mountPath, readOnly: mount.readOnly, volume: this.volumeJson(`${prop}.volume`, mount.volume) });
  }

  private addMount(prop: string, m: Mount) {
    // Two roles' pods are different pods: only mounts that end up in the same pod can clash.
    const clash = this._mounts.find((x) => (!x.role || !m.role || x.role === m.role) && (x.mountPath === m.mountPath || x.name === m.name));
    if (clash) {
      throw propError(this, prop, m.mountPath, `is mounted at the same path or with the same name as volume '${clash.name}' (${clash.mountPath})`,
        "give each storage or volume its own 'mountPath' and name");
    }
    this._mounts.push(m);
  }

  private resolveName(props: FlinkClusterProps): string {
    return resolveResourceName(this, props.name ?? props.metadata?.name, {
      kind: 'FlinkDeployment',
      pattern: DEPLOYMENT_NAME,
      maxLen: 45,
      describe: "at most 45 characters, lower case letters, digits and '-', starting with a letter and ending with a letter or digit",
      allowInvalid: () => isSuppressedAt(this, 'deployment-name-invalid'),
    });
  }

  private checkResources(prop: string, r: JobManagerOptions | TaskManagerOptions | undefined, minMib: number) {
    if (!r) return;
    if (r.cpu !== undefined && !(typeof r.cpu === 'number' && Number.isFinite(r.cpu) && r.cpu > 0)) {
      throw propError(this, `${prop}.cpu`, r.cpu, 'must be a positive number of cores', `set '${prop}.cpu' to e.g. 1 or 0.5`);
    }
    if (r.memory !== undefined) {
      const mib = r.memory.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) / 1024;
      const tuned = Object.keys(this._props.flinkConfiguration ?? {}).some((k) => k.startsWith(prop === 'jobManager' ? 'jobmanager.memory.' : 'taskmanager.memory.'));
      if (!(mib >= minMib) && !tuned) {
        throw propError(this, `${prop}.memory`, r.memory.asString(), `must be at least ${minMib}Mi with Flink's default memory settings`,
          `set '${prop}.memory' to Size.mebibytes(${minMib}) or more`);
      }
    }
    if (r.ephemeralStorage !== undefined && !(r.ephemeralStorage.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) > 0)) {
      throw propError(this, `${prop}.ephemeralStorage`, r.ephemeralStorage.asString(), 'must be more than zero', `remove '${prop}.ephemeralStorage' or give a size`);
    }
  }

  private checkSharedStorage(prop: string, storage: FlinkStorage) {
    if (!(storage instanceof FlinkStorage)) {
      throw propError(this, prop, storage, 'must be a FlinkStorage', 'use FlinkStorage.persistentVolumeClaim(...), existingClaim(...), hostPath(...) or objectStore(...)');
    }
    if (!storage.shared) {
      throw propError(this, prop, storage._describe(),
        'cannot hold state that JobManager and TaskManager pods share (it is not ReadWriteMany)',
        "use a ReadWriteMany claim (the default of FlinkStorage.persistentVolumeClaim) or an object store");
    }
  }

}

