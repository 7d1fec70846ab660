/**
 * Suppression comments in hand-written YAML, eslint style:
 *
 *   # cdk8s-flink-disable-next-line rule-id[, rule-id] -- reason
 *   # cdk8s-flink-disable rule-id[, rule-id] -- reason        (the whole file)
 *
 * `disable-next-line` covers the findings whose field is on the next line that is neither blank nor
 * a comment; `disable` covers every resource of the file. Only whole-line comments count.
 */
import { parseDirective } from '../validation/suppressions';
import { Suppression } from '../validation/types';

/** One suppression comment of a file. */
export interface CommentDirective {
  /** 1-based line of the comment. */
  readonly line: number;
  /** The line it covers (`disable-next-line`; -1 when no line follows), or undefined for the whole file. */
  readonly target?: number;
  /** The text after the directive name. */
  readonly text: string;
}

/** The suppression comments of one file, shared by all its resources. */
export interface FileComments {
  readonly file: string;
  readonly directives: readonly CommentDirective[];
}

/** A whole-line comment naming a cdk8s-flink-disable... or cdk8s-flink-enable... directive (misspelt ones included). */
const DIRECTIVE = /^\s*#\s*(cdk8s-flink-(?:disable|enable)[a-z-]*)(.*)$/;
const NEXT_LINE = 'cdk8s-flink-disable-next-line';
const FILE_LEVEL = 'cdk8s-flink-disable';

/** Error in a suppression comment: file:line, what is wrong and the fix. */
export class DirectiveError extends Error {}

/** Reads the suppression comments of a file's text; undefined when it has none. */
export function readComments(text: string, file: string): FileComments | undefined {
  if (!text.includes('cdk8s-flink-disable') && !text.includes('cdk8s-flink-enable')) return undefined;
  const lines = text.split(/\r?\n/);
  const directives: CommentDirective[] = [];
  lines.forEach((l, i) => {
    const m = DIRECTIVE.exec(l);
    if (!m) return;
    const name = m[1];
    const line = i + 1;
    if (name === FILE_LEVEL) {
      directives.push({ line, text: m[2] });
    } else if (name === NEXT_LINE) {
      let t = i + 1;
      while (t < lines.length && (lines[t].trim() === '' || lines[t].trim().startsWith('#'))) t++;
      directives.push({ line, target: t < lines.length ? t + 1 : -1, text: m[2] });
    } else {
      throw new DirectiveError(`${file}:${line}: unknown directive '${name}'. Fix: write '# ${NEXT_LINE} rule-id -- reason' or '# ${FILE_LEVEL} rule-id -- reason' (whole file).`);
    }
  });
  return directives.length > 0 ? { file, directives } : undefined;
}

/** A resource as the directives see it: its file's comments and where it starts. */
export interface CommentedSource {
  readonly comments?: FileComments;
  readonly position: { readonly line: number };
}

/**
 * Turns the comments of every file into suppressions over resource indexes (positions in
 * `sources`). Throws DirectiveError (file:line) for an unknown rule id, a missing reason, or a
 * `disable-next-line` with no line after it.
 */
export function commentSuppressions(sources: readonly CommentedSource[]): Suppression[] {
  const byFile = new Map<FileComments, number[]>();
  sources.forEach((s, i) => {
    if (!s.comments) return;
    const list = byFile.get(s.comments) ?? [];
    list.push(i);
    byFile.set(s.comments, list);
  });
  const out: Suppression[] = [];
  for (const [comments, indexes] of byFile) {
    for (const d of comments.directives) {
      const where = `${comments.file}:${d.line}`;
      const parsed = parseDirective(d.text, `the comment at ${where}`);
      if (typeof parsed === 'string') throw new DirectiveError(`${where}: ${parsed}`);
      let scope = indexes;
      if (d.target !== undefined) {
        if (d.target < 0) throw new DirectiveError(`${where}: '${NEXT_LINE}' is the last line of the file. Fix: put it on the line above the field it is about.`);
        // The resource that contains the target line: the last one starting at or before it.
        const owner = indexes.filter((i) => sources[i].position.line <= d.target!).pop() ?? indexes[0];
        scope = [owner];
      }
      for (const rule of parsed.rules) {
        out.push({
          rule,
          reason: parsed.reason,
          kind: 'inSource',
          where,
          source: { file: comments.file, line: d.line },
          indexes: scope,
          ...(d.target !== undefined ? { line: d.target } : {}),
        });
      }
    }
  }
  return out;
}
