import { KEYS, valueOf } from '../config-keys';
import { Resource, RuleContext, RuleSet, Severity } from '../types';
import { isBlank } from '../values';
import { flinkOlderThan, isChecked, isNull, obj, q, specOf } from './deployment';
import { RuleInfo } from './info';
import { findInNamespace } from './session-job';

/**
 * The operator's FlinkStateSnapshot rules (N1-N4) and the checks it leaves to trigger time: the
 * target must be a job (not a session cluster), listed before the snapshot, able to take the
 * snapshot (checkpoints need Flink 1.17), and a savepoint needs somewhere to go.
 */

const JOB_KINDS = ['FlinkDeployment', 'FlinkSessionJob'];

/** The target's Flink version and effective config (session jobs through their cluster, if known). */
function targetContext(ctx: RuleContext, target: Resource): { flinkVersion?: unknown; config?: Record<string, string> } {
  if (target.kind === 'FlinkDeployment') return { flinkVersion: specOf(target).flinkVersion, config: target.config };
  const dn = specOf(target).deploymentName;
  const cluster = typeof dn === 'string' ? findInNamespace(ctx, 'FlinkDeployment', target.namespace, dn) : undefined;
  if (!cluster) return {};
  return { flinkVersion: specOf(cluster).flinkVersion, config: { ...cluster.config, ...target.config } };
}

function checkSnapshot(ctx: RuleContext, res: Resource): void {
  const spec = specOf(res);
  const savepoint = obj(spec.savepoint);
  const hasSavepoint = !isNull(spec.savepoint);
  const hasCheckpoint = !isNull(spec.checkpoint);

  // N1
  if (hasSavepoint === hasCheckpoint) {
    ctx.report(res, {
      rule: 'snapshot-one-of', ref: 'N1', path: 'spec',
      message: hasSavepoint
        ? 'spec.savepoint and spec.checkpoint are both set; exactly one of them must be'
        : 'neither spec.savepoint nor spec.checkpoint is set; exactly one of them must be',
      fix: 'Keep exactly one: spec.savepoint ({} or with path/formatType) or spec.checkpoint ({}).',
    });
  }
  if (savepoint && savepoint.formatType === 'UNKNOWN') {
    ctx.report(res, {
      rule: 'snapshot-format-unknown', severity: 'warning', path: 'spec.savepoint.formatType',
      message: 'spec.savepoint.formatType is "UNKNOWN"; the schema accepts it but such a savepoint cannot be triggered',
      fix: 'Set formatType to CANONICAL (portable, the default) or NATIVE (faster, state-backend specific).',
    });
  }
  // N2: registering an existing savepoint needs no job.
  if (savepoint && savepoint.alreadyExists === true) return;

  // N3
  const ref = obj(spec.jobReference);
  if (!ref) {
    ctx.report(res, {
      rule: 'snapshot-job-reference-missing', ref: 'N3', path: 'spec.jobReference',
      message: 'spec.jobReference is not set; the operator needs to know which job to snapshot',
      fix: 'Set spec.jobReference {kind: FlinkDeployment or FlinkSessionJob, name} of a job in the same namespace, '
        + 'or set spec.savepoint.alreadyExists: true to register an existing savepoint.',
    });
    return;
  }

  // N4: the target must exist when the snapshot is created (only checked before it is triggered).
  const state = obj(obj(res.manifest.status))?.state;
  if (!isNull(state) && state !== 'TRIGGER_PENDING') return;
  const kind = ref.kind;
  const name = ref.name;
  const ns = res.namespace || 'default';
  if (kind === 'FlinkBlueGreenDeployment') {
    ctx.report(res, {
      rule: 'snapshot-target-not-found', ref: 'N4', path: 'spec.jobReference.kind',
      message: `spec.jobReference.kind is "FlinkBlueGreenDeployment": a snapshot can only target a FlinkDeployment or FlinkSessionJob, not a blue/green deployment`,
      fix: `Target the active child (kind FlinkDeployment, name '${typeof name === 'string' ? name : '<name>'}-blue' or '-green'), or rely on the savepoints the blue/green controller takes on each transition.`,
    });
    return;
  }
  if (typeof kind !== 'string' || !JOB_KINDS.includes(kind) || typeof name !== 'string' || isBlank(name)) {
    ctx.report(res, {
      rule: 'snapshot-target-not-found', ref: 'N4', path: 'spec.jobReference',
      message: `spec.jobReference (kind ${q(kind)}, name ${q(name)}) does not name a target: kind must be FlinkDeployment or FlinkSessionJob and name must be set`,
      fix: 'Set spec.jobReference.kind to FlinkDeployment or FlinkSessionJob and spec.jobReference.name to the job\'s metadata.name.',
    });
    return;
  }
  const target = findInNamespace(ctx, kind, res.namespace, name);
  if (!target) {
    if (ctx.isExternal('jobs', res.namespace, name)) return;
    const synth = ctx.mode === 'synth';
    ctx.report(res, {
      rule: 'snapshot-target-not-found', ref: 'N4', severity: synth ? 'error' : 'warning', path: 'spec.jobReference.name',
      message: synth
        ? `Target for snapshot ${ns}/${name} was not found: no ${kind} ${q(name)} in namespace ${q(ns)} of this app`
        : `Target for snapshot ${ns}/${name} is not in the input: ${kind} ${q(name)} must already exist in namespace ${q(ns)} or the operator rejects the snapshot`,
      fix: synth
        ? `Add the ${kind} to the app (or reference it through its construct), fix the name, or declare "${ns}/${name}" as an external job.`
        : `Apply ${kind} ${q(name)} before this snapshot, or lint them together.`,
    });
    return;
  }
  // Ordering: kubectl apply creates resources in file order, and the operator rejects a snapshot
  // whose target does not exist yet.
  if (target.index > res.index) {
    ctx.report(res, {
      rule: 'snapshot-after-target', path: 'spec.jobReference.name',
      message: `The snapshot comes before its target ${kind} ${q(name)} in the input; applied in order (kubectl apply -f applies files and documents in order), the operator rejects it because the target does not exist yet`,
      fix: `Move the snapshot after ${kind} ${q(name)} (in cdk8s, add a dependency from the snapshot to the job).`,
    });
  }
  const targetSpec = specOf(target);
  if (target.kind === 'FlinkDeployment' && isNull(targetSpec.job)) {
    ctx.report(res, {
      rule: 'snapshot-target-not-a-job', path: 'spec.jobReference.name',
      message: `spec.jobReference names FlinkDeployment ${q(name)}, which is a session cluster (no spec.job); there is no job to snapshot`,
      fix: 'Reference the FlinkSessionJob running on that cluster, or an application FlinkDeployment.',
    });
    return;
  }
  const tc = targetContext(ctx, target);
  if (hasCheckpoint && !hasSavepoint && flinkOlderThan(tc.flinkVersion, 1, 17)) {
    ctx.report(res, {
      rule: 'snapshot-checkpoint-needs-flink-1-17', path: 'spec.checkpoint',
      message: `spec.checkpoint is set but the target ${kind} ${q(name)} runs Flink ${q(tc.flinkVersion)}; checkpoint snapshots need Flink 1.17 or later`,
      fix: 'Take a savepoint snapshot instead (spec.savepoint), or upgrade the job to Flink 1.17 or later.',
    });
  }
  if (savepoint && !hasCheckpoint && isBlank(typeof savepoint.path === 'string' ? savepoint.path : undefined)
    && tc.config && valueOf(tc.config, KEYS.savepointDir) === undefined) {
    ctx.report(res, {
      rule: 'snapshot-savepoint-dir-missing', path: 'spec.savepoint.path',
      message: `spec.savepoint.path is not set and the target ${kind} ${q(name)} has no savepoint directory (${KEYS.savepointDir[0]}); the savepoint would fail`,
      fix: `Set spec.savepoint.path, or set ${KEYS.savepointDir[0]} in the target's flinkConfiguration.`,
    });
  }
}

