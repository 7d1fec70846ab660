import { FIXTURES, lines, lint } from './run';

const BROKEN = `${FIXTURES}/broken-deployment.yaml`;
const SESSION = `${FIXTURES}/session-job.yaml`;
const GOOD = `${FIXTURES}/good.yaml`;
const WARN = `${FIXTURES}/warn-only.yaml`;

/** The text line about a rule, or undefined. */
const lineOf = (out: string, rule: string, where?: string) =>
  lines(out).find((l) => l.includes(` ${rule} `) && (where === undefined || l.startsWith(where)));

describe('text output', () => {
  test('one line per finding: file:line:col severity rule-id message (fix)', async () => {
    const r = await lint([BROKEN]);
    expect(r.code).toBe(1);
    for (const l of lines(r.stdout)) {
      expect(l).toMatch(/^test\/cli\/fixtures\/broken-deployment\.yaml:\d+:\d+ (error|warning) [a-z0-9-]+ .+ \(.+\)$/);
    }
    // jarUri (wire name is jarURI): unknown field, at the key.
    expect(lineOf(r.stdout, 'schema-unknown-field', `${BROKEN}:23:5 error`)).toContain("'spec.job.jarUri'");
    // taskManagers (typo for taskManager): unknown field.
    expect(lineOf(r.stdout, 'schema-unknown-field', `${BROKEN}:18:3 error`)).toContain("'spec.taskManagers'");
    // upgradeMode: last_state: bad enum, with the allowed values.
    expect(lineOf(r.stdout, 'schema-bad-enum', `${BROKEN}:25:5 error`)).toContain('"last-state"');
    // state.backend.type: rockdb: flagged at the config key.
    expect(lines(r.stdout).find((l) => l.startsWith(`${BROKEN}:12:5 error`) && l.includes('rockdb'))).toBeDefined();
    expect(r.stderr).toMatch(/^\d+ errors?, \d+ warnings? in 1 resource from 1 file\n$/);
  });

  test('a session job without deploymentName is reported at spec (the deepest existing node)', async () => {
    const r = await lint([SESSION]);
    expect(r.code).toBe(1);
    const l = lines(r.stdout).find((x) => x.includes('deploymentName'));
    expect(l).toBeDefined();
    expect(l!.startsWith(`${SESSION}:5:1 error `)).toBe(true);
  });

  test('a clean file prints nothing on stdout and exits 0', async () => {
    const r = await lint([GOOD]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('0 errors, 0 warnings in 2 resources from 1 file\n');
    expect(r.code).toBe(0);
  });

  test('stdin (-) is read and shown as <stdin>', async () => {
    const fs = await import('fs');
    const r = await lint(['-'], { stdin: fs.readFileSync(`${__dirname}/fixtures/session-job.yaml`) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:5:1 error /m);
  });

  test('a directory is linted recursively, files in sorted order', async () => {
    const r = await lint([`${FIXTURES}/confluent`]);
    const files = lines(r.stdout).map((l) => l.split(':')[0]);
    expect(files.length).toBeGreaterThan(0);
    expect([...files].sort()).toEqual(files);
    expect(r.stderr).toContain('from 2 files');
  });
});

describe('json output', () => {
  test('findings with file, line, column and the summary', async () => {
    const r = await lint(['--format', 'json', BROKEN, GOOD]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({
      files: 2,
      resources: 3,
      errors: out.findings.filter((f: any) => f.severity === 'error').length,
      warnings: out.findings.filter((f: any) => f.severity === 'warning').length,
      suppressed: 0,
      strict: false,
    });
    expect(out.summary.errors).toBeGreaterThanOrEqual(4);
    const jar = out.findings.find((f: any) => f.rule === 'schema-unknown-field' && f.path === 'spec.job.jarUri');
    expect(jar).toEqual({
      file: BROKEN, line: 23, column: 5, rule: 'schema-unknown-field', ref: '', severity: 'error',
      kind: 'FlinkDeployment', name: 'orders', namespace: 'flink', path: 'spec.job.jarUri',
      message: expect.stringContaining('jarUri'), fix: expect.any(String),
    });
    for (const f of out.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['file', 'line', 'column', 'rule', 'ref', 'severity', 'kind', 'name', 'path', 'message', 'fix']));
    }
  });
});

describe('sarif output', () => {
  test('SARIF 2.1.0 with rules, levels and relative locations', async () => {
    const r = await lint(['--format=sarif', BROKEN, SESSION]);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('cdk8s-flink');
    const ruleIds = run.tool.driver.rules.map((x: any) => x.id);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    for (const rule of run.tool.driver.rules) expect(rule.shortDescription.text.length).toBeGreaterThan(0);
    const { RULE_INFO } = await import('../../lib/validation/rules');
    const cp = run.tool.driver.rules.find((x: any) => x.id === 'checkpoint-dir-required');
    expect(cp.shortDescription.text).toBe(RULE_INFO.find((x) => x.id === 'checkpoint-dir-required')!.why);
    expect(cp.defaultConfiguration).toEqual({ level: 'error' });
    for (const res of run.results) {
      expect(ruleIds[res.ruleIndex]).toBe(res.ruleId);
      expect(['error', 'warning']).toContain(res.level);
      expect(res.message.text.length).toBeGreaterThan(0);
    }
    const jar = run.results.find((x: any) => x.ruleId === 'schema-unknown-field' && x.message.text.includes('jarUri'));
    expect(jar.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'test/cli/fixtures/broken-deployment.yaml' },
      region: { startLine: 23, startColumn: 5 },
    });
    const session = run.results.find((x: any) => x.locations[0].physicalLocation.artifactLocation.uri.endsWith('session-job.yaml'));
    expect(session.locations[0].physicalLocation.region).toEqual({ startLine: 5, startColumn: 1 });
  });
});

