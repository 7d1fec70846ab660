/**
 * The operator's TLS example writes its keystore passwords into flinkConfiguration, as the operator
 * documents. With a suppression (and its reason) the constructs build it, synth writes the
 * suppression into the output, and lint of that output reaches the same verdict; the operator's own
 * file lints the same way with the same suppression as an annotation or a comment.
 * Reads ../shared/operator-examples beside the repo (or $CDK8S_FLINK_SHARED/operator-examples).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';
import { FlinkApplication, FlinkSessionCluster, FlinkTls, FlinkValidation, TlsPassword } from '../../lib';
import { runCli } from '../../lib/cli/main';
import { TLS_EXAMPLE_JOB, tlsExampleCluster } from '../helpers';

const SHARED = process.env.CDK8S_FLINK_SHARED ?? path.resolve(__dirname, '../../../shared');
const FILE = path.join(SHARED, 'operator-examples', 'flink-tls-example_basic-secure-deployment-only.yaml');
const REASON = "the operator's TLS example; the keystore is a throwaway";

function flatten(config: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(config as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out[key] = String(v);
  }
  return out;
}

const example = parseAllDocuments(fs.readFileSync(FILE, 'utf8'))[0].toJS();

async function lint(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['lint', '--operator-version', 'main', '--format', 'json', ...args], {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
  });
  return { code, stderr, out: stdout ? JSON.parse(stdout) : undefined };
}

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-tls-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function build(suppress: boolean): any[] {
  const chart = new Chart(Testing.app(), 'tls');
  if (suppress) FlinkValidation.suppress(chart, 'config-literal-secret', REASON);
  const config = flatten(example.spec.flinkConfiguration);
  delete config['taskmanager.numberOfTaskSlots'];
  new FlinkApplication(chart, 'secure', {
    name: example.metadata.name,
    ...tlsExampleCluster(chart),
    flinkConfiguration: config,
    ...TLS_EXAMPLE_JOB,
  });
  return Testing.synth(chart);
}

test('without a suppression the constructs refuse the literal passwords', () => {
  expect(() => build(false)).toThrow(/\(config-literal-secret\)/);
});

describe('with FlinkValidation.suppress', () => {
  let manifests: any[];
  beforeAll(() => { manifests = build(true); });
  const deployment = () => manifests.find((m) => m.kind === 'FlinkDeployment');

  test('synthesizes the example\'s configuration and writes the suppression', () => {
    expect(deployment().metadata.name).toBe(example.metadata.name);
    expect(deployment().spec.flinkConfiguration).toEqual(flatten(example.spec.flinkConfiguration));
    expect(deployment().metadata.annotations['cdk8s-flink.io/suppress']).toBe(`config-literal-secret -- ${REASON}`);
  });

  test('the synthesized output lints clean, with every literal password reported as suppressed', async () => {
    const out = path.join(dir, 'dist', 'tls.k8s.yaml');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, manifests.map((m) => stringify(m)).join('---\n'));
    const r = await lint([out]);
    expect(r.code).toBe(0);
    expect(r.out.findings.filter((f: any) => !f.suppressed)).toEqual([]);
    const suppressed = r.out.findings.filter((f: any) => f.suppressed);
    expect(suppressed.map((f: any) => f.rule)).toEqual(Array(6).fill('config-literal-secret'));
    expect(suppressed[0].suppressed).toMatchObject({ kind: 'inSource', reason: REASON });
    expect(r.out.summary).toMatchObject({ errors: 0, warnings: 0, suppressed: 6 });
  });

  test('the operator\'s own file lints the same with the annotation synth wrote, or as a comment', async () => {
    const annotated = {
      ...example,
      metadata: { ...example.metadata, annotations: { 'cdk8s-flink.io/suppress': deployment().metadata.annotations['cdk8s-flink.io/suppress'] } },
    };
    const withAnnotation = path.join(dir, 'annotated.yaml');
    fs.writeFileSync(withAnnotation, stringify(annotated));
    const withComment = path.join(dir, 'commented.yaml');
    fs.writeFileSync(withComment, `# cdk8s-flink-disable config-literal-secret -- ${REASON}\n${fs.readFileSync(FILE, 'utf8')}`);
    const plain = await lint([FILE]);
    expect(plain.code).toBe(1);
    for (const f of [withAnnotation, withComment]) {
      const r = await lint([f]);
      expect(r.code).toBe(0);
      expect(r.out.findings.filter((x: any) => x.severity === 'error' && !x.suppressed)).toEqual([]);
      expect(r.out.summary.suppressed).toBe(6);
    }
  });
});

/**
 * The same file is a session cluster (no spec.job): FlinkSessionCluster with the typed tls prop
 * (internal and REST SSL, the Secret at the example's path) rebuilds its configuration by meaning.
 */
describe('the typed tls prop on a session cluster', () => {
  function typed(): any[] {
    const chart = new Chart(Testing.app(), 'tls');
    FlinkValidation.suppress(chart, 'config-literal-secret', REASON);
    new FlinkSessionCluster(chart, 'secure', {
      name: example.metadata.name,
      ...tlsExampleCluster(chart),
      tls: FlinkTls.fromSecret({
        secretName: 'basic-secure-cert', mountPath: '/opt/flink/tls-cert', rest: true, password: TlsPassword.literal('password1234'),
      }),
    });
    return Testing.synth(chart);
  }

  test('renders the example\'s flinkConfiguration (flattened, as the operator reads it) and no job', () => {
    expect(example.spec.job).toBeUndefined();
    const fd = typed().find((m) => m.kind === 'FlinkDeployment');
    expect(fd.spec.job).toBeUndefined();
    expect(fd.spec.flinkConfiguration).toEqual(flatten(example.spec.flinkConfiguration));
  });

  test('its output lints with the six literal passwords suppressed and nothing else', async () => {
    const out = path.join(dir, 'dist', 'tls-session.k8s.yaml');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, typed().map((m) => stringify(m)).join('---\n'));
    const r = await lint([out]);
    expect(r.code).toBe(0);
    expect(r.out.findings.filter((f: any) => !f.suppressed)).toEqual([]);
    expect(r.out.summary).toMatchObject({ errors: 0, warnings: 0, suppressed: 6 });
  });
});
