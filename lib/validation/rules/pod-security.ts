import { EffectivePod, MAIN_CONTAINER, PodComponent, podsOf } from '../pods';
import { checkPodSecurity, isHostLevel, PssViolation } from '../pss';
import { Resource, RuleSet } from '../types';
import { isObject } from '../values';
import { RuleInfo } from './info';

/**
 * Pod Security of the JobManager and TaskManager pods of a FlinkDeployment (the templates merged as
 * the operator merges them). The library renders pods that pass "restricted" (PodSecurity.RESTRICTED);
 * these rules are for hand-written YAML and for settings given through the escape hatches.
 */
export const POD_SECURITY_RULES: readonly RuleInfo[] = [
  { id: 'pod-security-restricted', ref: '', severity: 'warning', why: "A JobManager or TaskManager pod that fails the Kubernetes Pod Security Standard 'restricted' (runAsNonRoot, seccomp RuntimeDefault, allowPrivilegeEscalation false, capabilities dropped, allowed volume types) is refused by namespaces that enforce it." },
  { id: 'pod-privileged', ref: '', severity: 'error', why: 'A privileged Flink container or a pod on the node\'s network, PID or IPC namespace gives the job\'s user code control of the node.' },
];

const LABEL: Record<PodComponent, string> = { jobManager: 'JobManager', taskManager: 'TaskManager' };
const COMPONENTS: readonly PodComponent[] = ['jobManager', 'taskManager'];
const EXTRA_CONTAINERS: readonly string[] = [MAIN_CONTAINER];

/** The manifest path of a violation path (relative to the merged pod spec) of one component. */
function manifestPath(res: Resource, pod: EffectivePod, component: PodComponent, rel: string): string {
  const m = /^(containers|initContainers)\[(\d+)\](.*)$/.exec(rel);
  if (m) {
    const list = pod.containers.filter((c) => c.init === (m[1] === 'initContainers'));
    const c = list[Number(m[2])];
    if (c) return `${c.path}${m[3]}`;
  }
  if (rel.startsWith('containers[name=')) {
    return 'spec.podTemplate.spec.containers';
  }
  const v = /^volumes\[(\d+)\](.*)$/.exec(rel);
  if (v && pod.volumes[Number(v[1])]) return `${pod.volumes[Number(v[1])].path}${v[2]}`;
  const spec = isObject(res.manifest.spec) ? res.manifest.spec : {};
  const comp = isObject(spec[component]) && isObject(spec[component].podTemplate) ? spec[component].podTemplate : undefined;
  const first = rel.split(/[.[]/)[0];
  if (rel.startsWith('metadata.')) {
    return `${comp && isObject(comp.metadata) && comp.metadata.annotations !== undefined ? `spec.${component}.podTemplate` : 'spec.podTemplate'}.${rel}`;
  }
  const own = comp && isObject(comp.spec) && comp.spec[first] !== undefined;
  return `${own ? `spec.${component}.podTemplate` : 'spec.podTemplate'}.spec.${rel}`;
}

export const podSecurityRules: RuleSet = (ctx) => {
  const list = ctx.ofKind('FlinkDeployment');
  for (let i = 0; i < list.length; i++) {
    const res = list[i];
    const pods = podsOf(res);
    // One finding per path and control, naming every pod it concerns (made only when there is one).
    let found: Map<string, { v: PssViolation; path: string; pods: string[] }> | undefined;
    for (let c = 0; c < COMPONENTS.length; c++) {
      const component = COMPONENTS[c];
      const pod = pods[component];
      const violations = checkPodSecurity(pod.spec, pod.template?.metadata, EXTRA_CONTAINERS);
      for (let k = 0; k < violations.length; k++) {
        const v = violations[k];
        const path = manifestPath(res, pod, component, v.path);
        const key = `${v.control}|${path}`;
        found ??= new Map();
        const seen = found.get(key);
        if (seen) seen.pods.push(LABEL[component]);
        else found.set(key, { v, path, pods: [LABEL[component]] });
      }
    }
    if (!found) continue;
    for (const { v, path, pods: which } of found.values()) {
      const host = isHostLevel(v);
      ctx.report(res, {
        rule: host ? 'pod-privileged' : 'pod-security-restricted',
        severity: host ? 'error' : 'warning',
        path,
        message: `${which.join(' and ')} pods: ${v.message}; ${host ? 'the job\'s user code would get access to the node' : `Pod Security '${v.level}' rejects the pod`}`,
        fix: v.fix,
      });
    }
  }
};
