/**
 * The linter must accept the operator's own example manifests (written for operator main).
 * Reads ../shared/operator-examples beside the repo (or $CDK8S_FLINK_SHARED/operator-examples).
 */
import * as fs from 'fs';
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

describe.each(files)('%s', (file) => {
  test('passes lint with --operator-version main (exit 0, no errors)', async () => {
    const r = await lint(['--operator-version', 'main', '--format', 'json', path.join(EXAMPLES, file)]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.findings.filter((f: any) => f.severity === 'error')).toEqual([]);
    expect(out.summary.resources).toBeGreaterThan(0);
    expect(r.code).toBe(0);
  });
});
