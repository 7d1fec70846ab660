import { IConstruct } from 'constructs';
import { array, bool, checkProps, externalShape, scope as checkScope, string } from './private/check';
import { declareSuppression } from './private/suppress';
import { configureWiring, ensureWiring } from './private/wiring';
import { ExternalResources } from './validation/types';

/** Options of `FlinkValidation.configure`. */
export interface FlinkValidationOptions {
  /**
   * Treat warnings as errors (they fail synth instead of being printed).
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Resources that exist outside this app (created by Helm, by hand, by another app). Imported
   * constructs (`fromName`) are added automatically.
   * @default - none besides the imported constructs.
   */
  readonly external?: ExternalResources;
  /**
   * The operator's `kubernetes.operator.user.artifacts.allowed-schemes` (session-job jar URIs).
   * @default ['https']
   */
  readonly allowedJarSchemes?: string[];
  /**
   * Whether the operator rejects session-job jar URIs on loopback, link-local and private hosts.
   * @default true
   */
  readonly disallowRestrictedHosts?: boolean;
}

/**
 * Synth-time validation of the Flink resources of an app. Every Flink construct registers it; each
 * finding is reported at the path of the construct that owns the resource:
 * `[chart/orders] (rule-id) message. Fix: ...`.
 */
export class FlinkValidation {
  /** Configures the validation of the app that `scope` belongs to. */
  public static configure(scope: IConstruct, options: FlinkValidationOptions): void {
    checkProps('FlinkValidation.configure', options, {
      strict: bool(),
      external: externalShape(),
      allowedJarSchemes: array(string({ pattern: /^[a-z][a-z0-9+.-]*$/, what: 'a URI scheme', fix: "use e.g. 'https'" })),
      disallowRestrictedHosts: bool(),
    });
    configureWiring(scope, {
      strict: options.strict,
      external: options.external,
      allowedJarSchemes: options.allowedJarSchemes,
      disallowRestrictedHosts: options.disallowRestrictedHosts,
    });
  }

  /**
   * Suppresses a rule on `scope` and everything below it, with the reason it is acceptable
   * (required). A suppressed finding no longer fails synth nor prints; synth writes the suppression
   * into the annotation `cdk8s-flink.io/suppress` of each resource it covers, so `cdk8s-flink lint`
   * and the synth plugin read the manifests the same way. A suppression that covers no finding is
   * reported as `unused-suppression`.
   *
   * Checks that run while a construct is created (flinkConfiguration entries, literal secrets) see
   * the suppressions declared at that moment: declare them on an enclosing scope (the chart, the
   * app) before creating the construct.
   *
   * @param scope the construct the suppression applies to, with its children
   * @param ruleId the rule id, as printed with the finding (e.g. `config-literal-secret`)
   * @param reason why the finding is acceptable here
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    const where = 'FlinkValidation.suppress';
    checkScope()(where, 'scope', scope);
    string({ fix: "give the rule id printed with the finding, e.g. 'config-literal-secret'" })(where, 'ruleId', ruleId);
    // A blank reason is refused with the suppression's own message.
    string({ blank: true, fix: 'say why the finding is acceptable here' })(where, 'reason', reason);
    declareSuppression(scope, ruleId, reason);
    ensureWiring(scope);
  }

  private constructor() {}
}

