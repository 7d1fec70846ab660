import { isObject } from './values';

/**
 * The Kubernetes Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards),
 * "baseline" and "restricted" levels, as checks over one pod spec. Pure: a pod spec (and its
 * metadata, for the AppArmor annotations) in, violations out. Malformed input never throws.
 */

/** One control a pod spec fails. */
export interface PssViolation {
  /** The lowest level the control belongs to: failing a `baseline` control fails `restricted` too. */
  readonly level: 'baseline' | 'restricted';
  /** Short id of the control, e.g. `runAsNonRoot`, `hostNamespaces`. */
  readonly control: string;
  /** Path relative to the pod spec (`securityContext.runAsNonRoot`, `containers[0].securityContext.privileged`). */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Capabilities "baseline" lets a container add. */
const BASELINE_CAPS = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
/** Volume sources "restricted" allows. */
export const RESTRICTED_VOLUME_SOURCES: ReadonlySet<string> = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);
/** Sysctls "baseline" allows. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const SECCOMP_OK = new Set(['RuntimeDefault', 'Localhost']);

/** The container lists PSS applies to. */
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** A container of the pod with its path relative to the pod spec. */
interface Named {
  readonly c: any;
  readonly path: string;
}

function containersOf(spec: any): Named[] {
  const out: Named[] = [];
  for (const list of CONTAINER_LISTS) {
    const arr = spec[list];
    if (!Array.isArray(arr)) continue;
    arr.forEach((c, i) => { if (isObject(c)) out.push({ c, path: `${list}[${i}]` }); });
  }
  return out;
}

/** Read-only stand-ins for absent objects and lists (never written to). */
const NONE: any = Object.freeze({});
const NO_ITEMS: readonly unknown[] = Object.freeze([]);
const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

const sc = (o: any): any => (isObject(o) && isObject(o.securityContext) ? o.securityContext : NONE);

/**
 * The violations of one pod spec. `extraContainers` names containers that Kubernetes will run
 * although the spec does not list them (Flink adds `flink-main-container` when a pod template does
 * not declare it): they are checked as containers without a securityContext.
 */
