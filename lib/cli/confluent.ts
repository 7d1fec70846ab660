/**
 * Confluent Platform for Apache Flink: its `FlinkApplication` (the CMF REST resource,
 * `cmf.confluent.io/v1`, and the CFK custom resource, `platform.confluent.io/v1beta1`) carries a
 * spec of the same shape as a FlinkDeployment. It is linted as one, with the subset of rules that
 * make sense there (docs/confluent.md says which and why).
 */

/** API groups of Confluent's FlinkApplication. */
export const CONFLUENT_API_GROUPS = ['cmf.confluent.io', 'platform.confluent.io'];

/**
 * The rule ids that apply to a Confluent FlinkApplication as they do to a FlinkDeployment. Keep in
 * step with docs/confluent.md (a test compares them). Rules in neither list, including any added
 * later, are not applied: a Confluent resource is never flagged by a rule nobody has checked
 * against CMF.
 */
export const CONFLUENT_RULES: readonly string[] = [
  // flinkVersion and image
  'flink-version-unsupported',
  'image-version-mismatch',
  // flinkConfiguration
  'forbidden-config-key',
  'operator-only-config-key',
  'health-check-needs-recovery',
  'config-key-unknown',
  'config-value-invalid',
  'config-key-removed',
  'config-key-deprecated',
  'config-key-too-new',
  'config-literal-secret',
  'log-config-key-invalid',
  // job
  'parallelism-invalid',
  'taskmanager-replicas-invalid',
  // jobManager / taskManager resources
  'jobmanager-resource-invalid',
  'jobmanager-resources-invalid',
  'jobmanager-replicas-invalid',
  'taskmanager-resource-invalid',
  'taskmanager-resources-invalid',
  // autoscaler options
  'autoscaler-option-out-of-range',
  'autoscaler-option-not-a-number',
  'autoscaler-excluded-periods-invalid',
  'autoscaler-metrics-window-too-small',
  // upgrades (with --previous)
  'flink-version-change-after-last-state-suspend',
  'deployment-mode-change',
  'savepoint-redeploy-without-path',
  'upgrade-to-stateless-loses-state',
  'checkpoint-dir-changed',
  'ha-storage-dir-changed',
];

/**
 * Rules about something missing that the CMF environment's `flinkApplicationDefaults` may supply
 * (environment-level Flink configuration is merged into every application). They apply as
 * warnings, with a note saying so.
 */
export const CONFLUENT_DEFAULTABLE_RULES: readonly string[] = [
  'flink-version-missing',
  'checkpoint-dir-required',
  'savepoint-dir-required',
  'rollback-needs-ha',
  'standby-jobmanagers-need-ha',
  'jobmanager-memory-missing',
  'taskmanager-memory-missing',
];

/** Appended to the message of a CONFLUENT_DEFAULTABLE_RULES finding. */
export const DEFAULTABLE_NOTE = "unless the Flink environment's flinkApplicationDefaults set it";

/** CFK-only fields of the spec, which have no FlinkDeployment counterpart. */
const CONFLUENT_ONLY_FIELDS = ['cmfRestClassRef', 'flinkEnvironment'];

/** Whether a manifest is a Confluent FlinkApplication. */
export function isConfluentApplication(m: any): boolean {
  if (!m || typeof m !== 'object' || m.kind !== 'FlinkApplication' || typeof m.apiVersion !== 'string') return false;
  const group = m.apiVersion.split('/')[0];
  return CONFLUENT_API_GROUPS.includes(group);
}

/**
 * The FlinkDeployment-shaped view of a Confluent FlinkApplication: same metadata and spec, minus
 * the CFK-only fields. Paths in the spec are unchanged, so findings point at the original fields.
 */
export function toFlinkDeployment(m: any): any {
  const spec = m.spec && typeof m.spec === 'object' && !Array.isArray(m.spec) ? { ...m.spec } : m.spec;
  if (spec && typeof spec === 'object') for (const f of CONFLUENT_ONLY_FIELDS) delete spec[f];
  return {
    ...m,
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkDeployment',
    ...(spec === undefined ? {} : { spec }),
  };
}
