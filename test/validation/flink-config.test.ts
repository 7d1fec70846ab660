import * as fc from 'fast-check';
import { catalogueKey, classifyKey, parseVersion, suggestKeys } from '../../lib/validation/catalogue';
import { lintManifests } from '../../lib/validation/engine';
import { ALL_RULES } from '../../lib/validation/rules';
import {
  checkConfigEntry, checkImageVersion, FLINK_CONFIG_RULES, flinkConfigRules, imageFlinkVersion,
} from '../../lib/validation/rules/flink-config';
import { Finding, LintOptions } from '../../lib/validation/types';

// Fixtures ---------------------------------------------------------------------------------------

interface DeploymentOpts {
  readonly flinkVersion?: string;
  readonly image?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

function deployment(flinkConfiguration: unknown, opts: DeploymentOpts = {}): any {
  const kind = opts.kind ?? 'FlinkDeployment';
  return {
    apiVersion: kind === 'FlinkApplication' ? 'platform.confluent.io/v1beta1' : 'flink.apache.org/v1beta1',
    kind,
    metadata: { name: opts.name ?? 'app', ...(opts.namespace ? { namespace: opts.namespace } : {}) },
    spec: {
      image: opts.image ?? 'flink:1.20',
      flinkVersion: opts.flinkVersion ?? 'v1_20',
      serviceAccount: 'flink',
      flinkConfiguration,
      jobManager: { resource: { memory: '2048m', cpu: 1 } },
      taskManager: { resource: { memory: '2048m', cpu: 1 } },
      job: { jarURI: 'local:///opt/flink/examples/streaming/StateMachineExample.jar', parallelism: 2, upgradeMode: 'stateless' },
    },
  };
}

function sessionJob(flinkConfiguration: unknown, deploymentName: string, namespace?: string): any {
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkSessionJob',
    metadata: { name: 'job', ...(namespace ? { namespace } : {}) },
    spec: {
      deploymentName,
      flinkConfiguration,
      job: { jarURI: 'https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming_2.12/1.16.1/flink-examples-streaming_2.12-1.16.1-TopSpeedWindowing.jar', parallelism: 4, upgradeMode: 'stateless' },
    },
  };
}

/** Runs only this module's rule set, so other modules' findings do not interfere. */
function lint(manifests: any[], options: LintOptions = {}): Finding[] {
  return lintManifests(manifests, options, [flinkConfigRules]);
}

const lintConfig = (config: unknown, opts: DeploymentOpts = {}, options: LintOptions = {}) => lint([deployment(config, opts)], options);
const rules = (fs: readonly { rule: string }[]) => fs.map((f) => f.rule);
const errors = (fs: readonly Finding[]) => fs.filter((f) => f.severity === 'error');
const only = (fs: readonly Finding[], rule: string) => fs.filter((f) => f.rule === rule);

// Registration and rule list -----------------------------------------------------------------------

describe('rule registration', () => {
  test('flinkConfigRules is part of ALL_RULES', () => {
    expect(ALL_RULES).toContain(flinkConfigRules);
  });

  test('FLINK_CONFIG_RULES lists each id once, kebab-case, with ref \'\' and a why', () => {
    const ids = FLINK_CONFIG_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of FLINK_CONFIG_RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(r.ref).toBe('');
      expect(r.why.length).toBeGreaterThan(20);
    }
    expect(ids.sort()).toEqual([
      'config-key-deprecated', 'config-key-removed', 'config-key-too-new', 'config-key-unknown',
      'config-literal-secret', 'config-value-invalid', 'image-version-mismatch', 'operator-only-config-key',
    ]);
  });

  test('every finding carries the id and severity its RuleInfo declares', () => {
    const fs = lintConfig({
      'state.backend': 'rockdb', // deprecated + invalid
      'state.backend.typo': 'x', // unknown
      'execution.checkpointing.dir': 'file:///x', // too new on 1.19
      'taskmanager.heap.mb': '1024', // fine on 1.19 (deprecated)
      'kubernetes.operator.reconcile.interval': '15 s', // operator-only
      's3.secret-key': 'AKIAsecretvalue', // literal secret
    }, { flinkVersion: 'v1_19', image: 'flink:2.1' });
    const declared = new Map(FLINK_CONFIG_RULES.map((r) => [r.id, r.severity]));
    expect(fs.length).toBeGreaterThanOrEqual(7);
    for (const f of fs) {
      expect(declared.get(f.rule)).toBe(f.severity);
      expect(f.ref).toBe('');
      expect(f.kind).toBe('FlinkDeployment');
      expect(f.name).toBe('app');
    }
    expect(new Set(rules(fs))).toEqual(new Set([
      'config-key-deprecated', 'config-value-invalid', 'config-key-unknown', 'config-key-too-new',
      'operator-only-config-key', 'config-literal-secret', 'image-version-mismatch',
    ]));
  });
});

// config-key-unknown -------------------------------------------------------------------------------

