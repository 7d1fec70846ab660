import { Testing } from 'cdk8s';
import { FlinkApplication, FlinkVersion, JobJar, lintManifests } from '../../lib';
import { FlinkLintPlugin, PluginViolation } from '../../lib/plugin';
import { isSecretName, redact, secretsInText, secretValuesOf } from '../../lib/validation/secrets';
import { Finding } from '../../lib/validation/types';
import { runCli } from '../../lib/cli/main';
import { lint } from '../cli/run';
import { smallDeployment } from '../helpers';

const SECRET = 'Zq7-hunter2-Pw9x';

const deployment = smallDeployment;

const SA = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'flink' } };
const rules = (fs: Finding[]) => fs.map((f) => f.rule);
const of = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);

function podTemplate(env: unknown[], extra: Record<string, unknown> = {}) {
  return { podTemplate: { metadata: {}, spec: { containers: [{ name: 'flink-main-container', env, ...extra }] } } };
}

describe('secret names and values', () => {
  test.each([
    ['security.ssl.keystore-password', true], ['keystore-pasword', true], ['keystore-passwrod', true], ['DB_PASSWORD', true],
    ['AWS_SECRET_ACCESS_KEY', true], ['fs.s3a.secret.key', true], ['apiToken', true],
    ['kubernetes.secrets', false], ['token.ttl', false], ['password.enabled', false], ['passport', false], ['secretKeyRef', false],
  ])('%s is secret: %s', (name, expected) => {
    expect(isSecretName(name)).toBe(expected);
  });

  test('secrets inside text: JVM options, SQL options, URLs; placeholders are not secrets', () => {
    expect(secretsInText(`-Dfoo=bar -Djavax.net.ssl.keyStorePassword=${SECRET}`).map((s) => s.value)).toEqual([SECRET]);
    expect(secretsInText(`WITH ('connector' = 'jdbc', 'password' = '${SECRET}')`).map((s) => s.value)).toEqual([SECRET]);
    expect(secretsInText(`jdbc:postgresql://user:${SECRET}@db:5432/x`).map((s) => s.value)).toEqual([SECRET]);
    expect(secretsInText('-Djavax.net.ssl.keyStorePassword=${KEYSTORE_PASSWORD} -Dfoo=bar')).toEqual([]);
    expect(secretsInText("WITH ('connector' = 'jdbc', 'username' = 'app')")).toEqual([]);
  });

  test('redact replaces known values and credential-looking text', () => {
    expect(redact(`value '${SECRET}' here`, [SECRET])).toBe("value '<redacted>' here");
    expect(redact(`s3://AKIAABCDEFGHIJKLMNOP:x@bucket`)).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(redact('nothing secret here')).toBe('nothing secret here');
    expect(secretValuesOf({ spec: { a: { 'my-password': SECRET } } })).toEqual([SECRET]);
  });
});

