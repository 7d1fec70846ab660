/**
 * The operator's SQL runner and PyFlink examples, rebuilt with FlinkSqlJob and PyFlinkJob (operator
 * main, explicit names, the Helm chart's `flink` service account) and compared with the files by
 * meaning: flinkConfiguration values as strings, memory as bytes the way the operator reads it
 * (Flink units first: 2048m == 2048Mi), cpu as cores, metadata other than the name ignored. The
 * examples do not harden their pods, so they are rebuilt with `PodSecurity.NONE`;
 * `automountServiceAccountToken` (the constructs mount the token only where Flink calls the API)
 * is left out of the comparison.
 *
 * The SQL example runs a script baked into its image, so it is rebuilt with SqlScript.inImage and
 * must match exactly; an inline script differs only by the mounted ConfigMap (pod template) and the
 * script path argument.
 *
 * Reads ../shared/operator-examples beside the repo (or $CDK8S_FLINK_SHARED/operator-examples).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Size, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  FlinkServiceAccount, FlinkSqlJob, FlinkVersion, JobJar, OperatorVersion, PodSecurity, PyFlinkJob, PythonEntry, SqlScript, UpgradeMode,
} from '../../lib';

const SHARED = process.env.CDK8S_FLINK_SHARED ?? path.resolve(__dirname, '../../../shared');
const EXAMPLES = path.join(SHARED, 'operator-examples');

const UNITS: Record<string, number> = {
  '': 1, b: 1, k: 2 ** 10, kb: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, g: 2 ** 30, gb: 2 ** 30,
  ki: 2 ** 10, mi: 2 ** 20, gi: 2 ** 30,
};

/** Memory as the operator reads it: Flink units (m = MiB) first, then Kubernetes binary units. */
function memory(v: unknown): string {
  const m = /^(\d+)\s*([a-zA-Z]*)$/.exec(String(v).trim());
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  return unit === undefined ? `unparsable ${v}` : `${Number(m![1]) * unit} bytes`;
}

function cpu(v: unknown): string {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(String(v).trim());
  return m ? String(Number(m[1]) / (m[2] ? 1000 : 1)) : `unparsable ${v}`;
}

function normalise(spec: any): any {
  const out: Record<string, any> = JSON.parse(JSON.stringify(spec));
  if (out.flinkConfiguration) {
    out.flinkConfiguration = Object.fromEntries(Object.entries(out.flinkConfiguration).map(([k, v]) => [k, String(v)]));
  }
  for (const c of ['jobManager', 'taskManager']) {
    const pod = out[c]?.podTemplate;
    if (pod?.spec) delete pod.spec.automountServiceAccountToken;
    if (pod?.spec && Object.keys(pod.spec).length === 0) delete pod.spec;
    if (pod && Object.keys(pod).length === 0) delete out[c].podTemplate;
    const requests = out[c]?.resources?.requests;
    if (requests?.memory !== undefined) requests.memory = memory(requests.memory);
    if (requests?.cpu !== undefined) requests.cpu = cpu(requests.cpu);
  }
  return out;
}

function exampleSpec(file: string): any {
  const docs = parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')).map((d) => d.toJS());
  const fd = docs.filter((d) => d?.kind === 'FlinkDeployment');
  expect(fd).toHaveLength(1);
  return { name: fd[0].metadata.name, spec: normalise(fd[0].spec) };
}

function ourSpec(chart: Chart): any {
  const fd = Testing.synth(chart).filter((m) => m.kind === 'FlinkDeployment');
  expect(fd).toHaveLength(1);
  return { name: fd[0].metadata.name, spec: normalise(fd[0].spec) };
}

/** What both examples share: operator main, the Helm chart's `flink` service account, 1 cpu / 2048m, 1 slot. */
function common(chart: Chart) {
  const resources = { cpu: 1, memory: Size.mebibytes(2048) };
  return {
    operatorVersion: OperatorVersion.MAIN,
    serviceAccount: FlinkServiceAccount.fromName(chart, 'flink-sa', 'flink'),
    jobManager: resources,
    taskManager: { ...resources, taskSlots: 1 },
    parallelism: 1,
    upgradeMode: UpgradeMode.STATELESS,
    podSecurity: PodSecurity.NONE,
  };
}

function sqlExample(script: SqlScript): Chart {
  const chart = Testing.chart();
  new FlinkSqlJob(chart, 'sql', {
    ...common(chart),
    name: 'sql-example',
    version: FlinkVersion.V1_20,
    image: 'flink-sql-runner-example:latest',
    runnerJar: JobJar.fromImage('/opt/flink/usrlib/sql-runner.jar'),
    script,
  });
  return chart;
}

describe('operator examples: SQL runner and PyFlink', () => {
  test('flink-sql-runner-example/sql-example.yaml (script baked into the image)', () => {
    const expected = exampleSpec('flink-sql-runner-example_sql-example.yaml');
    expect(ourSpec(sqlExample(SqlScript.inImage('/opt/flink/usrlib/sql-scripts/simple.sql')))).toEqual(expected);
  });

  test('the same job with an inline script differs only by the mounted script', () => {
    const expected = exampleSpec('flink-sql-runner-example_sql-example.yaml').spec;
    const ours = ourSpec(sqlExample(SqlScript.inline("INSERT INTO sink SELECT * FROM source;\n", { fileName: 'simple.sql' }))).spec;
    const { podTemplate, job, ...rest } = ours;
    const { job: expectedJob, ...expectedRest } = expected;
    expect(rest).toEqual(expectedRest);
    expect(job).toEqual({ ...expectedJob, args: ['/opt/flink/sql/simple.sql'] });
    expect(podTemplate.spec.volumes).toEqual([{ name: 'sql-script', configMap: { name: 'sql-example-sql' } }]);
  });

  test('flink-python-example/python-example.yaml', () => {
    const expected = exampleSpec('flink-python-example_python-example.yaml');
    const chart = Testing.chart();
    new PyFlinkJob(chart, 'python', {
      ...common(chart),
      name: 'python-example',
      version: FlinkVersion.V2_2,
      image: 'flink-python-example:latest',
      entry: PythonEntry.file('/opt/flink/usrlib/python_demo.py'),
      pythonExecutable: '/usr/bin/python3',
    });
    expect(ourSpec(chart)).toEqual(expected);
  });
});
