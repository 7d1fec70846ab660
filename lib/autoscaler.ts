import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkProps } from './private/check';
import { autoscalerOptions } from './private/props';
import { flinkDuration, isIntAtLeast, propError, show } from './private/util';
import { autoscalerIssues } from './validation/rules/autoscaler';
import { ALIGNMENT_KEY, LEGACY_ALIGNMENT_KEY } from './validation/rules/autoscaler-alignment';
import { operatorReleaseAtLeast } from './validation/operator-versions';
import { OperatorVersion } from './versions';

/**
 * How the autoscaler aligns a computed parallelism to the key groups or source partitions of a
 * vertex. Operator 1.16 reads `job.autoscaler.scaling.parallelism-alignment.mode` (default BALANCED);
 * older operators read `job.autoscaler.scaling.key-group.partitions.adjust.mode` (default
 * EVENLY_SPREAD), which 1.16 still honours when the new key is unset.
 */
export class ParallelismAlignment {
  /** Operator 1.16 and later (its default): the first parallelism that reduces the per-subtask load; never blocks a scaling. */
  public static readonly BALANCED = new ParallelismAlignment('BALANCED', '1.16', false);
  /** A divisor of the key groups or partitions (the default before operator 1.16). */
  public static readonly EVENLY_SPREAD = new ParallelismAlignment('EVENLY_SPREAD', '1.0', false);
  /** Operator 1.16 and later: the computed parallelism as is. */
  public static readonly OFF = new ParallelismAlignment('OFF', '1.16', false);
  /** The legacy mode that favours using every slot (`key-group.partitions.adjust.mode`, deprecated in 1.16). */
  public static readonly MAXIMIZE_UTILISATION = new ParallelismAlignment('MAXIMIZE_UTILISATION', '1.0', true);

  private constructor(
    /** The mode's name in the configuration. */
    public readonly value: string,
    /** @internal the first operator release that reads it. */
    public readonly _since: string,
    /** @internal only the legacy key has it. */
    public readonly _legacyOnly: boolean,
  ) {}

  /** @internal the configuration entry for an operator version. */
  public _config(operator: OperatorVersion): Record<string, string> {
    const modern = !this._legacyOnly && operatorReleaseAtLeast(operator.id, '1.16');
    return { [modern ? ALIGNMENT_KEY : LEGACY_ALIGNMENT_KEY]: this.value };
  }
}

/** Options of `Autoscaler.enabled`. Unset options keep the operator's defaults. */
export interface AutoscalerOptions {
  /**
   * Target busy-time ratio of each vertex (`job.autoscaler.utilization.target`), in (0, 1].
   * @default - the operator's default (0.7).
   */
  readonly utilizationTarget?: number;
  /**
   * How much metric history a decision looks at (`job.autoscaler.metrics.window`). On operator 1.16 it
   * must be at least the reconcile interval.
   * @default - the operator's default (15 minutes).
   */
  readonly metricsWindow?: Duration;
  /**
   * How long after a (re)scaling no further decision is taken (`job.autoscaler.stabilization.interval`).
   * @default - the operator's default (5 minutes).
   */
  readonly stabilizationInterval?: Duration;
  /**
   * Largest factor one scale-up may add (`job.autoscaler.scale-up.max-factor`), at least 0.
   * @default - the operator's default (100000).
   */
  readonly scaleUpMaxFactor?: number;
  /**
   * Largest fraction one scale-down may remove (`job.autoscaler.scale-down.max-factor`), at least 0.
   * @default - the operator's default (0.6).
   */
  readonly scaleDownMaxFactor?: number;
  /**
   * Lowest parallelism of any vertex (`job.autoscaler.vertex.min-parallelism`).
   * @default - the operator's default (1).
   */
  readonly vertexMinParallelism?: number;
  /**
   * Highest parallelism of any vertex (`job.autoscaler.vertex.max-parallelism`).
   * @default - the operator's default (200).
   */
  readonly vertexMaxParallelism?: number;
  /**
   * Tune TaskManager memory as well (`job.autoscaler.memory.tuning.enabled`).
   * @default - the operator's default (false).
   */
  readonly memoryTuning?: boolean;
  /**
   * Periods without scaling (`job.autoscaler.excluded.periods`): daily ranges (`09:30-10:50`), Quartz
   * cron expressions, or one of each joined by `&&`.
   * @default - none.
   */
  readonly excludedPeriods?: string[];
  /**
   * Parallelism alignment. Operator 1.16 changes the default from EVENLY_SPREAD to BALANCED; set it
   * to keep a behaviour across the upgrade (without it, synth warns on operator 1.16).
   * @default - the operator's default (BALANCED on 1.16, EVENLY_SPREAD before).
   */
  readonly alignmentMode?: ParallelismAlignment;
  /**
   * Only compute and report decisions, without scaling (`job.autoscaler.scaling.enabled: false`).
   * @default false
   */
  readonly advisorOnly?: boolean;
  /**
   * `job.autoscalerResetNonce`: change the value to make the operator drop the autoscaler's
   * parallelism overrides and history.
   * @default - none.
   */
  readonly resetNonce?: number;
}

/** The job autoscaler of the operator (`job.autoscaler.*`), with the operator's own range checks at construction. */
export class Autoscaler {
  /** Turns the autoscaler on (`job.autoscaler.enabled: true`) with the given options. */
  public static enabled(options: AutoscalerOptions = {}): Autoscaler {
    checkProps('Autoscaler.enabled', options, autoscalerOptions());
    return new Autoscaler(options);
  }

