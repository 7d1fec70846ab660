import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, lint, scratchDir } from './run';

const scratch = scratchDir('cdk8s-flink-lint-');
const write = scratch.write;

/** Bad input: exit 2, one clear message, never a stack trace, nothing on stdout. */
async function bad(args: string[], stdin?: string) {
  const r = await lint(args, { cwd: scratch.path, stdin });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^cdk8s-flink: /);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);
  return r.stderr;
}

describe('bad input exits 2 with a message naming the file and line', () => {
  test('empty file', async () => {
    write('empty.yaml', '');
    expect(await bad(['empty.yaml'])).toMatch(/^cdk8s-flink: empty\.yaml: file is empty\. Fix: /);
  });

  test('file with only comments', async () => {
    write('comments.yaml', '# nothing here\n---\n');
    expect(await bad(['comments.yaml'])).toContain('comments.yaml: file is empty');
  });

  test('binary file', async () => {
    write('image.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    expect(await bad(['image.yaml'])).toContain('image.yaml: is a binary file');
  });

  test('YAML that does not parse: file, line and column', async () => {
    write('broken.yaml', 'apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  name: x\nspec:\n  job: [a, b\n');
    expect(await bad(['broken.yaml'])).toMatch(/^cdk8s-flink: broken\.yaml:\d+:\d+: YAML does not parse: .+\. Fix: /);
  });

  test('YAML with a duplicate key', async () => {
    write('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n');
    expect(await bad(['dup.yaml'])).toMatch(/dup\.yaml:3:1: YAML does not parse: .*unique/);
  });

  test('JSON that does not parse: file and line', async () => {
    write('broken.json', '{\n  "apiVersion": "v1",\n  "kind": "Secret",\n  "metadata": {"name": "x"},\n}\n');
    expect(await bad(['broken.json'])).toMatch(/^cdk8s-flink: broken\.json:5:\d+: JSON does not parse/);
  });

  test('document with no kind: file and line of that document', async () => {
    write('nokind.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n---\napiVersion: flink.apache.org/v1beta1\nmetadata:\n  name: b\n');
    expect(await bad(['nokind.yaml'])).toMatch(/^cdk8s-flink: nokind\.yaml:5:1: document has no 'kind'\. Fix: add 'kind:'/);
  });

  test('document that is not a mapping', async () => {
    write('scalar.yaml', 'just a string\n');
    expect(await bad(['scalar.yaml'])).toContain('scalar.yaml:1:1: document is not a mapping');
  });

  test('empty directory', async () => {
    fs.mkdirSync(path.join(scratch.path, 'emptydir/sub'), { recursive: true });
    write('emptydir/sub/notes.txt', 'not a manifest');
    expect(await bad(['emptydir'])).toMatch(/^cdk8s-flink: emptydir: directory has no manifests/);
  });

  test('directory whose YAML files are not manifests', async () => {
    write('confonly/cdk8s.yaml', 'app: node main.js\nlanguage: typescript\n');
    expect(await bad(['confonly'])).toContain('confonly: directory has no Kubernetes manifests');
  });

  test('missing file', async () => {
    expect(await bad(['nope.yaml'])).toMatch(/^cdk8s-flink: nope\.yaml: no such file or directory\. Fix: /);
  });

  test('missing --previous file', async () => {
    write('sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n');
    expect(await bad(['--previous', 'gone.yaml', 'sa.yaml'])).toContain('gone.yaml: no such file or directory');
  });

  test('stdin that is empty', async () => {
    expect(await bad(['-'], '  \n')).toContain('<stdin>: file is empty');
  });
});

describe('usage errors exit 2 and print the usage', () => {
  test.each([
    [['--frobnicate', 'x.yaml'], "unknown option '--frobnicate'"],
    [['--format', 'xml', 'x.yaml'], "unknown format 'xml'"],
    [['--operator-version', '1.9', 'x.yaml'], "unknown operator version '1.9'"],
    [['--operator-version'], 'option --operator-version needs a value'],
    [[], 'no input files'],
  ])('%j', async (args, msg) => {
    const r = await lint(args as string[], { cwd: scratch.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(msg);
    expect(r.stderr).toContain('Usage: cdk8s-flink lint');
  });

  test('an unknown command', async () => {
    const { runCli } = await import('../../lib/cli/main');
    let err = '';
    const code = await runCli(['check', 'x.yaml'], { stdout: () => undefined, stderr: (t) => { err += t; } });
    expect(code).toBe(2);
    expect(err).toContain("unknown command 'check'");
  });

  test('--help exits 0 and prints the usage on stdout', async () => {
    const r = await lint(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--operator-version');
  });
});

describe('directories', () => {
  test('non-manifest YAML (no apiVersion, no kind) found in a directory is skipped; named explicitly it is an error', async () => {
    write('mixed/cdk8s.yaml', 'app: node main.js\n');
    fs.copyFileSync(path.join(__dirname, 'fixtures/good.yaml'), path.join(scratch.path, 'mixed/app.k8s.yaml'));
    const r = await lint(['mixed'], { cwd: scratch.path });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('2 resources from 2 files');
    expect(await bad(['mixed/cdk8s.yaml'])).toContain("mixed/cdk8s.yaml:1:1: document has no 'kind'");
  });

  test('paths outside the working directory are shown as given resolved', async () => {
    const r = await lint([path.resolve(__dirname, '../..', FIXTURES, 'session-job.yaml')], { cwd: scratch.path });
    expect(r.stdout.startsWith(path.resolve(__dirname, 'fixtures/session-job.yaml'))).toBe(true);
  });
});