describe('config-key-unknown', () => {
  test('a typo is an error with a did-you-mean and the path of the key', () => {
    const fs = lintConfig({ 'state.backend.typ': 'rocksdb' });
    expect(rules(fs)).toEqual(['config-key-unknown']);
    expect(fs[0].severity).toBe('error');
    expect(fs[0].path).toBe("spec.flinkConfiguration['state.backend.typ']");
    expect(fs[0].message).toContain("'state.backend.typ'");
    expect(fs[0].message).toContain("'rocksdb'");
    expect(fs[0].fix).toMatch(/^Did you mean 'state\.backend\.type'/);
  });

  test('near miss: the correct key is fine', () => {
    expect(lintConfig({ 'state.backend.type': 'rocksdb' })).toEqual([]);
  });

  test('keys are case-sensitive: the fix names the right spelling', () => {
    const fs = lintConfig({ 'taskmanager.numberoftaskslots': '2' });
    expect(rules(fs)).toEqual(['config-key-unknown']);
    expect(fs[0].fix).toBe("Keys are case-sensitive: use 'taskmanager.numberOfTaskSlots'.");
  });

  test('suggestions prefer candidates with the same first segment', () => {
    expect(suggestKeys('execution.checkpointing.intervall')[0]).toBe('execution.checkpointing.interval');
    expect(suggestKeys('high-availability.storagedir')[0]).toBe('high-availability.storageDir');
    expect(suggestKeys('totally.unrelated.thing.nobody.uses')).toEqual([]);
  });

  test('a nested YAML map under a Map-typed key suggests the k1:v1,k2:v2 form', () => {
    const fs = lintConfig({ kubernetes: { jobmanager: { annotations: { team: 'data' } } } });
    expect(rules(fs)).toEqual(['config-key-unknown']);
    expect(fs[0].path).toBe('spec.flinkConfiguration.kubernetes.jobmanager.annotations.team');
    expect(fs[0].message).toContain("'kubernetes.jobmanager.annotations' is a Map option");
    expect(fs[0].fix).toBe("Write the map as one value of 'kubernetes.jobmanager.annotations' in the form 'k1:v1,k2:v2', e.g. kubernetes.jobmanager.annotations: 'team:data'.");
    expect(lintConfig({ 'kubernetes.jobmanager.annotations': 'team:data,tier:gold' })).toEqual([]);
  });

  test.each([
    ['fs.s3a.endpoint', 'http://minio:9000'],
    ['fs.s3a.path.style.access', 'true'],
    ['s3.endpoint', 'http://minio:9000'],
    ['s3.path.style.access', 'true'],
    ['fs.azure.account.auth.type', 'OAuth'],
    ['fs.gs.project.id', 'my-project'],
    ['fs.oss.endpoint', 'oss-cn-hangzhou.aliyuncs.com'],
    ['metrics.reporter.prom.factory.class', 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory'],
    ['metrics.reporter.prom.port', '9249'],
    ['containerized.master.env.JAVA_HOME', '/opt/java'],
    ['external-resource.gpu.amount', '1'],
    ['flink.hadoop.dfs.replication', '2'],
    ['$internal.application.main', 'com.example.Main'],
  ])('pattern family / internal key %s is not unknown', (key, value) => {
    expect(lintConfig({ [key]: value })).toEqual([]);
  });

  test('operator version/namespace default keys are not unknown (they are operator-only)', () => {
    const fs = lintConfig({
      'kubernetes.operator.default-configuration.flink-version.v1_19+.env.java.default-opts.all': '--add-opens=java.base/java.lang=ALL-UNNAMED',
      'kubernetes.operator.default-configuration.namespace.team-a.taskmanager.numberOfTaskSlots': '2',
    });
    expect(rules(fs)).toEqual(['operator-only-config-key', 'operator-only-config-key']);
  });

  test('an unknown operator key is an error too', () => {
    const fs = lintConfig({ 'kubernetes.operator.savepoint.formt.type': 'NATIVE' });
    expect(rules(fs)).toEqual(['config-key-unknown']);
    expect(fs[0].fix).toContain("'kubernetes.operator.savepoint.format.type'");
  });
});

// config-value-invalid -----------------------------------------------------------------------------

describe('config-value-invalid', () => {
  test.each([
    // key, good value, bad value, expected fix fragment
    ['execution.checkpointing.interval', '10 sec', 'ten seconds', "Flink duration such as '30 s'"],
    ['execution.checkpointing.timeout', '10min', '10 mins please', 'Flink duration'],
    ['taskmanager.memory.process.size', '2048m', '2Gi', "write '2g'"],
    ['jobmanager.memory.process.size', '1 gb', 'lots', 'Flink memory size'],
    ['execution.checkpointing.unaligned.enabled', 'TRUE', 'yes', "Use 'true' or 'false'."],
    ['taskmanager.numberOfTaskSlots', '2', '2.0', "whole number such as '2'"],
    ['taskmanager.numberOfTaskSlots', '-1', '3000000000', 'between -2147483648 and 2147483647'],
    ['blob.service.cleanup.interval', '3000000000', '1h', 'whole number'],
    ['taskmanager.memory.managed.fraction', '0.4', '40%', "decimal number such as '0.5'"],
    ['job.autoscaler.utilization.target', '0.7', 'high', 'decimal number'],
    ['kubernetes.operator.savepoint.format.type', 'native', 'NATIV', "Did you mean 'NATIVE'?"],
    ['execution.checkpointing.mode', 'at_least_once', 'ONCE', 'EXACTLY_ONCE'],
    ['state.backend.rocksdb.compression.per.level', 'NO_COMPRESSION;lz4_compression', 'NO_COMPRESSION;LZ4', 'LZ4_COMPRESSION'],
    ['state.backend.type', 'RocksDB', 'rockdb', "Did you mean 'rocksdb'?"],
    ['restart-strategy.type', 'fixed-delay', 'fixed_delayed', "Did you mean 'fixed-delay'?"],
    ['high-availability.type', 'KUBERNETES', 'kube', 'NONE'],
    ['execution.checkpointing.storage', 'filesystem', 'fs', 'factory class name'],
  ])('%s: %p passes, %p is an error', (key, good, bad, fix) => {
    expect(lintConfig({ [key]: good })).toEqual([]);
    const fs = lintConfig({ [key]: bad });
    expect(rules(fs)).toEqual(['config-value-invalid']);
    expect(fs[0].message).toContain(`'${key}'`);
    expect(fs[0].message).toContain(`'${bad}'`);
    expect(fs[0].fix).toContain(fix);
  });

  test('YAML numbers and booleans are read as their text form', () => {
    expect(lintConfig({
      'taskmanager.numberOfTaskSlots': 2,
      'execution.checkpointing.unaligned.enabled': false,
      'taskmanager.memory.managed.fraction': 0.4,
    })).toEqual([]);
  });

  test('a factory class name is accepted where the catalogue says so', () => {
    expect(lintConfig({
      'high-availability.type': 'org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory',
      'state.backend.type': 'com.example.MyStateBackendFactory',
    })).toEqual([]);
    // restart-strategy.type has no class-name form
    expect(rules(lintConfig({ 'restart-strategy.type': 'com.example.Restarts' }))).toEqual(['config-value-invalid']);
  });

  test('String keys without known values are not type-checked', () => {
    expect(lintConfig({ 'high-availability.storageDir': 'anything at all', 'env.java.opts.all': '-Xss4m' })).toEqual([]);
  });

  test('ISO-8601 durations: error before Flink 2.1 with the Flink form as fix, fine from 2.1', () => {
    const old = lintConfig({ 'execution.checkpointing.interval': 'PT30S' }, { flinkVersion: 'v1_20' });
    expect(rules(old)).toEqual(['config-value-invalid']);
    expect(old[0].message).toContain('Flink 1.20 cannot parse');
    expect(old[0].fix).toBe("Write it in Flink's duration syntax: '30 s'.");
    expect(lintConfig({ 'execution.checkpointing.interval': 'PT30S' }, { flinkVersion: 'v2_1', image: 'flink:2.1' })).toEqual([]);
  });

  test('ISO-8601 durations in operator keys are errors even on Flink 2.1 (the operator parses them)', () => {
    const fs = lintConfig({ 'kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age': 'PT5M' }, { flinkVersion: 'v2_1', image: 'flink:2.1' });
    expect(rules(fs)).toEqual(['config-value-invalid']);
    expect(fs[0].fix).toContain("'5 min'");
  });

  test('a deprecated alias is checked against its current key\'s type', () => {
    const fs = lintConfig({ 'execution.checkpointing.unaligned': 'maybe' });
    expect(rules(fs)).toEqual(['config-key-deprecated', 'config-value-invalid']);
  });

  test('version-dependent known values: forst from 2.0, legacy filesystem until 2.0, kubernetes HA from 1.16', () => {
    expect(rules(lintConfig({ 'state.backend.type': 'forst' }, { flinkVersion: 'v1_20' }))).toEqual(['config-value-invalid']);
    expect(lintConfig({ 'state.backend.type': 'forst' }, { flinkVersion: 'v2_0', image: 'flink:2.0' })).toEqual([]);
    expect(lintConfig({ 'state.backend.type': 'filesystem' }, { flinkVersion: 'v1_20' })).toEqual([]);
    const fs = lintConfig({ 'state.backend.type': 'filesystem' }, { flinkVersion: 'v2_0', image: 'flink:2.0' });
    expect(rules(fs)).toEqual(['config-value-invalid']);
    expect(fs[0].fix).toContain("'hashmap'");
    expect(rules(lintConfig({ 'high-availability': 'kubernetes' }, { flinkVersion: 'v1_15', image: 'flink:1.15' })))
      .toEqual(['config-value-invalid']);
  });
});

// Renames: config-key-removed, config-key-deprecated, config-key-too-new ---------------------------

describe('renames by target version', () => {
  test('the seed\'s state.backend: rockdb gives a deprecated-key warning and an invalid-value error', () => {
    const fs = lintConfig({ 'taskmanager.numberOfTaskSlots': '2', 'state.backend': 'rockdb' });
    expect(fs.map((f) => [f.rule, f.severity])).toEqual([
      ['config-key-deprecated', 'warning'],
      ['config-value-invalid', 'error'],
    ]);
    expect(fs[0].fix).toBe("Rename it to 'state.backend.type'.");
    expect(fs[1].fix).toBe("Did you mean 'rocksdb'?");
  });

  test('the seed\'s execution.checkpointing.unaligned is deprecated on v1_20, not before 1.17', () => {
    const fs = lintConfig({ 'execution.checkpointing.unaligned': 'false' }, { flinkVersion: 'v1_20' });
    expect(rules(fs)).toEqual(['config-key-deprecated']);
    expect(fs[0].message).toContain('since Flink 1.17');
    expect(fs[0].fix).toBe("Rename it to 'execution.checkpointing.unaligned.enabled'.");
    expect(lintConfig({ 'execution.checkpointing.unaligned': 'false' }, { flinkVersion: 'v1_16', image: 'flink:1.16' })).toEqual([]);
  });

  test.each([
    // key, version, expected rules, fix fragment
    ['state.checkpoints.dir', 'v1_19', [], ''],
    ['state.checkpoints.dir', 'v1_20', ['config-key-deprecated'], "'execution.checkpointing.dir'"],
    ['state.checkpoints.dir', 'v2_1', ['config-key-deprecated'], "'execution.checkpointing.dir'"],
    ['execution.checkpointing.dir', 'v1_19', ['config-key-too-new'], "Use 'state.checkpoints.dir' for Flink 1.19"],
    ['execution.checkpointing.dir', 'v1_20', [], ''],
    ['execution.checkpointing.dir', 'v2_1', [], ''],
    ['execution.checkpointing.savepoint-dir', 'v1_19', ['config-key-too-new'], "'state.savepoints.dir'"],
    ['state.backend.fs.checkpointdir', 'v1_19', ['config-key-deprecated'], "'state.checkpoints.dir'"],
    ['state.backend.fs.checkpointdir', 'v1_20', ['config-key-deprecated'], "'execution.checkpointing.dir'"],
    ['security.ssl.enabled', 'v1_19', ['config-key-deprecated'], "'security.ssl.internal.enabled'"],
    ['security.ssl.enabled', 'v2_1', ['config-key-removed'], "'security.ssl.rest.enabled'"],
  ])('%s on %s', (key, version, expected, fix) => {
    const image = `flink:${version.slice(1).replace('_', '.')}`;
    const fs = lintConfig({ [key]: key.includes('ssl') ? 'true' : 'file:///flink-data/x' }, { flinkVersion: version, image });
    expect(rules(fs)).toEqual(expected);
    if (fix) expect(fs[0].fix).toContain(fix);
  });

  test('config-key-too-new explains that the version ignores the key', () => {
    const fs = lintConfig({ 'execution.checkpointing.dir': 's3://bucket/cp' }, { flinkVersion: 'v1_19', image: 'flink:1.19' });
    expect(fs[0]).toMatchObject({
      rule: 'config-key-too-new',
      severity: 'error',
      path: "spec.flinkConfiguration['execution.checkpointing.dir']",
      message: "'execution.checkpointing.dir' exists only from Flink 1.20; Flink 1.19 does not read it, so the setting 's3://bucket/cp' is silently ignored",
      fix: "Use 'state.checkpoints.dir' for Flink 1.19, or raise flinkVersion to v1_20 or later.",
    });
  });

  test('state.backend.type is too new for Flink 1.16', () => {
    const fs = lintConfig({ 'state.backend.type': 'rocksdb' }, { flinkVersion: 'v1_16', image: 'flink:1.16' });
    expect(rules(fs)).toEqual(['config-key-too-new']);
    expect(fs[0].fix).toContain("Use 'state.backend' for Flink 1.16");
  });

  test('config-key-removed names the replacement, with placeholders filled in', () => {
    const fs = lintConfig({ 'metrics.reporter.prom.class': 'org.apache.flink.metrics.prometheus.PrometheusReporter' }, { flinkVersion: 'v2_0', image: 'flink:2.0' });
    expect(fs.map((f) => [f.rule, f.severity])).toEqual([['config-key-removed', 'error']]);
    expect(fs[0].message).toBe("'metrics.reporter.prom.class' was removed in Flink 2.0; Flink 2.0 ignores it");
    expect(fs[0].fix).toBe("Use 'metrics.reporter.prom.factory.class' instead.");
    // near miss: on 1.20 the same key is only deprecated
    expect(rules(lintConfig({ 'metrics.reporter.prom.class': 'x.Y' }))).toEqual(['config-key-deprecated']);
  });

  test('config-key-removed follows rename chains to the current key', () => {
    const fs = lintConfig({ 'taskmanager.heap.mb': '1024' }, { flinkVersion: 'v2_1', image: 'flink:2.1' });
    expect(rules(fs)).toEqual(['config-key-removed']);
    expect(fs[0].fix).toBe("Use 'taskmanager.memory.flink.size' or 'taskmanager.memory.process.size' instead.");
  });

  test('operator renames compare with the operator version', () => {
    const legacy = { 'kubernetes.operator.job.autoscaler.enabled': 'true' };
    const fs = lintConfig(legacy);
    expect(rules(fs)).toEqual(['config-key-deprecated']);
    expect(fs[0].message).toContain('operator');
    expect(fs[0].fix).toBe("Rename it to 'job.autoscaler.enabled'.");
    const evaluator = { 'job.autoscaler.metrics.custom-evaluator.lag.class': 'com.example.LagEvaluator' };
    const old = lintConfig(evaluator, {}, { operatorVersion: '1.15' });
    expect(rules(old)).toEqual(['config-key-too-new']);
    expect(old[0].fix).toBe("Use 'kubernetes.operator.job.autoscaler.metrics.custom-evaluator.lag.class' for operator 1.15.");
    expect(lintConfig(evaluator, {}, { operatorVersion: 'main' })).toEqual([]);
  });

  test('a catalogue key marked deprecated warns even without a rename, from the version Flink deprecates it', () => {
    // Flink declares the option @Deprecated from 2.3 on (read from its jars by the catalogue build).
    const fs = lintConfig({ 'execution.submit-failed-job-on-application-error': 'true' }, { flinkVersion: 'v2_3', image: 'flink:2.3' });
    expect(fs.map((f) => [f.rule, f.severity])).toEqual([['config-key-deprecated', 'warning']]);
    expect(lintConfig({ 'execution.submit-failed-job-on-application-error': 'true' }, { flinkVersion: 'v2_2', image: 'flink:2.2' })).toEqual([]);
  });

  test('a deprecated catalogue key with a versioned rename only warns from that version', () => {
    expect(lintConfig({ 'jobstore.type': 'File' }, { flinkVersion: 'v1_20' })).toEqual([]);
  });

  test('unknown target version: version-dependent checks are skipped, the rest still run', () => {
    const fs = lint([sessionJob({
      'execution.checkpointing.dir': 's3://b/cp', // too new only if the version were known
      'execution.checkpointing.interval': 'PT30S', // ISO accepted when the version is unknown
      'state.backend.type': 'rockdb', // still a bad value
    }, 'elsewhere')]);
    expect(rules(fs)).toEqual(['config-value-invalid']);
  });
});

// Session jobs and Confluent FlinkApplication ------------------------------------------------------

describe('target version of session jobs and FlinkApplication', () => {
  test('a session job takes the Flink version of its session cluster (same namespace)', () => {
    const cluster = deployment({ 'taskmanager.numberOfTaskSlots': '2' }, { name: 'sessions', namespace: 'flink', flinkVersion: 'v1_19', image: 'flink:1.19' });
    delete cluster.spec.job;
    const fs = lint([cluster, sessionJob({ 'execution.checkpointing.dir': 's3://b/cp' }, 'sessions', 'flink')]);
    expect(fs.map((f) => [f.kind, f.rule])).toEqual([['FlinkSessionJob', 'config-key-too-new']]);
    // near miss: a cluster of the same name in another namespace is not the target
    expect(lint([cluster, sessionJob({ 'execution.checkpointing.dir': 's3://b/cp' }, 'sessions', 'other')])).toEqual([]);
  });

  test('kind FlinkApplication (Confluent) is checked like a FlinkDeployment', () => {
    const fs = lint([deployment({ 'state.backend': 'rockdb' }, { kind: 'FlinkApplication', image: 'confluentinc/cp-flink:1.19.1-cp2', flinkVersion: 'v1_20' })]);
    expect(rules(fs)).toEqual(['config-key-deprecated', 'config-value-invalid', 'image-version-mismatch']);
    expect(fs[2].kind).toBe('FlinkApplication');
  });

  test('other kinds are ignored', () => {
    expect(lint([{ kind: 'ConfigMap', metadata: { name: 'x' }, spec: { flinkConfiguration: { 'bad.key': 'x' } } }])).toEqual([]);
  });
});

// operator-only-config-key -------------------------------------------------------------------------

describe('operator-only-config-key', () => {
  test('an operator key that is not honoured per resource is a warning', () => {
    const fs = lintConfig({ 'kubernetes.operator.user.artifacts.allowed-schemes': 'https,s3' });
    expect(fs.map((f) => [f.rule, f.severity])).toEqual([['operator-only-config-key', 'warning']]);
    expect(fs[0].message).toBe("'kubernetes.operator.user.artifacts.allowed-schemes' is an operator-level option: it has no effect per resource");
    expect(fs[0].fix).toContain("operator's configuration");
  });

  test('near miss: per-resource operator keys are fine', () => {
    expect(lintConfig({
      'kubernetes.operator.savepoint.format.type': 'NATIVE',
      'kubernetes.operator.periodic.savepoint.interval': '6h',
      'kubernetes.operator.job.upgrade.last-state-fallback.enabled': 'true',
    })).toEqual([]);
  });
});

// image-version-mismatch ---------------------------------------------------------------------------

describe('image-version-mismatch', () => {
  test.each([
    ['flink:2.1.1', '2.1'],
    ['flink:1.20-scala_2.12-java17', '1.20'],
    ['flink:1.19.1-java11', '1.19'],
    ['docker.io/library/flink:1.20', '1.20'],
    ['apache/flink:2.0.0-java21', '2.0'],
    ['registry.example.com:5000/mirror/flink:1.18@sha256:abc', '1.18'],
    ['confluentinc/cp-flink:1.19.1-cp2', '1.19'],
    ['confluentinc/cp-flink:2.0.0-cp1-java21', '2.0'],
    ['flink:latest', undefined],
    ['flink:scala_2.12-java11', undefined],
    ['flink@sha256:0123abcd', undefined],
    ['flink', undefined],
    ['registry/orders:1.4.2', undefined],
    ['confluentinc/other:1.19', undefined],
    ['localhost:5000/flink', undefined],
  ])('imageFlinkVersion(%p) = %p', (image, expected) => {
    expect(imageFlinkVersion(image)).toBe(expected);
  });

  test('flink:2.1.1 with v1_19 is an error on spec.image', () => {
    const fs = lintConfig({}, { image: 'flink:2.1.1', flinkVersion: 'v1_19' });
    expect(fs).toEqual([expect.objectContaining({
      rule: 'image-version-mismatch',
      severity: 'error',
      path: 'spec.image',
      message: "spec.image 'flink:2.1.1' runs Flink 2.1 but spec.flinkVersion is 'v1_19': the operator configures the cluster for Flink 1.19 (config file format, key names)",
      fix: "Set flinkVersion: v2_1, or use a Flink 1.19 image (e.g. 'flink:1.19').",
    })]);
  });

  test.each([
    ['flink:1.20-scala_2.12-java17', 'v1_20'],
    ['confluentinc/cp-flink:1.19.1-cp2', 'v1_19'],
    ['flink:latest', 'v1_19'],
    ['my-registry/orders:2.1.0', 'v1_19'],
  ])('near miss: %s with %s passes', (image, flinkVersion) => {
    expect(lintConfig({}, { image, flinkVersion })).toEqual([]);
  });

  test('checkImageVersion skips unknown flinkVersion values and non-strings', () => {
    expect(checkImageVersion('flink:2.1', undefined)).toBeUndefined();
    expect(checkImageVersion('flink:2.1', 'v9')).toBeUndefined();
    expect(checkImageVersion(42, 'v1_19')).toBeUndefined();
    expect(checkImageVersion('confluentinc/cp-flink:2.0.0-cp1-java21', 'v1_20')?.fix).toContain('confluentinc/cp-flink');
  });
});

// config-literal-secret ----------------------------------------------------------------------------

describe('config-literal-secret', () => {
  test.each([
    ['s3.access-key', 'AKIAIOSFODNN7EXAMPLE'],
    ['s3.secret-key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['fs.s3a.access.key', 'AKIAIOSFODNN7EXAMPLE'],
    ['fs.s3a.secret.key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['fs.s3a.session.token', 'FwoGZXIvYXdzEXAMPLE'],
    ['fs.azure.account.key.myaccount.blob.core.windows.net', 'c2VjcmV0a2V5'],
    ['fs.azure.account.oauth2.client.secret', 'abc123'],
    ['fs.gs.auth.service.account.private.key', 'MIIEvQIBADANBg'],
    ['gs.auth.service.account.json', '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\\nMIIE"}'],
    ['security.ssl.keystore-password', 'password1234'],
    ['security.ssl.rest.truststore-password', 'password1234'],
    ['metrics.reporter.influxdb.password', 'hunter2'],
    ['fs.oss.accessKeySecret', 'abc'],
    ['properties.sasl.jaas.config', 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p4ss";'],
  ])('%s with a literal value is an error that does not print the value', (key, value) => {
    const fs = only(lintConfig({ [key]: value }), 'config-literal-secret');
    expect(fs).toHaveLength(1);
    expect(fs[0].severity).toBe('error');
    expect(fs[0].message).toContain(`'${key}'`);
    expect(fs[0].message).toContain('redacted');
    expect(fs[0].message).not.toContain(value);
    // SSL store passwords have no literal-free route in Flink (docs/tls.md): the fix says so
    // instead of suggesting an env var Flink would not substitute.
    expect(fs[0].fix).toContain(key.startsWith('security.ssl.') ? 'no literal-free route' : 'secretKeyRef');
  });

  test.each([
    ['s3.secret-key', '${AWS_SECRET_ACCESS_KEY}'],
    ['security.ssl.keystore-password', '${KEYSTORE_PASSWORD}'],
    ['properties.sasl.jaas.config', 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="${KAFKA_PASSWORD}";'],
    ['kubernetes.secrets', 'basic-secure-cert:/opt/flink/tls-cert'],
    ['kubernetes.env.secretKeyRef', 'env:AWS_SECRET_ACCESS_KEY,secret:s3-creds,key:secret-key'],
    ['security.ssl.keystore', '/opt/flink/tls-cert/keystore.jks'],
    ['fs.s3a.aws.credentials.provider', 'com.amazonaws.auth.WebIdentityTokenCredentialsProvider'],
    ['s3.entropy.key', '_entropy_'],
    ['security.delegation.tokens.enabled', 'false'],
    ['security.kerberos.login.keytab', '/etc/krb5.keytab'],
  ])('near miss: %s = %p is not a literal secret', (key, value) => {
    expect(only(lintConfig({ [key]: value }), 'config-literal-secret')).toEqual([]);
  });
});

// The operator's examples, rebuilt inline --------------------------------------------------------

describe('operator example configurations pass without errors', () => {
  test('basic.yaml (flink:2.2, v2_2, slots as a YAML number): no findings', () => {
    expect(lintConfig({ 'taskmanager.numberOfTaskSlots': 2 }, { image: 'flink:2.2', flinkVersion: 'v2_2' })).toEqual([]);
  });

  test('basic-checkpoint-ha.yaml (nested state/HA, NATIVE savepoints): only the 1.20 rename warnings', () => {
    const fs = lintConfig({
      'taskmanager.numberOfTaskSlots': 2,
      state: { 'savepoints.dir': 'file:///flink-data/savepoints', 'checkpoints.dir': 'file:///flink-data/checkpoints' },
      'high-availability': { type: 'kubernetes', storageDir: 'file:///flink-data/ha' },
      'kubernetes.operator.savepoint.format.type': 'NATIVE',
    }, { image: 'flink:2.2', flinkVersion: 'v2_2' });
    expect(errors(fs)).toEqual([]);
    expect(fs.map((f) => [f.rule, f.path, f.fix])).toEqual([
      ['config-key-deprecated', "spec.flinkConfiguration.state['savepoints.dir']", "Rename it to 'execution.checkpointing.savepoint-dir'."],
      ['config-key-deprecated', "spec.flinkConfiguration.state['checkpoints.dir']", "Rename it to 'execution.checkpointing.dir'."],
    ]);
  });

  test('the same configuration with the 1.20 names: no findings', () => {
    expect(lintConfig({
      'taskmanager.numberOfTaskSlots': 2,
      execution: { checkpointing: { 'savepoint-dir': 'file:///flink-data/savepoints', dir: 'file:///flink-data/checkpoints' } },
      'high-availability': { type: 'kubernetes', storageDir: 'file:///flink-data/ha' },
      'kubernetes.operator.savepoint.format.type': 'NATIVE',
    }, { image: 'flink:2.2', flinkVersion: 'v2_2' })).toEqual([]);
  });

  test('basic-reactive.yaml (standalone, REACTIVE, HA factory class): no findings', () => {
    expect(lintConfig({
      'taskmanager.numberOfTaskSlots': '2',
      'scheduler-mode': 'REACTIVE',
      'high-availability.type': 'org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory',
      'high-availability.storageDir': 'file:///flink-data/ha',
      'execution.checkpointing.dir': 'file:///flink-data/checkpoints',
      'execution.checkpointing.savepoint-dir': 'file:///flink-data/savepoints',
    }, { image: 'flink:2.2', flinkVersion: 'v2_2' })).toEqual([]);
  });

  test('autoscaling.yaml (nested job.autoscaler, adaptive scheduler, v1_20): no errors', () => {
    const fs = lintConfig({
      job: { autoscaler: { enabled: true, 'stabilization.interval': '1m', 'metrics.window': '3m', 'target.utilization.boundary': '0.1' } },
      'pipeline.max-parallelism': '24',
      'taskmanager.numberOfTaskSlots': '4',
      'execution.checkpointing.dir': 'file:///flink-data/checkpoints',
      'execution.checkpointing.savepoint-dir': 'file:///flink-data/savepoints',
      'high-availability.type': 'kubernetes',
      'high-availability.storageDir': 'file:///flink-data/ha',
      'execution.checkpointing.interval': '1m',
      'jobmanager.scheduler': 'adaptive',
    }, { image: 'autoscaling-example', flinkVersion: 'v1_20' });
    expect(errors(fs)).toEqual([]);
    // target.utilization.boundary is @Deprecated in the operator's AutoScalerOptions
    expect(fs.map((f) => [f.rule, f.path])).toEqual([
      ['config-key-deprecated', "spec.flinkConfiguration.job.autoscaler['target.utilization.boundary']"],
    ]);
  });

  test('basic-secure.yaml (TLS) with passwords from env vars: no findings; with literal passwords: errors', () => {
    const tls = (password: string) => ({
      'taskmanager.numberOfTaskSlots': '2',
      security: {
        ssl: {
          internal: { enabled: 'true', keystore: '/opt/flink/tls-cert/keystore.jks', 'keystore-password': password, 'key-password': password, truststore: '/opt/flink/tls-cert/truststore.jks', 'truststore-password': password },
          rest: { enabled: 'true', keystore: '/opt/flink/tls-cert/keystore.jks', 'keystore-password': password, 'key-password': password, truststore: '/opt/flink/tls-cert/truststore.jks', 'truststore-password': password, 'authentication-enabled': 'false' },
        },
      },
      'kubernetes.secrets': 'basic-secure-cert:/opt/flink/tls-cert',
    });
    expect(lintConfig(tls('${TLS_PASSWORD}'), { image: 'flink:2.2', flinkVersion: 'v2_2' })).toEqual([]);
    const literal = lintConfig(tls('password1234'), { image: 'flink:2.2', flinkVersion: 'v2_2' });
    expect(literal).toHaveLength(6);
    expect(new Set(rules(literal))).toEqual(new Set(['config-literal-secret']));
  });

  test('session cluster + session job (basic-session-deployment-and-job.yaml): no findings', () => {
    const cluster = deployment({ 'taskmanager.numberOfTaskSlots': 2 }, { name: 'basic-session-deployment-example', image: 'flink:2.2', flinkVersion: 'v2_2' });
    delete cluster.spec.job;
    expect(lint([cluster, sessionJob(undefined, 'basic-session-deployment-example')])).toEqual([]);
  });
});

// checkConfigEntry -------------------------------------------------------------------------------

describe('checkConfigEntry', () => {
  test('accepts v1_19, 1.19 and 1.19.2 for the Flink version', () => {
    for (const flinkVersion of ['v1_19', '1.19', '1.19.2']) {
      expect(rules(checkConfigEntry('execution.checkpointing.dir', 's3://b/cp', { flinkVersion }))).toEqual(['config-key-too-new']);
    }
    expect(checkConfigEntry('execution.checkpointing.dir', 's3://b/cp', {})).toEqual([]);
  });

  test('returns rule, severity, message and fix for SQL SET lines', () => {
    expect(checkConfigEntry('table.exec.source.idle-timeout', '30 s', { flinkVersion: 'v1_20' })).toEqual([]);
    const [issue] = checkConfigEntry('table.exec.mini-batch.enabled', 'yes', { flinkVersion: 'v1_20' });
    expect(issue).toEqual({
      rule: 'config-value-invalid',
      severity: 'error',
      message: "'table.exec.mini-batch.enabled' is a Boolean option but has the value 'yes', which is not a boolean",
      fix: "Use 'true' or 'false'.",
    });
  });

  test('never throws on odd input', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.option(fc.string()), (k, v, ver) => {
      const out = checkConfigEntry(k, v, { flinkVersion: ver ?? undefined, operatorVersion: 'main' });
      return Array.isArray(out);
    }), { numRuns: 300 });
    expect(() => checkConfigEntry(undefined as any, null as any, null as any)).not.toThrow();
    expect(() => lint([null, 42, { kind: 'FlinkDeployment' }, { kind: 'FlinkDeployment', spec: { flinkConfiguration: [1, 2] } },
      { kind: 'FlinkDeployment', spec: { flinkConfiguration: null, image: 7, flinkVersion: {} } },
      { kind: 'FlinkSessionJob', spec: { deploymentName: 3 } }])).not.toThrow();
  });

  test('every current catalogue key is known (property over the catalogue)', () => {
    const keys = ['taskmanager.numberOfTaskSlots', 'execution.checkpointing.dir', 'job.autoscaler.enabled', 'table.exec.state.ttl'];
    for (const k of keys) expect(catalogueKey(k)).toBeDefined();
    fc.assert(fc.property(fc.constantFrom(...keys), (k) => !checkConfigEntry(k, '', {}).some((i) => i.rule === 'config-key-unknown')));
  });

  test('classifyKey finds patterns first-match and renames in both directions', () => {
    expect(classifyKey('metrics.reporter.prom.interval').pattern?.type).toBe('Duration');
    expect(classifyKey('state.checkpoints.dir').renamedFrom.map((r) => r.new)).toContain('execution.checkpointing.dir');
    expect(classifyKey('execution.checkpointing.dir').renamedTo.map((r) => r.old)).toContain('state.checkpoints.dir');
    expect(parseVersion('v2_1')).toBeGreaterThan(parseVersion('1.20') as number);
    expect(parseVersion('latest')).toBeUndefined();
  });
});
