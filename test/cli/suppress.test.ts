import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO, lines, lint } from './run';

/** warn-only.yaml with a literal secret: config-literal-secret (error, line 13), config-key-deprecated (warning, line 12). */
const BASE = fs.readFileSync(path.join(REPO, 'test/cli/fixtures/warn-only.yaml'), 'utf8')
  .replace('    state.checkpoints.dir: s3://bucket/checkpoints\n', '    state.checkpoints.dir: s3://bucket/checkpoints\n    security.ssl.rest.keystore-password: password1234\n');
const SA = '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: flink\n';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-suppress-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const abs = path.join(dir, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
  return rel;
}
const run = (args: string[]) => lint(args, { cwd: dir });
const json = async (args: string[]) => {
  const r = await run(['--format', 'json', ...args]);
  return { ...r, out: JSON.parse(r.stdout) };
};

test('the base input: one error and one warning', async () => {
  const r = await run([write('app.yaml', BASE + SA)]);
  expect(r.code).toBe(1);
  expect(lines(r.stdout).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
    'app.yaml:12:5 warning config-key-deprecated',
    'app.yaml:13:5 error config-literal-secret',
  ]);
  expect(r.stderr).toBe('1 error, 1 warning in 2 resources from 1 file\n');
});

describe('comments', () => {
  test('disable-next-line covers the finding on the next line; the summary counts it', async () => {
    const text = BASE.replace('    security.ssl.rest.keystore-password', '    # cdk8s-flink-disable-next-line config-literal-secret -- test keystore\n    security.ssl.rest.keystore-password');
    const r = await run([write('app.yaml', text + SA)]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).map((l) => l.split(' ')[2])).toEqual(['config-key-deprecated']);
    expect(r.stderr).toBe('0 errors, 1 warning, 1 suppressed in 2 resources from 1 file\n');

    const j = await json(['app.yaml']);
    const secret = j.out.findings.find((f: any) => f.rule === 'config-literal-secret');
    expect(secret.suppressed).toEqual({ kind: 'inSource', reason: 'test keystore', where: 'app.yaml:13' });
    expect(j.out.summary).toMatchObject({ errors: 0, warnings: 1, suppressed: 1 });
  });

  test('a file-level disable covers every resource of the file', async () => {
    const r = await json([write('app.yaml', `# cdk8s-flink-disable config-key-deprecated, config-literal-secret -- legacy file\n${BASE}${SA}`)]);
    expect(r.code).toBe(0);
    expect(r.out.findings.map((f: any) => [f.rule, !!f.suppressed])).toEqual([['config-key-deprecated', true], ['config-literal-secret', true]]);
  });

  test('a comment that covers nothing is an unused-suppression warning at the comment', async () => {
    const text = `${BASE.replace('  image: flink:1.20', '  # cdk8s-flink-disable-next-line state-dir-node-local -- minikube\n  image: flink:1.20')}${SA}`;
    const r = await run([write('app.yaml', text)]);
    const unused = lines(r.stdout).find((l) => l.includes(' unused-suppression '));
    expect(unused).toMatch(/^app\.yaml:7:1 warning unused-suppression The suppression of state-dir-node-local in app\.yaml:7 matches no finding/);
  });

  test('unknown rule id, missing reason, unknown directive: exit 2 naming file and line', async () => {
    const typo = await run([write('a.yaml', `# cdk8s-flink-disable config-literal-secrt -- x\n${BASE}`)]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("a.yaml:1: unknown rule id 'config-literal-secrt' in the comment at a.yaml:1. Did you mean 'config-literal-secret'?");
    const noReason = await run([write('b.yaml', `# cdk8s-flink-disable config-literal-secret\n${BASE}`)]);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('b.yaml:1: suppression of config-literal-secret without a reason');
    const directive = await run([write('c.yaml', `# cdk8s-flink-disable-line config-literal-secret -- x\n${BASE}`)]);
    expect(directive.code).toBe(2);
    expect(directive.stderr).toContain("c.yaml:1: unknown directive 'cdk8s-flink-disable-line'");
    expect(`${typo.stderr}${noReason.stderr}${directive.stderr}`).not.toMatch(/internal error|TypeError|at .*\.js/);
  });

  test('other comments that mention cdk8s-flink are not directives', async () => {
    const r = await run([write('a.yaml', `# cdk8s-flink-lint checks this file in CI
${BASE}${SA}`)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('1 error, 1 warning in 2 resources from 1 file\n');
  });
});

describe('severity flags', () => {
  test('--disable, --warn and --error (comma-separated, repeatable)', async () => {
    const f = write('app.yaml', BASE + SA);
    const off = await run(['--disable', 'config-literal-secret,config-key-deprecated', f]);
    expect(off.code).toBe(0);
    expect(off.stdout).toBe('');
    const warn = await run(['--warn', 'config-literal-secret', f]);
    expect(warn.code).toBe(0);
    expect(warn.stderr).toBe('0 errors, 2 warnings in 2 resources from 1 file\n');
    const err = await run(['--error=config-key-deprecated', '--disable', 'config-literal-secret', f]);
    expect(err.code).toBe(1);
    expect(lines(err.stdout)).toEqual([expect.stringMatching(/^app\.yaml:12:5 error config-key-deprecated /)]);
  });

  test('an unknown rule id in a flag is a usage error with the closest ids', async () => {
    const r = await run(['--disable', 'state-dir-node-lokal', write('app.yaml', BASE)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown rule id 'state-dir-node-lokal' in option --disable. Did you mean 'state-dir-node-local'?");
  });

  test('--strict: unsuppressed warnings fail, and the summary says so', async () => {
    const f = write('app.yaml', BASE + SA);
    const r = await run(['--strict', '--disable', 'config-literal-secret', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('0 errors, 1 warning (--strict: warnings count as errors) in 2 resources from 1 file\n');
    const suppressed = await run(['--strict', '--disable', 'config-literal-secret', write('b.yaml', `# cdk8s-flink-disable config-key-deprecated -- migrating\n${BASE}${SA}`)]);
    expect(suppressed.code).toBe(0);
  });
});

describe('.cdk8s-flink.yaml', () => {
  const CONFIG = [
    'operatorVersion: "1.15"',
    'rules:',
    '  config-key-deprecated: off',
    'suppressions:',
    '  - rule: config-literal-secret',
    '    resource: FlinkDeployment/warn-only',
    '    reason: test keystore',
    '',
  ].join('\n');

  test('is found upward from the first input and applies rules and suppressions', async () => {
    write('.cdk8s-flink.yaml', CONFIG);
    const f = write('k8s/nested/app.yaml', BASE + SA);
    const r = await json([f]);
    expect(r.code).toBe(0);
    expect(r.out.findings).toEqual([expect.objectContaining({
      rule: 'config-literal-secret',
      suppressed: { kind: 'external', reason: 'test keystore', where: '.cdk8s-flink.yaml:5' },
    })]);
  });

  test('flags win over the file', async () => {
    write('.cdk8s-flink.yaml', CONFIG);
    const r = await run(['--error', 'config-key-deprecated', write('app.yaml', BASE + SA)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('1 error, 0 warnings, 1 suppressed in 2 resources from 1 file\n');
  });

  test('external declares references; an unused entry is a warning at its line', async () => {
    write('.cdk8s-flink.yaml', 'external:\n  serviceAccounts: [flink]\nsuppressions:\n  - { rule: pvc-not-found, reason: none here }\n');
    const r = await run([write('app.yaml', BASE)]);
    expect(lines(r.stdout).some((l) => l.includes('service-account-not-found'))).toBe(false);
    expect(lines(r.stdout)).toContainEqual(expect.stringMatching(/^\.cdk8s-flink\.yaml:4:1 warning unused-suppression /));
  });

  test('--config names the file explicitly', async () => {
    write('settings/lint.yaml', CONFIG);
    const r = await run(['--config', 'settings/lint.yaml', write('app.yaml', BASE + SA)]);
    expect(r.code).toBe(0);
  });

  test.each([
    ['rules:\n  config-literal-secret: of\n', ".cdk8s-flink.yaml:2: severity 'of' of rule config-literal-secret is not one of off, warning, error"],
    ['rules:\n  state-dir-node-lokal: off\n', "unknown rule id 'state-dir-node-lokal' in .cdk8s-flink.yaml:2. Did you mean 'state-dir-node-local'?"],
    ['suppressions:\n  - rule: config-literal-secret\n', '.cdk8s-flink.yaml:2: suppression of config-literal-secret without a reason'],
    ['strickt: true\n', ".cdk8s-flink.yaml:1: unknown setting 'strickt'. Did you mean 'strict'?"],
    ['rules: [a\n', '.cdk8s-flink.yaml:2: YAML does not parse'],
    ['external:\n  pvcs: [a]\n', ".cdk8s-flink.yaml:2: unknown kind 'pvcs' in external"],
    ['operatorVersion: "1.9"\n', ".cdk8s-flink.yaml:1: operatorVersion '1.9' is not supported"],
  ])('a malformed file is exit 2 with file and line: %j', async (text, message) => {
    write('.cdk8s-flink.yaml', text);
    const r = await run([write('app.yaml', BASE + SA)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('Fix:');
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe('SARIF', () => {
  test('suppressed results carry suppressions with kind inSource or external and the reason', async () => {
    write('.cdk8s-flink.yaml', 'suppressions:\n  - { rule: config-key-deprecated, reason: migrating }\n');
    const text = BASE.replace('    security.ssl.rest.keystore-password', '    # cdk8s-flink-disable-next-line config-literal-secret -- test keystore\n    security.ssl.rest.keystore-password');
    const r = await run(['--format', 'sarif', write('app.yaml', text + SA)]);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout).runs[0].results;
    const byRule = Object.fromEntries(results.map((x: any) => [x.ruleId, x.suppressions]));
    expect(byRule['config-literal-secret']).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'test keystore', properties: { where: 'app.yaml:13' } }]);
    expect(byRule['config-key-deprecated']).toEqual([{ kind: 'external', status: 'accepted', justification: 'migrating', properties: { where: '.cdk8s-flink.yaml:2' } }]);
  });
});

test('the README example of YAML suppressions suppresses what it names, with its reasons', async () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const block = /\*\*In YAML\*\*[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme);
  expect(block).not.toBeNull();
  const r = await json(['--operator-version', 'main', write('readme.yaml', block![1])]);
  const suppressed = Object.fromEntries(r.out.findings.filter((f: any) => f.suppressed).map((f: any) => [f.rule, f.suppressed.reason]));
  expect(suppressed).toEqual({
    'service-account-not-found': "the operator's Helm chart creates it",
    'config-literal-secret': 'test keystore, not a real secret',
    'config-key-deprecated': 'migrating in the next release',
  });
  expect(r.out.findings.some((f: any) => f.rule === 'unused-suppression')).toBe(false);
});
