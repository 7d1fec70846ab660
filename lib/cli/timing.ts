/**
 * `cdk8s-flink lint --timing`: where one run's time went, phase by phase and rule set by rule set,
 * printed on stderr after the summary.
 */
import type { RuleSet } from '../validation/types';

/** Times of the phases of one run, in the order they first ran. */
export class PhaseTimes {
  private readonly ms = new Map<string, number>();
  private readonly cpuAtStart = process.cpuUsage();
  /** Milliseconds from the process's start to the moment the CLI began (node start-up, loading the CLI). */
  private readonly startup = performance.now();

  /** Time of the phases timed so far, nested ones included: what an enclosing phase subtracts. */
  private timed = 0;

  /** Runs `fn`, adding its wall-clock time to `label`, less that of the phases timed inside it. */
  public time<T>(label: string, fn: () => T): T {
    const t0 = performance.now();
    const inner = this.timed;
    try {
      return fn();
    } finally {
      this.close(label, t0, inner);
    }
  }

  /** Runs the async `fn`, adding its wall-clock time to `label`, less that of the phases timed inside it. */
  public async timeAsync<T>(label: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const inner = this.timed;
    try {
      return await fn();
    } finally {
      this.close(label, t0, inner);
    }
  }

  /** Each rule set of `rules`, timed under its own label. */
  public rules(rules: readonly RuleSet[]): RuleSet[] {
    return rules.map((rule, i) => {
      const label = `rules: ${ruleSetName(rule, i)}`;
      return (ctx) => this.time(label, () => rule(ctx));
    });
  }

  /** The table printed by `--timing`. */
  public format(): string {
    const total = performance.now();
    const rows: [string, number][] = [['start-up (node, loading the CLI)', this.startup], ...this.ms];
    const measured = rows.reduce((s, [, v]) => s + v, 0);
    rows.push(['other (settings, bookkeeping, garbage collection between phases)', Math.max(0, total - measured)]);
    const width = Math.max(...rows.map(([l]) => l.length), 'phase'.length);
    const line = (label: string, ms: string, pct: string) => `${label.padEnd(width)}  ${ms.padStart(9)}  ${pct.padStart(6)}\n`;
    let out = `\nTiming (wall-clock, from the process's start):\n${line('phase', 'ms', '%')}`;
    for (const [label, v] of rows) out += line(label, v.toFixed(1), ((v / total) * 100).toFixed(1));
    out += line('total', total.toFixed(1), '100.0');
    const cpu = process.cpuUsage(this.cpuAtStart);
    out += `CPU time since the CLI began (user + system, every thread of the process, V8's compiler and garbage collector threads included): ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms\n`;
    return out;
  }

  private close(label: string, t0: number, timedBefore: number): void {
    const elapsed = performance.now() - t0;
    const nested = this.timed - timedBefore;
    this.ms.set(label, (this.ms.get(label) ?? 0) + Math.max(0, elapsed - nested));
    this.timed = timedBefore + elapsed;
  }
}

/** Runs `fn` under `label` when `timing` records the run, else just runs it. */
export function timed<T>(timing: PhaseTimes | undefined, label: string, fn: () => T): T {
  return timing ? timing.time(label, fn) : fn();
}

/** `flinkConfigRules` -> `flink-config`; an anonymous rule set gets its position. */
function ruleSetName(rule: RuleSet, i: number): string {
  const name = rule.name.replace(/Rules$/, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return name !== '' ? name : `rule set ${i + 1}`;
}
