/** Runs the lint CLI in-process and captures what it prints. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../lib/cli/main';

export const REPO = path.resolve(__dirname, '../..');
export const FIXTURES = 'test/cli/fixtures';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function lint(args: string[], opts: { stdin?: Buffer | string; cwd?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['lint', ...args], {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readStdin: async () => opts.stdin ?? '',
    cwd: opts.cwd ?? REPO,
  });
  return { code, stdout, stderr };
}

/** The text-output lines that start with `file:line:col`. */
export function lines(out: string): string[] {
  return out.split('\n').filter((l) => l.length > 0);
}

/**
 * A scratch directory for one test file: created before its tests, removed after them. `write`
 * puts a file in it (directories created) and returns its name relative to the directory.
 */
export function scratchDir(prefix: string): { readonly path: string; write(name: string, content: string | Buffer): string } {
  let dir = '';
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix)); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    get path() { return dir; },
    write(name: string, content: string | Buffer): string {
      const p = path.join(dir, name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
      return name;
    },
  };
}
