/**
 * Types of the validation engine. The engine is pure: plain manifest objects in, findings out.
 * Nothing here depends on cdk8s.
 */
import type { OperatorVersion } from '../versions';
import { InputLimits } from './limits';

/** How bad a finding is. Errors fail synth and lint; warnings only print, unless strict. */
export type Severity = 'error' | 'warning';

/** The operator release whose rules and CRD schemas apply. */
export type OperatorVersionId = '1.13' | '1.14' | '1.15' | 'main';

/** One problem found in one resource. */
export interface Finding {
  /** Stable kebab-case id of the rule, e.g. `checkpoint-dir-required`. */
  readonly rule: string;
  /** The rule's number in the operator's rule list (e.g. `R11`), or '' for the library's own rules. */
  readonly ref: string;
  readonly severity: Severity;
  /** Kind of the resource the finding is about. */
  readonly kind: string;
  /** metadata.name of the resource the finding is about. */
  readonly name: string;
  /** metadata.namespace of the resource, when it has one. */
  readonly namespace?: string;
  /**
   * Where in the resource: dot-separated field names, `[n]` for array items and `['a.b']` for
   * keys that contain dots (flinkConfiguration keys), e.g. `spec.flinkConfiguration['state.backend.type']`.
   */
  readonly path: string;
  /** What is wrong, quoting the field and the offending value. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * Index of the resource in the `manifests` array given to `lintManifests`, or -1 for a finding
   * about no resource (an unused suppression from a config file: see `source`).
   */
  readonly index: number;
  /** Set when a suppression covers the finding: it is still reported, but does not count. */
  readonly suppressed?: FindingSuppression;
  /** Where the finding points when it is about no resource of the input (a config file line). */
  readonly source?: SourceLocation;
}

/** A file and 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/**
 * How a suppression was written: `inSource` in the manifest itself (annotation, comment, or a
 * construct-level suppression that synth writes as an annotation); `external` in a config file,
 * the plugin properties or a command-line flag.
 */
export type SuppressionKind = 'inSource' | 'external';

/** The suppression that covers a finding. */
export interface FindingSuppression {
  readonly kind: SuppressionKind;
  /** Why the finding is acceptable, as written with the suppression. */
  readonly reason: string;
  /** Where the suppression was written, e.g. `dist/app.yaml:12` or `.cdk8s-flink.yaml:7`. */
  readonly where: string;
}

/** A rule's severity as configured: `off` drops its findings, the others replace their severity. */
export type RuleSeverity = 'off' | 'warning' | 'error';

/** One suppression given to the engine (besides the ones in the manifests' annotations). */
export interface Suppression {
  /** Rule id it suppresses. */
  readonly rule: string;
  /** Why; never empty. */
  readonly reason: string;
  readonly kind: SuppressionKind;
  /** Where it was written, for messages. */
  readonly where: string;
  /** The file and line it was written at, when it has one. */
  readonly source?: SourceLocation;
  /** Only findings about these resources (indexes into the manifests). @default - every resource */
  readonly indexes?: readonly number[];
  /** Only findings whose field is on this line (`disable-next-line`); needs `LintOptions.lineOf`. */
  readonly line?: number;
  /**
   * Only findings about resources matching this: `name`, `Kind/name` or `Kind/namespace/name`.
   * @default - every resource
   */
  readonly resource?: string;
}

