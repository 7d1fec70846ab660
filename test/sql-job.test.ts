import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  FlinkApplication, FlinkSessionCluster, FlinkSqlJob, FlinkSqlJobProps, FlinkVersion, JobJar, OperatorVersion,
  PyFlinkJob, PythonEntry, SQL_SCRIPT_HASH_ANNOTATION, SqlScript, SqlSessionJob, UpgradeMode,
} from '../lib';
import { splitSql } from '../lib/private/sql';
import { SqlJobChart } from '../examples/sql-job';
import { errorOf, errorsOf, only, synth } from './helpers';

const RUNNER = JobJar.fromImage('/opt/flink/usrlib/sql-runner.jar');
const base = (script: SqlScript, extra: Partial<FlinkSqlJobProps> = {}): FlinkSqlJobProps => ({
  version: FlinkVersion.V1_20, image: 'flink:1.20', runnerJar: RUNNER, script, ...extra,
});
const sqlJob = (text: string, extra: Partial<FlinkSqlJobProps> = {}) =>
  new FlinkSqlJob(Testing.chart(), 'orders', base(SqlScript.inline(text), extra));

describe('splitSql', () => {
  test('quotes, identifiers and comments hide semicolons', () => {
    const { statements, problems } = splitSql([
      "-- a comment; with a semicolon",
      "SET 'pipeline.name' = 'a;b';",
      "/* block; */ CREATE TABLE `t;1` (x STRING) WITH ('connector' = 'print', 'x' = 'it''s;');",
      'SELECT "a;b" FROM t',
      ';',
    ].join('\n'));
    expect(problems).toEqual([]);
    expect(statements.map((s) => [s.line, s.text])).toEqual([
      [2, "SET 'pipeline.name' = 'a;b'"],
      [3, "CREATE TABLE `t;1` (x STRING) WITH ('connector' = 'print', 'x' = 'it''s;')"],
      [4, 'SELECT "a;b" FROM t\n'.trim()],
    ]);
  });

  test('a statement set is one statement with its INSERTs', () => {
    const { statements, problems } = splitSql([
      'CREATE TABLE a (x INT);',
      'execute statement set',
      'begin',
      '  INSERT INTO b SELECT * FROM a;',
      "  INSERT INTO c SELECT * FROM a WHERE x = ';';",
      'end;',
      'SELECT 1;',
    ].join('\n'));
    expect(problems).toEqual([]);
    expect(statements).toHaveLength(3);
    expect(statements[1].statementSet).toBe(true);
    expect(statements[1].line).toBe(2);
    expect(statements[1].inner).toEqual([
      { text: 'INSERT INTO b SELECT * FROM a', line: 4 },
      { text: "INSERT INTO c SELECT * FROM a WHERE x = ';'", line: 5 },
    ]);
    expect(statements[2]).toMatchObject({ text: 'SELECT 1', line: 7 });
  });

  test.each([
    ['INSERT INTO a\nSELECT 1', 'the statement starting at line 1 (\'INSERT INTO a SELECT 1\') is not terminated'],
    ["SELECT 'abc;\n", 'the string literal opened at line 1 is not closed'],
    ['SELECT 1;\nSELECT `x FROM t;', 'the identifier opened at line 2 is not closed'],
    ['SELECT 1; /* open', 'the comment opened at line 1 is not closed'],
    ['EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT 1;\n', "the statement set starting at line 1 has no 'END;'"],
    ['EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT 1;\nEND', "the statement set starting at line 1 ends with 'END' without ';'"],
    ['SELECT 1;\nEXECUTE STATEMENT SET BEGIN END;', 'the statement set starting at line 2 has no statements'],
  ])('%j: %s', (script, message) => {
    expect(splitSql(script).problems[0].message).toBe(message);
  });
});

