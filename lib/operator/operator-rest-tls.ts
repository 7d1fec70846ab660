import { checkProps } from '../private/check';
import { operatorRestTlsOptions } from '../private/props';
import { SecretKeyReference } from './operator-webhook';

/** Options of `OperatorRestTls.fromSecret`. */
export interface OperatorRestTlsOptions {
  /**
   * The Secret (in the operator's namespace) with the keys `truststore.jks` (the CA that signed the
   * Flink clusters' REST certificates) and, for REST client authentication
   * (`security.ssl.rest.authentication-enabled`), `keystore.jks`. The chart mounts it at
   * `/opt/flink/tls-cert` with `optional: true`.
   */
  readonly secretName: string;
  /**
   * The Secret key holding the password of that truststore (and keystore): the operator container
   * reads it as the environment variable `OPERATOR_KEYSTORE_PASSWORD`, never from a manifest.
   */
  readonly password: SecretKeyReference;
}

/**
 * The truststore the operator uses for its REST calls to Flink clusters with REST SSL
 * (`security.ssl.rest.enabled`): the chart's `tls.create` values. Without it the operator builds
 * its REST client from the cluster's own configuration, whose truststore path exists only in the
 * Flink pods, and every call fails.
 */
export class OperatorRestTls {
  /** Trust the Flink REST certificates with the truststore of a Secret. */
  public static fromSecret(options: OperatorRestTlsOptions): OperatorRestTls {
    const where = 'OperatorRestTls.fromSecret';
    checkProps(where, options, operatorRestTlsOptions());
    if (options?.secretName === undefined) {
      throw new Error(`[${where}] 'secretName' is missing. Fix: name the Secret with truststore.jks, e.g. 'flink-operator-cert'.`);
    }
    const p = options.password;
    if (p?.secretName === undefined || p.key === undefined) {
      throw new Error(`[${where}] 'password' is missing or incomplete. Fix: pass { secretName: 'operator-certificate-password', key: 'password' } with a Secret you create in the operator's namespace.`);
    }
    return new OperatorRestTls(options.secretName, { secretName: p.secretName, key: p.key });
  }

  private constructor(
    /** The Secret with `truststore.jks` (and `keystore.jks`). */
    public readonly secretName: string,
    /** The Secret key of the store password. */
    public readonly password: SecretKeyReference,
  ) {}
}
