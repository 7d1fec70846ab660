/**
 * A small Flink SQL script splitter: statements end at `;` outside quotes ('...', "..."),
 * identifiers (`...`) and comments (-- and /* *\/); an `EXECUTE STATEMENT SET BEGIN ... END;`
 * block is one statement. Pure; no cdk8s.
 */

/** One statement of a script. */
export interface SqlStatement {
  /** The statement without comments, whitespace collapsed at both ends, without the final `;`. */
  readonly text: string;
  /** 1-based line where the statement starts. */
  readonly line: number;
  /** Whether it is an `EXECUTE STATEMENT SET BEGIN ... END` block. */
  readonly statementSet: boolean;
  /** Statements inside a statement set (without `;`), with their lines. */
  readonly inner: ReadonlyArray<{ readonly text: string; readonly line: number }>;
}

/** A problem that makes the script unusable. */
export interface SqlProblem {
  readonly line: number;
  readonly message: string;
  readonly fix: string;
}

/** The result of `splitSql`. */
export interface SqlSplit {
  readonly statements: SqlStatement[];
  readonly problems: SqlProblem[];
}

const SET_START = /^EXECUTE\s+STATEMENT\s+SET\s+BEGIN\b/i;

/** Shortens a statement for messages. */
export function excerpt(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 3)}...` : one;
}

/** Splits a Flink SQL script into statements and reports unterminated input. */
export function splitSql(script: string): SqlSplit {
  const statements: SqlStatement[] = [];
  const problems: SqlProblem[] = [];
  let line = 1;
  let code = ''; // current statement, comments removed
  let start = 0; // line where `code` got its first non-blank character
  // Statement set state.
  let inSet = false;
  let setLine = 0;
  let setHead = '';
  let inner: Array<{ text: string; line: number }> = [];
  let innerCode = '';
  let innerStart = 0;

  const append = (s: string) => {
    if (inSet) {
      if (innerCode.trim() === '' && s.trim() !== '') innerStart = line;
      innerCode += s;
    } else {
      if (code.trim() === '' && s.trim() !== '') start = line;
      code += s;
    }
  };

  const endStatement = () => {
    if (inSet) {
      const text = innerCode.trim();
      innerCode = '';
      if (/^END$/i.test(text)) {
        if (inner.length === 0) {
          problems.push({ line: setLine, message: `the statement set starting at line ${setLine} has no statements`, fix: "put one or more 'INSERT INTO ...;' between BEGIN and END, or remove the statement set" });
        }
        statements.push({ text: `${setHead}\n${inner.map((s) => `${s.text};`).join('\n')}\nEND`, line: setLine, statementSet: true, inner });
        inSet = false;
        inner = [];
      } else if (text !== '') {
        inner.push({ text, line: innerStart });
      }
      return;
    }
    const body = code.trimStart();
    const text = body.trimEnd();
    code = '';
    if (text === '') return;
    const head = SET_START.exec(text);
    if (head) {
      const after = body.slice(head[0].length);
      const restLine = start + (body.slice(0, head[0].length + after.length - after.trimStart().length).match(/\n/g) ?? []).length;
      // `EXECUTE STATEMENT SET BEGIN INSERT ...;` : the first `;` ends the first inner statement.
      inSet = true;
      setLine = start;
      setHead = 'EXECUTE STATEMENT SET\nBEGIN';
      inner = [];
      const rest = text.slice(head[0].length).trim();
      if (/^END$/i.test(rest)) {
        innerCode = rest;
        endStatement();
      } else if (rest !== '') {
        inner.push({ text: rest, line: restLine });
      }
      return;
    }
    statements.push({ text, line: start, statementSet: false, inner: [] });
  };

  const n = script.length;
  let i = 0;
  while (i < n) {
    const c = script[i];
    const next = script[i + 1];
    if (c === '\n') {
      line++;
      append(c);
      i++;
    } else if (c === '-' && next === '-') {
      const eol = script.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      append(' ');
    } else if (c === '/' && next === '*') {
      const open = line;
      const close = script.indexOf('*/', i + 2);
      if (close < 0) {
        problems.push({ line: open, message: `the comment opened at line ${open} is not closed`, fix: "close it with '*/'" });
        return { statements, problems };
      }
      const body = script.slice(i, close + 2);
      const newlines = (body.match(/\n/g) ?? []).length;
      line += newlines;
      append(newlines ? '\n' : ' ');
      i = close + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      const open = line;
      let j = i + 1;
      for (;;) {
        if (j >= n) {
          const what = c === '`' ? 'identifier' : 'string literal';
          problems.push({ line: open, message: `the ${what} opened at line ${open} is not closed`, fix: `close it with ${c} (write ${c}${c} for a ${c} inside it)` });
          return { statements, problems };
        }
        if (script[j] === c) {
          if (script[j + 1] === c) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      const body = script.slice(i, j + 1);
      append(body);
      line += (body.match(/\n/g) ?? []).length;
      i = j + 1;
    } else if (c === ';') {
      endStatement();
      i++;
    } else {
      append(c);
      i++;
    }
  }

  if (inSet) {
    const text = innerCode.trim();
    const what = /^END$/i.test(text) ? "ends with 'END' without ';'" : "has no 'END;'";
    problems.push({ line: setLine, message: `the statement set starting at line ${setLine} ${what}`, fix: "close it with 'END;' on its own line" });
  } else if (code.trim() !== '') {
    problems.push({
      line: start,
      message: `the statement starting at line ${start} ('${excerpt(code)}') is not terminated`,
      fix: "end it with ';'",
    });
  }
  return { statements, problems };
}

/** A `SET 'key' = 'value'` statement, parsed. */
export interface SqlSet {
  readonly key: string;
  readonly value: string;
}

/**
 * Parses a SET statement: `{key, value}` for `SET 'key' = 'value'`, `null` for SET without the
 * quoted form (an error for Flink's TableEnvironment), `undefined` for other statements or a bare `SET`.
 */
export function parseSet(text: string): SqlSet | null | undefined {
  if (!/^SET\b/i.test(text) || /^SET$/i.test(text.trim())) return undefined;
  const m = /^SET\s+'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'$/is.exec(text.trim());
  if (!m) return null;
  return { key: m[1].replace(/''/g, "'"), value: m[2].replace(/''/g, "'") };
}
