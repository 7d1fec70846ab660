import { checkInt, checkProps } from './private/check';

/** uid and gid of the `flink` user of the official Flink images. */
const FLINK_IMAGE_USER = 9999;

/** Options of `PodSecurity.restrictedAs`. */
export interface RestrictedPodSecurityOptions {
  /**
   * uid the containers run as (`runAsUser`). Not 0.
   * @default 9999 (the `flink` user of the official images)
   */
  readonly user?: number;
  /**
   * gid the containers run as (`runAsGroup`), and the `fsGroup` of volumes that need one.
   * @default 9999 (the `flink` group of the official images)
   */
  readonly group?: number;
}

/**
 * How the Flink pods are hardened: which `securityContext` settings the construct renders into the
 * JobManager and TaskManager pod templates. Settings given in `securityContext` or in a pod template
 * always win over the profile's.
 */
export class PodSecurity {
  /**
   * Kubernetes Pod Security Standard "restricted" (the default): `runAsNonRoot`, uid and gid 9999
   * (the `flink` user of the official images), `seccompProfile: RuntimeDefault`, and on every
   * container `allowPrivilegeEscalation: false` and `capabilities.drop: [ALL]`. `fsGroup: 9999` is
   * added only when a persistent volume claim is mounted (so the `flink` user can write it).
   */
  public static readonly RESTRICTED = new PodSecurity('restricted', FLINK_IMAGE_USER, FLINK_IMAGE_USER);

  /**
   * OpenShift's `restricted-v2` SCC (which also passes Pod Security "restricted"): like RESTRICTED
   * but without a fixed uid, gid or fsGroup. OpenShift assigns a uid from the namespace's range and
   * an fsGroup that makes claim volumes group-writable; a fixed uid or fsGroup outside the range
   * would be refused.
   */
  public static readonly OPENSHIFT = new PodSecurity('openshift');

  /**
   * No hardening: the pods run as the image decides (the Flink image starts as root and switches to
   * `flink`). Only `fsGroup: 9999` is added when a claim is mounted. The pods fail Pod Security
   * "restricted" and "baseline"-only namespaces may still admit them. Prefer RESTRICTED.
   */
  public static readonly NONE = new PodSecurity('none', undefined, FLINK_IMAGE_USER);

  /** Pod Security "restricted" with another uid and gid (a custom image whose user is not 9999). */
  public static restrictedAs(options: RestrictedPodSecurityOptions): PodSecurity {
    const where = 'PodSecurity.restrictedAs';
    checkProps(where, options, {});
    const user = checkInt(where, 'user', options?.user, { min: 1, fix: "use the uid of your image's user, e.g. 9999" }) ?? FLINK_IMAGE_USER;
    const group = checkInt(where, 'group', options?.group, { min: 0, fix: "use the gid of your image's user, e.g. 9999" }) ?? FLINK_IMAGE_USER;
    return new PodSecurity('restricted', user, group);
  }

  /**
   * @param id `restricted`, `openshift` or `none`.
   * @param user uid rendered as `runAsUser`, if any.
   * @param group gid rendered as `runAsGroup` (restricted) and `fsGroup` (when a claim needs it), if any.
   */
  private constructor(public readonly id: string, public readonly user?: number, public readonly group?: number) {}

  /** Whether the profile makes the pods pass Pod Security "restricted". */
  public get restricted(): boolean {
    return this.id !== 'none';
  }

  /** @internal The pod-level securityContext of the profile. */
  public _podSecurityContext(needsFsGroup: boolean): Record<string, any> {
    const out: Record<string, any> = {};
    if (this.restricted) {
      out.runAsNonRoot = true;
      if (this.user !== undefined) out.runAsUser = this.user;
      if (this.group !== undefined) out.runAsGroup = this.group;
      out.seccompProfile = { type: 'RuntimeDefault' };
    }
    if (needsFsGroup && this.group !== undefined) out.fsGroup = this.group;
    return out;
  }

  /** @internal The securityContext of every container. */
  public _containerSecurityContext(): Record<string, any> {
    return this.restricted ? { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } : {};
  }

  public toString(): string {
    return this.id;
  }
}