describe('literal-secret rules: a failing case and a near miss each', () => {
  test('env-literal-secret', () => {
    const bad = lintManifests([deployment(podTemplate([{ name: 'DB_PASSWORD', value: SECRET }])), SA]);
    expect(of(bad, 'env-literal-secret')).toHaveLength(1);
    expect(of(bad, 'env-literal-secret')[0].path).toBe('spec.podTemplate.spec.containers[0].env[0].value');
    const ok = lintManifests([deployment(podTemplate([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'DB_USER', value: 'app' },
      { name: 'API_TOKEN', value: '$(FROM_SECRET)' },
      { name: 'ENABLE_TOKEN', value: 'true' },
    ])), SA, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' } }]);
    expect(rules(ok)).not.toContain('env-literal-secret');
  });

  test('args-literal-secret: job args and container args', () => {
    const bad = lintManifests([deployment({
      job: { jarURI: 'local:///opt/flink/usrlib/app.jar', parallelism: 2, upgradeMode: 'stateless', args: ['--input', 'x', '--password', SECRET] },
      ...podTemplate([], { args: [`--db-url=jdbc:mysql://u:${SECRET}@h/db`] }),
    }), SA]);
    expect(of(bad, 'args-literal-secret').map((f) => f.path)).toEqual(['spec.podTemplate.spec.containers[0].args[0]', 'spec.job.args[3]']);
    const ok = lintManifests([deployment({
      job: { jarURI: 'local:///opt/flink/usrlib/app.jar', parallelism: 2, upgradeMode: 'stateless', args: ['--password-file', '/etc/secret/pw', '--password', '${DB_PASSWORD}'] },
    }), SA]);
    expect(rules(ok)).not.toContain('args-literal-secret');
  });

  test('annotation-literal-secret: resource and pod annotations', () => {
    const tpl = { podTemplate: { metadata: { annotations: { 'vault.example.com/token': SECRET } }, spec: {} } };
    const bad = lintManifests([deployment(tpl), SA]);
    expect(of(bad, 'annotation-literal-secret')[0].path).toBe("spec.podTemplate.metadata.annotations['vault.example.com/token']");
    const ok = lintManifests([deployment({ podTemplate: { metadata: { annotations: { 'vault.example.com/role': 'flink', 'secret-name': 'db', 'vault.hashicorp.com/agent-inject-token': 'true' } }, spec: {} } }), SA]);
    expect(rules(ok)).not.toContain('annotation-literal-secret');
  });

  test('log-config-literal-secret', () => {
    const bad = lintManifests([deployment({ logConfiguration: { 'log4j-console.properties': `appender.kafka.type = Kafka\nappender.kafka.property.sasl.password = ${SECRET}\n` } }), SA]);
    expect(of(bad, 'log-config-literal-secret')).toHaveLength(1);
    const ok = lintManifests([deployment({ logConfiguration: { 'log4j-console.properties': 'appender.kafka.property.sasl.password = ${env:KAFKA_PASSWORD}\nappender.console.layout.pattern = %d token=%X{token} %m%n\nrootLogger.level = INFO\n' } }), SA]);
    expect(rules(ok)).not.toContain('log-config-literal-secret');
  });

  test('sql-literal-secret: SQL in a ConfigMap and in job args', () => {
    const sql = `CREATE TABLE t (a INT) WITH ('connector' = 'jdbc', 'password' = '${SECRET}');`;
    const bad = lintManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'script' }, data: { 'job.sql': sql } }]);
    expect(of(bad, 'sql-literal-secret')).toHaveLength(1);
    const inArgs = lintManifests([deployment({ job: { jarURI: 'local:///opt/flink/usrlib/sql-runner.jar', parallelism: 1, upgradeMode: 'stateless', args: [sql] } }), SA]);
    expect(rules(inArgs)).toContain('sql-literal-secret');
    expect(rules(inArgs)).not.toContain('args-literal-secret');
    const ok = lintManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'script' }, data: { 'job.sql': "CREATE TABLE t (a INT) WITH ('connector' = 'jdbc', 'password' = '${DB_PASSWORD}');" } }]);
    expect(rules(ok)).not.toContain('sql-literal-secret');
  });

  test('config-literal-secret: JVM options, global job parameters, typo keys; near misses pass', () => {
    const bad = lintManifests([deployment({
      flinkConfiguration: {
        'env.java.opts.all': `-XX:+UseG1GC -Djavax.net.ssl.trustStorePassword=${SECRET}`,
        'pipeline.global-job-parameters': `db.user:app,db.password:${SECRET}`,
        'security.ssl.internal.keystore-pasword': SECRET,
      },
    }), SA]);
    expect(of(bad, 'config-literal-secret').map((f) => f.path).sort()).toEqual([
      "spec.flinkConfiguration['env.java.opts.all']",
      "spec.flinkConfiguration['pipeline.global-job-parameters']",
      "spec.flinkConfiguration['security.ssl.internal.keystore-pasword']",
    ]);
    const ok = lintManifests([deployment({
      flinkConfiguration: {
        'env.java.opts.all': '-XX:+UseG1GC -Djavax.net.ssl.trustStorePassword=${TRUSTSTORE_PASSWORD}',
        'pipeline.global-job-parameters': 'db.user:app,region:eu',
        'kubernetes.env.secretKeyRef': 'env:DB_PASSWORD,secret:db,key:password',
        'kubernetes.jobmanager.annotations': 'vault.hashicorp.com/agent-inject-token:true',
      },
    }), SA]);
    expect(rules(ok)).not.toContain('config-literal-secret');
  });
});

