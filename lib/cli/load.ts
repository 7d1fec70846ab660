/**
 * Reading manifests for `cdk8s-flink lint`: files, directories and stdin, multi-document YAML and
 * JSON, each document kept with its source positions so a finding's path maps to line:column.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import type { Document, Node } from 'yaml';
import type * as YamlModule from 'yaml';
import { InputLimits, formatBytes, resolveLimits } from '../validation/limits';
import { parsePath } from '../validation/path';
import { FileComments, readComments } from './directives';

/**
 * The `yaml` package, loaded on first use: only a file the fast parser refuses, and the line and
 * column of a finding, need it.
 */
let yamlModule: typeof YamlModule | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = (): typeof YamlModule => (yamlModule ??= require('yaml') as typeof YamlModule);

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

/** What a file system entry is, in words, for the message that refuses it. */
function typeName(st: fs.Stats): string {
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function special(shown: string, st: fs.Stats): InputError {
  return new InputError(`${shown}: is ${typeName(st)}, not a regular file; special files are not read. Fix: pass regular manifest files, or pipe the content to \`cdk8s-flink lint -\`.`);
}

/**
 * Lists the files an argument stands for: the file itself, or a directory's manifests, sorted.
 * Symbolic links to files and directories are followed; a link that leads back into a directory
 * being walked, a dangling link and a special file with a manifest extension are errors.
 */
export function expandArg(arg: string, cwd: string): Source[] {
  const abs = path.resolve(cwd, arg);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new InputError(`${arg}: is a symbolic link loop. Fix: point the link at a real file or directory.`);
    }
    throw new InputError(`${arg}: no such file or directory. Fix: check the path (it is resolved from ${cwd === process.cwd() ? 'the current directory' : cwd}).`);
  }
  if (st.isDirectory()) {
    const out: string[] = [];
    walk(abs, out, cwd, new Set([realpath(abs)]), new Set());
    if (out.length === 0) {
      throw new InputError(`${arg}: directory has no manifests (*.yaml, *.yml, *.json, searched recursively). Fix: point at the directory that holds the manifests, e.g. the cdk8s output directory 'dist'.`);
    }
    return out.sort().map((file) => ({ file, fromDir: true }));
  }
  if (!st.isFile()) throw special(arg, st);
  return [{ file: abs, fromDir: false }];
}

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * Collects the manifests below `dir`. `ancestors` holds the real paths of the directories on the
 * way down (a link to one of them is a loop); `visited` every real directory walked, so a
 * directory reached through two links is read once.
 */
function walk(dir: string, out: string[], cwd: string, ancestors: Set<string>, visited: Set<string>): void {
  visited.add(realpath(dir));
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(`${displayName(dir, cwd)}: cannot read directory (${(e as NodeJS.ErrnoException).code ?? 'error'}). Fix: check its permissions.`);
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
    const full = path.join(dir, e.name);
    const manifestName = MANIFEST_EXT.test(e.name);
    if (e.isDirectory()) {
      walk(full, out, cwd, new Set([...ancestors, realpath(full)]), visited);
      continue;
    }
    if (e.isFile()) {
      if (manifestName) out.push(full);
      continue;
    }
    if (e.isSymbolicLink()) {
      const shown = displayName(full, cwd);
      let st: fs.Stats;
      try {
        st = fs.statSync(full);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') throw new InputError(`${shown}: is a symbolic link loop. Fix: point the link at a real file or directory, or remove it.`);
        if (!manifestName) continue;
        throw new InputError(`${shown}: is a symbolic link to a file that does not exist (${code ?? 'error'}). Fix: point the link at the manifest or remove it.`);
      }
      if (st.isDirectory()) {
        const real = realpath(full);
        if (ancestors.has(real)) {
          throw new InputError(`${shown}: symbolic link loop: it leads back to ${displayName(real, cwd)}, a directory that contains it. Fix: remove the link or point it elsewhere.`);
        }
        if (!visited.has(real)) walk(full, out, cwd, new Set([...ancestors, real]), visited);
        continue;
      }
      if (!manifestName) continue;
      if (!st.isFile()) throw special(shown, st);
      out.push(full);
      continue;
    }
    // Sockets, FIFOs and devices: a manifest name on one is refused rather than silently skipped.
    if (manifestName) {
      let st: fs.Stats | undefined;
      try {
        st = fs.lstatSync(full);
      } catch {
        st = undefined;
      }
      if (st) throw special(displayName(full, cwd), st);
    }
  }
}

