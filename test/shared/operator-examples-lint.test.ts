/**
 * The linter must accept the operator's own example manifests (written for operator main).
 * Reads ../shared/operator-examples beside the repo (or $CDK8S_FLINK_SHARED/operator-examples).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../lib/cli/main';

const REPO = path.resolve(__dirname, '../..');
const SHARED = process.env.CDK8S_FLINK_SHARED ?? path.resolve(__dirname, '../../../shared');
const EXAMPLES = path.join(SHARED, 'operator-examples');

const files = fs.existsSync(EXAMPLES)
  ? fs.readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()
  : [];

async function lint(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['lint', ...args], {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    cwd: REPO,
  });
  return { code, stdout, stderr };
}

test('the operator examples are there', () => {
  expect(files.length).toBeGreaterThanOrEqual(10);
});

/**
 * Errors the linter keeps reporting in the operator's own files, because they are real:
 *
 * - e2e_bluegreen-laststate.yaml mounts its state volume (file:///opt/flink/volume) in the
 *   JobManager pod only. TaskManagers write checkpoint data to the checkpoint directory too, so in
 *   the TaskManager pods it lands on the container's own disk and a last-state upgrade cannot
 *   restore it (the e2e test passes on a one-node cluster with a tiny state). Reported for the
 *   TaskManagers, once per directory.
 */
const EXPECTED_ERRORS: Record<string, [string, string, RegExp][]> = {
  'e2e_bluegreen-laststate.yaml': [
    ['state-dir-not-persistent', "spec.template.spec.flinkConfiguration['state.checkpoints.dir']", /in the TaskManager pod/],
    ['state-dir-not-persistent', "spec.template.spec.flinkConfiguration['state.savepoints.dir']", /in the TaskManager pod/],
  ],
};

/**
 * Findings the operator's own files carry on purpose, suppressed with a reason through a settings
 * file (`--config`, the `suppressions:` list), as a user would: they must be reported as
 * suppressed, with the reason, not dropped.
 *
 * - flink-tls-example_basic-secure-deployment-only.yaml writes its keystore, key and truststore
 *   passwords as literals into flinkConfiguration (internal and REST SSL, 3 each), as the
 *   operator's TLS documentation shows; `config-literal-secret` is right to flag them.
 */
const SUPPRESSED: Record<string, { rule: string; resource: string; reason: string; count: number }> = {
  'flink-tls-example_basic-secure-deployment-only.yaml': {
    rule: 'config-literal-secret',
    resource: 'FlinkDeployment/basic-secure-deployment-only',
    reason: "the operator's TLS example documents literal keystore passwords for a throwaway keystore",
    count: 6,
  },
};

let settingsDir: string;
beforeAll(() => { settingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-examples-')); });
afterAll(() => fs.rmSync(settingsDir, { recursive: true, force: true }));

/** A settings file holding the suppression of one example file. */
function settingsFor(file: string): string[] {
  const s = SUPPRESSED[file];
  if (!s) return [];
  const at = path.join(settingsDir, `${file}.cdk8s-flink.yaml`);
  fs.writeFileSync(at, `suppressions:\n  - rule: ${s.rule}\n    resource: ${s.resource}\n    reason: ${JSON.stringify(s.reason)}\n`);
  return ['--config', at];
}

describe.each(files)('%s', (file) => {
  const expected = EXPECTED_ERRORS[file] ?? [];
  test(expected.length ? 'lint with --operator-version main reports only its known, real errors' : 'passes lint with --operator-version main (exit 0, no errors)', async () => {
    const r = await lint(['--operator-version', 'main', '--format', 'json', ...settingsFor(file), path.join(EXAMPLES, file)]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    const suppression = SUPPRESSED[file];
    const suppressed = out.findings.filter((f: any) => f.suppressed);
    if (suppression) {
      expect(suppressed.map((f: any) => [f.rule, f.severity, f.kind, f.name])).toEqual(
        Array(suppression.count).fill([suppression.rule, 'error', ...suppression.resource.split('/')]));
      suppressed.forEach((f: any) => expect(f.suppressed).toMatchObject({ kind: 'external', reason: suppression.reason }));
      expect(out.summary.suppressed).toBe(suppression.count);
      expect(out.findings.filter((f: any) => f.rule === 'unused-suppression')).toEqual([]);
    } else {
      expect(suppressed).toEqual([]);
    }
    const errors = out.findings.filter((f: any) => f.severity === 'error' && !f.suppressed);
    expect(errors.map((f: any) => [f.rule, f.path])).toEqual(expected.map(([rule, at]) => [rule, at]));
    errors.forEach((f: any, i: number) => expect(f.message).toMatch(expected[i][2]));
    expect(out.summary.resources).toBeGreaterThan(0);
    expect(r.code).toBe(expected.length ? 1 : 0);
  });
});
