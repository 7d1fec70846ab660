import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RULE_INFO } from '../lib';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  test('its first TypeScript example is test/fixtures/readme-example.ts, verbatim', () => {
    const block = /```ts\n([\s\S]*?)```/.exec(README);
    expect(block).not.toBeNull();
    const fixture = fs.readFileSync(path.join(__dirname, 'fixtures', 'readme-example.ts'), 'utf8');
    expect(block![1]).toBe(fixture);
  });

  test('the example synthesizes (tsc type-checks it as part of npm test)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-readme-'));
    const before = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir;
    try {
      jest.isolateModules(() => require('./fixtures/readme-example'));
      const files = fs.readdirSync(outdir);
      expect(files).toEqual(['flink.k8s.yaml']);
      const yaml = fs.readFileSync(path.join(outdir, files[0]), 'utf8');
      expect(yaml).toContain('kind: FlinkDeployment');
      expect(yaml).toContain('kind: FlinkSessionJob');
      expect(yaml).toContain('kind: PersistentVolumeClaim');
    } finally {
      if (before === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = before;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test.each(RULE_INFO.map((r) => [r.id, r]))('the rule table documents %s', (id, info) => {
    const row = README.split('\n').find((l) => l.startsWith(`| \`${id}\` |`));
    expect(row).toBeDefined();
    const cells = row!.split('|').map((c) => c.trim());
    expect(cells[2]).toBe(info.ref);
    expect(cells[3]).toBe(info.severity);
  });
});
