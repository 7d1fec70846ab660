/**
 * `cdk8s-flink lint`: the library's rules for any YAML or JSON manifests, in the terminal and in CI.
 *
 *   cdk8s-flink lint [--operator-version 1.13|1.14|1.15|main] [--format text|json|sarif] [--strict]
 *                    [--previous <file|dir>] [--disable|--warn|--error <rule-id,...>]
 *                    [--config <file>] [--timing] <file|dir|->...
 *
 * Exit codes: 0 no errors (warnings allowed unless --strict), 1 findings at error level (or any
 * finding with --strict), 2 bad usage or bad input.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkRuleId } from '../validation/suppressions';
import { OperatorVersionId, RuleSeverity } from '../validation/types';
import { OPERATOR_VERSIONS, checkManifests } from './check';
import { CONFIG_FILE_NAME, ConfigError, LintConfig, findConfigFile, mergeConfigs, readConfigFile } from './config-file';
import { DirectiveError, commentSuppressions } from './directives';
import { LocatedFinding, OUTPUT_FORMATS, OutputFormat, formatJson, formatSarif, formatSummaryLine, formatText, summarise } from './format';
import { InputError, STDIN_NAME, SourceManifest, displayName, loadInputs, tooLarge } from './load';
import { DEFAULT_LIMITS, InputLimits, LimitError } from '../validation/limits';
import { capPerRule, formatOmitted } from './format';
import { readArgs } from './args';
import type { runExplain as RunExplain } from './explain';
import { PhaseTimes, timed } from './timing';

/** Where the CLI reads and writes; the defaults are the process's own streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of stdin (for the `-` argument), refusing more than `maxBytes`. */
  readonly readStdin?: (maxBytes: number) => Promise<Buffer | string>;
  /** Directory that relative paths are resolved from and shown relative to. @default process.cwd() */
  readonly cwd?: string;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export const USAGE = `Usage: cdk8s-flink lint [options] <file|dir|->...
       cdk8s-flink explain [options] <file|dir|->...   (a report for reviewers: cdk8s-flink explain --help)

Checks Flink Kubernetes Operator manifests (FlinkDeployment, FlinkSessionJob, FlinkStateSnapshot,
Confluent FlinkApplication) against the operator's CRD schema and validation rules. Other
resources (PVCs, ServiceAccounts, Secrets...) in the input are read as context.

Arguments:
  <file>      a YAML (multi-document) or JSON file
  <dir>       every *.yaml, *.yml and *.json below it
  -           read from stdin

Options:
  --operator-version <v>   operator release whose rules and CRDs apply: 1.13, 1.14, 1.15 (default) or main
  --format <f>             text (default), json or sarif
  --strict                 warnings fail too (exit 1)
  --previous <file|dir>    the currently deployed versions, for the upgrade checks (repeatable)
  --disable <rule-id,...>  turn rules off (repeatable)
  --warn <rule-id,...>     report these rules as warnings (repeatable)
  --error <rule-id,...>    report these rules as errors (repeatable)
  --config <file>          settings file (default: the nearest ${CONFIG_FILE_NAME} upward from
                           the first input)
  --max-file-size <MiB>    largest file (or stdin) read (default ${DEFAULT_LIMITS.maxFileBytes / 1024 / 1024})
  --max-findings <n>       findings printed per rule, the rest counted (default ${DEFAULT_LIMITS.maxFindingsPerRule})
  --timing                 print on stderr where the time went: reading and parsing, schema checks,
                           each rule set, output
  -h, --help               show this help
  --version                print the version

Exit codes: 0 no errors, 1 errors found (or warnings with --strict), 2 bad usage or bad input.
`;

class UsageError extends Error {}

