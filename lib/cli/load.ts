/**
 * Reading manifests for `cdk8s-flink lint`: files, directories and stdin, multi-document YAML and
 * JSON, each document kept with its source positions so a finding's path maps to line:column.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Document, LineCounter, Node, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { parsePath } from '../validation/path';
import { FileComments, readComments } from './directives';

/** Bad input: the message names the file (and line), what is wrong and the fix. Exit code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** One Kubernetes resource read from a file, with a way back to its source positions. */
export interface SourceManifest {
  /** The file as shown to the user (relative to the working directory when inside it; `<stdin>` for stdin). */
  readonly file: string;
  /** The resource as plain JSON. */
  readonly manifest: any;
  /** Where the resource starts. */
  readonly position: Position;
  /** Line and column of the field at `path` (a Finding path), or of its deepest existing ancestor. */
  locate(path: string): Position;
  /** The suppression comments of its file, if it has any (see directives.ts). */
  readonly comments?: FileComments;
}

/** Display name of stdin. */
export const STDIN_NAME = '<stdin>';

const MANIFEST_EXT = /\.(ya?ml|json)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);

/** A file found in a directory (as opposed to named on the command line). */
interface Source {
  readonly file: string;
  readonly fromDir: boolean;
}

/** Lists the files an argument stands for: the file itself, or a directory's manifests, sorted. */
export function expandArg(arg: string, cwd: string): Source[] {
  const abs = path.resolve(cwd, arg);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new InputError(`${arg}: no such file or directory. Fix: check the path (it is resolved from ${cwd === process.cwd() ? 'the current directory' : cwd}).`);
  }
  if (st.isDirectory()) {
    const out: string[] = [];
    walk(abs, out);
    if (out.length === 0) {
      throw new InputError(`${arg}: directory has no manifests (*.yaml, *.yml, *.json, searched recursively). Fix: point at the directory that holds the manifests, e.g. the cdk8s output directory 'dist'.`);
    }
    return out.sort().map((file) => ({ file, fromDir: true }));
  }
  return [{ file: abs, fromDir: false }];
}

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(`${dir}: cannot read directory (${(e as NodeJS.ErrnoException).code ?? 'error'}). Fix: check its permissions.`);
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.isFile() && MANIFEST_EXT.test(e.name)) out.push(full);
  }
}

