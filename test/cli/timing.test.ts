import { ALL_RULES } from '../../lib/validation/rules';
import { FIXTURES, lint } from './run';

/** The rows of the `--timing` table: label -> [ms, percent]. */
function rows(stderr: string): Map<string, [number, number]> {
  const table = stderr.slice(stderr.indexOf('Timing ('));
  const out = new Map<string, [number, number]>();
  for (const line of table.split('\n').slice(2)) {
    const m = /^(.*\S)\s+(\d+\.\d)\s+(\d+\.\d)$/.exec(line);
    if (m) out.set(m[1], [Number(m[2]), Number(m[3])]);
  }
  return out;
}

describe('cdk8s-flink lint --timing', () => {
  test('prints every phase and every rule set after the summary, and changes nothing else', async () => {
    const plain = await lint([`${FIXTURES}/session-job.yaml`]);
    const timed = await lint(['--timing', `${FIXTURES}/session-job.yaml`]);
    expect(timed.code).toBe(plain.code);
    expect(timed.stdout).toBe(plain.stdout);
    expect(timed.stderr.startsWith(plain.stderr)).toBe(true);

    const table = rows(timed.stderr);
    const ruleRows = [...table.keys()].filter((k) => k.startsWith('rules: '));
    expect(ruleRows).toHaveLength(ALL_RULES.length);
    expect(ruleRows).toContain('rules: flink-config');
    expect(ruleRows).toContain('rules: storage');
    for (const label of ['start-up (node, loading the CLI)', 'read and parse the input', 'input bounds (depth, aliases, size)', 'CRD schema checks',
      'rule engine (resources, configuration flattening, indexes, order)', 'suppressions and severities', 'line and column of each finding',
      'format and write the findings', 'total']) {
      expect(table.has(label)).toBe(true);
    }
    // The phases are exclusive of each other: together they make the total.
    const total = table.get('total')![0];
    const sum = [...table].filter(([k]) => k !== 'total').reduce((s, [, [ms]]) => s + ms, 0);
    expect(Math.abs(sum - total)).toBeLessThanOrEqual(0.1 * table.size);
    expect(timed.stderr).toMatch(/CPU time since the CLI began \(user \+ system, [^)]*\): \d+\.\d ms\n$/);
  });

  test('the JSON output stays valid: the table goes to stderr', async () => {
    const r = await lint(['--timing', '--format', 'json', `${FIXTURES}/good.yaml`]);
    expect(JSON.parse(r.stdout).summary.errors).toBe(0);
    expect(r.stderr).toContain('Timing (');
  });

  test('a value for --timing is a usage error', async () => {
    const r = await lint(['--timing=yes', `${FIXTURES}/good.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cdk8s-flink: option --timing takes no value\. Fix: write --timing alone\./);
  });
});