interface LintArgs {
  /** Undefined: from the settings file, else 1.15. */
  operatorVersion?: OperatorVersionId;
  format: OutputFormat;
  strict: boolean;
  previous: string[];
  inputs: string[];
  /** Severities from --disable, --warn and --error. */
  rules: Record<string, RuleSeverity>;
  config?: string;
  limits: { maxFileBytes?: number; maxFindingsPerRule?: number };
  timing: boolean;
}

const SEVERITY_FLAGS: Record<string, RuleSeverity> = { '--disable': 'off', '--warn': 'warning', '--error': 'error' };

function parseArgs(argv: readonly string[]): LintArgs | 'help' | 'version' {
  const args: LintArgs = { format: 'text', strict: false, previous: [], inputs: [], rules: {}, limits: {}, timing: false };
  const rest = [...argv];
  if (rest[0] === '-h' || rest[0] === '--help' || rest[0] === 'help') return 'help';
  if (rest[0] === '--version' || rest[0] === '-v') return 'version';
  if (rest.length === 0) throw new UsageError('missing command. Fix: run `cdk8s-flink lint <file|dir|->...`.');
  const cmd = rest.shift();
  if (cmd !== 'lint') throw new UsageError(`unknown command '${cmd}'. Fix: the commands are 'lint' and 'explain', e.g. \`cdk8s-flink lint dist/\`.`);
  const stop = readArgs(rest, args.inputs, (m) => new UsageError(m), (o) => {
    const { flag } = o;
    const value = () => o.value(hint(flag));
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--operator-version':
        args.operatorVersion = o.choice(hint(flag), OPERATOR_VERSIONS, 'operator version') as OperatorVersionId;
        break;
      case '--format':
        args.format = o.choice(hint(flag), OUTPUT_FORMATS, 'format') as OutputFormat;
        break;
      case '--strict':
        if (o.inline !== undefined) throw new UsageError('option --strict takes no value. Fix: write --strict alone.');
        args.strict = true;
        break;
      case '--timing':
        if (o.inline !== undefined) throw new UsageError('option --timing takes no value. Fix: write --timing alone.');
        args.timing = true;
        break;
      case '--previous':
        args.previous.push(value());
        break;
      case '--disable':
      case '--warn':
      case '--error':
        for (const id of value().split(',').map((x) => x.trim()).filter((x) => x !== '')) {
          const bad = checkRuleId(id, `option ${flag}`);
          if (bad) throw new UsageError(bad);
          args.rules[id] = SEVERITY_FLAGS[flag];
        }
        break;
      case '--config':
        args.config = value();
        break;
      case '--max-file-size':
        args.limits.maxFileBytes = Math.round(positive(flag, value()) * 1024 * 1024);
        break;
      case '--max-findings':
        args.limits.maxFindingsPerRule = positive(flag, value(), true);
        break;
      default:
        throw new UsageError(`unknown option '${o.raw}'. Fix: see \`cdk8s-flink lint --help\`.`);
    }
    return undefined;
  });
  if (stop === 'help') return 'help';
  if (args.inputs.length === 0) {
    throw new UsageError('no input files. Fix: name files, directories or - for stdin, e.g. `cdk8s-flink lint dist/`.');
  }
  return args;
}

const LIMIT_FIX: Record<string, string> = {
  maxAliasNodes: 'write the values out instead of repeating large anchors, or check the file is what you meant to lint.',
  maxDepth: 'no Kubernetes manifest nests this deep; check the file is what you meant to lint.',
  maxConfigKeys: 'no Flink configuration needs this many keys; check the file is what you meant to lint.',
};

/** A limit reached by one resource, as bad input naming its file (and line, when it can be found). */
function limitInputError(e: LimitError, sources: readonly SourceManifest[]): InputError {
  const src = e.index !== undefined ? sources[e.index] : undefined;
  let where = src ? src.file : 'input';
  if (src) {
    try {
      where = `${src.file}:${src.position.line}:${src.position.column}`;
    } catch (err) {
      if (err instanceof InputError) return err; // the exact parser names the problem itself
    }
  }
  return new InputError(`${where}: ${e.message.replace(/^resource \d+: /, '')}. Fix: ${LIMIT_FIX[e.limit] ?? 'check the file is what you meant to lint.'}`);
}

