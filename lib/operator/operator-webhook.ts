import { checkProps } from '../private/check';
import { webhookOptions } from '../private/props';
/** A key of a Kubernetes Secret. */
export interface SecretKeyReference {
  /** The Secret's name (in the operator's namespace). */
  readonly secretName: string;
  /** The key in the Secret. */
  readonly key: string;
}

/** Options of `OperatorWebhook.enabled`. */
export interface OperatorWebhookOptions {
  /**
   * The Secret key holding the password of the webhook's PKCS12 keystore (cert-manager writes the
   * keystore with it, the webhook reads it). Create that Secret outside the app, e.g. with
   * `kubectl create secret generic`.
   * @default - none: required unless `OperatorWebhook.withChartDefaultPassword` is used.
   */
  readonly keystorePassword?: SecretKeyReference;
  /**
   * Install the validating webhook (rejects invalid Flink resources on admission).
   * @default true
   */
  readonly validator?: boolean;
  /**
   * Install the mutating webhook (defaults session jobs' labels).
   * @default true
   */
  readonly mutator?: boolean;
  /**
   * Extra labels of the webhook's Service.
   * @default - none
   */
  readonly serviceLabels?: { [key: string]: string };
}

/**
 * The operator's admission webhook: a second container in the operator pod, its Service, the
 * webhook configurations and the cert-manager Issuer and Certificate that serve its TLS keystore.
 * Needs cert-manager in the cluster.
 */
export class OperatorWebhook {
  /** The webhook, with the keystore password read from `options.keystorePassword`. */
  public static enabled(options: OperatorWebhookOptions): OperatorWebhook {
    checkProps('OperatorWebhook.enabled', options, webhookOptions(), false);
    return new OperatorWebhook(options ?? {}, false);
  }

  /**
   * The webhook with the Helm chart's literal default keystore password, in a Secret the app
   * renders. Anyone who can read the chart knows that password: use `enabled` with your own
   * Secret unless the keystore needs no protection.
   */
  public static withChartDefaultPassword(options: OperatorWebhookOptions = {}): OperatorWebhook {
    checkProps('OperatorWebhook.withChartDefaultPassword', options, webhookOptions());
    return new OperatorWebhook(options, true);
  }

  private constructor(
    /** @internal */ public readonly _options: OperatorWebhookOptions,
    /** Whether the chart's literal default password is used. */
    public readonly chartDefaultPassword: boolean,
  ) {}

  /** Whether the validating webhook is installed. */
  public get validator(): boolean {
    return this._options.validator ?? true;
  }

  /** Whether the mutating webhook is installed. */
  public get mutator(): boolean {
    return this._options.mutator ?? true;
  }
}
