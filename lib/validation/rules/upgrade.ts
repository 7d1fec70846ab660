import { KEYS, haActive } from '../config-keys';
import { pathOf } from '../path';
import { podsOf } from '../pods';
import { Resource, RuleContext, RuleSet, Severity } from '../types';
import { isBlank, isObject, parseK8sQuantity } from '../values';
import { RuleInfo } from './info';
import { StateDirGroup, placeDir, stateDirs } from './storage';

/**
 * Spec-change rules: what the operator rejects when a deployed resource changes (R4, R27-R29, S3,
 * compared against the last reconciled spec, here the `previous` manifests), and changes the
 * operator accepts but that lose the job's state. Runs only when previous manifests are given.
 */
export const UPGRADE_RULES: readonly RuleInfo[] = [
  { id: 'flink-version-change-after-last-state-suspend', ref: 'R4', severity: 'error', why: 'A job suspended with last-state can only be restored by the same Flink version (unless restarted stateless).' },
  { id: 'cluster-type-change', ref: 'R27', severity: 'error', why: 'Adding or removing spec.job (session <-> application) after deployment is rejected.' },
  { id: 'deployment-mode-change', ref: 'R28', severity: 'error', why: 'Switching between native and standalone mode after deployment is rejected.' },
  { id: 'savepoint-redeploy-without-path', ref: 'R29', severity: 'error', why: 'A new savepointRedeployNonce redeploys from job.initialSavepointPath, which must be set.' },
  { id: 'session-job-deployment-name-change', ref: 'S3', severity: 'error', why: 'A session job cannot move to another session cluster.' },
  { id: 'upgrade-to-stateless-loses-state', ref: '', severity: 'error', why: 'A running savepoint/last-state job switched to stateless restarts from empty state on its next upgrade.' },
  { id: 'checkpoint-dir-changed', ref: '', severity: 'error', why: 'Last-state restores read the latest checkpoint of the old directory (warning in savepoint mode).' },
  { id: 'ha-storage-dir-changed', ref: '', severity: 'error', why: 'HA metadata of the running job lives in the old HA storage directory (warning in savepoint mode).' },
  { id: 'state-pvc-shrunk', ref: '', severity: 'error', why: 'Kubernetes rejects a smaller storage request on a bound claim.' },
  { id: 'state-pvc-replaced', ref: '', severity: 'error', why: 'A state directory moved to another claim, or a claim recreated with another storage class, starts empty.' },
];

const specOf = (res: Resource): Record<string, any> => (isObject(res.manifest.spec) ? res.manifest.spec : {});
const jobOf = (res: Resource): Record<string, any> | undefined => (isObject(specOf(res).job) ? specOf(res).job : undefined);
const text = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const upgradeMode = (job: Record<string, any>): string => text(job.upgradeMode) ?? 'stateless';
const jobState = (job: Record<string, any>): string => text(job.state) ?? 'running';
const show = (v: unknown): string => (v === null || v === undefined ? 'null' : `'${String(v)}'`);
const sameDir = (a: string, b: string) => a.trim().replace(/\/+$/, '') === b.trim().replace(/\/+$/, '');

function specChanges(ctx: RuleContext, res: Resource, prev: Resource) {
  const spec = specOf(res);
  const old = specOf(prev);
  const job = jobOf(res);
  const oldJob = jobOf(prev);

  // R4 (checked first by the operator)
  if (oldJob && job && jobState(oldJob) === 'suspended' && upgradeMode(oldJob) === 'last-state'
    && upgradeMode(job) !== 'stateless' && text(old.flinkVersion) !== text(spec.flinkVersion)) {
    ctx.report(res, {
      rule: 'flink-version-change-after-last-state-suspend',
      ref: 'R4',
      path: 'spec.flinkVersion',
      message: `spec.flinkVersion changes from ${show(old.flinkVersion)} to ${show(spec.flinkVersion)} while the job is suspended with upgradeMode 'last-state': the operator rejects this ("Changing flinkVersion after last-state suspend is not allowed").`,
      fix: `Restore the job with flinkVersion ${show(old.flinkVersion)} first (job.state: running), then upgrade with upgradeMode 'savepoint'; or set job.upgradeMode: stateless to start the new version without state.`,
    });
  }
  // R27
  if (job && !oldJob) {
    ctx.report(res, {
      rule: 'cluster-type-change', ref: 'R27', path: 'spec.job',
      message: `spec.job is added to FlinkDeployment '${res.name}', which was deployed as a session cluster: the operator rejects this ("Cannot switch from session to job cluster").`,
      fix: 'Keep the session cluster as it is and submit the job as a FlinkSessionJob, or create a new FlinkDeployment (another name) for the application.',
    });
  } else if (!job && oldJob) {
    ctx.report(res, {
      rule: 'cluster-type-change', ref: 'R27', path: 'spec.job',
      message: `spec.job is removed from FlinkDeployment '${res.name}', which was deployed as an application cluster: the operator rejects this ("Cannot switch from job to session cluster").`,
      fix: 'Keep spec.job (suspend it with job.state: suspended if needed), or create the session cluster as a new FlinkDeployment with another name.',
    });
  }
  // R28 (null counts as native)
  const mode = text(spec.mode) ?? 'native';
  const oldMode = text(old.mode) ?? 'native';
  if (mode !== oldMode) {
    ctx.report(res, {
      rule: 'deployment-mode-change', ref: 'R28', path: 'spec.mode',
      message: `spec.mode changes from ${show(old.mode)} (${oldMode}) to ${show(spec.mode)} (${mode}): the operator rejects switching between native and standalone after deployment.`,
      fix: `Keep spec.mode ${oldMode === 'native' ? "unset (native)" : `'${oldMode}'`}, or delete the FlinkDeployment (take a savepoint first) and recreate it in the new mode with job.initialSavepointPath.`,
    });
  }
  // R29
  if (oldJob && job) savepointRedeploy(ctx, res, job, oldJob);
}

