/**
 * The command-line grammar `cdk8s-flink lint` and `explain` share: `-` and words that do not start
 * with '-' are inputs, `--` ends the options, an option takes its value as `--flag value` or
 * `--flag=value`.
 */

/** One option as written. */
export interface CliOption {
  /** The option name, e.g. `--format`. */
  readonly flag: string;
  /** The argument as written, e.g. `--format=json`. */
  readonly raw: string;
  /** The value after '=', when written inline. */
  readonly inline?: string;
  /** The option's value (inline or the next argument); `example` goes into the error when it is missing. */
  value(example: string): string;
  /** The value, which must be one of `allowed` (`what` names it in the error, e.g. 'format'). */
  choice(example: string, allowed: readonly string[], what: string): string;
}

/**
 * Reads `argv` (the arguments after the command word): inputs are appended to `inputs`, each
 * option goes to `onOption`, which returns 'help' to stop. Errors are built with `fail`.
 */
export function readArgs(
  argv: readonly string[], inputs: string[], fail: (message: string) => Error, onOption: (o: CliOption) => 'help' | void,
): 'help' | void {
  const rest = [...argv];
  let onlyInputs = false;
  while (rest.length > 0) {
    const a = rest.shift() as string;
    if (onlyInputs || a === '-' || !a.startsWith('-')) {
      inputs.push(a);
      continue;
    }
    if (a === '--') {
      onlyInputs = true;
      continue;
    }
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (example: string): string => {
      const v = inline ?? rest.shift();
      if (v === undefined || v === '') throw fail(`option ${flag} needs a value. Fix: e.g. ${flag} ${example}.`);
      return v;
    };
    const choice = (example: string, allowed: readonly string[], what: string): string => {
      const v = value(example);
      if (!allowed.includes(v)) throw fail(`unknown ${what} '${v}'. Fix: use one of ${allowed.join(', ')}.`);
      return v;
    };
    if (onOption({ flag, raw: a, ...(inline !== undefined ? { inline } : {}), value, choice }) === 'help') return 'help';
  }
}
