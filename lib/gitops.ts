import { scope as checkScope } from './private/check';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { FlinkOperator } from './operator/flink-operator';

/** The Argo CD annotation that orders the resources of one sync. */
export const ARGOCD_SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** `argocd-cm` key of the FlinkStateSnapshot health check. */
export const ARGOCD_SNAPSHOT_HEALTH_KEY = 'resource.customizations.health.flink.apache.org_FlinkStateSnapshot';

/**
 * Argo CD health check (Lua) for FlinkStateSnapshot: COMPLETED is Healthy, TRIGGER_PENDING and
 * IN_PROGRESS are Progressing, FAILED and ABANDONED are Degraded. Put it in `argocd-cm` under
 * `ARGOCD_SNAPSHOT_HEALTH_KEY` (docs/gitops.md shows the whole entry).
 */
export const ARGOCD_SNAPSHOT_HEALTH_LUA = `local hs = {}
if obj.status == nil or obj.status.state == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to trigger the snapshot"
  return hs
end
local state = obj.status.state
if state == "COMPLETED" then
  hs.status = "Healthy"
  hs.message = "Snapshot completed: " .. (obj.status.path or "")
elseif state == "TRIGGER_PENDING" or state == "IN_PROGRESS" then
  hs.status = "Progressing"
  hs.message = "Snapshot " .. state
elseif state == "FAILED" or state == "ABANDONED" then
  hs.status = "Degraded"
  hs.message = "Snapshot " .. state .. ": " .. (obj.status.error or "no error message")
else
  hs.status = "Unknown"
  hs.message = "Unknown snapshot state " .. state
end
return hs
`;

/**
 * Ordering for GitOps tools, which apply a whole sync at once (unlike `kubectl apply -f` of one
 * file, whose order cdk8s already sets).
 */
export class GitOps {
  /**
   * Writes the Argo CD `argocd.argoproj.io/sync-wave` annotation on every Kubernetes object under
   * `scope` (a chart or the app), from the dependencies the constructs declare and the references
   * in the manifests (a RoleBinding's role and subjects, a pod's service account, claims, config maps
   * and secrets, a session job's cluster, a snapshot's job), and with every Flink resource after the
   * objects of a `FlinkOperator` in the scope (CRDs, RBAC, operator Deployment, webhook). An object's
   * wave is one more than the highest wave of what it depends on, so claims, secrets, config maps,
   * service accounts and roles come first, then role bindings, then FlinkDeployments, then session
   * jobs, then snapshots. Objects created after this call are included (the waves are computed at
   * synth). A wave already set on an object is kept, and its dependents are placed after it.
   */
  public static argoCdSyncWaves(scope: IConstruct): void {
    checkScope('pass the chart or the app')('GitOps.argoCdSyncWaves', 'scope', scope);
    if (ENABLED.has(scope)) return;
    ENABLED.add(scope);
    // Runs in cdk8s' validation phase: after the construct dependencies are resolved into object
    // dependencies, before any object is rendered.
    scope.node.addValidation({ validate: () => { writeWaves(scope); return []; } });
  }

  private constructor() {}
}

const ENABLED = new WeakSet<IConstruct>();

function userWave(manifest: any): number | undefined {
  const v = manifest?.metadata?.annotations?.[ARGOCD_SYNC_WAVE_ANNOTATION];
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** The objects `obj` depends on: direct object dependencies, and the objects under construct dependencies. */
function declaredDependencies(obj: ApiObject): ApiObject[] {
  const out: ApiObject[] = [];
  for (const d of obj.node.dependencies) {
    if (ApiObject.isApiObject(d)) out.push(d);
    else for (const c of d.node.findAll()) if (ApiObject.isApiObject(c) && c !== obj) out.push(c);
  }
  return out;
}

const refKey = (kind: string, namespace: string | undefined, name: unknown) => `${kind}|${namespace ?? ''}|${name}`;

/** `kind|namespace|name` of the objects a manifest refers to by name. */
function referencesOf(m: any): string[] {
  const ns = m?.metadata?.namespace;
  const out: string[] = [];
  const walk = (v: any, k?: string) => {
    if (Array.isArray(v)) { for (const x of v) walk(x); return; }
    if (!v || typeof v !== 'object') return;
    if (k === 'configMap' && typeof v.name === 'string') out.push(refKey('ConfigMap', ns, v.name));
    if ((k === 'secretRef' || k === 'secretKeyRef') && typeof v.name === 'string') out.push(refKey('Secret', ns, v.name));
    if (k === 'secret' && typeof v.secretName === 'string') out.push(refKey('Secret', ns, v.secretName));
    for (const [ck, cv] of Object.entries(v)) {
      if (ck === 'claimName' && typeof cv === 'string') out.push(refKey('PersistentVolumeClaim', ns, cv));
      else if ((ck === 'serviceAccountName' || (ck === 'serviceAccount' && m.kind === 'FlinkDeployment')) && typeof cv === 'string') out.push(refKey('ServiceAccount', ns, cv));
      else walk(cv, ck);
    }
  };
  switch (m?.kind) {
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      if (m.roleRef) out.push(refKey(m.roleRef.kind, m.roleRef.kind === 'Role' ? ns : undefined, m.roleRef.name));
      for (const s of m.subjects ?? []) if (s.kind === 'ServiceAccount') out.push(refKey('ServiceAccount', s.namespace ?? ns, s.name));
      break;
    case 'FlinkSessionJob':
      out.push(refKey('FlinkDeployment', ns, m.spec?.deploymentName));
      break;
    case 'FlinkStateSnapshot':
      if (m.spec?.jobReference) out.push(refKey(m.spec.jobReference.kind, ns, m.spec.jobReference.name));
      break;
    default:
      walk(m?.spec);
  }
  return out;
}

function writeWaves(scope: IConstruct): void {
  const objects = scope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
  const manifests = new Map(objects.map((o) => [o, o.toJson()]));
  const byKey = new Map<string, ApiObject>();
  for (const [o, m] of manifests) byKey.set(refKey(m.kind, m.metadata?.namespace, m.metadata?.name), o);
  const operatorObjects = objects.filter((o) => o.node.scopes.some((c) => c instanceof FlinkOperator));
  const deps = new Map<ApiObject, Set<ApiObject>>();
  for (const obj of objects) {
    const m = manifests.get(obj);
    const set = new Set(declaredDependencies(obj));
    for (const ref of referencesOf(m)) {
      const target = byKey.get(ref);
      if (target && target !== obj) set.add(target);
    }
    if (typeof m?.apiVersion === 'string' && m.apiVersion.startsWith('flink.apache.org/')) {
      for (const o of operatorObjects) set.add(o);
    }
    deps.set(obj, set);
  }

  const waves = new Map<ApiObject, number>();
  const visiting = new Set<ApiObject>();
  const waveOf = (obj: ApiObject): number => {
    const known = waves.get(obj);
    if (known !== undefined) return known;
    const fixed = userWave(manifests.get(obj));
    if (fixed !== undefined) {
      waves.set(obj, fixed);
      return fixed;
    }
    if (visiting.has(obj)) return 0; // a cycle: cdk8s reports declared ones when it orders the objects
    visiting.add(obj);
    let wave = 0;
    for (const d of deps.get(obj) ?? []) wave = Math.max(wave, waveOf(d) + 1);
    visiting.delete(obj);
    waves.set(obj, wave);
    return wave;
  };
  for (const obj of objects) {
    const wave = waveOf(obj);
    if (userWave(manifests.get(obj)) === undefined) obj.metadata.addAnnotation(ARGOCD_SYNC_WAVE_ANNOTATION, String(wave));
  }
}
