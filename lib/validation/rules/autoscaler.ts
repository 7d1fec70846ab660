import { lookup } from '../config-keys';
import { OperatorVersionId, Severity } from '../types';
import { isBlank, parseFlinkBoolean, parseFlinkDuration } from '../values';
import { RuleInfo } from './info';

/**
 * The operator's autoscaler option checks (A1-A12) and the metric-window check (R32). They run on
 * an effective flinkConfiguration: a FlinkDeployment's own (R31), or a session cluster's overlaid
 * with a session job's (S12). Nothing is checked unless `job.autoscaler.enabled` is true.
 */

export const AUTOSCALER_PREFIX = 'job.autoscaler.';
/** The prefix the operator read before the autoscaler became a module; still read as a fallback. */
export const LEGACY_AUTOSCALER_PREFIX = 'kubernetes.operator.job.autoscaler.';

const RECONCILE_INTERVAL_KEY = 'kubernetes.operator.reconcile.interval';
const DEFAULT_RECONCILE_INTERVAL_MS = 60_000;
const DEFAULT_METRICS_WINDOW_MS = 15 * 60_000;
const DEFAULT_UTILIZATION_TARGET = 0.7;

/** A problem found by the autoscaler checks, before it is tied to a resource and a field path. */
export interface AutoscalerIssue {
  readonly rule: string;
  readonly ref: string;
  readonly severity: Severity;
  /** The config key the finding is about (the key as written, or the primary key when unset). */
  readonly key: string;
  readonly message: string;
  readonly fix: string;
}

const plainKeys = new Map<string, readonly string[]>();
const PLAIN_KEYS_MAX = 1000;

/** The keys an autoscaler option is read from, in the operator's order. */
export function autoscalerKeys(suffix: string, deprecated?: readonly string[]): readonly string[] {
  // Without deprecated names (most calls, once per resource each): the list is made once per suffix.
  if (deprecated === undefined || deprecated.length === 0) {
    let keys = plainKeys.get(suffix);
    if (!keys) {
      keys = Object.freeze([AUTOSCALER_PREFIX + suffix, LEGACY_AUTOSCALER_PREFIX + suffix]);
      if (plainKeys.size < PLAIN_KEYS_MAX) plainKeys.set(suffix, keys);
    }
    return keys;
  }
  return [
    AUTOSCALER_PREFIX + suffix,
    ...deprecated.map((d) => AUTOSCALER_PREFIX + d),
    LEGACY_AUTOSCALER_PREFIX + suffix,
    ...deprecated.map((d) => LEGACY_AUTOSCALER_PREFIX + d),
  ];
}

function flag(config: Record<string, string>, suffix: string): boolean {
  const hit = lookup(config, autoscalerKeys(suffix));
  return hit !== undefined && parseFlinkBoolean(hit.value) === true;
}

/** Whether the autoscaler is enabled in this config (`job.autoscaler.enabled: true`). */
export function autoscalerEnabled(config: Record<string, string>): boolean {
  return flag(config, 'enabled');
}

/**
 * Java's Double.parseDouble, minus hex floats. `NaN` is a number to Java: the operator's range
 * checks (`value < min || value > max`) are both false for it, so it passes them.
 */
export function parseJavaDouble(text: string): number | undefined {
  const t = text.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(t)) return parseFloat(t.replace(/[dDfF]$/, ''));
  if (/^[+-]?Infinity$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?NaN$/.test(t)) return NaN;
  return undefined;
}

