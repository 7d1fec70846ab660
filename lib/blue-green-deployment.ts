import { Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as operator from '../imports/flink.apache.org';
import { FlinkApplication, FlinkApplicationProps } from './application';
import { checkIngress } from './private/ingress';
import { resolveResourceName } from './private/resource-name';
import { checkProps } from './private/check';
import { blueGreenProps } from './private/props';
import { flinkDuration, propError } from './private/util';
import { registerOwner } from './private/wiring';
import { IFlinkServiceAccount } from './service-account';
import { BLUE_GREEN_NAME, BLUE_GREEN_KEYS } from './validation/rules/bluegreen';
import { operatorReleaseAtLeast } from './validation/operator-versions';
import { FlinkVersion, OperatorVersion } from './versions';

/** Marks FlinkBlueGreenDeployment instances (a StateSnapshot or SessionJob must never target one). */
export const BLUE_GREEN_MARKER = Symbol.for('cdk8s-flink.FlinkBlueGreenDeployment');

/** The blue/green controller's options (`spec.configuration`). */
export interface BlueGreenOptions {
  /**
   * How long a new (blue or green) child may take to become ready before the transition is aborted
   * and the old child keeps running (`kubernetes.operator.bluegreen.abort.grace-period`).
   * @default - the operator's default (10 minutes).
   */
  readonly abortGracePeriod?: Duration;
  /**
   * How often the controller checks a transition in progress
   * (`kubernetes.operator.bluegreen.reconciliation.reschedule-interval`).
   * @default - the operator's default (15 seconds).
   */
  readonly reconciliationRescheduleInterval?: Duration;
  /**
   * How long the old child keeps running after the new one took over
   * (`kubernetes.operator.bluegreen.deployment-deletion.delay`).
   * @default - the operator's default (0: deleted at once).
   */
  readonly deploymentDeletionDelay?: Duration;
}

/**
 * Props of `FlinkBlueGreenDeployment`: an application's props (they make the template of both
 * children) plus the blue/green options. Two inherited props mean something more here:
 * - `name`: at most 39 characters, `[a-z]([-a-z0-9]*[a-z0-9])?`, so that the children
 *   `<name>-blue` and `<name>-green` stay within the FlinkDeployment limit of 45 (generated names
 *   are at most 39 characters too);
 * - `ingress`: the REST API and web UI ingress goes on the blue/green resource and follows the
 *   active child.
 * (They are not declared again here: jsii does not allow redeclared members.)
 */
export interface FlinkBlueGreenDeploymentProps extends FlinkApplicationProps {
  /**
   * The blue/green controller's options.
   * @default - the operator's defaults.
   */
  readonly blueGreen?: BlueGreenOptions;
}

/** The application the children run: rendered as `spec.template.spec`, never synthesized on its own. */
class BlueGreenTemplate extends FlinkApplication {}

/**
 * A FlinkBlueGreenDeployment (operator 1.14 or later): the operator runs the template as a child
 * FlinkDeployment `<name>-blue` or `<name>-green` and, on each change, starts the other child from a
 * savepoint (except for stateless upgrades) before it removes the old one.
 *
 * The template takes the same props as `FlinkApplication` and is checked with the same rules, at
 * construction and at synth: the operator's webhook does not validate blue/green resources, so a
 * mistake otherwise shows only as a failed child.
 */
export class FlinkBlueGreenDeployment extends Construct {
  /** The FlinkBlueGreenDeployment name. */
  public readonly name: string;
  /** Flink version of the template. */
  public readonly flinkVersion: FlinkVersion;
  /** Operator version. */
  public readonly operatorVersion: OperatorVersion;
  /** The service account of the children's pods. */
  public readonly serviceAccount: IFlinkServiceAccount;
  /** The L1 FlinkBlueGreenDeployment. */
  public readonly resource: operator.FlinkBlueGreenDeployment;

  private readonly template: FlinkApplication;
  private readonly configuration: Record<string, string>;
  private readonly props: FlinkBlueGreenDeploymentProps;

  public constructor(scope: Construct, id: string, props: FlinkBlueGreenDeploymentProps) {
    super(scope, id);
    checkProps(this, props, blueGreenProps());
    (this as any)[BLUE_GREEN_MARKER] = true;
    this.props = props;
    const operatorVersion = props.operatorVersion ?? OperatorVersion.V1_15;
    if (!operatorReleaseAtLeast(operatorVersion.id, '1.14')) {
      throw propError(this, 'operatorVersion', operatorVersion.id, 'has no FlinkBlueGreenDeployment (added in operator 1.14)',
        'use OperatorVersion.V1_15 or later, or a FlinkApplication');
    }
    this.name = this.resolveName(props);
    this.configuration = this.renderOptions(props.blueGreen ?? {});

    // The template is an application in every respect but its own L1 object: its checks, storage
    // mounts, service account and configuration are the application's; its spec is rendered here.
    this.template = new BlueGreenTemplate(this, 'Template', { ...props, name: this.name, ingress: undefined });
    const dependencies = this.template.resource.node.dependencies;
    this.template.node.tryRemoveChild(this.template.resource.node.id);
    this.flinkVersion = this.template.flinkVersion;
    this.operatorVersion = this.template.operatorVersion;
    this.serviceAccount = this.template.serviceAccount;
    if (props.ingress) checkIngress(this, props.ingress);

    this.resource = new operator.FlinkBlueGreenDeployment(this, 'Resource', {
      metadata: { ...props.metadata, name: this.name },
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
    for (const d of dependencies) this.resource.addDependency(d);
    registerOwner(this, this.operatorVersion._id);
  }

  /** The Flink configuration of the template (a copy). */
  public get flinkConfiguration(): { [key: string]: string } {
    return this.template.flinkConfiguration;
  }

  /** The blue/green controller's configuration this resource renders (a copy). */
  public get blueGreenConfiguration(): { [key: string]: string } {
    return { ...this.configuration };
  }

  /** Adds a Flink configuration entry to the template after construction (same checks as `flinkConfiguration`). */
  public addFlinkConfiguration(key: string, value: string): void {
    this.template.addFlinkConfiguration(key, value);
  }

  /** Adds an environment variable to `flink-main-container` of the children after construction. */
  public addEnv(name: string, value: string): void {
    this.template.addEnv(name, value);
  }

  /** Suspends the active child's job (`template.spec.job.state: suspended`). */
  public suspend(): void {
    this.template.suspend();
  }

  /** Resumes a suspended job (`template.spec.job.state: running`). */
  public resume(): void {
    this.template.resume();
  }

  /** @internal */
  public _toKube(): operator.FlinkBlueGreenDeploymentSpec {
    const i = this.props.ingress;
    return {
      configuration: Object.keys(this.configuration).length ? { ...this.configuration } : undefined,
      ingress: i ? {
        template: i.template,
        className: i.className,
        annotations: i.annotations,
        labels: i.labels,
        tls: i.tls?.map((t) => ({ hosts: t.hosts, secretName: t.secretName })),
      } : undefined,
      template: { spec: this.template._toKube() as unknown as operator.FlinkBlueGreenDeploymentSpecTemplateSpec },
    };
  }

  private renderOptions(o: BlueGreenOptions): Record<string, string> {
    const out: Record<string, string> = {};
    const set = (prop: keyof BlueGreenOptions, key: string, min: number) => {
      const d = o[prop];
      if (d === undefined) return;
      if (!(d instanceof Duration)) {
        throw propError(this, `blueGreen.${prop}`, d, 'must be a Duration', `use e.g. Duration.minutes(10)`);
      }
      if (!(d.toMilliseconds() >= min)) {
        throw propError(this, `blueGreen.${prop}`, `${d.toMilliseconds()} ms`, `must be ${min === 0 ? 'zero or more' : 'more than zero'}`,
          `set 'blueGreen.${prop}' to e.g. ${min === 0 ? 'Duration.seconds(0)' : 'Duration.seconds(15)'}`);
      }
      out[key] = flinkDuration(d);
    };
    set('abortGracePeriod', BLUE_GREEN_KEYS.abortGracePeriod, 1);
    set('reconciliationRescheduleInterval', BLUE_GREEN_KEYS.rescheduleInterval, 1);
    set('deploymentDeletionDelay', BLUE_GREEN_KEYS.deletionDelay, 0);
    return out;
  }

  private resolveName(props: FlinkBlueGreenDeploymentProps): string {
    return resolveResourceName(this, props.name ?? props.metadata?.name, {
      kind: 'FlinkBlueGreenDeployment',
      pattern: BLUE_GREEN_NAME,
      maxLen: 39,
      describe: "at most 39 characters, so that the children '<name>-blue' and '<name>-green' stay within 45; lower case letters, digits and '-', starting with a letter and ending with a letter or digit",
    });
  }
}

