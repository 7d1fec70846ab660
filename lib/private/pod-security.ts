import { DeploymentMode } from '../deployment-mode';
import { PodSecurity } from '../pod-security';
import { KEYS, valueOf } from '../validation/config-keys';
import { isObject } from '../validation/values';

/** Volume sources whose files the pod's fsGroup makes writable for a non-root user. */
const FS_GROUP_SOURCES = ['persistentVolumeClaim', 'ephemeral'];

/** Whether any of the pod volumes (wire form) needs an fsGroup for the flink user to write it. */
export function needsFsGroup(volumes: readonly any[]): boolean {
  return volumes.some((v) => isObject(v) && FS_GROUP_SOURCES.some((s) => v[s] !== undefined));
}

/**
 * Adds the profile's container securityContext to every container and init container of a rendered
 * pod template (wire form), field by field where the template does not set the field. With
 * `mainContainer`, the main container is added when missing, so Flink's own container is covered.
 * `podDefaults` fill the pod's securityContext the same way.
 */
export function applyPodSecurity(template: any, profile: PodSecurity, mainContainer?: string, podDefaults: Record<string, any> = {}): any {
  const defaults = profile._containerSecurityContext();
  if (Object.keys(defaults).length === 0 && Object.keys(podDefaults).length === 0) return template;
  const secure = (c: any) => (isObject(c) ? { ...c, securityContext: { ...defaults, ...(isObject(c.securityContext) ? c.securityContext : {}) } } : c);
  const out: Record<string, any> = isObject(template) ? { ...template } : {};
  const spec: Record<string, any> = isObject(out.spec) ? { ...out.spec } : {};
  if (Object.keys(podDefaults).length) {
    spec.securityContext = { ...podDefaults, ...(isObject(spec.securityContext) ? spec.securityContext : {}) };
  }
  if (Object.keys(defaults).length) {
    const containers = Array.isArray(spec.containers) ? [...spec.containers] : [];
    if (mainContainer && !containers.some((c) => isObject(c) && c.name === mainContainer)) containers.unshift({ name: mainContainer });
    if (containers.length) spec.containers = containers.map(secure);
    if (Array.isArray(spec.initContainers)) spec.initContainers = spec.initContainers.map(secure);
  }
  if (Object.keys(spec).length === 0) return template;
  out.spec = spec;
  return out;
}

/** Where the service account token is mounted. */
export interface TokenNeeds {
  readonly jobManager: boolean;
  readonly taskManager: boolean;
}

/**
 * Which pods need the Kubernetes API (and so the service account token):
 * - the JobManager in native mode (it creates and deletes TaskManager pods) and with Kubernetes HA
 *   (leader election and job metadata in ConfigMaps);
 * - TaskManagers only with Kubernetes HA: they retrieve the JobManager and ResourceManager leader
 *   addresses by watching the HA ConfigMaps. Without HA they reach the JobManager through its
 *   service address and make no API calls.
 */
export function tokenNeeds(config: Record<string, string>, mode: DeploymentMode | undefined, taskManagerToken: boolean | undefined): TokenNeeds {
  const ha = (valueOf(config, KEYS.haType) ?? '').trim().toLowerCase();
  const kubernetesHa = ha === 'kubernetes' || ha.endsWith('kuberneteshaservicesfactory');
  return {
    jobManager: mode !== DeploymentMode.STANDALONE || kubernetesHa,
    taskManager: taskManagerToken ?? kubernetesHa,
  };
}