/** Options of `lintManifests`. */
export interface LintOptions {
  /**
   * Operator release whose rules apply: an `OperatorVersion` or its id ('1.13', '1.14', '1.15',
   * 'main'); both give the same findings. Anything else throws an error listing the supported versions.
   * @default '1.15' (the latest release)
   */
  readonly operatorVersion?: OperatorVersionId | OperatorVersion;
  /**
   * Also check every Flink custom resource against the operator version's CRD schema, as
   * `cdk8s-flink lint`, the plugin and `checkManifests` do. Off by default because constructs and
   * callers that build manifests from typed classes check the schema themselves; turn it on to get
   * the CLI's verdict on hand-written manifests.
   * @default false
   */
  readonly schema?: boolean;
  /**
   * The previous version of the same resources (matched by kind, namespace and name). When given,
   * the spec-change rules (R4, R27-R29, S3) and the state-loss upgrade checks run.
   */
  readonly previous?: any[];
  /**
   * `synth`: the input is the whole world (a cdk8s app), so a reference to a resource that is not in
   * the input is an error unless declared in `external`. `lint`: the target may already live in the
   * cluster, so such a reference is at most a warning.
   * @default 'lint'
   */
  readonly mode?: 'synth' | 'lint';
  /** Resources that exist outside the input (created by Helm, by hand, by another app). */
  readonly external?: ExternalResources;
  /**
   * Bounds on untrusted input: a resource whose flinkConfiguration flattens to more than
   * `maxConfigKeys` keys (or nests deeper than `maxDepth`) throws a LimitError naming it.
   * @default DEFAULT_LIMITS
   */
  readonly limits?: InputLimits;
  /**
   * The operator's `kubernetes.operator.user.artifacts.allowed-schemes` for session-job jar URIs.
   * @default ['https']
   */
  readonly allowedJarSchemes?: string[];
  /**
   * Whether the operator's `kubernetes.operator.user.artifacts.disallow-restricted-hosts` is on
   * (loopback, link-local and private hosts are rejected in session-job jar URIs).
   * @default true
   */
  readonly disallowRestrictedHosts?: boolean;
  /**
   * The operator's own configuration (its flink-conf.yaml). The operator merges it under each
   * resource's flinkConfiguration; the autoscaler checks (R32: the reconcile interval) read the merge.
   * @default - the operator's built-in defaults
   */
  readonly operatorConfiguration?: { [key: string]: string };
  /**
   * The operators installed with the input. When given, every Flink resource must be in a
   * namespace one of them watches (namespace-not-watched).
   * @default - unknown: not checked
   */
  readonly operators?: readonly OperatorScope[];
  /** Severity per rule id, replacing the rule's own (applied by `applyPolicy`). @default - none */
  readonly rules?: { readonly [ruleId: string]: RuleSeverity };
  /** Suppressions besides the manifests' annotations (applied by `applyPolicy`). @default - none */
  readonly suppressions?: readonly Suppression[];
  /** Line of the field at `path` of resource `index`, for `disable-next-line` suppressions. */
  readonly lineOf?: (index: number, path: string) => number;
}

/** An operator as the scope rule sees it: where it runs and which namespaces it watches. */
export interface OperatorScope {
  /** How the operator is named in messages (e.g. its construct path). */
  readonly label: string;
  /** The namespace it runs in. */
  readonly namespace: string;
  /** The namespaces it watches; undefined: all. */
  readonly watchNamespaces?: readonly string[];
  /**
   * Whether it has a truststore for Flink REST APIs with SSL (the chart's `tls.create`).
   * @default - unknown: not checked
   */
  readonly restTlsTrust?: boolean;
}

/** Names of resources that exist outside the input, per kind. Each entry is `name` or `namespace/name`. */
export interface ExternalResources {
  readonly serviceAccounts?: string[];
  readonly sessionClusters?: string[];
  readonly jobs?: string[];
  readonly secrets?: string[];
  readonly configMaps?: string[];
  readonly persistentVolumeClaims?: string[];
}

/** A manifest with what every rule needs worked out once. */
export interface Resource {
  /** The manifest as given. Never mutated. */
  readonly manifest: any;
  /** Position in the input array. */
  readonly index: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace, or '' when unset. */
  readonly namespace: string;
  /**
   * The resource's own flinkConfiguration, flattened (nested maps joined with '.', lists joined
   * with ';') and stringified, as the operator does. Empty for non-Flink kinds.
   */
  readonly config: Record<string, string>;
  /** For each flattened config key, the path of the field it came from in the manifest. */
  readonly configPaths: Record<string, string>;
}

/** What a rule set reports through. `kind`, `name` and `index` come from the resource. */
export interface Report {
  readonly rule: string;
  readonly ref?: string;
  readonly severity?: Severity;
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/** Everything a rule set sees. */
export interface RuleContext {
  readonly operatorVersion: OperatorVersionId;
  readonly mode: 'synth' | 'lint';
  readonly options: LintOptions;
  /** All resources of the input, in input order. */
  readonly resources: readonly Resource[];
  /** The previous resources, if given. */
  readonly previous: readonly Resource[];
  /** The resources of one kind, in input order (a list built once per lint; never mutate it). */
  ofKind(kind: string): readonly Resource[];
  /**
   * The resources of any of these kinds, in input order: the one list itself when only one of the
   * kinds is present (the usual case), else a new list.
   */
  ofKinds(kinds: readonly string[]): readonly Resource[];
  /** Finds a resource of the input by kind, namespace ('' = unset) and name. */
  find(kind: string, namespace: string, name: string): Resource | undefined;
  /** The previous version of a resource (same kind, namespace and name), if previous manifests were given. */
  previousOf(res: Resource): Resource | undefined;
  /** Whether `options.external` declares this resource. */
  isExternal(kind: keyof ExternalResources, namespace: string, name: string): boolean;
  /** Adds a finding about `res`. Severity defaults to error, ref to ''. */
  report(res: Resource, r: Report): void;
}

/** A group of rules: one function that inspects the whole input and reports. */
export type RuleSet = (ctx: RuleContext) => void;