describe('a planted secret appears in no output of any format', () => {
  const manifests = [deployment({
    flinkConfiguration: {
      'keystore-pasword': SECRET, // unknown key with a typo: config-key-unknown used to print the value
      'execution.checkpointing.dir': `s3://user:${SECRET}@bucket/checkpoints`, // too new for 1.19: config-key-too-new used to print it
      'env.java.opts.all': `-Dapp.password=${SECRET}`,
      'pipeline.global-job-parameters': `db.password:${SECRET}`,
    },
    flinkVersion: 'v1_19',
    image: 'flink:1.19',
    jobManager: { resource: { memory: SECRET, cpu: 1 } }, // a schema/value finding quoting the field
    logConfiguration: { 'log4j-console.properties': `x.password=${SECRET}` },
    job: { jarURI: 'local:///opt/flink/usrlib/app.jar', parallelism: 2, upgradeMode: 'stateless', args: ['--token', SECRET] },
    ...podTemplate([{ name: 'API_TOKEN', value: SECRET }], { args: [`--password=${SECRET}`] }),
  }, { annotations: { 'x/token': SECRET } }), SA, {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 's' }, data: { 'a.sql': `CREATE TABLE t (a INT) WITH ('password' = '${SECRET}');` },
  }];
  const yaml = manifests.map((m) => JSON.stringify(m)).join('\n---\n');

  test.each(['text', 'json', 'sarif'])('lint --format %s', async (format) => {
    const r = await lint(['--format', format, '-'], { stdin: yaml });
    expect(r.code).toBe(1);
    const rulesSeen = ['config-literal-secret', 'config-key-unknown', 'config-key-too-new', 'env-literal-secret', 'args-literal-secret',
      'annotation-literal-secret', 'log-config-literal-secret', 'sql-literal-secret'];
    for (const rule of rulesSeen) expect(r.stdout).toContain(rule);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  test.each(['markdown', 'html', 'json'])('explain --format %s', async (format) => {
    let out = '';
    let err = '';
    const code = await runCli(['explain', '--format', format, '-'], {
      stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: async () => yaml,
    });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('env.java.opts.all');
    expect(out + err).not.toContain(SECRET);
  });

  test('the synth plugin', async () => {
    const violations: PluginViolation[] = [];
    await new FlinkLintPlugin().validate({
      manifests: ['dist/app.k8s.yaml'],
      parseManifest: () => manifests,
      report: { addViolation: (v) => violations.push(v), submit: () => undefined },
    });
    expect(violations.length).toBeGreaterThan(5);
    expect(JSON.stringify(violations)).not.toContain(SECRET);
  });

  test('lintManifests findings', () => {
    const all = lintManifests(manifests, { mode: 'synth' });
    expect(all.length).toBeGreaterThan(5);
    expect(JSON.stringify(all)).not.toContain(SECRET);
  });

  test('construct errors at synth and at construction', () => {
    const chart = Testing.chart();
    let message = '';
    try {
      new FlinkApplication(chart, 'orders', {
        version: FlinkVersion.V1_19,
        image: 'flink:1.19',
        jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'),
        flinkConfiguration: { 'execution.checkpointing.dir': `s3://user:${SECRET}@bucket/cp`, 'keystore-pasword': SECRET },
      });
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/config-key-too-new|config-literal-secret|config-key-unknown|keystore-pasword/);
    expect(message).not.toContain(SECRET);
  });
});
