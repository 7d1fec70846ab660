/**
 * The cdk8s synth validation plugin: the same checks as `cdk8s-flink lint`, run by `cdk8s synth`
 * on the synthesized manifests. Declared in cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-flink          # or a local path such as ./node_modules/cdk8s-flink
 *     version: 0.1.0                # exact
 *     class: FlinkLintPlugin
 *     properties:                   # all optional; the keys of .cdk8s-flink.yaml
 *       operatorVersion: '1.15'     # or 1.13, 1.14, main
 *       strict: false               # true: warnings fail synth too
 *       rules:                      # severity per rule id: off, warning, error
 *         state-dir-node-local: off
 *       suppressions:
 *         - { rule: config-literal-secret, resource: FlinkDeployment/tls, reason: test keystore }
 *       limits:                     # bounds on what is read (defaults shown)
 *         maxFileBytes: 33554432    # 32 MiB per manifest file
 * ```
 *
 * The nearest `.cdk8s-flink.yaml` upward from the output directory applies too (the properties win
 * per key), so `cdk8s-flink lint dist/` and the plugin read the same settings. References the
 * constructs declared external travel in the manifests (annotation `cdk8s-flink.io/external`), so
 * no `external:` block is needed for them; a reference missing from the output is a warning, as in
 * lint.
 *
 * The protocol types are written out here rather than imported from `cdk8s-cli/plugins`: the
 * package has no runtime or type dependency on cdk8s-cli (its `./plugins` subpath does not resolve
 * under this package's `moduleResolution`, and the published .d.ts must not need cdk8s-cli).
 * test/cli/plugin.test.ts checks that the class satisfies cdk8s-cli's `Validation` interface.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { LintConfig } from './cli/config-file';
import { checkProps, externalShape } from './private/check';
import { operatorVersionCheck } from './private/props';
import { propError } from './private/util';
import { InputLimits, LimitError, formatBytes, resolveLimits } from './validation/limits';
import { redact } from './validation/secrets';
import { ExternalResources, Finding } from './validation/types';

// Loaded on first use: an app that only synthesizes never needs the lint CLI's config and report code.
/* eslint-disable @typescript-eslint/no-require-imports */
const configFile = (): typeof import('./cli/config-file') => require('./cli/config-file');
const check = (): typeof import('./cli/check') => require('./cli/check');
const reportFile = (): typeof import('./cli/report-file') => require('./cli/report-file');
/* eslint-enable @typescript-eslint/no-require-imports */

/** One resource that violates a rule, as cdk8s-cli's `ValidationViolatingResource`. */
export interface PluginViolatingResource {
  readonly resourceName: string;
  readonly locations: string[];
  readonly manifestPath: string;
}

/** A violation, as cdk8s-cli's `ValidationViolation`. */
export interface PluginViolation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: PluginViolatingResource[];
}

/** The part of cdk8s-cli's `ValidationContext` the plugin uses. */
export interface PluginContext {
  readonly manifests: readonly string[];
  parseManifest(manifestPath: string): any[];
  readonly report: {
    addViolation(violation: PluginViolation): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  readonly logger?: { log(message: string): void };
}

/** `properties` of the cdk8s.yaml validations entry. */
export interface FlinkLintPluginProperties {
  /** Operator release whose rules and CRD schemas apply: '1.13', '1.14', '1.15' or 'main'. @default '1.15' */
  readonly operatorVersion?: string;
  /** Warnings fail synth too. @default false */
  readonly strict?: boolean;
  /** Resources that exist outside the app (created by Helm, by hand...). @default - none */
  readonly external?: ExternalResources;
  /** Severity per rule id: 'off', 'warning' or 'error'. @default - each rule's own */
  readonly rules?: { readonly [ruleId: string]: string };
  /** Findings that are acceptable, with why. @default - none */
  readonly suppressions?: PluginSuppression[];
  /**
   * Also write the `cdk8s-flink explain` report beside the synthesized manifests, under this file
   * name; the extension picks the format (`.md`, `.html` or `.json`), e.g. `flink-report.md`.
   * (A plugin property only: the settings file has no `report` key.)
   * @default - no report
   */
  readonly report?: string;
  /** Bounds on the manifests read (file size, alias expansion, nesting, configuration keys). @default DEFAULT_LIMITS */
  readonly limits?: InputLimits;
}

/** One entry of the plugin's (and .cdk8s-flink.yaml's) `suppressions`. */
export interface PluginSuppression {
  /** Rule id. */
  readonly rule: string;
  /** Why the finding is acceptable; required. */
  readonly reason: string;
  /** `name`, `Kind/name` or `Kind/namespace/name`. @default - every resource */
  readonly resource?: string;
}

/**
 * cdk8s validation plugin (`validations:` in cdk8s.yaml) running the Flink operator's CRD schema
 * checks and rules over every synthesized manifest, as `cdk8s-flink lint` does.
 */
export class FlinkLintPlugin {
  private readonly properties: LintConfig;
  private readonly report?: string;
  private readonly limits: Required<InputLimits>;