  private constructor(private readonly options: AutoscalerOptions) {}

  /** The reset nonce, if set. */
  public get resetNonce(): number | undefined {
    return this.options.resetNonce;
  }

  /** @internal the configuration for an operator version; checks the options against the operator's ranges. */
  public _config(scope: IConstruct, operator: OperatorVersion): Record<string, string> {
    const o = this.options;
    const c: Record<string, string> = { 'job.autoscaler.enabled': 'true' };
    const num = (prop: keyof AutoscalerOptions, key: string) => {
      const v = o[prop];
      if (v === undefined) return;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw propError(scope, `autoscaler.${prop}`, v, 'must be a number', `set 'autoscaler.${prop}' to a number`);
      c[key] = String(v);
    };
    const int = (prop: keyof AutoscalerOptions, key: string) => {
      const v = o[prop];
      if (v === undefined) return;
      if (typeof v !== 'number' || !isIntAtLeast(v, 1)) throw propError(scope, `autoscaler.${prop}`, v, 'must be a whole number of at least 1', `set 'autoscaler.${prop}' to 1 or more`);
      c[key] = String(v);
    };
    const dur = (prop: keyof AutoscalerOptions, key: string) => {
      const v = o[prop];
      if (v === undefined) return;
      if (!(v instanceof Duration) || !(v.toMilliseconds() > 0)) {
        throw propError(scope, `autoscaler.${prop}`, v instanceof Duration ? `${v.toMilliseconds()} ms` : v, 'must be a positive Duration', `use e.g. Duration.minutes(5)`);
      }
      c[key] = flinkDuration(v);
    };
    num('utilizationTarget', 'job.autoscaler.utilization.target');
    dur('metricsWindow', 'job.autoscaler.metrics.window');
    dur('stabilizationInterval', 'job.autoscaler.stabilization.interval');
    num('scaleUpMaxFactor', 'job.autoscaler.scale-up.max-factor');
    num('scaleDownMaxFactor', 'job.autoscaler.scale-down.max-factor');
    int('vertexMinParallelism', 'job.autoscaler.vertex.min-parallelism');
    int('vertexMaxParallelism', 'job.autoscaler.vertex.max-parallelism');
    if (o.vertexMinParallelism !== undefined && o.vertexMaxParallelism !== undefined && o.vertexMinParallelism > o.vertexMaxParallelism) {
      throw propError(scope, 'autoscaler.vertexMinParallelism', o.vertexMinParallelism, `is more than 'autoscaler.vertexMaxParallelism' (${o.vertexMaxParallelism})`,
        'lower vertexMinParallelism or raise vertexMaxParallelism');
    }
    if (o.memoryTuning !== undefined) c['job.autoscaler.memory.tuning.enabled'] = String(!!o.memoryTuning);
    if (o.advisorOnly) c['job.autoscaler.scaling.enabled'] = 'false';
    if (o.excludedPeriods !== undefined) {
      if (!Array.isArray(o.excludedPeriods) || o.excludedPeriods.some((p) => typeof p !== 'string' || p.trim() === '' || p.includes(';'))) {
        throw propError(scope, 'autoscaler.excludedPeriods', o.excludedPeriods, 'must be a list of non-empty periods without \';\'',
          "give e.g. ['09:30-10:50', '* * 1-5 ? * * *']");
      }
      if (o.excludedPeriods.length) c['job.autoscaler.excluded.periods'] = o.excludedPeriods.join(';');
    }
    if (o.alignmentMode !== undefined) {
      const a = o.alignmentMode;
      if (!(a instanceof ParallelismAlignment)) {
        throw propError(scope, 'autoscaler.alignmentMode', a, 'must be a ParallelismAlignment', 'use e.g. ParallelismAlignment.EVENLY_SPREAD');
      }
      if (!operatorReleaseAtLeast(operator.id, a._since)) {
        throw propError(scope, 'autoscaler.alignmentMode', a.value, `needs operator ${a._since} or later (operatorVersion is ${operator.id})`,
          'use ParallelismAlignment.EVENLY_SPREAD or MAXIMIZE_UTILISATION, or OperatorVersion.MAIN');
      }
      Object.assign(c, a._config(operator));
    }
    if (o.resetNonce !== undefined && !(typeof o.resetNonce === 'number' && Number.isInteger(o.resetNonce))) {
      throw propError(scope, 'autoscaler.resetNonce', o.resetNonce, 'must be a whole number', "set 'autoscaler.resetNonce' to e.g. 1 (change it to reset)");
    }
    // The operator's own checks (A1-A12, R32), on what we render.
    const issue = autoscalerIssues(c, operator._id).find((i) => i.severity === 'error');
    if (issue) {
      const prop = PROP_OF[issue.key.replace(/^kubernetes\.operator\./, '')] ?? 'autoscaler';
      throw propError(scope, prop, c[issue.key] ?? show(undefined), `is rejected by the operator: ${issue.message} (${issue.rule})`, issue.fix);
    }
    return c;
  }
}

const PROP_OF: Record<string, string> = {
  'job.autoscaler.utilization.target': 'autoscaler.utilizationTarget',
  'job.autoscaler.metrics.window': 'autoscaler.metricsWindow',
  'job.autoscaler.scale-up.max-factor': 'autoscaler.scaleUpMaxFactor',
  'job.autoscaler.scale-down.max-factor': 'autoscaler.scaleDownMaxFactor',
  'job.autoscaler.excluded.periods': 'autoscaler.excludedPeriods',
};