/** The name a file is shown under: relative to cwd when inside it, otherwise absolute. */
export function displayName(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

/** Reads a file's bytes, turning every failure into an InputError. */
export function readBytes(abs: string, shown: string): Buffer {
  try {
    return fs.readFileSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new InputError(`${shown}: is a directory. Fix: pass it as a directory argument.`);
    throw new InputError(`${shown}: cannot read file (${code ?? String(e)}). Fix: check the path and its permissions.`);
  }
}

/** Decodes bytes as UTF-8 text, rejecting binary content. */
export function decodeText(bytes: Buffer, shown: string): string {
  const head = bytes.subarray(0, 8192);
  let text: string;
  try {
    if (head.includes(0)) throw new Error('NUL byte');
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${shown}: is a binary file, not YAML or JSON text. Fix: pass only Kubernetes manifests (*.yaml, *.yml, *.json).`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses the text of one file into resources.
 * @param fromDir the file was found in a directory: documents that are not Kubernetes manifests
 *                (no apiVersion and no kind, e.g. a tsconfig.json) are skipped instead of failing.
 */
export function parseManifests(text: string, file: string, fromDir = false): SourceManifest[] {
  if (text.trim() === '') {
    throw new InputError(`${file}: file is empty. Fix: add Kubernetes manifests to it or leave it out.`);
  }
  if (/\.json$/i.test(file) || /^\s*[[{]/.test(text)) checkJson(text, file);

  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, merge: true }) as Document.Parsed[] | unknown;
  const list = Array.isArray(docs) ? docs as Document.Parsed[] : [];
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };

  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const p = pos(err.pos[0]);
      const what = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
      throw new InputError(`${file}:${p.line}:${p.column}: YAML does not parse: ${what}. Fix: correct the syntax at that line (indentation, quoting, brackets).`);
    }
  }

  const out: SourceManifest[] = [];
  const comments = readComments(text, file);
  let sawContent = false;
  for (const doc of list) {
    const root = doc.contents;
    if (root === null || root === undefined || (isScalar(root) && (root.value === null || root.value === undefined))) continue;
    sawContent = true;
    const at = pos(root.range ? root.range[0] : 0);
    const value = doc.toJS({ maxAliasCount: 10000 });
    if (isSeq(root)) {
      // A JSON array of resources.
      root.items.forEach((item, i) => add(item as Node, Array.isArray(value) ? value[i] : undefined, `item ${i}`));
      continue;
    }
    if (!isMap(root) || value === null || typeof value !== 'object') {
      throw new InputError(`${file}:${at.line}:${at.column}: document is not a mapping (found ${isScalar(root) ? 'a plain value' : 'something else'}). Fix: each YAML document must be one Kubernetes resource (apiVersion, kind, metadata, spec).`);
    }
    if (typeof value.kind === 'string' && /List$/.test(value.kind) && Array.isArray(value.items)) {
      // A Kubernetes List (kubectl get -o yaml): lint its items.
      const items = root.get('items', true);
      if (isSeq(items)) {
        items.items.forEach((item, i) => add(item as Node, value.items[i], `items[${i}]`));
        continue;
      }
    }
    add(root, value, '');
  }
  if (!sawContent) {
    throw new InputError(`${file}: file is empty (only comments or empty documents). Fix: add Kubernetes manifests to it or leave it out.`);
  }
  return out;

  function add(node: Node, value: any, where: string): void {
    const at = pos(node.range ? node.range[0] : 0);
    const label = where ? ` (${where})` : '';
    if (!isMap(node) || value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError(`${file}:${at.line}:${at.column}: document${label} is not a mapping. Fix: each resource must be a mapping with apiVersion, kind, metadata and spec.`);
    }
    if (typeof value.kind !== 'string' || value.kind === '') {
      if (fromDir && value.apiVersion === undefined && value.kind === undefined) return; // not a manifest at all
      throw new InputError(`${file}:${at.line}:${at.column}: document${label} has no 'kind'. Fix: add 'kind:' (e.g. kind: FlinkDeployment) and 'apiVersion:' (e.g. apiVersion: flink.apache.org/v1beta1).`);
    }
    const base = node;
    out.push({
      file,
      manifest: value,
      position: at,
      locate: (p: string) => pos(locateOffset(base, parsePath(p))),
      ...(comments ? { comments } : {}),
    });
  }
}

/** Reports JSON syntax errors with a line and column (the YAML parser's JSON messages are vague). */
function checkJson(text: string, file: string): void {
  try {
    JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    // A multi-document YAML file that merely starts with '{' is not JSON: let the YAML parser judge it.
    if (!/\.json$/i.test(file)) return;
    let line = 1;
    let column = 1;
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const at = /position (\d+)/.exec(msg);
    if (lc) {
      line = Number(lc[1]);
      column = Number(lc[2]);
    } else if (at) {
      const before = text.slice(0, Number(at[1]));
      line = before.split('\n').length;
      column = Number(at[1]) - before.lastIndexOf('\n');
    } else if (/Unexpected end of JSON input/.test(msg)) {
      line = text.split('\n').length;
      column = text.length - text.lastIndexOf('\n');
    }
    const what = msg.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    throw new InputError(`${file}:${line}:${column}: JSON does not parse: ${what}. Fix: correct the JSON syntax at that line (commas, quotes, brackets).`);
  }
}

function findPair(map: Node, key: string): { key: Node; value: Node | null } | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const k = item.key as Node | null;
    const name = k && isScalar(k) ? String(k.value) : undefined;
    if (name === key) return { key: k as Node, value: (item.value as Node | null) ?? null };
  }
  return undefined;
}

/**
 * Offset of the node at `segs` below `root`, or of its deepest existing ancestor. A key is located
 * at its key node. A dotted key that is not in a map as written (flinkConfiguration written nested,
 * `high-availability: {type: ...}`) is split greedily: the longest dotted prefix that is a key of
 * the map, then the rest below it.
 */
export function locateOffset(root: Node, segs: (string | number)[]): number {
  let node: Node | null = root;
  let best = root.range ? root.range[0] : 0;
  const queue = [...segs];
  while (queue.length > 0 && node) {
    const seg = queue.shift()!;
    if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      node = item;
      if (item.range) best = item.range[0];
      continue;
    }
    if (!isMap(node)) break;
    const key = String(seg);
    let pair = findPair(node, key);
    if (!pair && typeof seg === 'string' && seg.includes('.')) {
      const parts = seg.split('.');
      for (let k = parts.length - 1; k >= 1 && !pair; k--) {
        const found = findPair(node, parts.slice(0, k).join('.'));
        if (found) {
          pair = found;
          queue.unshift(parts.slice(k).join('.'));
        }
      }
    }
    if (!pair) break;
    if (pair.key.range) best = pair.key.range[0];
    node = pair.value;
  }
  return best;
}

/** Everything read from the command line's inputs. */
export interface LoadResult {
  readonly manifests: SourceManifest[];
  /** Files read, in order (display names). */
  readonly files: string[];
}

/**
 * Reads every input: files, directories (recursively) and `-` (stdin, read with `readStdin`).
 * Throws InputError for anything that is not a readable, parseable manifest file.
 */
export async function loadInputs(args: readonly string[], cwd: string, readStdin: () => Promise<Buffer | string>): Promise<LoadResult> {
  const manifests: SourceManifest[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === '-') {
      if (seen.has('-')) continue;
      seen.add('-');
      const raw = await readStdin();
      const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf-8') : raw;
      const text = decodeText(bytes, STDIN_NAME);
      manifests.push(...parseManifests(text, STDIN_NAME));
      files.push(STDIN_NAME);
      continue;
    }
    const sources = expandArg(arg, cwd);
    let found = 0;
    let fresh = 0;
    for (const src of sources) {
      if (seen.has(src.file)) continue;
      fresh++;
      seen.add(src.file);
      const shown = displayName(src.file, cwd);
      const text = decodeText(readBytes(src.file, shown), shown);
      const got = parseManifests(text, shown, src.fromDir);
      manifests.push(...got);
      found += got.length;
      files.push(shown);
    }
    if (fresh > 0 && sources[0].fromDir && found === 0) {
      throw new InputError(`${arg}: directory has no Kubernetes manifests (no document with apiVersion or kind). Fix: point at the directory that holds the manifests.`);
    }
  }
  return { manifests, files };
}