/** Java double formatting as in the operator's messages: `0.0`, `0.7`, `-Infinity`, `+Infinity`. */
function javaDouble(n: number, signedInfinity = true): string {
  if (n === Infinity) return signedInfinity ? '+Infinity' : 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

interface RangeOption {
  readonly ref: string;
  readonly suffix: string;
  readonly deprecated?: readonly string[];
  readonly min: (target: number) => number;
  readonly max: (target: number) => number;
  /** Whether the check runs at all for this operator version and config. */
  readonly when?: (version: OperatorVersionId, config: Record<string, string>) => boolean;
  readonly meaning: string;
}

const mainOnly = (v: OperatorVersionId) => v === 'main';
const ZERO = () => 0;
const ONE = () => 1;
const INF = () => Infinity;

const RANGE_OPTIONS: readonly RangeOption[] = [
  { ref: 'A1', suffix: 'scale-down.max-factor', min: ZERO, max: INF, meaning: 'the largest fraction a scale-down may remove' },
  { ref: 'A2', suffix: 'scale-up.max-factor', min: ZERO, max: INF, meaning: 'the largest factor a scale-up may add' },
  { ref: 'A3', suffix: 'utilization.target', deprecated: ['target.utilization'], min: ZERO, max: ONE, meaning: 'the target busy-time ratio of each vertex' },
  { ref: 'A4', suffix: 'target.utilization.boundary', min: ZERO, max: INF, meaning: 'the tolerance around the target utilization' },
  { ref: 'A5', suffix: 'utilization.max', min: (t) => t, max: ONE, meaning: 'the utilization above which the job scales up' },
  { ref: 'A6', suffix: 'utilization.min', min: ZERO, max: (t) => t, meaning: 'the utilization below which the job scales down' },
  { ref: 'A7', suffix: 'memory.gc-pressure.threshold', min: ZERO, max: ONE, when: mainOnly, meaning: 'the GC time ratio that blocks scaling' },
  { ref: 'A8', suffix: 'memory.heap-usage.threshold', min: ZERO, max: ONE, when: mainOnly, meaning: 'the heap usage ratio that blocks scaling' },
  {
    ref: 'A9',
    suffix: 'observed-scalability.coefficient-min',
    min: () => 0.01,
    max: ONE,
    when: (v, c) => v !== 'main' || flag(c, 'observed-scalability.enabled'),
    meaning: 'the smallest scalability coefficient the autoscaler trusts',
  },
  {
    ref: 'A10',
    suffix: 'scaling.effectiveness.threshold',
    min: ZERO,
    max: ONE,
    when: (v, c) => v === 'main' && flag(c, 'scaling.effectiveness.detection.enabled'),
    meaning: 'the gain below which a scale-up counts as ineffective',
  },
  {
    ref: 'A11',
    suffix: 'memory.tuning.overhead',
    min: ZERO,
    max: ONE,
    when: (v, c) => v === 'main' && flag(c, 'memory.tuning.enabled'),
    meaning: 'the extra memory kept on top of the tuned sizes',
  },
];

/**
 * All autoscaler findings (A1-A12, R32) for an effective config. Empty when the autoscaler is not
 * enabled.
 */
export function autoscalerIssues(config: Record<string, string>, version: OperatorVersionId): AutoscalerIssue[] {
  if (!autoscalerEnabled(config)) return [];
  const issues: AutoscalerIssue[] = [];

  const targetHit = lookup(config, autoscalerKeys('utilization.target', ['target.utilization']));
  const parsedTarget = targetHit ? parseJavaDouble(targetHit.value) : undefined;
  const target = parsedTarget ?? DEFAULT_UTILIZATION_TARGET;

  for (const opt of RANGE_OPTIONS) {
    if (opt.when && !opt.when(version, config)) continue;
    const hit = lookup(config, autoscalerKeys(opt.suffix, opt.deprecated));
    if (!hit) continue;
    const value = parseJavaDouble(hit.value);
    const min = opt.min(target);
    const max = opt.max(target);
    const range = `[${javaDouble(min)}, ${javaDouble(max)}]`;
    if (value === undefined) {
      issues.push({
        rule: 'autoscaler-option-not-a-number',
        ref: opt.ref,
        severity: 'error',
        key: hit.key,
        message: `Autoscaler option ${hit.key} is ${JSON.stringify(hit.value)}, which is not a number (${opt.meaning})`,
        fix: `Set ${hit.key} to a decimal number within ${range}, or remove it to use the default.`,
      });
      continue;
    }
    if (value < min || value > max) {
      issues.push({
        rule: 'autoscaler-option-out-of-range',
        ref: opt.ref,
        severity: 'error',
        key: hit.key,
        message: `Autoscaler option ${hit.key} is ${JSON.stringify(hit.value)}, outside the allowed range ${range} (${opt.meaning})`,
        fix: `Set ${hit.key} to a value within ${range}, bounds included.`,
      });
    }
  }

  const periods = lookup(config, autoscalerKeys('excluded.periods'));
  if (periods) {
    for (const entry of periods.value.split(';')) {
      if (entry.trim() === '') continue;
      const problem = excludedPeriodProblem(entry);
      if (problem) {
        issues.push({
          rule: 'autoscaler-excluded-periods-invalid',
          ref: 'A12',
          severity: 'error',
          key: periods.key,
          message: `Autoscaler option ${periods.key} has the entry ${JSON.stringify(entry.trim())}, which is invalid: ${problem}`,
          fix: 'Write each period as a daily range HH:mm[:ss]-HH:mm[:ss] with the start before the end (e.g. 22:00-23:59), '
            + 'a Quartz cron expression (e.g. "* * 9-11 ? * MON-FRI"), or one of each joined by "&&"; separate periods with ";".',
        });
      }
    }
  }

  if (version === 'main') {
    const windowHit = lookup(config, autoscalerKeys('metrics.window'));
    const windowMs = windowHit ? parseFlinkDuration(windowHit.value) : DEFAULT_METRICS_WINDOW_MS;
    const intervalText = config[RECONCILE_INTERVAL_KEY];
    const intervalMs = isBlank(intervalText) ? DEFAULT_RECONCILE_INTERVAL_MS : parseFlinkDuration(intervalText);
    if (windowMs !== undefined && intervalMs !== undefined && windowMs < intervalMs) {
      const key = windowHit ? windowHit.key : AUTOSCALER_PREFIX + 'metrics.window';
      const w = windowHit ? JSON.stringify(windowHit.value) : '15 min (default)';
      const i = isBlank(intervalText) ? '60 s (operator default)' : JSON.stringify(intervalText);
      issues.push({
        rule: 'autoscaler-metrics-window-too-small',
        ref: 'R32',
        severity: 'error',
        key,
        message: `The autoscaler metric window ${key} = ${w} is shorter than the operator reconcile interval ${RECONCILE_INTERVAL_KEY} = ${i}, `
          + 'so fewer than two metric samples would be kept and the autoscaler could never decide',
        fix: `Set ${key} to at least the reconcile interval (several times it is better, e.g. 5 min), or shorten ${RECONCILE_INTERVAL_KEY}.`,
      });
    }
  }
  return issues;
}

// --- A12: excluded periods -------------------------------------------------------------------

const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

function secondsOfDay(text: string): number | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return h * 3600 + mi * 60 + s;
}

