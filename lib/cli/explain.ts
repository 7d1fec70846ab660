/**
 * `cdk8s-flink explain`: what a set of manifests deploys, where its state lives and what a change
 * does, as Markdown (for pull requests), HTML or JSON. Reads inputs with the same loader and checks
 * them with the same rules as `lint`.
 *
 *   cdk8s-flink explain [--format markdown|html|json] [--operator-version 1.13|1.14|1.15|main]
 *                       [--previous <file|dir>] [--title <text>] [--output <file>] <file|dir|->...
 */
import * as fs from 'fs';
import * as path from 'path';
import { explain, renderHtml, renderJson, renderMarkdown } from '../report';
import { OperatorVersionId } from '../validation/types';
import { readArgs } from './args';
import { checkManifests, OPERATOR_VERSIONS } from './check';
import { InputError, loadInputs } from './load';
import { LimitError } from '../validation/limits';
import { redactReport } from '../validation/secrets';
import type { CliIo } from './main';

export const EXPLAIN_FORMATS = ['markdown', 'html', 'json'] as const;
export type ExplainFormat = typeof EXPLAIN_FORMATS[number];

export const EXPLAIN_USAGE = `Usage: cdk8s-flink explain [options] <file|dir|->...

Explains Flink Kubernetes Operator manifests for a reviewer: which jobs run on which clusters, where
each job's state lives and what it survives, the effective configuration with the source of each
value, the findings of \`cdk8s-flink lint\`, and with --previous what the change does to running jobs.

Options:
  --format <f>             markdown (default; Mermaid diagram, renders on GitHub and GitLab), html or json
  --operator-version <v>   operator release whose rules apply: 1.13, 1.14, 1.15 (default) or main
  --previous <file|dir>    the currently deployed manifests: the report starts with a change summary (repeatable)
  --title <text>           report title (default: Flink deployment report)
  --output <file>          write the report to a file instead of stdout
  -h, --help               show this help

Exit codes: 0 report written (whatever the findings), 2 bad usage or bad input.
`;

class ExplainUsageError extends Error {}

interface ExplainArgs {
  format: ExplainFormat;
  operatorVersion: OperatorVersionId;
  previous: string[];
  title?: string;
  output?: string;
  inputs: string[];
}

function parse(argv: readonly string[]): ExplainArgs | 'help' {
  const args: ExplainArgs = { format: 'markdown', operatorVersion: '1.15', previous: [], inputs: [] };
  const stop = readArgs(argv, args.inputs, (m) => new ExplainUsageError(m), (o) => {
    switch (o.flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--format':
        args.format = o.choice('html', EXPLAIN_FORMATS, 'format') as ExplainFormat;
        break;
      case '--operator-version':
        args.operatorVersion = o.choice('main', OPERATOR_VERSIONS, 'operator version') as OperatorVersionId;
        break;
      case '--previous':
        args.previous.push(o.value('deployed/'));
        break;
      case '--title':
        args.title = o.value("'orders pipeline'");
        break;
      case '--output':
        args.output = o.value('flink-report.md');
        break;
      default:
        throw new ExplainUsageError(`unknown option '${o.raw}'. Fix: see \`cdk8s-flink explain --help\`.`);
    }
    return undefined;
  });
  if (stop === 'help') return 'help';
  if (args.inputs.length === 0) throw new ExplainUsageError('no input files. Fix: name files, directories or - for stdin, e.g. `cdk8s-flink explain dist/`.');
  if (args.previous.includes('-')) throw new ExplainUsageError('--previous cannot read stdin. Fix: save the deployed manifests to a file.');
  return args;
}

/** Runs `cdk8s-flink explain` (argv after the command word). Never throws. */
export async function runExplain(argv: readonly string[], io: CliIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  try {
    const args = parse(argv);
    if (args === 'help') {
      io.stdout(EXPLAIN_USAGE);
      return 0;
    }
    if (args.inputs.includes('-') && !io.readStdin) throw new ExplainUsageError('stdin (-) is not available here.');
    const loaded = await loadInputs(args.inputs, cwd, io.readStdin ?? (() => Promise.resolve('')));
    const manifests = loaded.manifests.map((s) => s.manifest);
    const previous = args.previous.length
      ? (await loadInputs(args.previous, cwd, () => Promise.resolve(''))).manifests.map((s) => s.manifest)
      : undefined;
    const findings = checkManifests(manifests, { operatorVersion: args.operatorVersion, mode: 'lint', ...(previous ? { previous } : {}) });
    const report = explain(manifests, {
      operatorVersion: args.operatorVersion, findings,
      ...(previous ? { previous } : {}), ...(args.title !== undefined ? { title: args.title } : {}),
    });
    const text = redactReport(args.format === 'html' ? renderHtml(report) : args.format === 'json' ? renderJson(report) : renderMarkdown(report), [...manifests, ...(previous ?? [])], args.format === 'html');
    if (args.output) {
      const out = path.resolve(cwd, args.output);
      try {
        fs.writeFileSync(out, text);
      } catch (e) {
        throw new InputError(`${args.output}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? 'error'}). Fix: check that the directory exists and is writable.`);
      }
    } else {
      io.stdout(text);
    }
    return 0;
  } catch (e) {
    if (e instanceof ExplainUsageError) io.stderr(`cdk8s-flink explain: ${e.message}\n\n${EXPLAIN_USAGE}`);
    else if (e instanceof InputError) io.stderr(`cdk8s-flink: ${e.message}\n`);
    else if (e instanceof LimitError) io.stderr(`cdk8s-flink: ${e.message}. Fix: check the input is what you meant to explain.\n`);
    else io.stderr(`cdk8s-flink explain: internal error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}. This is a bug in cdk8s-flink; please report it with the input that caused it.\n`);
    return 2;
  }
}