function savepointRedeploy(ctx: RuleContext, res: Resource, job: Record<string, any>, oldJob: Record<string, any>) {
  const nonce = text(job.savepointRedeployNonce);
  const path = job.initialSavepointPath;
  if (nonce !== undefined && nonce !== text(oldJob.savepointRedeployNonce) && (typeof path !== 'string' || isBlank(path))) {
    ctx.report(res, {
      rule: 'savepoint-redeploy-without-path', ref: 'R29', path: 'spec.job.initialSavepointPath',
      message: `spec.job.savepointRedeployNonce changes from ${show(oldJob.savepointRedeployNonce)} to ${show(job.savepointRedeployNonce)} while spec.job.initialSavepointPath is ${show(path)}: the operator rejects this ("InitialSavepointPath must not be empty for savepoint redeployment").`,
      fix: 'Set spec.job.initialSavepointPath to the savepoint to redeploy from (e.g. the status.path of a completed FlinkStateSnapshot), or leave savepointRedeployNonce unchanged.',
    });
  }
}

function toStateless(ctx: RuleContext, res: Resource, prev: Resource) {
  const job = jobOf(res);
  const oldJob = jobOf(prev);
  if (!job || !oldJob) return;
  const oldMode = upgradeMode(oldJob);
  if (upgradeMode(job) !== 'stateless' || (oldMode !== 'savepoint' && oldMode !== 'last-state')) return;
  if (jobState(job) !== 'running' || jobState(oldJob) !== 'running') return;
  ctx.report(res, {
    rule: 'upgrade-to-stateless-loses-state',
    path: 'spec.job.upgradeMode',
    message: `spec.job.upgradeMode changes from '${oldMode}' to ${show(job.upgradeMode)} (stateless) while the job is running: the operator cancels the job without a savepoint on its next upgrade (this one, if anything else in the spec changes) and restarts it from empty state.`,
    fix: `Keep upgradeMode '${oldMode}'. To drop the state on purpose, first suspend the job (job.state: suspended) or take a savepoint with a FlinkStateSnapshot, so it can be restored with job.initialSavepointPath.`,
  });
}

/** The effective config of a session job: its cluster's config (if found) overlaid with its own. */
function effectiveConfig(res: Resource, findCluster: (ns: string, name: string) => Resource | undefined): Record<string, string> {
  if (res.kind !== 'FlinkSessionJob') return res.config;
  const target = specOf(res).deploymentName;
  const cluster = typeof target === 'string' ? findCluster(res.namespace, target) : undefined;
  return cluster ? { ...cluster.config, ...res.config } : res.config;
}

function dirKey(config: Record<string, string>, keys: readonly string[]): string | undefined {
  return keys.find((k) => !isBlank(config[k]));
}