describe('FlinkSqlJob', () => {
  test('puts the script into a ConfigMap mounted into JM and TM, and runs the runner with its path', () => {
    const chart = Testing.chart();
    const text = "SET 'pipeline.name' = 'orders';\nINSERT INTO sink SELECT * FROM src;\n";
    const job = new FlinkSqlJob(chart, 'orders', base(SqlScript.inline(text, { fileName: 'orders.sql' }), {
      parallelism: 2, upgradeMode: UpgradeMode.STATELESS, metadata: { namespace: 'flink' },
    }));
    const manifests = synth(chart);
    const cm = only(manifests, 'ConfigMap');
    const fd = only(manifests, 'FlinkDeployment');
    expect(cm.metadata).toEqual({ name: `${job.name}-sql`, namespace: 'flink' });
    expect(cm.data).toEqual({ 'orders.sql': text });
    expect(job.scriptPath).toBe('/opt/flink/sql/orders.sql');
    expect(job.statementCount).toBe(2);
    expect(fd.spec.job).toEqual({
      jarURI: 'local:///opt/flink/usrlib/sql-runner.jar', args: ['/opt/flink/sql/orders.sql'], parallelism: 2, upgradeMode: 'stateless',
    });
    // One pod template for both components: the mount reaches JobManager and TaskManager (the
    // component templates only say which pod gets the service account token).
    expect(fd.spec.jobManager.podTemplate).toEqual({ spec: { automountServiceAccountToken: true } });
    expect(fd.spec.taskManager.podTemplate).toEqual({ spec: { automountServiceAccountToken: false } });
    expect(fd.spec.podTemplate.spec.containers).toEqual([
      {
        name: 'flink-main-container',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        volumeMounts: [{ name: 'sql-script', mountPath: '/opt/flink/sql', readOnly: true }],
      },
    ]);
    expect(fd.spec.podTemplate.spec.volumes).toEqual([{ name: 'sql-script', configMap: { name: cm.metadata.name } }]);
    expect(fd.spec.podTemplate.metadata.annotations[SQL_SCRIPT_HASH_ANNOTATION]).toMatch(/^[0-9a-f]{64}$/);
    expect(manifests.indexOf(cm)).toBeLessThan(manifests.indexOf(fd));
    expect(job).toBeInstanceOf(FlinkApplication);
    expect(errorsOf(manifests, '1.15')).toEqual([]);
  });

  test('a changed script changes the FlinkDeployment spec (the operator upgrades the job)', () => {
    const spec = (text: string) => only(synth(sqlJob(text).node.scope as Chart), 'FlinkDeployment').spec;
    expect(spec('SELECT 1;')).toEqual(spec('SELECT 1;'));
    expect(spec('SELECT 1;')).not.toEqual(spec('SELECT 2;'));
  });

  test('user volumes, pod annotations and scriptDirectory', () => {
    const chart = Testing.chart();
    new FlinkSqlJob(chart, 'orders', base(SqlScript.inline('SELECT 1;'), {
      scriptDirectory: '/opt/sql/', podAnnotations: { team: 'data' },
    }));
    const fd = only(synth(chart), 'FlinkDeployment');
    expect(fd.spec.job.args).toEqual(['/opt/sql/script.sql']);
    expect(fd.spec.podTemplate.metadata.annotations.team).toBe('data');
  });

  test('a script in the image: no ConfigMap, no volume, the path as argument', () => {
    const chart = Testing.chart();
    new FlinkSqlJob(chart, 'orders', base(SqlScript.inImage('/opt/flink/usrlib/sql-scripts/simple.sql')));
    const manifests = synth(chart);
    expect(manifests.filter((m) => m.kind === 'ConfigMap')).toEqual([]);
    const fd = only(manifests, 'FlinkDeployment');
    expect(fd.spec.podTemplate.spec.volumes).toBeUndefined();
    expect(fd.spec.podTemplate.spec.containers[0].volumeMounts).toBeUndefined();
    expect(fd.spec.job.args).toEqual(['/opt/flink/usrlib/sql-scripts/simple.sql']);
  });

  test('reads .sql files at construction time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sql-'));
    const file = path.join(dir, 'etl.sql');
    fs.writeFileSync(file, 'INSERT INTO a SELECT 1;\n');
    const script = SqlScript.fromFile(file);
    fs.writeFileSync(file, 'changed later;\n');
    expect(script.text).toBe('INSERT INTO a SELECT 1;\n');
    expect(script.fileName).toBe('etl.sql');
    const chart = Testing.chart();
    const job = new FlinkSqlJob(chart, 'etl', base(script));
    expect(job.scriptPath).toBe('/opt/flink/sql/etl.sql');
    expect(only(synth(chart), 'ConfigMap').data).toEqual({ 'etl.sql': 'INSERT INTO a SELECT 1;\n' });
  });

  test('a missing .sql file is an error', () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir-cdk8s-flink', 'orders.sql');
    expect(errorOf(() => SqlScript.fromFile(missing))).toBe(
      `[SqlScript.fromFile] 'path' (${missing}) does not exist. Fix: give the path of an existing .sql file; relative paths resolve against the working directory (${process.cwd()}), so prefer path.join(__dirname, ...).`);
    expect(errorOf(() => SqlScript.fromFile(os.tmpdir()))).toBe(`[SqlScript.fromFile] 'path' (${os.tmpdir()}) is not a file. Fix: give the path of a .sql file.`);
  });

  test.each([
    ['empty', ''],
    ['comments only', '  \n-- only a comment\n/* and another; */\n'],
    ['only semicolons', ';;\n;'],
  ])('a script with no statements is an error (%s)', (_label, text) => {
    expect(errorOf(() => sqlJob(text))).toBe(
      "[test/orders] 'script' (script.sql) contains no SQL statements. Fix: add statements that end with ';' (e.g. INSERT INTO sink SELECT * FROM source;), or point at the right file.");
  });

  test('an unterminated statement is an error with its line', () => {
    expect(errorOf(() => sqlJob("SET 'pipeline.name' = 'x';\n\nINSERT INTO sink\nSELECT * FROM src\n"))).toBe(
      "[test/orders] 'script' (script.sql) is not valid Flink SQL: the statement starting at line 3 ('INSERT INTO sink SELECT * FROM src') is not terminated. Fix: end it with ';'.");
  });

  test('an unclosed statement set is an error', () => {
    expect(errorOf(() => sqlJob('EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO a SELECT 1;\n'))).toBe(
      "[test/orders] 'script' (script.sql) is not valid Flink SQL: the statement set starting at line 1 has no 'END;'. Fix: close it with 'END;' on its own line.");
    expect(errorOf(() => sqlJob('EXECUTE STATEMENT SET BEGIN\nCREATE TABLE x (a INT);\nEND;'))).toBe(
      "[test/orders] 'script' (script.sql) has 'CREATE TABLE x (a INT)' at line 2 inside a statement set, which takes only INSERT statements. Fix: move it before EXECUTE STATEMENT SET BEGIN.");
  });

  test('SET keys are checked against the Flink version', () => {
    expect(errorOf(() => sqlJob("SELECT 1;\nSET 'table.exec.mini-batch.enabled' = 'yes';"))).toBe(
      "[test/orders] 'script' (script.sql) has SET 'table.exec.mini-batch.enabled' at line 2: 'table.exec.mini-batch.enabled' is a Boolean option but has the value 'yes', which is not a boolean. Fix: Use 'true' or 'false'.");
    expect(errorOf(() => sqlJob("SET 'table.exec.no-such-thing' = 'x';"))).toMatch(
      /^\[test\/orders\] 'script' \(script\.sql\) has SET 'table\.exec\.no-such-thing' at line 1: Unknown configuration key/);
    expect(errorOf(() => sqlJob("SET execution.checkpointing.interval = '10 s';"))).toBe(
      "[test/orders] 'script' (script.sql) has 'SET execution.checkpointing.interval = '10 s'' at line 1, which Flink SQL does not parse. Fix: quote key and value: SET 'key' = 'value';.");
    // ISO durations: rejected by Flink 1.20, accepted from 2.1.
    const iso = "SET 'execution.checkpointing.interval' = 'PT10S';";
    expect(errorOf(() => sqlJob(iso))).toMatch(/line 1: 'execution\.checkpointing\.interval' has the ISO-8601 duration 'PT10S'.*Fix: Write it in Flink's duration syntax: '10 s'\.$/);
    expect(() => sqlJob(iso, { version: FlinkVersion.V2_1, image: 'flink:2.1' })).not.toThrow();
  });

  test('warnings are collected, not thrown', () => {
    const job = sqlJob("SET 'state.checkpoints.dir' = 'file:///tmp/c';\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;", {
      version: FlinkVersion.V2_0, image: 'flink:2.0',
    });
    expect(job.scriptWarnings).toEqual([
      "script.sql line 1: 'state.checkpoints.dir' is deprecated since Flink 1.20 (target Flink 2.0); it still works but will be removed. Rename it to 'execution.checkpointing.dir'.",
      'script.sql: 2 INSERT statements outside a statement set each start their own job; wrap them in EXECUTE STATEMENT SET BEGIN ... END; to run them as one job.',
    ]);
  });

  test('misuse of props', () => {
    const chart = Testing.chart();
    expect(errorOf(() => new FlinkSqlJob(chart, 'a', { ...base(SqlScript.inline('SELECT 1;')), jar: RUNNER } as any))).toBe(
      "[test/a] 'jar' (local:///opt/flink/usrlib/sql-runner.jar) is not a prop of FlinkSqlJob (the runner jar and the script path are set from 'runnerJar' and 'script'). Fix: remove 'jar'.");
    expect(errorOf(() => new FlinkSqlJob(chart, 'b', { ...base(SqlScript.inline('SELECT 1;')), script: 'SELECT 1;' } as any))).toBe(
      "[test/b] 'script' (SELECT 1;) must be a SqlScript. Fix: use SqlScript.fromFile(path.join(__dirname, 'job.sql')), SqlScript.inline(...) or SqlScript.inImage(...).");
    expect(errorOf(() => new FlinkSqlJob(chart, 'c', base(SqlScript.inline('SELECT 1;'), { scriptDirectory: 'sql' })))).toBe(
      "[test/c] 'scriptDirectory' (sql) must be an absolute directory path other than /. Fix: use e.g. '/opt/flink/sql'.");
    expect(errorOf(() => new FlinkSqlJob(chart, 'd', base(SqlScript.inImage('/x.sql'), { scriptDirectory: '/sql' })))).toBe(
      "[test/d] 'scriptDirectory' (/sql) has no effect for a script in the image (nothing is mounted). Fix: remove 'scriptDirectory'.");
    // The script's mount clashes with a user volume at the same path.
    const cm = new kplus.ConfigMap(chart, 'other');
    expect(errorOf(() => new FlinkSqlJob(chart, 'e', base(SqlScript.inline('SELECT 1;'), {
      volumes: [{ volume: kplus.Volume.fromConfigMap(chart, 'v', cm), mountPath: '/opt/flink/sql' }],
    })))).toMatch(/^\[test\/e\] 'volumes' \(\/opt\/flink\/sql\) is mounted at the same path or with the same name as volume /);
  });

  test('a SQL job aimed at an application cluster is an error', () => {
    const chart = Testing.chart();
    const app = new FlinkApplication(chart, 'app', { version: FlinkVersion.V1_20, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/a.jar') });
    const sql = new FlinkSqlJob(chart, 'sql', base(SqlScript.inline('SELECT 1;')));
    const py = new PyFlinkJob(chart, 'py', { version: FlinkVersion.V1_20, image: 'flink:1.20', entry: PythonEntry.file('/opt/flink/usrlib/job.py') });
    for (const cluster of [app, sql, py]) {
      expect(errorOf(() => new SqlSessionJob(chart, `to-${cluster.node.id}`, {
        cluster: cluster as any, script: SqlScript.inImage('/opt/sql/job.sql'), runnerJar: JobJar.fromUrl('https://repo.example.com/sql-runner.jar'), parallelism: 1,
      }))).toBe(`[test/to-${cluster.node.id}] 'cluster' (test/${cluster.node.id}) is an application cluster, which runs only its own job: a SQL job cannot be submitted to it. Fix: submit to a FlinkSessionCluster (or FlinkSessionCluster.fromName(...)), or run the script as its own FlinkSqlJob.`);
    }
    // FlinkSqlJob itself runs its own cluster: a 'cluster' prop (JavaScript escape hatch) is refused.
    expect(errorOf(() => new FlinkSqlJob(chart, 'x', { ...base(SqlScript.inline('SELECT 1;')), cluster: app } as any))).toBe(
      "[test/x] 'cluster' (test/app) is not a prop of FlinkSqlJob, which runs its own application cluster. Fix: to submit the script to a session cluster use SqlSessionJob with SqlScript.inImage(path).");
  });
});

describe('SqlSessionJob', () => {
  const runnerJar = JobJar.fromUrl('https://repo.example.com/sql-runner.jar');

  test('submits the runner with a script path the session cluster already has', () => {
    const chart = Testing.chart();
    const cluster = new FlinkSessionCluster(chart, 'sessions', { version: FlinkVersion.V1_20, image: 'registry.example.com/flink-sql:1.20' });
    const job = new SqlSessionJob(chart, 'adhoc', {
      cluster, runnerJar, script: SqlScript.inImage('/opt/flink/usrlib/sql-scripts/simple.sql'), parallelism: 2, upgradeMode: UpgradeMode.STATELESS,
    });
    const manifests = synth(chart);
    expect(only(manifests, 'FlinkSessionJob').spec).toEqual({
      deploymentName: cluster.name,
      job: { jarURI: 'https://repo.example.com/sql-runner.jar', args: ['/opt/flink/usrlib/sql-scripts/simple.sql'], parallelism: 2, upgradeMode: 'stateless' },
    });
    expect(job.scriptPath).toBe('/opt/flink/usrlib/sql-scripts/simple.sql');
    expect(errorsOf(manifests, '1.15')).toEqual([]);
  });

  test('works with an imported session cluster', () => {
    const chart = Testing.chart();
    const cluster = FlinkSessionCluster.fromName(chart, 'shared', 'shared-sessions', { operatorVersion: OperatorVersion.MAIN });
    new SqlSessionJob(chart, 'adhoc', { cluster, runnerJar, script: SqlScript.inImage('/opt/sql/a.sql'), parallelism: 1 });
    expect(only(synth(chart), 'FlinkSessionJob').spec.deploymentName).toBe('shared-sessions');
  });

  test('inline and file scripts cannot reach a session cluster', () => {
    const chart = Testing.chart();
    const cluster = new FlinkSessionCluster(chart, 'sessions', { version: FlinkVersion.V1_20, image: 'flink:1.20' });
    expect(errorOf(() => new SqlSessionJob(chart, 'adhoc', { cluster, runnerJar, script: SqlScript.inline('SELECT 1;'), parallelism: 1 }))).toBe(
      "[test/adhoc] 'script' (script.sql) cannot reach a session cluster's pods (the operator submits session jobs through the REST API and cannot mount a ConfigMap into a running cluster). Fix: bake the script into the session cluster image, or mount it through the cluster's 'volumes' (a ConfigMap), and use SqlScript.inImage(path).");
  });

  test('a runner jar inside the image is refused (the operator downloads session-job jars)', () => {
    const chart = Testing.chart();
    const cluster = new FlinkSessionCluster(chart, 'sessions', { version: FlinkVersion.V1_20, image: 'flink:1.20' });
    expect(errorOf(() => new SqlSessionJob(chart, 'adhoc', { cluster, runnerJar: RUNNER, script: SqlScript.inImage('/opt/sql/a.sql'), parallelism: 1 })))
      .toMatch(/^\[test\/adhoc\] 'jar' \(local:\/\/\/opt\/flink\/usrlib\/sql-runner\.jar\) cannot be submitted to a session cluster/);
  });
});

describe('SqlScript', () => {
  test.each([
    [() => SqlScript.inImage('sql/a.sql'), "[SqlScript.inImage] 'path' (sql/a.sql) must be an absolute file path inside the image. Fix: use e.g. '/opt/flink/usrlib/sql-scripts/simple.sql'."],
    [() => SqlScript.inline('SELECT 1;', { fileName: '../a.sql' }), "[SqlScript.inline] 'fileName' (../a.sql) is not a valid file name (letters, digits, '-', '_' and '.'). Fix: use e.g. 'orders.sql'."],
    [() => SqlScript.inline(undefined as any), "[SqlScript.inline] 'text' (undefined) must be a string. Fix: pass the SQL statements as a string."],
  ])('%# misuse', (fn, message) => {
    expect(errorOf(fn)).toBe(message);
  });
});

describe('example: sql-job', () => {
  test('snapshot, checks and facts', () => {
    const chart = new SqlJobChart(Testing.app(), 'sql-job');
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(errorsOf(manifests, '1.15')).toEqual([]);
    expect(chart.job.statementCount).toBe(6);
    expect(chart.job.scriptWarnings).toEqual([]);
    expect(only(manifests, 'FlinkDeployment').spec.job.args).toEqual(['/opt/flink/sql/orders.sql']);
    expect(only(manifests, 'ConfigMap').data['orders.sql']).toContain('EXECUTE STATEMENT SET');
  });
});
