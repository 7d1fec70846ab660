import * as fs from 'fs';
import * as path from 'path';

let cached: { cwd: string; env: string | undefined; result: boolean } | undefined;

/**
 * Whether this process is the app of a `cdk8s synth` that runs FlinkLintPlugin afterwards: cdk8s-cli
 * sets CDK8S_RECORD_CONSTRUCT_METADATA=true for the app when validation plugins will run, and reads
 * them from cdk8s.yaml in the directory it runs the app in. Then the plugin report prints each
 * warning, and the constructs do not print it a second time.
 */
export function flinkPluginWillReport(): boolean {
  const env = process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
  const cwd = process.cwd();
  if (cached && cached.cwd === cwd && cached.env === env) return cached.result;
  let result = false;
  if (env === 'true') {
    try {
      // Loaded only here: most apps never run under the plugin.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { parse } = require('yaml') as typeof import('yaml');
      const config = parse(fs.readFileSync(path.join(cwd, 'cdk8s.yaml'), 'utf-8'));
      const validations = config?.validations;
      result = Array.isArray(validations) && validations.some((v: any) => v && v.class === 'FlinkLintPlugin');
    } catch {
      result = false;
    }
  }
  cached = { cwd, env, result };
  return result;
}
