/**
 * The cdk8s synth validation plugin: the same checks as `cdk8s-flink lint`, run by `cdk8s synth`
 * on the synthesized manifests. Declared in cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-flink          # or a local path such as ./node_modules/cdk8s-flink
 *     version: 0.1.0                # exact
 *     class: FlinkLintPlugin
 *     properties:                   # all optional
 *       operatorVersion: '1.15'     # or main
 *       strict: false               # true: warnings fail synth too
 *       external:                   # resources that exist outside the app
 *         serviceAccounts: [flink]
 * ```
 *
 * The protocol types are written out here rather than imported from `cdk8s-cli/plugins`: the
 * package has no runtime or type dependency on cdk8s-cli (its `./plugins` subpath does not resolve
 * under this package's `moduleResolution`, and the published .d.ts must not need cdk8s-cli).
 * test/cli/plugin.test.ts checks that the class satisfies cdk8s-cli's `Validation` interface.
 */
import { checkManifests, OPERATOR_VERSIONS } from './cli/check';
import { writeReportFile } from './cli/report-file';
import { ExternalResources, Finding, OperatorVersionId } from './validation/types';

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
  /** Operator release whose rules and CRD schemas apply: '1.15' or 'main'. @default '1.15' */
  readonly operatorVersion?: string;
  /** Warnings fail synth too. @default false */
  readonly strict?: boolean;
  /** Resources that exist outside the app (created by Helm, by hand...). @default - none */
  readonly external?: ExternalResources;
  /**
   * Also write the `cdk8s-flink explain` report beside the synthesized manifests, under this file
   * name; the extension picks the format (`.md`, `.html` or `.json`), e.g. `flink-report.md`.
   * @default - no report
   */
  readonly report?: string;
}

/**
 * cdk8s validation plugin (`validations:` in cdk8s.yaml) running the Flink operator's CRD schema
 * checks and rules over every synthesized manifest, in synth mode (references to resources that
 * are not in the app are errors unless listed in `external`).
 */
export class FlinkLintPlugin {
  private readonly operatorVersion: OperatorVersionId;
  private readonly strict: boolean;
  private readonly external?: ExternalResources;
  private readonly report?: string;

  constructor(properties: FlinkLintPluginProperties = {}) {
    const v = properties.operatorVersion === undefined ? '1.15' : String(properties.operatorVersion);
    if (!(OPERATOR_VERSIONS as readonly string[]).includes(v)) {
      throw new Error(`FlinkLintPlugin: properties.operatorVersion '${v}' is not supported. Fix: use one of ${OPERATOR_VERSIONS.join(', ')} (quote it in YAML: '1.15').`);
    }
    this.operatorVersion = v as OperatorVersionId;
    this.strict = properties.strict === true || (properties.strict as unknown) === 'true';
    this.external = properties.external;
    if (properties.report !== undefined) {
      const r = String(properties.report);
      if (!/^[A-Za-z0-9._-]+\.(md|html|json)$/.test(r)) {
        throw new Error(`FlinkLintPlugin: properties.report '${r}' is not a report file name. Fix: a file name without directories ending in .md, .html or .json, e.g. flink-report.md.`);
      }
      this.report = r;
    }
  }

  public async validate(context: PluginContext): Promise<void> {
    const manifests: any[] = [];
    const origin: string[] = [];
    for (const file of context.manifests) {
      for (const m of context.parseManifest(file)) {
        if (!m || typeof m !== 'object') continue;
        manifests.push(m);
        origin.push(file);
      }
    }
    const findings = checkManifests(manifests, {
      operatorVersion: this.operatorVersion,
      mode: 'synth',
      ...(this.external ? { external: this.external } : {}),
    });
    for (const f of findings) context.report.addViolation(toViolation(f, origin[f.index]));
    if (this.report && context.manifests.length > 0) {
      const file = writeReportFile(manifests, findings, this.operatorVersion, context.manifests[0], this.report);
      context.logger?.log(`cdk8s-flink: wrote ${file}`);
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.length - errors;
    const failed = errors > 0 || (this.strict && warnings > 0);
    context.report.submit(failed ? 'failure' : 'success', {
      operatorVersion: this.operatorVersion,
      errors: String(errors),
      warnings: String(warnings),
    });
  }
}

function toViolation(f: Finding, manifestPath: string): PluginViolation {
  const msg = f.message.trim().replace(/\.$/, '');
  return {
    ruleName: `${f.rule}${f.ref ? ` (${f.ref})` : ''}${f.severity === 'warning' ? ' [warning]' : ''}`,
    recommendation: `${f.kind} ${f.name}: ${msg}`,
    fix: f.fix,
    violatingResources: [{ resourceName: f.name, locations: [f.path || 'metadata.name'], manifestPath }],
  };
}