function dirChanges(ctx: RuleContext, res: Resource, prev: Resource, findPrevCluster: (ns: string, name: string) => Resource | undefined) {
  const job = jobOf(res);
  const oldJob = jobOf(prev);
  const config = effectiveConfig(res, (ns, name) => ctx.find('FlinkDeployment', ns, name));
  const oldConfig = effectiveConfig(prev, findPrevCluster);
  const mode = job ? upgradeMode(job) : undefined;
  const pathFor = (key: string | undefined) => (key && res.configPaths[key]) || (key ? pathOf('spec', 'flinkConfiguration', key) : 'spec.flinkConfiguration');

  // checkpoint-dir-changed: only jobs whose state is carried over
  if (job && oldJob && mode !== 'stateless') {
    const oldKey = dirKey(oldConfig, KEYS.checkpointDir);
    const newKey = dirKey(config, KEYS.checkpointDir);
    if (oldKey && (!newKey || !sameDir(oldConfig[oldKey], config[newKey]))) {
      const severity: Severity = mode === 'last-state' ? 'error' : 'warning';
      ctx.report(res, {
        rule: 'checkpoint-dir-changed',
        severity,
        path: pathFor(newKey),
        message: newKey
          ? `The checkpoint directory (${newKey}) moves from '${oldConfig[oldKey]}' to '${config[newKey]}' with upgradeMode '${mode}': ${mode === 'last-state' ? 'the last-state upgrade restores from the latest checkpoint in the old directory, and the new one is empty' : 'a fallback to last-state (job unhealthy) or a restore from the latest checkpoint reads the old directory'}.`
          : `The checkpoint directory (${oldKey} '${oldConfig[oldKey]}') is removed with upgradeMode '${mode}': the operator rejects a stateful job without one (R11), and the latest checkpoints stay in the old directory.`,
        fix: `Keep ${oldKey}: '${oldConfig[oldKey]}' until the job has taken a savepoint or a checkpoint in the new location, and keep the old directory (and its volume) readable meanwhile.`,
      });
    }
  }

  // ha-storage-dir-changed: FlinkDeployments with HA before and after
  if (res.kind === 'FlinkDeployment' && haActive(config) && haActive(oldConfig) && mode !== 'stateless') {
    const oldKey = dirKey(oldConfig, KEYS.haStorageDir);
    const newKey = dirKey(config, KEYS.haStorageDir);
    if (oldKey && (!newKey || !sameDir(oldConfig[oldKey], config[newKey]))) {
      const severity: Severity = mode === 'savepoint' ? 'warning' : 'error';
      ctx.report(res, {
        rule: 'ha-storage-dir-changed',
        severity,
        path: pathFor(newKey),
        message: `The HA storage directory (${oldKey} '${oldConfig[oldKey]}') ${newKey ? `moves to '${config[newKey]}'` : 'is removed'} while HA stays on: the HA metadata (job graphs, completed checkpoint pointers) of the running ${job ? 'job' : 'session cluster'} is in the old directory, so a ${job ? "last-state upgrade or JobManager failover" : 'JobManager failover'} cannot recover it.`,
        fix: `Keep ${oldKey}: '${oldConfig[oldKey]}'. To move it, suspend the job with upgradeMode savepoint, change the directory, and restore.`,
      });
    }
  }
}

/** The claim holding a state dir in the JM and TM pods of a deployment, per group. */
function stateClaims(res: Resource): Map<string, { group: StateDirGroup; key: string; claim: string; volumePath: string }> {
  const out = new Map<string, { group: StateDirGroup; key: string; claim: string; volumePath: string }>();
  const pods = podsOf(res);
  for (const dir of stateDirs(res.config)) {
    if (dir.local === undefined) continue;
    for (const pod of [pods.jobManager, pods.taskManager]) {
      const p = placeDir(pod, dir.local);
      const claim = p.kind === 'mounted' ? p.volume.claimName : undefined;
      if (claim !== undefined) out.set(`${dir.group}\u0000${pod.component}`, { group: dir.group, key: dir.key, claim, volumePath: p.kind === 'mounted' ? p.volume.path : '' });
    }
  }
  return out;
}