/** The name a file is shown under: relative to cwd when inside it, otherwise absolute. */
export function displayName(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

/** Refuses input larger than the limit. */
export function tooLarge(shown: string, maxBytes: number, size?: number): InputError {
  const what = size !== undefined ? `is ${formatBytes(size)}, more than` : 'is larger than';
  return new InputError(`${shown}: ${what} the limit of ${formatBytes(maxBytes)} per file (limit maxFileBytes). Fix: split the manifests into smaller files, or raise the limit with --max-file-size.`);
}

/**
 * Reads a regular file's bytes, at most `maxBytes`, turning every failure into an InputError.
 * The file is opened first and checked by type and size on the open descriptor, so a device, a
 * FIFO or a file that grows while read is never read without bound.
 */
export function readBytes(abs: string, shown: string, maxBytes: number = resolveLimits(undefined).maxFileBytes): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not hang before it can be refused.
    fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new InputError(`${shown}: is a directory. Fix: pass it as a directory argument.`);
    if (code === 'ELOOP') throw new InputError(`${shown}: is a symbolic link loop. Fix: point the link at a real file.`);
    throw new InputError(`${shown}: cannot read file (${code ?? String(e)}). Fix: check the path and its permissions.`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`${shown}: is a directory. Fix: pass it as a directory argument.`);
    if (!st.isFile()) throw special(shown, st);
    if (st.size > maxBytes) throw tooLarge(shown, maxBytes, st.size);
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(shown, maxBytes);
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${shown}: cannot read file (${code ?? String(e)}). Fix: check the path and its permissions.`);
  } finally {
    fs.closeSync(fd);
  }
}

/** Decodes bytes as UTF-8 text, rejecting binary content and invalid UTF-8. */
export function decodeText(bytes: Buffer, shown: string): string {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    throw new InputError(`${shown}: is a binary file, not YAML or JSON text. Fix: pass only Kubernetes manifests (*.yaml, *.yml, *.json).`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    throw new InputError(`${shown}: is not valid UTF-8 text (an invalid byte sequence at line ${bad.line}) or is a binary file. Fix: save the file as UTF-8; pass only Kubernetes manifests (*.yaml, *.yml, *.json).`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The line of the first invalid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): { line: number } {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let n = 0;
    if (b < 0x80) n = 0;
    else if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) n = 2;
    else if (b >= 0xf0 && b <= 0xf4) n = 3;
    else return { line };
    for (let k = 1; k <= n; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return { line };
    if (b === 0x0a) line++;
    i += n + 1;
  }
  return { line };
}

const CORE_WITH_MERGE = jsyaml.CORE_SCHEMA.extend({ implicit: [(jsyaml as unknown as { types: { merge: jsyaml.Type } }).types.merge] });

/**
 * Text that the fast parser (js-yaml, core schema) may read differently from the `yaml` package
 * (YAML 1.2 core, the reference here): tags, directives, complex keys, 0b/signed octal integers,
 * null keys. Such files take the `yaml` path only.
 */
const FAST_PATH_UNSAFE: ReadonlyArray<readonly [string, RegExp]> = [
  ['!', /(?:^|[\s,[{])!/m],
  ['%', /^%/m],
  ['?', /^\s*\?\s/m],
  ['0o', /[-+]0o/],
  ['~', /(?:^|[\s,{])~\s*:/m],
];

/**
 * A binary integer as the `yaml` package reads it: `[\s:,[{-]\s*[-+]?0b[01]`. The `\s*` adds
 * nothing (a match through it also matches with its last blank as the first character), so the
 * pattern is tried only at the two places before each `0b`, not at every character of the text.
 */
const BINARY_INT = /[\s:,[{-][-+]?0b[01]/y;
function hasBinaryInt(text: string): boolean {
  for (let i = text.indexOf('0b'); i >= 0; i = text.indexOf('0b', i + 2)) {
    for (const start of [i - 2, i - 1]) {
      if (start < 0) continue;
      BINARY_INT.lastIndex = start;
      if (BINARY_INT.test(text)) return true;
    }
  }
  return false;
}

/** Whether the fast parser may read the text differently (each pattern runs only if its marker occurs). */
function fastPathUnsafe(text: string): boolean {
  return FAST_PATH_UNSAFE.some(([marker, re]) => text.includes(marker) && re.test(text)) || hasBinaryInt(text);
}

/** One candidate resource: a non-empty document, an item of a top-level list or of a Kubernetes List. */
interface Candidate {
  readonly value: any;
  /** Where it is: '' for a document, `item i` or `items[i]`. */
  readonly where: string;
}

/** Splits parsed documents into candidate resources, the same way for both parsers. */
function candidates(values: readonly unknown[]): Candidate[] {
  const out: Candidate[] = [];
  for (const value of values) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => out.push({ value: item, where: `item ${i}` }));
      continue;
    }
    const v = value as any;
    if (typeof v === 'object' && typeof v.kind === 'string' && /List$/.test(v.kind) && Array.isArray(v.items)) {
      v.items.forEach((item: unknown, i: number) => out.push({ value: item, where: `items[${i}]` }));
      continue;
    }
    out.push({ value, where: '' });
  }
  return out;
}

/** The documents of a text as parsed by the `yaml` package, with positions: the slow, exact path. */
interface Positioned {
  /** The YAML node of each candidate, in the order of `candidates`. */
  readonly nodes: Node[];
  readonly values: unknown[];
  pos(offset: number): Position;
}

function positionError(e: unknown, file: string, docs: readonly Document.Parsed[], pos: (o: number) => Position, limits: Required<InputLimits>): InputError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Excessive alias count/.test(msg)) {
    return new InputError(`${file}: YAML aliases expand to more than ${limits.maxAliasNodes.toLocaleString('en-US')} nodes (limit maxAliasNodes); an alias bomb. Fix: write the values out instead of nesting aliases.`);
  }
  // An alias whose anchor is not defined before it: find it for the line.
  for (const doc of docs) {
    let at: number | undefined;
    let name = '';
    yaml().visit(doc, {
      Alias(_k, node) {
        if (at === undefined && !node.resolve(doc)) {
          at = node.range ? node.range[0] : 0;
          name = node.source;
          return yaml().visit.BREAK;
        }
        return undefined;
      },
    });
    if (at !== undefined) {
      const p = pos(at);
      return new InputError(`${file}:${p.line}:${p.column}: YAML alias '*${name}' has no anchor '&${name}' before it. Fix: define the anchor first, or write the value out.`);
    }
  }
  return new InputError(`${file}: YAML cannot be read: ${msg.split('\n')[0]}. Fix: correct the YAML.`);
}

function parseWithPositions(text: string, file: string, limits: Required<InputLimits>): Positioned {
  const lineCounter = new (yaml().LineCounter)();
  let docs: Document.Parsed[];
  try {
    docs = yaml().parseAllDocuments(text, { lineCounter, uniqueKeys: true, merge: true }) as unknown as Document.Parsed[];
  } catch (e) {
    throw new InputError(`${file}: YAML cannot be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}. Fix: correct the YAML.`);
  }
  const list = Array.isArray(docs) ? docs : [];
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const p = pos(err.pos[0]);
      if (err.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(err.message)) {
        throw new InputError(`${file}:${p.line}:${p.column}: nesting is too deep for the YAML parser (limit maxDepth: ${limits.maxDepth} levels). Fix: no Kubernetes manifest nests this deep; check the file is what you meant to lint.`);
      }
      const what = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
      throw new InputError(`${file}:${p.line}:${p.column}: YAML does not parse: ${what}. Fix: correct the syntax at that line (indentation, quoting, brackets).`);
    }
  }
  const nodes: Node[] = [];
  const values: unknown[] = [];
  for (const doc of list) {
    const root = doc.contents;
    if (root === null || root === undefined || (yaml().isScalar(root) && (root.value === null || root.value === undefined))) {
      values.push(null);
      continue;
    }
    let value: any;
    try {
      // yaml's own bound on nested aliases; the expansion check below bounds the rest.
      value = doc.toJS({ maxAliasCount: limits.maxAliasNodes });
    } catch (e) {
      throw positionError(e, file, list, pos, limits);
    }
    values.push(value);
    if (yaml().isSeq(root) && Array.isArray(value)) {
      for (const item of root.items) nodes.push(item as Node);
      continue;
    }
    if (value && typeof value === 'object' && typeof value.kind === 'string' && /List$/.test(value.kind) && Array.isArray(value.items)) {
      const items = yaml().isMap(root) ? root.get('items', true) : undefined;
      if (yaml().isSeq(items)) {
        for (const item of items.items) nodes.push(item as Node);
        continue;
      }
    }
    nodes.push(root as Node);
  }
  return { nodes, values, pos };
}

/**
 * The documents of a text as plain values, through the fast parser (undefined when it refuses or
 * the text needs the exact one) or the exact one. Exposed so that tests can check both agree.
 */
export function parseDocumentValues(text: string, exact: boolean): unknown[] | undefined {
  return exact ? parseWithPositions(text, '<text>', resolveLimits(undefined)).values : parseFast(text);
}

/** Parses with js-yaml; undefined when it refuses or the text needs the exact path. */
function parseFast(text: string): unknown[] | undefined {
  if (fastPathUnsafe(text)) return undefined;
  try {
    return jsyaml.loadAll(text, undefined, { schema: CORE_WITH_MERGE, json: false });
  } catch {
    return undefined; // the exact path reports the error with its line
  }
}

/**
 * Parses the text of one file into resources. Values come from a fast parser; line and column are
 * computed only when asked for (a finding's location), from a second, exact parse of the file
 * done once, on first use. Text the fast parser refuses or may read differently goes through the
 * exact parser only, which also reports every syntax error with its line.
 * @param fromDir the file was found in a directory: documents that are not Kubernetes manifests
 *                (no apiVersion and no kind, e.g. a tsconfig.json) are skipped instead of failing.
 * @param limits  bounds for the exact parser (nested aliases); the file size is checked when reading,
 *                expansion and nesting by `checkManifests` before any rule walks the values.
 */
export function parseManifests(text: string, file: string, fromDir = false, limits?: InputLimits): SourceManifest[] {
  const lim = resolveLimits(limits);
  if (text.trim() === '') {
    throw new InputError(`${file}: file is empty. Fix: add Kubernetes manifests to it or leave it out.`);
  }
  if (/\.json$/i.test(file) || /^\s*[[{]/.test(text)) checkJson(text, file);

  let exact: Positioned | undefined;
  const positioned = (): Positioned => (exact ??= parseWithPositions(text, file, lim));
  const values = parseFast(text) ?? positioned().values;
  const list = candidates(values);
  const comments = readComments(text, file);
  if (list.length === 0) {
    throw new InputError(`${file}: file is empty (only comments or empty documents). Fix: add Kubernetes manifests to it or leave it out.`);
  }
  const nodeAt = (i: number): Node => {
    const nodes = positioned().nodes;
    return nodes[i] ?? nodes[nodes.length - 1];
  };
  const startOf = (i: number): Position => {
    const node = nodeAt(i);
    return positioned().pos(node && node.range ? node.range[0] : 0);
  };

  const out: SourceManifest[] = [];
  list.forEach((c, i) => {
    const value = c.value;
    const label = c.where ? ` (${c.where})` : '';
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const at = startOf(i);
      if (!c.where) {
        throw new InputError(`${file}:${at.line}:${at.column}: document is not a mapping (found ${value === null || typeof value !== 'object' ? 'a plain value' : 'something else'}). Fix: each YAML document must be one Kubernetes resource (apiVersion, kind, metadata, spec).`);
      }
      throw new InputError(`${file}:${at.line}:${at.column}: document${label} is not a mapping. Fix: each resource must be a mapping with apiVersion, kind, metadata and spec.`);
    }
    if (typeof value.kind !== 'string' || value.kind === '') {
      if (fromDir && value.apiVersion === undefined && value.kind === undefined) return; // not a manifest at all
      const at = startOf(i);
      throw new InputError(`${file}:${at.line}:${at.column}: document${label} has no 'kind'. Fix: add 'kind:' (e.g. kind: FlinkDeployment) and 'apiVersion:' (e.g. apiVersion: flink.apache.org/v1beta1).`);
    }
    let start: Position | undefined;
    out.push({
      file,
      manifest: value,
      get position() {
        return (start ??= startOf(i));
      },
      locate: (p: string) => positioned().pos(locateOffset(nodeAt(i), parsePath(p))),
      ...(comments ? { comments } : {}),
    });
  });
  return out;
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
  if (!yaml().isMap(map)) return undefined;
  for (const item of map.items) {
    if (!yaml().isPair(item)) continue;
    const k = item.key as Node | null;
    const name = k && yaml().isScalar(k) ? String(k.value) : undefined;
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
    if (yaml().isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      node = item;
      if (item.range) best = item.range[0];
      continue;
    }
    if (!yaml().isMap(node)) break;
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

/** Reads all of stdin, at most `maxBytes` (more is refused as soon as it arrives). */
export type StdinReader = (maxBytes: number) => Promise<Buffer | string>;

/**
 * Reads every input: files, directories (recursively, following symbolic links) and `-` (stdin,
 * read with `readStdin`). Throws InputError for anything that is not a readable, parseable
 * manifest file within the limits. A file reached twice (named twice, or through a link) is read once.
 */
export async function loadInputs(args: readonly string[], cwd: string, readStdin: StdinReader, limits?: InputLimits): Promise<LoadResult> {
  const lim = resolveLimits(limits);
  const manifests: SourceManifest[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === '-') {
      if (seen.has('-')) continue;
      seen.add('-');
      const raw = await readStdin(lim.maxFileBytes);
      const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf-8') : raw;
      if (bytes.length > lim.maxFileBytes) throw tooLarge(STDIN_NAME, lim.maxFileBytes);
      const text = decodeText(bytes, STDIN_NAME);
      manifests.push(...parseManifests(text, STDIN_NAME, false, lim));
      files.push(STDIN_NAME);
      continue;
    }
    const sources = expandArg(arg, cwd);
    let found = 0;
    let fresh = 0;
    for (const src of sources) {
      const real = realpath(src.file);
      if (seen.has(real)) continue;
      fresh++;
      seen.add(real);
      const shown = displayName(src.file, cwd);
      const text = decodeText(readBytes(src.file, shown, lim.maxFileBytes), shown);
      const got = parseManifests(text, shown, src.fromDir, lim);
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
