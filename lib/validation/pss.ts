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

/** A container of the pod: its path relative to the pod spec is built only for a violation. */
interface Named {
  readonly c: any;
  /** `containers`, `initContainers` or `ephemeralContainers`; '' for an unlisted extra container. */
  readonly list: string;
  readonly index: number;
}

function containersOf(spec: any): Named[] {
  const out: Named[] = [];
  for (let l = 0; l < CONTAINER_LISTS.length; l++) {
    const list = CONTAINER_LISTS[l];
    const arr = spec[list];
    if (!Array.isArray(arr)) continue;
    for (let i = 0; i < arr.length; i++) if (isObject(arr[i])) out.push({ c: arr[i], list, index: i });
  }
  return out;
}

/** The container's path relative to the pod spec. */
function pathOfContainer(x: Named): string {
  return x.list === '' ? `containers[name=${x.c.name}]` : `${x.list}[${x.index}]`;
}

/** The path of the container's securityContext. */
function scPath(x: Named): string {
  return `${pathOfContainer(x)}.securityContext`;
}

function label(x: Named): string {
  return typeof x.c.name === 'string' ? `container '${x.c.name}'` : `'${pathOfContainer(x)}'`;
}

/** Read-only stand-ins for absent objects and lists (never written to). */
const NONE: any = Object.freeze({});
const NO_ITEMS: readonly unknown[] = Object.freeze([]);
const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;
const SELINUX_FIELDS = ['user', 'role'] as const;
const RESTRICTED_SOURCES_TEXT = [...RESTRICTED_VOLUME_SOURCES].join(', ');

const sc = (o: any): any => (isObject(o) && isObject(o.securityContext) ? o.securityContext : NONE);

function add(out: PssViolation[], level: PssViolation['level'], control: string, path: string, message: string, fix: string): void {
  out.push({ level, control, path, message, fix });
}

function checkSeLinux(out: PssViolation[], o: any, path: () => string): void {
  if (!isObject(o.seLinuxOptions)) return;
  const t = o.seLinuxOptions.type;
  if (t !== undefined && !SELINUX_TYPES.has(t)) {
    add(out, 'baseline', 'seLinux', `${path()}.seLinuxOptions.type`, `SELinux type '${t}' is not allowed`, "remove 'seLinuxOptions.type' or use container_t");
  }
  for (let i = 0; i < SELINUX_FIELDS.length; i++) {
    const f = SELINUX_FIELDS[i];
    if (o.seLinuxOptions[f] !== undefined && o.seLinuxOptions[f] !== '') {
      add(out, 'baseline', 'seLinux', `${path()}.seLinuxOptions.${f}`, `a custom SELinux ${f} is not allowed`, `remove 'seLinuxOptions.${f}'`);
    }
  }
}

function checkAppArmor(out: PssViolation[], o: any, path: () => string): void {
  const t = isObject(o.appArmorProfile) ? o.appArmorProfile.type : undefined;
  if (t !== undefined && t !== 'RuntimeDefault' && t !== 'Localhost') {
    add(out, 'baseline', 'appArmor', `${path()}.appArmorProfile.type`, `AppArmor profile '${t}' disables confinement`, "use 'RuntimeDefault' or remove 'appArmorProfile'");
  }
}

const POD_SC_PATH = () => 'securityContext';

/**
 * The violations of one pod spec. `extraContainers` names containers that Kubernetes will run
 * although the spec does not list them (Flink adds `flink-main-container` when a pod template does
 * not declare it): they are checked as containers without a securityContext.
 */
