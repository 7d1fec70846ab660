/**
 * Fixtures for the operator-rule tests, built in code from a valid baseline like the one the
 * operator's own validator tests use (operator-rules.md §2.5).
 */
import { Finding, LintOptions, lintManifests } from '../../lib/validation';
import { deploymentRules } from '../../lib/validation/rules/deployment';
import { sessionJobRules } from '../../lib/validation/rules/session-job';
import { snapshotRules } from '../../lib/validation/rules/snapshot';

export const NS = 'flink-operator-test';
export const HA_FACTORY = 'org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory';

/** The operator-rule sets only, so other modules' findings do not blur the assertions. */
export const OPERATOR_RULES = [deploymentRules, sessionJobRules, snapshotRules];

type Mutate = (m: any) => void;

function build(base: any, mutate?: Mutate): any {
  const m = JSON.parse(JSON.stringify(base));
  mutate?.(m);
  return m;
}

const RESOURCES_MAIN = () => ({
  requests: { cpu: '1', memory: '2048m', 'ephemeral-storage': '2G' },
  limits: { 'ephemeral-storage': '2G' },
});

/**
 * A valid application FlinkDeployment. For operator main it uses `resources` as the operator's
 * test fixture does; for 1.15 (which has no `resources`) the deprecated `resource`.
 */
export function deployment(mutate?: Mutate, version: '1.15' | 'main' = 'main'): any {
  const component = version === 'main'
    ? { resources: RESOURCES_MAIN() }
    : { resource: { cpu: 1, memory: '2048m', ephemeralStorage: '2G' } };
  return build({
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkDeployment',
    metadata: { name: 'test-cluster', namespace: NS },
    spec: {
      image: 'flink:latest',
      imagePullPolicy: 'IfNotPresent',
      serviceAccount: 'flink-operator',
      flinkVersion: 'v1_20',
      flinkConfiguration: {
        'taskmanager.numberOfTaskSlots': '2',
        'high-availability.type': HA_FACTORY,
        'high-availability.storageDir': 'test',
        'execution.checkpointing.savepoint-dir': 'test-savepoint-dir',
        'execution.checkpointing.dir': 'test-checkpoint-dir',
      },
      jobManager: { replicas: 1, ...component },
      taskManager: { ...JSON.parse(JSON.stringify(component)) },
      job: { jarURI: 'local:///tmp/sample.jar', parallelism: 1, upgradeMode: 'stateless', state: 'running' },
    },
  }, mutate);
}

/** A valid session cluster: the baseline without a job. */
export function sessionCluster(mutate?: Mutate, version: '1.15' | 'main' = 'main'): any {
  return deployment((d) => {
    delete d.spec.job;
    mutate?.(d);
  }, version);
}

/** A valid session job on the session cluster `test-cluster`. */
export function sessionJob(mutate?: Mutate): any {
  return build({
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkSessionJob',
    metadata: { name: 'session-job', namespace: NS },
    spec: {
      deploymentName: 'test-cluster',
      job: { jarURI: 'https://example.com/path/to/job.jar', parallelism: 1, upgradeMode: 'stateless', state: 'running' },
    },
  }, mutate);
}

/** A valid savepoint snapshot of the application `test-cluster`. */
export function snapshot(mutate?: Mutate): any {
  return build({
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkStateSnapshot',
    metadata: { name: 'snap', namespace: NS },
    spec: {
      backoffLimit: 0,
      jobReference: { kind: 'FlinkDeployment', name: 'test-cluster' },
      savepoint: { path: 's3://bucket/savepoints', formatType: 'CANONICAL', disposeOnDelete: true, alreadyExists: false },
    },
  }, mutate);
}

/** Lints with the operator rules only; operator main unless told otherwise. */
export function lint(manifests: any[], options: LintOptions = {}): Finding[] {
  return lintManifests(manifests, { operatorVersion: 'main', ...options }, OPERATOR_RULES);
}

/** `rule:ref` of each finding, for compact assertions. */
export function ids(findings: readonly Finding[]): string[] {
  return findings.map((f) => (f.ref ? `${f.rule}:${f.ref}` : f.rule));
}

/** Shorthand: the rule:ref ids for one manifest (plus context manifests before it). */
export function idsOf(manifest: any, options: LintOptions = {}, context: any[] = []): string[] {
  return ids(lint([...context, manifest], options).filter((f) => f.index === context.length));
}
