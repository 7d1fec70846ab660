/**
 * `cdk8s-flink explain`: formats, --previous, --output, the synth plugin's report opt-in, and bad
 * input handled like lint's (exit 2, the file and the fix).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { runCli } from '../../lib/cli/main';
import { FlinkLintPlugin } from '../../lib/plugin';
import { exampleManifests } from '../example-charts';

async function explainCli(args: string[], cwd: string, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['explain', ...args], {
    stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => stdin, cwd,
  });
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-'));
  const docs = exampleManifests('checkpoint-ha-pvc');
  fs.writeFileSync(path.join(dir, 'app.yaml'), docs.map((d) => yaml.stringify(d)).join('---\n'));
  const prev = docs.map((d) => (d.kind === 'FlinkDeployment' ? { ...d, spec: { ...d.spec, job: { ...d.spec.job, parallelism: 1 } } } : d));
  fs.writeFileSync(path.join(dir, 'prev.yaml'), prev.map((d) => yaml.stringify(d)).join('---\n'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('markdown by default, on stdout', async () => {
  const r = await explainCli(['app.yaml'], dir);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  expect(r.stdout).toMatch(/^# Flink deployment report\n\n1 application; 0 errors, 0 warnings under operator 1\.15 rules\.\n/);
  expect(r.stdout).toContain('```mermaid\nflowchart LR');
});

test('--format json and html', async () => {
  const json = await explainCli(['--format', 'json', 'app.yaml'], dir);
  expect(JSON.parse(json.stdout).cards).toHaveLength(1);
  const html = await explainCli(['--format=html', '--title', 'Orders', 'app.yaml'], dir);
  expect(html.stdout).toMatch(/^<!DOCTYPE html>[\s\S]*<title>Orders<\/title>[\s\S]*<svg id="topology"/);
});

test('--previous puts the change summary first', async () => {
  const r = await explainCli(['--previous', 'prev.yaml', 'app.yaml'], dir);
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n')[2]).toBe('> **What this change does:** no change puts state at risk; 1 job restarts; 0 added, 1 changed, 0 removed.');
  expect(r.stdout).toMatch(/\| changed<br\/><sub>`spec.job.parallelism`<\/sub> \| state kept \| restarts the job; state carried over from a savepoint/);
});

test('--output writes the file; stdin works', async () => {
  const r = await explainCli(['--output', 'report.md', '-'], dir, fs.readFileSync(path.join(dir, 'app.yaml'), 'utf-8'));
  expect(r).toMatchObject({ code: 0, stdout: '' });
  expect(fs.readFileSync(path.join(dir, 'report.md'), 'utf-8')).toMatch(/^# Flink deployment report/);
});

test.each([
  [['--format', 'pdf', 'app.yaml'], /unknown format 'pdf'\. Fix: use one of markdown, html, json\./],
  [[], /no input files\. Fix:/],
  [['--bogus', 'app.yaml'], /unknown option '--bogus'/],
  [['missing.yaml'], /missing\.yaml: no such file or directory/],
  [['--previous', '-', 'app.yaml'], /--previous cannot read stdin/],
  [['--output', 'no/such/dir/r.md', 'app.yaml'], /no\/such\/dir\/r\.md: cannot write the report \(ENOENT\)\. Fix:/],
])('bad usage or input %j: exit 2 with the fix', async (args, message) => {
  const r = await explainCli(args as string[], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|at Object|\.ts:\d+/);
});

test('a YAML syntax error names the file and line', async () => {
  fs.writeFileSync(path.join(dir, 'bad.yaml'), 'kind: FlinkDeployment\nmetadata: [\n');
  const r = await explainCli(['bad.yaml'], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/bad\.yaml:\d+/);
});

describe('synth plugin: report property', () => {
  test('writes the report beside the manifests, in the format of its extension', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-report-'));
    const manifests = exampleManifests('session-cluster');
    const file = path.join(out, 'session-cluster.k8s.yaml');
    let status = '';
    const ctx = {
      manifests: [file], parseManifest: () => manifests,
      report: { addViolation: () => undefined, submit: (s: 'success' | 'failure') => { status = s; } },
    };
    await new FlinkLintPlugin({ report: 'flink-report.html' }).validate(ctx);
    expect(status).toBe('success');
    expect(fs.readFileSync(path.join(out, 'flink-report.html'), 'utf-8')).toContain('<svg id="topology"');
    fs.rmSync(out, { recursive: true, force: true });
  });

  test.each(['../report.md', 'report.txt', 'dir/report.md', ''])('rejects %j with the fix', (name) => {
    expect(() => new FlinkLintPlugin({ report: name })).toThrow(/properties\.report '.*' is not a report file name\. Fix: a file name without directories ending in \.md, \.html or \.json/);
  });
});