/** 'daily' for a valid daily range, 'cron' for a valid Quartz cron, or a reason it is neither. */
function classifyPeriod(text: string): 'daily' | 'cron' | { reason: string } {
  const t = text.trim();
  const daily = /^([0-9:]+)-([0-9:]+)$/.exec(t);
  if (daily) {
    const start = secondsOfDay(daily[1]);
    const end = secondsOfDay(daily[2]);
    if (start === undefined || end === undefined) return { reason: `"${t}" is not a range of two HH:mm[:ss] times` };
    if (start >= end) return { reason: `the daily range "${t}" does not start before it ends` };
    return 'daily';
  }
  return isQuartzCron(t) ? 'cron' : { reason: `"${t}" is neither a daily range HH:mm[:ss]-HH:mm[:ss] nor a Quartz cron expression` };
}

function excludedPeriodProblem(entry: string): string | undefined {
  const parts = entry.split('&&');
  if (parts.length > 2) return 'at most one "&&" is allowed';
  const kinds: string[] = [];
  for (const p of parts) {
    const c = classifyPeriod(p);
    if (typeof c !== 'string') return c.reason;
    kinds.push(c);
  }
  if (kinds.length === 2 && kinds[0] === kinds[1]) return `both sides of "&&" are ${kinds[0] === 'daily' ? 'daily ranges' : 'cron expressions'}; combine one of each`;
  return undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function cronValue(text: string, lo: number, hi: number, names?: readonly string[]): boolean {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= lo && n <= hi;
  }
  return names !== undefined && names.includes(text.toUpperCase());
}