/** The operator's FlinkStateSnapshot validation plus ordering and trigger-time checks. */
export const snapshotRules: RuleSet = (ctx) => {
  const list = ctx.ofKind('FlinkStateSnapshot');
  for (let i = 0; i < list.length; i++) if (isChecked(list[i], 'FlinkStateSnapshot')) checkSnapshot(ctx, list[i]);
};

const info = (id: string, ref: string, why: string, severity: Severity = 'error'): RuleInfo => ({ id, ref, severity, why });

/** The ids this module reports, for the README rule table. */
export const SNAPSHOT_RULES: RuleInfo[] = [
  info('snapshot-one-of', 'N1', 'Exactly one of spec.savepoint and spec.checkpoint must be set.'),
  info('snapshot-job-reference-missing', 'N3', 'Unless it registers an existing savepoint, a snapshot needs spec.jobReference.'),
  info('snapshot-target-not-found', 'N4', 'The referenced job must exist in the same namespace: an error at synth (unless declared external), a warning when linting.'),
  info('snapshot-after-target', '', 'Applied in order, a snapshot listed before its target is rejected because the target does not exist yet.'),
  info('snapshot-target-not-a-job', '', 'A session cluster FlinkDeployment runs no job of its own; snapshot the session job instead.'),
  info('snapshot-checkpoint-needs-flink-1-17', '', 'Checkpoint snapshots can only be triggered on Flink 1.17 or later.'),
  info('snapshot-savepoint-dir-missing', '', 'A savepoint without spec.savepoint.path goes to the target\'s savepoint directory, which must be set.'),
  info('snapshot-format-unknown', '', 'formatType UNKNOWN passes admission but cannot be triggered.', 'warning'),
];
