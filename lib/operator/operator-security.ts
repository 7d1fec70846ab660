/**
 * The security settings of the operator's pod and containers. Kept here, small, so that the Flink
 * pods' security profiles can share it later.
 */
export class OperatorSecurityProfile {
  /**
   * The Kubernetes "restricted" Pod Security Standard: non-root with the image's uid/gid 9999,
   * no privilege escalation, all capabilities dropped, the runtime's default seccomp profile.
   */
  public static readonly RESTRICTED = new OperatorSecurityProfile('restricted', true);
  /**
   * Like RESTRICTED but without fixed user and group ids: OpenShift's restricted SCC assigns them
   * from the namespace's range and rejects pods that ask for others.
   */
  public static readonly OPENSHIFT = new OperatorSecurityProfile('openshift', false);

  private constructor(
    /** `restricted` or `openshift`. */
    public readonly name: string,
    private readonly fixedIds: boolean,
  ) {}

  /** The pod's securityContext. @internal */
  public _pod(): Record<string, any> {
    return {
      ...(this.fixedIds ? { runAsUser: 9999, runAsGroup: 9999 } : {}),
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    };
  }

  /** A container's securityContext. @internal */
  public _container(): Record<string, any> {
    return {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    };
  }
}
