/** Makes sure lib/ is compiled (tsc in place, as `npm run build` does) for tests that run node on it. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.resolve(__dirname, '../..');

/** Newest modification time of the .ts sources under a directory (not .d.ts). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Compiles lib/ when any of `files` is missing or older than the newest source; then checks they exist. */
export function ensureCompiled(files: string[]): void {
  const newest = newestSource(path.join(REPO, 'lib'));
  if (files.some((p) => !fs.existsSync(p) || fs.statSync(p).mtimeMs < newest)) {
    // tsc emits even when another file in lib/ has a type error; the check below is what matters.
    spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: REPO, stdio: 'ignore' });
  }
  for (const p of files) {
    if (!fs.existsSync(p)) throw new Error(`${path.relative(REPO, p)} was not produced by tsc -p tsconfig.json`);
  }
}
