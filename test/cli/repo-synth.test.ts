import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { ensureCompiled } from './compiled';

const REPO = path.resolve(__dirname, '../..');

describe("this repository's cdk8s.yaml (the examples with FlinkLintPlugin)", () => {
  test('declares nothing external: the references the examples import travel in the manifests', () => {
    const config = yaml.parse(fs.readFileSync(path.join(REPO, 'cdk8s.yaml'), 'utf-8'));
    const plugin = config.validations.find((v: any) => v.class === 'FlinkLintPlugin');
    expect(plugin).toBeDefined();
    expect(plugin.properties?.external).toBeUndefined();
  });

  test('cdk8s synth passes and prints each warning once', () => {
    ensureCompiled(['lib/index.js', 'lib/plugin.js'].map((p) => path.join(REPO, p)));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-repo-synth-'));
    try {
      const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules/cdk8s-cli/bin/cdk8s'), 'synth', '--no-check-upgrade', '--output', out], {
        cwd: REPO,
        encoding: 'utf-8',
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
        timeout: 180_000,
      });
      const text = `${r.stdout}\n${r.stderr}`;
      expect(text).toContain('Validations ended succesfully');
      expect(r.status).toBe(0);
      // The minikube example's hostPath warning: once, in the plugin report.
      expect(text.split('sees a different, empty directory').length - 1).toBe(1);
      // The adopted claim travels as an annotation instead of an `external:` block.
      expect(fs.readFileSync(path.join(out, 'adopt-savepoint.k8s.yaml'), 'utf-8'))
        .toContain('cdk8s-flink.io/external: \'{"persistentVolumeClaims":["flink-state"]}\'');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 240_000);
});
