import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Check, checkProps, dnsLabel, dnsSubdomain, size } from './private/check';

/*
 * Small Kubernetes types of our own, so that no cdk8s-plus major is part of the API: a cdk8s-plus
 * `Secret`, `ConfigMap`, `ServiceAccount` or `Volume` of any major fits them structurally, and
 * projects without cdk8s-plus use plain names or `PodVolume`.
 */

/**
 * A Kubernetes object referenced by name: a cdk8s-plus `Secret`, `ConfigMap` or `ServiceAccount`
 * of any major (created in this app, or from `fromXName()`), or `NamedResource.of(name)`.
 * An object created in the same app is ordered before the resources that use it; any other name is
 * declared as existing outside the app for validation.
 */
export interface INamedResource {
  /** The name of the object. */
  readonly name: string;
}

/** A reference to an object that exists outside the app, by name. */
export class NamedResource implements INamedResource {
  /** References the object `name` (a Secret, ConfigMap or ServiceAccount of the same namespace). */
  public static of(name: string): INamedResource {
    if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
      throw new Error(`[NamedResource.of] 'name' (${name}) is not a valid Kubernetes object name. Fix: use lower case letters, digits, '-' and '.'.`);
    }
    return new NamedResource(name);
  }

  private constructor(public readonly name: string) {}
}

/**
 * A pod volume: a cdk8s-plus `Volume` of any major, or one made with `PodVolume`.
 */
export interface IPodVolume {
  /** Name of the volume in the pod. */
  readonly name: string;
}

/** Options of `PodVolume.fromConfigMap` and `PodVolume.fromSecret`. */
export interface PodVolumeOptions {
  /**
   * Name of the volume in the pod.
   * @default - `configmap-<name>`, `secret-<name>`, `pvc-<name>`.
   */
  readonly name?: string;
}

/** Options of `PodVolume.fromEmptyDir`. */
export interface EmptyDirVolumeOptions {
  /**
   * Size limit of the directory.
   * @default - no limit.
   */
  readonly sizeLimit?: Size;
}

/** A pod volume in the Kubernetes wire form, without a dependency on cdk8s-plus. */
export class PodVolume implements IPodVolume {
  /** A volume with the keys of a ConfigMap as files. */
  public static fromConfigMap(configMapName: string, options: PodVolumeOptions = {}): PodVolume {
    checkVolume('PodVolume.fromConfigMap', 'configmap', configMapName, options);
    return new PodVolume(options.name ?? `configmap-${configMapName}`, { configMap: { name: configMapName } });
  }

  /** A volume with the keys of a Secret as files. */
  public static fromSecret(secretName: string, options: PodVolumeOptions = {}): PodVolume {
    checkVolume('PodVolume.fromSecret', 'secret', secretName, options);
    return new PodVolume(options.name ?? `secret-${secretName}`, { secret: { secretName } });
  }

  /** A volume backed by a PersistentVolumeClaim. */
  public static fromPersistentVolumeClaim(claimName: string, options: PodVolumeOptions = {}): PodVolume {
    checkVolume('PodVolume.fromPersistentVolumeClaim', 'pvc', claimName, options);
    return new PodVolume(options.name ?? `pvc-${claimName}`, { persistentVolumeClaim: { claimName } });
  }

  /** An empty directory that lives as long as the pod. */
  public static fromEmptyDir(name: string, options: EmptyDirVolumeOptions = {}): PodVolume {
    VOLUME_NAME('PodVolume.fromEmptyDir', 'name', name);
    checkProps('PodVolume.fromEmptyDir', options, { sizeLimit: size('Size.gibibytes(1)') });
    const emptyDir: Record<string, unknown> = {};
    if (options.sizeLimit) emptyDir.sizeLimit = `${options.sizeLimit.toMebibytes({ rounding: SizeRoundingBehavior.NONE })}Mi`;
    return new PodVolume(name, { emptyDir });
  }

  /** A directory of the node (single-node clusters only). */
  public static fromHostPath(name: string, path: string): PodVolume {
    VOLUME_NAME('PodVolume.fromHostPath', 'name', name);
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new Error(`[PodVolume.fromHostPath] 'path' (${JSON.stringify(path)}) must be an absolute path. Fix: use e.g. '/mnt/data'.`);
    }
    return new PodVolume(name, { hostPath: { path } });
  }

  private constructor(public readonly name: string, private readonly source: Record<string, unknown>) {}

  /** @internal the volume in the wire form, with its name. */
  public _toWire(): Record<string, unknown> {
    return { ...JSON.parse(JSON.stringify(this.source)), name: this.name };
  }
}

