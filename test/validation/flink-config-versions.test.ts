/**
 * Per-version verdicts of the key catalogue, which is built from the ConfigOptions Flink's own jars
 * declare (oracle/flink). These run without Java: they pin facts the oracle established, so a
 * regenerated catalogue that loses them fails here too.
 */
import { checkConfigEntry } from '../../lib/validation/rules/flink-config';

const LINES = ['1.15', '1.16', '1.17', '1.18', '1.19', '1.20', '2.0', '2.1', '2.2', '2.3'];
const rulesOf = (key: string, value: string, flinkVersion?: string) =>
  checkConfigEntry(key, value, flinkVersion ? { flinkVersion } : {}).map((i) => i.rule);
const keyRules = (key: string, value: string, flinkVersion: string) =>
  rulesOf(key, value, flinkVersion).filter((r) => r.startsWith('config-key-'));

describe('prefix-forwarded families are never unknown, too new, removed or deprecated', () => {
  const keys = [
    's3.access-key', 's3.secret-key', 's3.access.key', 's3.secret.key', 's3.path-style-access', 's3.path.style.access',
    's3.endpoint', 'fs.s3a.connection.maximum', 's3a.endpoint', 'presto.s3.use-instance-credentials', 'gs.writer.chunk.size',
    'fs.azure.account.auth.type', 'metrics.reporter.prom.port', 'flink.hadoop.dfs.replication',
  ];
  test.each(LINES)('Flink %s', (line) => {
    for (const key of keys) expect([key, keyRules(key, '${VALUE}', line)]).toEqual([key, []]);
  });
});

describe('a key exists in the versions that declare it', () => {
  test('execution.checkpointing.dir: too new before 1.20, known from 1.20', () => {
    expect(keyRules('execution.checkpointing.dir', 's3://b/cp', '1.19')).toEqual(['config-key-too-new']);
    expect(keyRules('execution.checkpointing.dir', 's3://b/cp', '1.20')).toEqual([]);
  });

  test('execution.async-state.buffer-size: declared in 1.20 only', () => {
    expect(keyRules('execution.async-state.buffer-size', '10', '1.19')).toEqual(['config-key-too-new']);
    expect(keyRules('execution.async-state.buffer-size', '10', '1.20')).toEqual([]);
    expect(keyRules('execution.async-state.buffer-size', '10', '2.0')).toEqual(['config-key-removed']);
  });

  test('cluster.fine-grained-resource-management.enabled: deprecated in 1.18, removed in 1.19', () => {
    expect(keyRules('cluster.fine-grained-resource-management.enabled', 'true', '1.17')).toEqual([]);
    expect(keyRules('cluster.fine-grained-resource-management.enabled', 'true', '1.18')).toEqual(['config-key-deprecated']);
    expect(keyRules('cluster.fine-grained-resource-management.enabled', 'true', '1.19')).toEqual(['config-key-removed']);
  });

  test('an option that became a deprecated key of another is deprecated, not removed, and names it', () => {
    expect(keyRules('state.backend', 'rocksdb', '1.16')).toEqual([]);
    const issues = checkConfigEntry('state.backend', 'rocksdb', { flinkVersion: '1.17' });
    expect(issues.map((i) => i.rule)).toEqual(['config-key-deprecated']);
    expect(issues[0].fix).toContain("'state.backend.type'");
    expect(keyRules('state.backend', 'rocksdb', '2.3')).toEqual(['config-key-deprecated']);
  });
});

describe('values are checked against the type the target version declares', () => {
  test('web.timeout: a Long of milliseconds before 1.20, a Duration from 1.20', () => {
    expect(rulesOf('web.timeout', '1 min', '1.19')).toEqual(['config-value-invalid']);
    expect(rulesOf('web.timeout', '-1', '1.19')).toEqual([]);
    expect(rulesOf('web.timeout', '1 min', '1.20')).toEqual([]);
    expect(rulesOf('web.timeout', '-1', '1.20')).toEqual(['config-value-invalid']);
  });

  test('Map options take k1:v1,k2:v2 as Flink splits them', () => {
    expect(rulesOf('kubernetes.jobmanager.annotations', 'team:data,tier:gold', '1.20')).toEqual([]);
    expect(rulesOf('kubernetes.jobmanager.annotations', "'a:b':'c,d'", '1.20')).toEqual([]); // quoted: not checked
    expect(rulesOf('kubernetes.jobmanager.annotations', 'team', '1.20')).toEqual(['config-value-invalid']);
    expect(rulesOf('kubernetes.jobmanager.annotations', 'team:data;tier:gold', '1.20')).toEqual(['config-value-invalid']);
  });

  test('List<Map> options take maps separated by ;', () => {
    expect(rulesOf('kubernetes.taskmanager.tolerations', 'key:k1,operator:Exists;key:k2,operator:Exists', '1.20')).toEqual([]);
    expect(rulesOf('kubernetes.taskmanager.tolerations', 'true', '1.20')).toEqual(['config-value-invalid']);
  });

  test('integers are not trimmed, durations and sizes are', () => {
    expect(rulesOf('parallelism.default', ' 5 ', '1.20')).toEqual(['config-value-invalid']);
    expect(rulesOf('parallelism.default', '5', '1.20')).toEqual([]);
    expect(rulesOf('taskmanager.memory.process.size', ' 5 ', '1.20')).toEqual([]);
  });

  test('Flink 1.x refuses a duration beyond a Java long, 2.x accepts it', () => {
    expect(rulesOf('pipeline.auto-watermark-interval', '9223372036854775808', '1.20')).toEqual(['config-value-invalid']);
    expect(rulesOf('pipeline.auto-watermark-interval', '9223372036854775808', '2.0')).toEqual([]);
  });
});