describe('exit codes and --strict', () => {
  test('warnings alone exit 0; with --strict they exit 1', async () => {
    const plain = await lint([WARN]);
    expect(plain.stdout).toMatch(/ warning /);
    expect(plain.stdout).not.toMatch(/ error /);
    expect(plain.code).toBe(0);
    const strict = await lint(['--strict', WARN]);
    expect(strict.stdout).toBe(plain.stdout);
    expect(strict.code).toBe(1);
  });

  test('--strict on a clean file still exits 0', async () => {
    expect((await lint(['--strict', GOOD])).code).toBe(0);
  });

  test('--operator-version picks the CRD schema: resources exists on main only', async () => {
    const fs = await import('fs');
    const text = fs.readFileSync(`${__dirname}/fixtures/good.yaml`, 'utf-8')
      .replace('  taskManager:\n    resource:\n      memory: "2048m"\n      cpu: 1\n',
        '  taskManager:\n    resources:\n      requests:\n        memory: "2048Mi"\n        cpu: 1\n');
    const on115 = await lint(['-'], { stdin: text });
    expect(lineOf(on115.stdout, 'schema-unknown-field')).toContain('spec.taskManager.resources');
    const onMain = await lint(['--operator-version', 'main', '-'], { stdin: text });
    expect(onMain.stdout).not.toContain('schema-unknown-field');
  });
});

describe('--previous', () => {
  test('the deployed version is matched by kind, namespace and name for the upgrade checks', async () => {
    const without = await lint([`${FIXTURES}/mode-change.yaml`]);
    expect(without.stdout).not.toContain('spec.mode');
    const withPrev = await lint(['--previous', `${FIXTURES}/previous`, `${FIXTURES}/mode-change.yaml`]);
    expect(withPrev.code).toBe(1);
    const l = lines(withPrev.stdout).find((x) => x.includes('spec.mode'));
    expect(l).toMatch(/^test\/cli\/fixtures\/mode-change\.yaml:10:3 error /);
  });

  test('a previous version under another name does not match', async () => {
    const fs = await import('fs');
    const text = fs.readFileSync(`${__dirname}/fixtures/mode-change.yaml`, 'utf-8').replace('name: orders', 'name: payments');
    const r = await lint(['--previous', `${FIXTURES}/previous/orders.yaml`, '-'], { stdin: text });
    expect(r.stdout).not.toContain('spec.mode');
  });
});