export function checkPodSecurity(podSpec: unknown, podMetadata?: unknown, extraContainers: readonly string[] = []): PssViolation[] {
  const spec: any = isObject(podSpec) ? podSpec : {};
  const meta: any = isObject(podMetadata) ? podMetadata : {};
  const out: PssViolation[] = [];
  const add = (level: PssViolation['level'], control: string, path: string, message: string, fix: string) =>
    out.push({ level, control, path, message, fix });
  const podSc = sc(spec);
  const containers = containersOf(spec);
  for (let i = 0; i < extraContainers.length; i++) {
    const name = extraContainers[i];
    let listed = false;
    for (let j = 0; j < containers.length && !listed; j++) listed = containers[j].c.name === name;
    if (!listed) containers.push({ c: { name }, path: `containers[name=${name}]` });
  }
  const label = (x: Named) => (typeof x.c.name === 'string' ? `container '${x.c.name}'` : `'${x.path}'`);

  // Baseline ------------------------------------------------------------------------------------
  for (let i = 0; i < HOST_NAMESPACES.length; i++) {
    const f = HOST_NAMESPACES[i];
    if (spec[f] === true) add('baseline', 'hostNamespaces', f, `'${f}: true' shares the node's namespaces with the pod`, `remove '${f}'`);
  }
  if (isObject(podSc.windowsOptions) && podSc.windowsOptions.hostProcess === true) {
    add('baseline', 'hostProcess', 'securityContext.windowsOptions.hostProcess', 'Windows HostProcess pods run with node access', "remove 'windowsOptions.hostProcess'");
  }
  if (Array.isArray(spec.volumes)) {
    spec.volumes.forEach((v: any, i: number) => {
      if (!isObject(v)) return;
      if (v.hostPath !== undefined) {
        add('baseline', 'hostPathVolumes', `volumes[${i}].hostPath`, `volume '${v.name}' is a hostPath volume (a directory of the node)`, 'use a persistentVolumeClaim, emptyDir or an object store instead');
        return;
      }
      const sources = Object.keys(v).filter((k) => k !== 'name');
      for (const s of sources) {
        if (!RESTRICTED_VOLUME_SOURCES.has(s)) {
          add('restricted', 'volumeTypes', `volumes[${i}].${s}`, `volume '${v.name}' has type '${s}', which 'restricted' does not allow`,
            `use one of ${[...RESTRICTED_VOLUME_SOURCES].join(', ')} (e.g. a persistentVolumeClaim)`);
        }
      }
    });
  }
  if (Array.isArray(podSc.sysctls)) {
    podSc.sysctls.forEach((s: any, i: number) => {
      const name = isObject(s) ? s.name : undefined;
      if (typeof name !== 'string' || !SAFE_SYSCTLS.has(name)) {
        add('baseline', 'sysctls', `securityContext.sysctls[${i}]`, `sysctl '${name}' is not in the safe set`, 'remove the sysctl or set it on the node');
      }
    });
  }
  const checkSeLinux = (o: any, path: string) => {
    if (!isObject(o.seLinuxOptions)) return;
    const t = o.seLinuxOptions.type;
    if (t !== undefined && !SELINUX_TYPES.has(t)) {
      add('baseline', 'seLinux', `${path}.seLinuxOptions.type`, `SELinux type '${t}' is not allowed`, "remove 'seLinuxOptions.type' or use container_t");
    }
    for (const f of ['user', 'role']) {
      if (o.seLinuxOptions[f] !== undefined && o.seLinuxOptions[f] !== '') {
        add('baseline', 'seLinux', `${path}.seLinuxOptions.${f}`, `a custom SELinux ${f} is not allowed`, `remove 'seLinuxOptions.${f}'`);
      }
    }
  };
  const checkAppArmor = (o: any, path: string) => {
    const t = isObject(o.appArmorProfile) ? o.appArmorProfile.type : undefined;
    if (t !== undefined && t !== 'RuntimeDefault' && t !== 'Localhost') {
      add('baseline', 'appArmor', `${path}.appArmorProfile.type`, `AppArmor profile '${t}' disables confinement`, "use 'RuntimeDefault' or remove 'appArmorProfile'");
    }
  };
  checkSeLinux(podSc, 'securityContext');
  checkAppArmor(podSc, 'securityContext');
  if (isObject(meta.annotations)) {
    for (const [k, v] of Object.entries(meta.annotations)) {
      if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !(typeof v === 'string' && v.startsWith('localhost/'))) {
        add('baseline', 'appArmor', `metadata.annotations['${k}']`, `AppArmor annotation value '${v}' disables confinement`, "use 'runtime/default' or remove the annotation");
      }
    }
  }
  const podSeccomp = isObject(podSc.seccompProfile) ? podSc.seccompProfile.type : undefined;
  if (podSeccomp === 'Unconfined') {
    add('baseline', 'seccomp', 'securityContext.seccompProfile.type', "seccomp profile 'Unconfined' disables syscall filtering", "use 'RuntimeDefault'");
  }
  for (let i = 0; i < containers.length; i++) {
    const x = containers[i];
    const csc = sc(x.c);
    const p = `${x.path}.securityContext`;
    if (csc.privileged === true) add('baseline', 'privileged', `${p}.privileged`, `${label(x)} is privileged (full access to the node)`, "remove 'privileged: true'");
    if (isObject(csc.windowsOptions) && csc.windowsOptions.hostProcess === true) {
      add('baseline', 'hostProcess', `${p}.windowsOptions.hostProcess`, `${label(x)} is a Windows HostProcess container`, "remove 'windowsOptions.hostProcess'");
    }
    const caps = isObject(csc.capabilities) ? csc.capabilities : NONE;
    const added: readonly unknown[] = Array.isArray(caps.add) ? caps.add : NO_ITEMS;
    for (const cap of added) {
      if (!BASELINE_CAPS.has(String(cap))) {
        add('baseline', 'capabilities', `${p}.capabilities.add`, `${label(x)} adds capability '${cap}'`, `remove '${cap}' from 'capabilities.add'`);
      } else if (cap !== 'NET_BIND_SERVICE') {
        add('restricted', 'capabilities', `${p}.capabilities.add`, `${label(x)} adds capability '${cap}' ('restricted' allows only NET_BIND_SERVICE)`, `remove '${cap}' from 'capabilities.add'`);
      }
    }
    if (Array.isArray(x.c.ports)) {
      x.c.ports.forEach((port: any, i: number) => {
        if (isObject(port) && port.hostPort !== undefined && port.hostPort !== 0) {
          add('baseline', 'hostPorts', `${x.path}.ports[${i}].hostPort`, `${label(x)} binds host port ${port.hostPort}`, "remove 'hostPort'");
        }
      });
    }
    if (csc.procMount !== undefined && csc.procMount !== 'Default') {
      add('baseline', 'procMount', `${p}.procMount`, `${label(x)} unmasks /proc ('procMount: ${csc.procMount}')`, "remove 'procMount'");
    }
    checkSeLinux(csc, p);
    checkAppArmor(csc, p);
    const cSeccomp = isObject(csc.seccompProfile) ? csc.seccompProfile.type : undefined;

    // Restricted --------------------------------------------------------------------------------
    if (csc.allowPrivilegeEscalation !== false) {
      add('restricted', 'allowPrivilegeEscalation', `${p}.allowPrivilegeEscalation`, `${label(x)} does not set 'allowPrivilegeEscalation: false'`,
        `set '${p}.allowPrivilegeEscalation: false'`);
    }
    const dropped: readonly unknown[] = Array.isArray(caps.drop) ? caps.drop : NO_ITEMS;
    if (!dropped.includes('ALL')) {
      add('restricted', 'capabilities', `${p}.capabilities.drop`, `${label(x)} does not drop all capabilities`, `set '${p}.capabilities.drop: [ALL]'`);
    }
    if (csc.runAsNonRoot === false || (csc.runAsNonRoot !== true && podSc.runAsNonRoot !== true)) {
      add('restricted', 'runAsNonRoot', csc.runAsNonRoot === false ? `${p}.runAsNonRoot` : 'securityContext.runAsNonRoot',
        csc.runAsNonRoot === false ? `${label(x)} sets 'runAsNonRoot: false'` : "the pod's containers may run as root (no 'runAsNonRoot: true')", "set 'securityContext.runAsNonRoot: true' on the pod");
    }
    if (csc.runAsUser === 0) add('restricted', 'runAsUser', `${p}.runAsUser`, `${label(x)} runs as root (uid 0)`, 'use a non-zero uid (the flink image user is 9999)');
    if (cSeccomp === 'Unconfined') {
      add('baseline', 'seccomp', `${p}.seccompProfile.type`, `${label(x)} has seccomp profile 'Unconfined'`, "use 'RuntimeDefault'");
    } else if (!SECCOMP_OK.has(cSeccomp) && !SECCOMP_OK.has(podSeccomp)) {
      add('restricted', 'seccomp', 'securityContext.seccompProfile.type', "the pod's containers have no seccomp profile (RuntimeDefault or Localhost)",
        "set 'securityContext.seccompProfile.type: RuntimeDefault' on the pod");
    }
  }
  if (podSc.runAsUser === 0) add('restricted', 'runAsUser', 'securityContext.runAsUser', 'the pod runs as root (uid 0)', 'use a non-zero uid (the flink image user is 9999)');
  if (out.length <= 1) return out;
  // Pod-level controls reported once, not per container.
  const seen = new Set<string>();
  return out.filter((v) => {
    const k = `${v.control}|${v.path}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Whether a pod spec passes "restricted". */
export function isRestricted(podSpec: unknown, podMetadata?: unknown, extraContainers: readonly string[] = []): boolean {
  return checkPodSecurity(podSpec, podMetadata, extraContainers).length === 0;
}

/** The violations that make a Flink pod a host-level risk: privileged containers and host namespaces. */
export function isHostLevel(v: PssViolation): boolean {
  return v.control === 'privileged' || v.control === 'hostNamespaces';
}