/** One comma-separated item of a cron field: `*`, `v`, `v-v`, each optionally `/step`. */
function cronItem(text: string, lo: number, hi: number, names?: readonly string[]): boolean {
  const slash = text.split('/');
  if (slash.length > 2) return false;
  if (slash.length === 2 && !/^\d+$/.test(slash[1])) return false;
  const base = slash[0];
  if (base === '*') return true;
  const range = base.split('-');
  if (range.length > 2) return false;
  return range.every((r) => cronValue(r, lo, hi, names));
}

function cronField(text: string, lo: number, hi: number, names?: readonly string[]): boolean {
  return text.split(',').every((item) => item !== '' && cronItem(item, lo, hi, names));
}

function cronDayOfMonth(text: string): boolean {
  if (/^L(-([0-9]|[12][0-9]|30))?$/.test(text) || text === 'LW') return true;
  const w = /^(\d+)W$/.exec(text);
  if (w) return Number(w[1]) >= 1 && Number(w[1]) <= 31;
  return cronField(text, 1, 31);
}

function cronDayOfWeek(text: string): boolean {
  if (text === 'L') return true;
  const last = /^([^L#]+)L$/.exec(text);
  if (last) return cronValue(last[1], 1, 7, DAYS);
  const nth = /^([^#]+)#([1-5])$/.exec(text);
  if (nth) return cronValue(nth[1], 1, 7, DAYS);
  return cronField(text, 1, 7, DAYS);
}

/** Whether `text` is a Quartz cron expression (6 or 7 fields, `?` in exactly one day field). */
export function isQuartzCron(text: string): boolean {
  const f = text.trim().split(/\s+/);
  if (f.length < 6 || f.length > 7) return false;
  const [sec, min, hour, dom, month, dow, year] = f;
  if (!cronField(sec, 0, 59) || !cronField(min, 0, 59) || !cronField(hour, 0, 23)) return false;
  if (!cronField(month, 1, 12, MONTHS)) return false;
  if (year !== undefined && !cronField(year, 1970, 2199)) return false;
  const domAny = dom === '?';
  const dowAny = dow === '?';
  if (domAny === dowAny) return false;
  return (domAny || cronDayOfMonth(dom)) && (dowAny || cronDayOfWeek(dow));
}

/** The ids this module reports, for the README rule table. */
export const AUTOSCALER_RULES: RuleInfo[] = [
  {
    id: 'autoscaler-option-out-of-range',
    ref: 'A1-A11',
    severity: 'error',
    why: 'With job.autoscaler.enabled, the operator rejects autoscaler ratios and factors outside their ranges (some checks are main-only or feature-gated).',
  },
  {
    id: 'autoscaler-option-not-a-number',
    ref: 'A1-A11',
    severity: 'error',
    why: 'With job.autoscaler.enabled, an autoscaler ratio or factor that does not parse as a number is rejected.',
  },
  {
    id: 'autoscaler-excluded-periods-invalid',
    ref: 'A12',
    severity: 'error',
    why: 'Each job.autoscaler.excluded.periods entry must be a daily range, a Quartz cron, or one of each joined by "&&".',
  },
  {
    id: 'autoscaler-metrics-window-too-small',
    ref: 'R32',
    severity: 'error',
    why: 'Operator main rejects a metric window shorter than the reconcile interval: the autoscaler would never have two samples.',
  },
];
