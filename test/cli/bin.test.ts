import { spawnSync } from 'child_process';
import * as path from 'path';
import { ensureCompiled } from './compiled';

const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'bin/cdk8s-flink.js');

const run = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf-8', input, timeout: 60_000 });

beforeAll(() => {
  ensureCompiled([path.join(REPO, 'lib/cli/main.js')]);
}, 300_000);

describe('bin/cdk8s-flink.js', () => {
  test('lints a file: findings on stdout, summary on stderr, exit 1', () => {
    const r = run(['lint', 'test/cli/fixtures/session-job.yaml']);
    expect(r.stdout).toMatch(/^test\/cli\/fixtures\/session-job\.yaml:5:1 error /);
    expect(r.stderr).toMatch(/^1 error, 0 warnings in 1 resource from 1 file\n$/);
    expect(r.status).toBe(1);
  }, 60_000);

  test('reads stdin', () => {
    const r = run(['lint', '--format', 'json', '-'], 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: flink\n');
    expect(JSON.parse(r.stdout).summary).toEqual({ files: 1, resources: 1, errors: 0, warnings: 0, suppressed: 0, strict: false });
    expect(r.status).toBe(0);
  }, 60_000);

  test('bad input: exit 2, a one-line message, no stack trace', () => {
    const r = run(['lint', 'does-not-exist.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('cdk8s-flink: does-not-exist.yaml: no such file or directory. Fix: check the path (it is resolved from the current directory).\n');
  }, 60_000);
});