const VOLUME_NAME: Check = dnsLabel("use a volume name of lower case letters, digits and '-', e.g. 'extra'");

/** Checks the referenced object's name, the options of a PodVolume factory and the volume name it gives. */
function checkVolume(where: string, prefix: string, name: unknown, options: unknown): void {
  dnsSubdomain("use the object's name: lower case letters, digits, '-' and '.'")(where, 'name', name);
  checkProps(where, options, { name: VOLUME_NAME });
  if ((options as PodVolumeOptions).name === undefined) {
    // The default volume name is derived from the object's name; it must be a volume name too.
    dnsLabel("pass options.name, e.g. { name: 'extra' } (a default volume name is the prefix plus the object's name)")(where, 'options.name', `${prefix}-${name}`);
  }
}

/** A toleration of the Flink pods (Kubernetes `Toleration`). */
export interface K8sToleration {
  /**
   * Taint effect to match: `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
   * @default - all effects.
   */
  readonly effect?: string;
  /**
   * Taint key to match.
   * @default - all keys (with operator `Exists`).
   */
  readonly key?: string;
  /**
   * `Exists` or `Equal`.
   * @default 'Equal'
   */
  readonly operator?: string;
  /**
   * How long a `NoExecute` taint is tolerated, in seconds.
   * @default - forever.
   */
  readonly tolerationSeconds?: number;
  /**
   * Taint value to match.
   * @default - none.
   */
  readonly value?: string;
}

/** Seccomp profile of a pod (Kubernetes `SeccompProfile`). */
export interface K8sSeccompProfile {
  /** `RuntimeDefault`, `Localhost` or `Unconfined`. */
  readonly type: string;
  /**
   * Profile file on the node, for `Localhost`.
   * @default - none.
   */
  readonly localhostProfile?: string;
}

/** SELinux labels of a pod (Kubernetes `SELinuxOptions`). */
export interface K8sSeLinuxOptions {
  /** @default - none. */
  readonly level?: string;
  /** @default - none. */
  readonly role?: string;
  /** @default - none. */
  readonly type?: string;
  /** @default - none. */
  readonly user?: string;
}

/** A namespaced sysctl of a pod (Kubernetes `Sysctl`). */
export interface K8sSysctl {
  /** Name of the sysctl. */
  readonly name: string;
  /** Value of the sysctl. */
  readonly value: string;
}

/**
 * Security context of the Flink pods (Kubernetes `PodSecurityContext`). A `k8s.PodSecurityContext`
 * of any cdk8s-plus major fits; fields not listed here are passed through as given.
 */
export interface K8sPodSecurityContext {
  /**
   * Group that owns mounted volumes.
   * @default - none.
   */
  readonly fsGroup?: number;
  /**
   * `OnRootMismatch` or `Always`.
   * @default - Kubernetes' default (Always).
   */
  readonly fsGroupChangePolicy?: string;
  /**
   * Group of the container processes.
   * @default - the image's.
   */
  readonly runAsGroup?: number;
  /**
   * Refuse to start a container that runs as root.
   * @default - not checked.
   */
  readonly runAsNonRoot?: boolean;
  /**
   * User of the container processes.
   * @default - the image's.
   */
  readonly runAsUser?: number;
  /**
   * Seccomp profile.
   * @default - none.
   */
  readonly seccompProfile?: K8sSeccompProfile;
  /**
   * SELinux labels.
   * @default - none.
   */
  readonly seLinuxOptions?: K8sSeLinuxOptions;
  /**
   * Extra groups of the container processes.
   * @default - none.
   */
  readonly supplementalGroups?: number[];
  /**
   * Namespaced sysctls.
   * @default - none.
   */
  readonly sysctls?: K8sSysctl[];
}

/** Labels and annotations of a pod template. */
export interface K8sPodTemplateMetadata {
  /**
   * Labels of the pods.
   * @default - none.
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the pods.
   * @default - none.
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A Kubernetes `PodTemplateSpec` for the pod template escape hatches: an object literal, or a
 * `k8s.PodTemplateSpec` of any cdk8s-plus major (its quantities and int-or-strings are rendered
 * to their wire form).
 */
export interface K8sPodTemplate {
  /**
   * Labels and annotations of the pods.
   * @default - none.
   */
  readonly metadata?: K8sPodTemplateMetadata;
  /**
   * The pod spec (Kubernetes `PodSpec`), in the field names of the Kubernetes API.
   * @default - none.
   */
  readonly spec?: any;
}