  constructor(properties: FlinkLintPluginProperties = {}) {
    // Plain-JavaScript callers and YAML can pass anything: check the shape before reading it.
    checkProps('FlinkLintPlugin', properties, { external: externalShape(), operatorVersion: operatorVersionCheck });
    const strict = properties.strict as unknown;
    if (strict !== undefined && strict !== true && strict !== false && strict !== 'true' && strict !== 'false') {
      throw propError('FlinkLintPlugin', 'strict', strict, 'must be true or false', 'set strict: true or strict: false');
    }
    const { report, limits, ...settings } = properties;
    try {
      this.limits = resolveLimits(limits);
    } catch (e) {
      throw new Error(`FlinkLintPlugin: properties.limits: ${(e as Error).message}. Fix: give each limit as a whole number, e.g. maxFileBytes: 67108864.`);
    }
    if (report !== undefined) {
      const r = String(report);
      if (!/^[A-Za-z0-9._-]+\.(md|html|json)$/.test(r)) {
        throw new Error(`FlinkLintPlugin: properties.report '${r}' is not a report file name. Fix: a file name without directories ending in .md, .html or .json, e.g. flink-report.md.`);
      }
      this.report = r;
    }
    try {
      this.properties = configFile().parseConfig(settings, (at) => ({ where: `FlinkLintPlugin properties${at.map((a) => (typeof a === 'number' ? `[${a}]` : `.${a}`)).join('')}` }));
    } catch (e) {
      if (e instanceof configFile().ConfigError) throw new Error(`FlinkLintPlugin: ${e.message}`);
      throw e;
    }
  }

  public async validate(context: PluginContext): Promise<void> {
    const manifests: any[] = [];
    const origin: string[] = [];
    const fail = (file: string, message: string) => {
      context.report.addViolation({
        ruleName: 'input-limit',
        recommendation: `${file}: ${message}`,
        fix: 'Check the synthesized manifests are what the app meant to produce, or raise the limit in the plugin properties (limits).',
        violatingResources: [{ resourceName: file, locations: [], manifestPath: file }],
      });
      context.report.submit('failure', {});
    };
    for (const file of context.manifests) {
      let size = 0;
      try {
        const st = fs.statSync(file);
        if (!st.isFile()) return fail(file, 'is not a regular file; special files are not read');
        size = st.size;
      } catch {
        size = 0; // not on disk: the context parses it
      }
      if (size > this.limits.maxFileBytes) {
        return fail(file, `is ${formatBytes(size)}; the limit is ${formatBytes(this.limits.maxFileBytes)} per file (limit maxFileBytes)`);
      }
      for (const m of context.parseManifest(file)) {
        if (!m || typeof m !== 'object') continue;
        manifests.push(m);
        origin.push(file);
      }
    }
    let file: LintConfig | undefined;
    try {
      file = this.settingsFile(context.manifests[0]);
    } catch (e) {
      if (e instanceof configFile().ConfigError) throw new Error(`FlinkLintPlugin: ${e.message}`);
      throw e;
    }
    const settings = configFile().mergeConfigs(file, this.properties);
    const operatorVersion = settings.operatorVersion ?? '1.15';
    let findings: Finding[];
    try {
      findings = check().checkManifests(manifests, {
        operatorVersion,
        mode: 'lint',
        ...(settings.external ? { external: settings.external } : {}),
        rules: settings.rules,
        suppressions: settings.suppressions,
        limits: this.limits,
      });
    } catch (e) {
      if (!(e instanceof LimitError)) throw e;
      return fail(e.index !== undefined ? origin[e.index] : 'input', e.message);
    }
    const open = findings.filter((f) => !f.suppressed);
    // At most maxFindingsPerRule violations per rule; the rest are counted in the log.
    const max = this.limits.maxFindingsPerRule;
    const perRule = new Map<string, number>();
    for (const f of open) {
      const n = (perRule.get(f.rule) ?? 0) + 1;
      perRule.set(f.rule, n);
      if (n <= max) context.report.addViolation(toViolation(f, origin[f.index] ?? f.source?.file ?? 'cdk8s.yaml'));
    }
    for (const [rule, n] of perRule) {
      if (n > max) context.logger?.log(`cdk8s-flink: ${n - max} more ${rule} findings not shown (limit maxFindingsPerRule: ${max} per rule)`);
    }
    if (this.report && context.manifests.length > 0) {
      const written = reportFile().writeReportFile(manifests, open, operatorVersion, context.manifests[0], this.report);
      context.logger?.log(`cdk8s-flink: wrote ${written}`);
    }
    const errors = open.filter((f) => f.severity === 'error').length;
    const warnings = open.length - errors;
    const failed = errors > 0 || (settings.strict === true && warnings > 0);
    context.report.submit(failed ? 'failure' : 'success', {
      operatorVersion,
      errors: String(errors),
      warnings: String(warnings),
      suppressed: String(findings.length - open.length),
      ...(settings.strict && warnings > 0 ? { strict: 'warnings count as errors' } : {}),
    });
  }

  /** The nearest .cdk8s-flink.yaml upward from the output directory. */
  private settingsFile(firstManifest: string | undefined): LintConfig | undefined {
    if (!firstManifest) return undefined;
    const found = configFile().findConfigFile(path.dirname(path.resolve(firstManifest)));
    return found ? configFile().readConfigFile(found, path.relative(process.cwd(), found) || found) : undefined;
  }
}

function toViolation(f: Finding, manifestPath: string): PluginViolation {
  const msg = redact(f.message).trim().replace(/\.$/, '');
  return {
    ruleName: `${f.rule}${f.ref ? ` (${f.ref})` : ''}${f.severity === 'warning' ? ' [warning]' : ''}`,
    recommendation: `${f.kind} ${f.name}: ${msg}`,
    fix: redact(f.fix),
    violatingResources: [{ resourceName: f.name, locations: [f.path || 'metadata.name'], manifestPath }],
  };
}