function positive(flag: string, v: string, whole = false): number {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0) || (whole && !Number.isInteger(n))) {
    throw new UsageError(`option ${flag} needs a ${whole ? 'whole ' : ''}number above 0, not '${v}'. Fix: e.g. ${flag} ${hint(flag)}.`);
  }
  return n;
}

function hint(flag: string): string {
  switch (flag) {
    case '--max-file-size': return '64';
    case '--max-findings': return '1000';
    case '--operator-version': return 'main';
    case '--format': return 'json';
    case '--disable':
    case '--warn':
    case '--error': return 'state-dir-node-local';
    case '--config': return CONFIG_FILE_NAME;
    default: return 'deployed/';
  }
}

function toolVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Reads the process's stdin, refusing a device (`- < /dev/zero`) by type and stopping as soon as
 * more than `maxBytes` arrived, so endless input never grows memory.
 */
const readProcessStdin = (maxBytes: number): Promise<Buffer> => new Promise((resolve, reject) => {
  try {
    const st = fs.fstatSync(0);
    // Pipes and sockets (what a parent process passes) are read; devices other than a terminal are not.
    if ((st.isCharacterDevice() && !process.stdin.isTTY) || st.isBlockDevice()) {
      const what = st.isCharacterDevice() ? 'a character device' : 'a block device';
      reject(new InputError(`${STDIN_NAME}: is ${what}, not a file or a pipe; devices are not read. Fix: redirect a manifest file into stdin, or name the file.`));
      return;
    }
  } catch {
    // No descriptor information: rely on the byte limit below.
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const onData = (c: Buffer) => {
    total += c.length;
    if (total > maxBytes) {
      process.stdin.off('data', onData);
      process.stdin.pause();
      process.stdin.destroy();
      reject(tooLarge(STDIN_NAME, maxBytes));
      return;
    }
    chunks.push(c);
  };
  process.stdin.on('data', onData);
  process.stdin.on('end', () => resolve(Buffer.concat(chunks, total)));
  process.stdin.on('error', reject);
});

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code. Never
 * throws: every failure becomes a message on stderr and exit code 2.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (argv[0] === 'explain') return (require('./explain').runExplain as typeof RunExplain)(argv.slice(1), io); // the report modules load only for explain
  const cwd = io.cwd ?? process.cwd();
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    if (parsed === 'version') {
      io.stdout(`${toolVersion()}\n`);
      return EXIT_OK;
    }
    if (parsed.inputs.filter((i) => i === '-').length > 0 && !io.readStdin) {
      throw new UsageError('stdin (-) is not available here.');
    }
    const limits: InputLimits = parsed.limits;
    const timing = parsed.timing ? new PhaseTimes() : undefined;
    const readInputs = () => loadInputs(parsed.inputs, cwd, io.readStdin ?? (() => Promise.resolve('')), limits);
    const loaded = await (timing ? timing.timeAsync('read and parse the input', readInputs) : readInputs());
    let previous: any[] | undefined;
    if (parsed.previous.length > 0) {
      if (parsed.previous.includes('-')) throw new UsageError('--previous cannot read stdin. Fix: save the deployed manifests to a file (e.g. kubectl get flinkdeployment NAME -o yaml > prev.yaml).');
      const readPrevious = () => loadInputs(parsed.previous, cwd, () => Promise.resolve(''), limits);
      const prev = await (timing ? timing.timeAsync('read and parse --previous', readPrevious) : readPrevious());
      previous = prev.manifests.map((m) => m.manifest);
    }
    const sources: SourceManifest[] = loaded.manifests;
    const settings = mergeConfigs(settingsFile(parsed, cwd), {
      rules: parsed.rules,
      ...(parsed.operatorVersion ? { operatorVersion: parsed.operatorVersion } : {}),
      ...(parsed.strict ? { strict: true } : {}),
    });
    const strict = settings.strict === true;
    let findings;
    try {
      findings = checkManifests(sources.map((s) => s.manifest), {
        operatorVersion: settings.operatorVersion ?? '1.15',
        mode: 'lint',
        ...(previous ? { previous } : {}),
        ...(settings.external ? { external: settings.external } : {}),
        rules: settings.rules,
        suppressions: [...settings.suppressions ?? [], ...commentSuppressions(sources)],
        lineOf: (index, p) => sources[index].locate(p).line,
        limits,
        ...(timing ? { timing } : {}),
      });
    } catch (e) {
      if (!(e instanceof LimitError)) throw e;
      throw limitInputError(e, sources);
    }
    const located: LocatedFinding[] = timed(timing, 'line and column of each finding', () => findings.map((f) => {
      const src = sources[f.index];
      if (!src) return { file: f.source?.file ?? '', line: f.source?.line ?? 1, column: 1, finding: f };
      const at = f.source && f.source.file === src.file ? { line: f.source.line, column: 1 } : src.locate(f.path);
      return { file: src.file, line: at.line, column: at.column, finding: f };
    }));
    const summary = summarise(located, loaded.files.length, sources.length, strict);
    const capped = capPerRule(located, parsed.limits.maxFindingsPerRule ?? DEFAULT_LIMITS.maxFindingsPerRule);
    timed(timing, 'format and write the findings', () => {
      switch (parsed.format) {
        case 'json':
          io.stdout(formatJson(capped.shown, summary, capped.omitted));
          break;
        case 'sarif':
          io.stdout(formatSarif(capped.shown, toolVersion(), capped.omitted));
          break;
        default:
          io.stdout(formatText(capped.shown.filter((l) => !l.finding.suppressed)));
          io.stderr(formatOmitted(capped.omitted, capped.max));
          io.stderr(formatSummaryLine(summary));
      }
    });
    if (timing) io.stderr(timing.format());
    if (summary.errors > 0) return EXIT_FINDINGS;
    if (strict && summary.warnings > 0) return EXIT_FINDINGS;
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cdk8s-flink: ${e.message}\n\n${USAGE}`);
    } else if (e instanceof InputError || e instanceof ConfigError || e instanceof DirectiveError) {
      io.stderr(`cdk8s-flink: ${e.message}\n`);
    } else {
      const msg = e instanceof Error ? e.message : String(e);
      io.stderr(`cdk8s-flink: internal error: ${msg.split('\n')[0]}. This is a bug in cdk8s-flink; please report it with the input that caused it.\n`);
    }
    return EXIT_USAGE;
  }
}

/**
 * The settings file: --config, else the nearest one upward from the first input (from the working
 * directory for stdin), else none.
 */
function settingsFile(args: LintArgs, cwd: string): LintConfig | undefined {
  if (args.config) {
    const abs = path.resolve(cwd, args.config);
    if (!fs.existsSync(abs)) throw new ConfigError(`${args.config}: no such settings file. Fix: check the path given to --config.`);
    return readConfigFile(abs, displayName(abs, cwd));
  }
  const first = args.inputs.find((i) => i !== '-');
  let dir = cwd;
  if (first) {
    const abs = path.resolve(cwd, first);
    dir = fs.existsSync(abs) && fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
  }
  const found = findConfigFile(dir);
  return found ? readConfigFile(found, displayName(found, cwd)) : undefined;
}

/** Entry point of bin/cdk8s-flink.js: process streams in, exit code out. */
export function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  return runCli(argv, {
    stdout: (t) => { process.stdout.write(t); },
    stderr: (t) => { process.stderr.write(t); },
    readStdin: readProcessStdin,
  }).then((code) => {
    process.exitCode = code;
  });
}
