import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

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
   * `scope` (a chart or the app), from the dependencies the constructs declare: an object's wave is
   * one more than the highest wave of what it depends on, so claims, secrets, config maps, service
   * accounts and roles come first, then role bindings, then FlinkDeployments, then session jobs,
   * then snapshots. Objects created after this call are included (the waves are computed at synth).
   * A wave already set on an object is kept, and its dependents are placed after it.
   */
  public static argoCdSyncWaves(scope: IConstruct): void {
    if (ENABLED.has(scope)) return;
    ENABLED.add(scope);
    // Runs in cdk8s' validation phase: after the construct dependencies are resolved into object
    // dependencies, before any object is rendered.
    scope.node.addValidation({ validate: () => { writeWaves(scope); return []; } });
  }

  private constructor() {}
}

const ENABLED = new WeakSet<IConstruct>();

function userWave(obj: ApiObject): number | undefined {
  const v = obj.metadata.toJson().annotations?.[ARGOCD_SYNC_WAVE_ANNOTATION];
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** The objects `obj` depends on: direct object dependencies, and the objects under construct dependencies. */
function dependenciesOf(obj: ApiObject): ApiObject[] {
  const out = new Set<ApiObject>();
  for (const d of obj.node.dependencies) {
    if (ApiObject.isApiObject(d)) out.add(d);
    else for (const c of d.node.findAll()) if (ApiObject.isApiObject(c) && c !== obj) out.add(c);
  }
  return [...out];
}

function writeWaves(scope: IConstruct): void {
  const objects = scope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
  const waves = new Map<ApiObject, number>();
  const visiting = new Set<ApiObject>();
  const waveOf = (obj: ApiObject): number => {
    const known = waves.get(obj);
    if (known !== undefined) return known;
    const fixed = userWave(obj);
    if (fixed !== undefined) {
      waves.set(obj, fixed);
      return fixed;
    }
    if (visiting.has(obj)) return 0; // a cycle: cdk8s reports it when it orders the objects
    visiting.add(obj);
    let wave = 0;
    for (const d of dependenciesOf(obj)) wave = Math.max(wave, waveOf(d) + 1);
    visiting.delete(obj);
    waves.set(obj, wave);
    return wave;
  };
  for (const obj of objects) {
    const wave = waveOf(obj);
    if (userWave(obj) === undefined) obj.metadata.addAnnotation(ARGOCD_SYNC_WAVE_ANNOTATION, String(wave));
  }
}