export function checkPodSecurity(podSpec: unknown, podMetadata?: unknown, extraContainers: readonly string[] = []): PssViolation[] {
  // Index loops, no closures per call, container paths built only for a violation: this runs for
  // two pods of every FlinkDeployment, mostly before V8 optimizes it.
  const spec: any = isObject(podSpec) ? podSpec : NONE;
  const meta: any = isObject(podMetadata) ? podMetadata : NONE;
  const out: PssViolation[] = [];
  const podSc = sc(spec);
  const containers = containersOf(spec);
  for (let i = 0; i < extraContainers.length; i++) {
    const name = extraContainers[i];
    let listed = false;
    for (let j = 0; j < containers.length && !listed; j++) listed = containers[j].c.name === name;
    if (!listed) containers.push({ c: { name }, list: '', index: -1 });
  }

  // Baseline ------------------------------------------------------------------------------------
  for (let i = 0; i < HOST_NAMESPACES.length; i++) {
    const f = HOST_NAMESPACES[i];
    if (spec[f] === true) add(out, 'baseline', 'hostNamespaces', f, `'${f}: true' shares the node's namespaces with the pod`, `remove '${f}'`);
  }
  if (isObject(podSc.windowsOptions) && podSc.windowsOptions.hostProcess === true) {
    add(out, 'baseline', 'hostProcess', 'securityContext.windowsOptions.hostProcess', 'Windows HostProcess pods run with node access', "remove 'windowsOptions.hostProcess'");
  }
  if (Array.isArray(spec.volumes)) {
    const volumes = spec.volumes;
    for (let i = 0; i < volumes.length; i++) {
      const v = volumes[i];
      if (!isObject(v)) continue;
      if (v.hostPath !== undefined) {
        add(out, 'baseline', 'hostPathVolumes', `volumes[${i}].hostPath`, `volume '${v.name}' is a hostPath volume (a directory of the node)`, 'use a persistentVolumeClaim, emptyDir or an object store instead');
        continue;
      }
      const keys = Object.keys(v);
      for (let k = 0; k < keys.length; k++) {
        const s = keys[k];
        if (s !== 'name' && !RESTRICTED_VOLUME_SOURCES.has(s)) {
          add(out, 'restricted', 'volumeTypes', `volumes[${i}].${s}`, `volume '${v.name}' has type '${s}', which 'restricted' does not allow`,
            `use one of ${RESTRICTED_SOURCES_TEXT} (e.g. a persistentVolumeClaim)`);
        }
      }
    }
  }
  if (Array.isArray(podSc.sysctls)) {
    const sysctls = podSc.sysctls;
    for (let i = 0; i < sysctls.length; i++) {
      if (!(i in sysctls)) continue; // as forEach: holes of a sparse array are skipped
      const s = sysctls[i];
      const name = isObject(s) ? s.name : undefined;
      if (typeof name !== 'string' || !SAFE_SYSCTLS.has(name)) {
        add(out, 'baseline', 'sysctls', `securityContext.sysctls[${i}]`, `sysctl '${name}' is not in the safe set`, 'remove the sysctl or set it on the node');
      }
    }
  }
  checkSeLinux(out, podSc, POD_SC_PATH);
  checkAppArmor(out, podSc, POD_SC_PATH);
  if (isObject(meta.annotations)) {
    const annotations = meta.annotations;
    const keys = Object.keys(annotations);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = annotations[k];
      if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !(typeof v === 'string' && v.startsWith('localhost/'))) {
        add(out, 'baseline', 'appArmor', `metadata.annotations['${k}']`, `AppArmor annotation value '${v}' disables confinement`, "use 'runtime/default' or remove the annotation");
      }
    }
  }
  const podSeccomp = isObject(podSc.seccompProfile) ? podSc.seccompProfile.type : undefined;
  if (podSeccomp === 'Unconfined') {
    add(out, 'baseline', 'seccomp', 'securityContext.seccompProfile.type', "seccomp profile 'Unconfined' disables syscall filtering", "use 'RuntimeDefault'");
  }
  for (let i = 0; i < containers.length; i++) {
    const x = containers[i];
    const csc = sc(x.c);
    if (csc.privileged === true) add(out, 'baseline', 'privileged', `${scPath(x)}.privileged`, `${label(x)} is privileged (full access to the node)`, "remove 'privileged: true'");
    if (isObject(csc.windowsOptions) && csc.windowsOptions.hostProcess === true) {
      add(out, 'baseline', 'hostProcess', `${scPath(x)}.windowsOptions.hostProcess`, `${label(x)} is a Windows HostProcess container`, "remove 'windowsOptions.hostProcess'");
    }
    const caps = isObject(csc.capabilities) ? csc.capabilities : NONE;
    const added: readonly unknown[] = Array.isArray(caps.add) ? caps.add : NO_ITEMS;
    for (let k = 0; k < added.length; k++) {
      const cap = added[k];
      if (!BASELINE_CAPS.has(String(cap))) {
        add(out, 'baseline', 'capabilities', `${scPath(x)}.capabilities.add`, `${label(x)} adds capability '${cap}'`, `remove '${cap}' from 'capabilities.add'`);
      } else if (cap !== 'NET_BIND_SERVICE') {
        add(out, 'restricted', 'capabilities', `${scPath(x)}.capabilities.add`, `${label(x)} adds capability '${cap}' ('restricted' allows only NET_BIND_SERVICE)`, `remove '${cap}' from 'capabilities.add'`);
      }
    }
    if (Array.isArray(x.c.ports)) {
      const ports = x.c.ports;
      for (let k = 0; k < ports.length; k++) {
        const port = ports[k];
        if (isObject(port) && port.hostPort !== undefined && port.hostPort !== 0) {
          add(out, 'baseline', 'hostPorts', `${pathOfContainer(x)}.ports[${k}].hostPort`, `${label(x)} binds host port ${port.hostPort}`, "remove 'hostPort'");
        }
      }
    }
    if (csc.procMount !== undefined && csc.procMount !== 'Default') {
      add(out, 'baseline', 'procMount', `${scPath(x)}.procMount`, `${label(x)} unmasks /proc ('procMount: ${csc.procMount}')`, "remove 'procMount'");
    }
    if (isObject(csc.seLinuxOptions)) checkSeLinux(out, csc, () => scPath(x));
    if (isObject(csc.appArmorProfile)) checkAppArmor(out, csc, () => scPath(x));
    const cSeccomp = isObject(csc.seccompProfile) ? csc.seccompProfile.type : undefined;

    // Restricted --------------------------------------------------------------------------------
    if (csc.allowPrivilegeEscalation !== false) {
      const p = scPath(x);
      add(out, 'restricted', 'allowPrivilegeEscalation', `${p}.allowPrivilegeEscalation`, `${label(x)} does not set 'allowPrivilegeEscalation: false'`,
        `set '${p}.allowPrivilegeEscalation: false'`);
    }
    const dropped: readonly unknown[] = Array.isArray(caps.drop) ? caps.drop : NO_ITEMS;
    if (!dropped.includes('ALL')) {
      const p = scPath(x);
      add(out, 'restricted', 'capabilities', `${p}.capabilities.drop`, `${label(x)} does not drop all capabilities`, `set '${p}.capabilities.drop: [ALL]'`);
    }
    if (csc.runAsNonRoot === false || (csc.runAsNonRoot !== true && podSc.runAsNonRoot !== true)) {
      add(out, 'restricted', 'runAsNonRoot', csc.runAsNonRoot === false ? `${scPath(x)}.runAsNonRoot` : 'securityContext.runAsNonRoot',
        csc.runAsNonRoot === false ? `${label(x)} sets 'runAsNonRoot: false'` : "the pod's containers may run as root (no 'runAsNonRoot: true')", "set 'securityContext.runAsNonRoot: true' on the pod");
    }
    if (csc.runAsUser === 0) add(out, 'restricted', 'runAsUser', `${scPath(x)}.runAsUser`, `${label(x)} runs as root (uid 0)`, 'use a non-zero uid (the flink image user is 9999)');
    if (cSeccomp === 'Unconfined') {
      add(out, 'baseline', 'seccomp', `${scPath(x)}.seccompProfile.type`, `${label(x)} has seccomp profile 'Unconfined'`, "use 'RuntimeDefault'");
    } else if (!SECCOMP_OK.has(cSeccomp) && !SECCOMP_OK.has(podSeccomp)) {
      add(out, 'restricted', 'seccomp', 'securityContext.seccompProfile.type', "the pod's containers have no seccomp profile (RuntimeDefault or Localhost)",
        "set 'securityContext.seccompProfile.type: RuntimeDefault' on the pod");
    }
  }
  if (podSc.runAsUser === 0) add(out, 'restricted', 'runAsUser', 'securityContext.runAsUser', 'the pod runs as root (uid 0)', 'use a non-zero uid (the flink image user is 9999)');
  if (out.length <= 1) return out;
  // Pod-level controls reported once, not per container.
  const seen = new Set<string>();
  const unique: PssViolation[] = [];
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    const k = `${v.control}|${v.path}`;
    if (seen.has(k)) continue;
    seen.add(k);
    unique.push(v);
  }
  return unique;
}

/** Whether a pod spec passes "restricted". */
export function isRestricted(podSpec: unknown, podMetadata?: unknown, extraContainers: readonly string[] = []): boolean {
  return checkPodSecurity(podSpec, podMetadata, extraContainers).length === 0;
}

/** The violations that make a Flink pod a host-level risk: privileged containers and host namespaces. */
export function isHostLevel(v: PssViolation): boolean {
  return v.control === 'privileged' || v.control === 'hostNamespaces';
}