function pvcReplaced(ctx: RuleContext, res: Resource, prev: Resource, prevPvc: (ns: string, name: string) => Resource | undefined) {
  const job = jobOf(res);
  if (job && upgradeMode(job) === 'stateless' && !haActive(res.config)) return;
  const before = stateClaims(prev);
  if (before.size === 0) return;
  const after = stateClaims(res);
  const reported = new Set<string>();
  for (const [slot, old] of before) {
    const now = after.get(slot);
    if (!now) continue; // the dir moved or is no longer on a claim: checkpoint-dir-changed / state-dir-not-persistent
    if (now.claim !== old.claim) {
      if (reported.has(`c\u0000${old.claim}\u0000${now.claim}`)) continue;
      reported.add(`c\u0000${old.claim}\u0000${now.claim}`);
      ctx.report(res, {
        rule: 'state-pvc-replaced',
        path: now.volumePath,
        message: `${now.key} is now on PersistentVolumeClaim '${now.claim}' instead of '${old.claim}': the new claim does not hold the job's existing ${old.group === 'ha' ? 'HA metadata' : `${old.group}s`}, so the upgrade restores nothing (or fails to find the checkpoints it expects).`,
        fix: `Keep claimName '${old.claim}' for the volume mounted at the state directory; to move storage, take a savepoint to a directory that stays mounted and restore from it with job.initialSavepointPath.`,
      });
      continue;
    }
    // Same claim name: was the claim itself recreated with another storage class?
    const pvcNow = ctx.find('PersistentVolumeClaim', res.namespace, now.claim);
    const pvcOld = prevPvc(prev.namespace, old.claim);
    if (!pvcNow || !pvcOld || reported.has(`s\u0000${now.claim}`)) continue;
    const scNow = text(isObject(pvcNow.manifest.spec) ? pvcNow.manifest.spec.storageClassName : undefined);
    const scOld = text(isObject(pvcOld.manifest.spec) ? pvcOld.manifest.spec.storageClassName : undefined);
    if (scNow !== scOld) {
      reported.add(`s\u0000${now.claim}`);
      ctx.report(pvcNow, {
        rule: 'state-pvc-replaced',
        path: 'spec.storageClassName',
        message: `spec.storageClassName of PersistentVolumeClaim '${now.claim}' changes from ${show(scOld)} to ${show(scNow)}, and it holds ${now.key} of FlinkDeployment '${res.name}': the field is immutable, so the claim has to be recreated, empty.`,
        fix: `Keep storageClassName ${show(scOld)}; to move the state, create a new claim, take a savepoint to it and restore from it with job.initialSavepointPath.`,
      });
    }
  }
}

function pvcShrunk(ctx: RuleContext, res: Resource, prev: Resource) {
  const request = (r: Resource): { raw: string; bytes: number } | undefined => {
    const spec = isObject(r.manifest.spec) ? r.manifest.spec : {};
    const raw = isObject(spec.resources) && isObject(spec.resources.requests) ? text(spec.resources.requests.storage) : undefined;
    const bytes = raw === undefined ? undefined : parseK8sQuantity(raw);
    return raw !== undefined && bytes !== undefined ? { raw, bytes } : undefined;
  };
  const now = request(res);
  const old = request(prev);
  if (!now || !old || now.bytes >= old.bytes) return;
  ctx.report(res, {
    rule: 'state-pvc-shrunk',
    path: 'spec.resources.requests.storage',
    message: `spec.resources.requests.storage of PersistentVolumeClaim '${res.name}' shrinks from '${old.raw}' to '${now.raw}': Kubernetes rejects a smaller request on a bound claim, and recreating the claim to shrink it deletes the state on it.`,
    fix: `Keep storage '${old.raw}' (claims can only grow, and only with a storage class that has allowVolumeExpansion).`,
  });
}

/** The spec-change and state-loss rules (see UPGRADE_RULES). */
export const upgradeRules: RuleSet = (ctx) => {
  if (ctx.previous.length === 0) return;
  const prevByKey = new Map<string, Resource>();
  for (const p of ctx.previous) prevByKey.set(`${p.kind}\u0000${p.namespace}\u0000${p.name}`, p);
  const prevFind = (kind: string) => (ns: string, name: string) => prevByKey.get(`${kind}\u0000${ns}\u0000${name}`);
  for (const res of ctx.resources) {
    const prev = ctx.previousOf(res);
    if (!prev) continue;
    if (res.kind === 'FlinkDeployment') {
      specChanges(ctx, res, prev);
      toStateless(ctx, res, prev);
      dirChanges(ctx, res, prev, prevFind('FlinkDeployment'));
      pvcReplaced(ctx, res, prev, prevFind('PersistentVolumeClaim'));
    } else if (res.kind === 'FlinkSessionJob') {
      const name = specOf(res).deploymentName;
      const oldName = specOf(prev).deploymentName;
      if (text(name) !== text(oldName)) {
        ctx.report(res, {
          rule: 'session-job-deployment-name-change', ref: 'S3', path: 'spec.deploymentName',
          message: `spec.deploymentName changes from ${show(oldName)} to ${show(name)}: the operator rejects moving a deployed session job to another session cluster ("The deploymentName can't be changed").`,
          fix: `Keep deploymentName ${show(oldName)}; to run the job on '${String(name)}', take a savepoint, create a new FlinkSessionJob (another name) there with job.initialSavepointPath, and delete this one.`,
        });
      }
      // R29 is a FlinkDeployment rule: the operator's session-job spec-change check is S3 only.
      toStateless(ctx, res, prev);
      dirChanges(ctx, res, prev, prevFind('FlinkDeployment'));
    } else if (res.kind === 'PersistentVolumeClaim') {
      pvcShrunk(ctx, res, prev);
    }
  }
};
