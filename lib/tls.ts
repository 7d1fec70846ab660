import { checkProps, secretString } from './private/check';
import { tlsOptions, tlsPasswordOptions } from './private/props';
import { propError } from './private/util';
import { FlinkVersion } from './versions';
import { IConstruct } from 'constructs';

/**
 * Passwords of the keystore and truststore. Flink reads them only from `security.ssl.*-password`
 * in its configuration, which the operator ships in a ConfigMap; no supported Flink version
 * substitutes environment variables there, and no other route without the literal in the resource
 * is verified (docs/tls.md has the verdict per version and the sources). A literal password
 * therefore fails synth (rule `config-literal-secret`) until it is suppressed explicitly:
 * `FlinkValidation.suppress(scope, 'config-literal-secret', 'why this is acceptable')`.
 */
export class TlsPassword {
  /** The passwords as literals in the configuration (needs an explicit suppression, see the class doc). */
  public static literal(storePassword: string, options: TlsLiteralPasswordOptions = {}): TlsPassword {
    secretString('pass the password of the store')('TlsPassword.literal', 'storePassword', storePassword);
    checkProps('TlsPassword.literal', options, tlsPasswordOptions());
    for (const [prop, v] of [['storePassword', storePassword], ['keyPassword', options.keyPassword], ['truststorePassword', options.truststorePassword]] as const) {
      if (v !== undefined && (typeof v !== 'string' || v === '')) {
        throw new Error(`[TlsPassword.literal] '${prop}' (${v === '' ? "''" : typeof v}) must be a non-empty string. Fix: pass the password of the store.`);
      }
    }
    return new TlsPassword(storePassword, options.keyPassword ?? storePassword, options.truststorePassword ?? storePassword);
  }

  private constructor(
    /** @internal */ public readonly _store: string,
    /** @internal */ public readonly _key: string,
    /** @internal */ public readonly _trust: string,
  ) {}
}

/** Options of `TlsPassword.literal`. */
export interface TlsLiteralPasswordOptions {
  /**
   * Password of the private key.
   * @default - the store password.
   */
  readonly keyPassword?: string;
  /**
   * Password of the truststore.
   * @default - the store password.
   */
  readonly truststorePassword?: string;
}

/** Options of `FlinkTls.fromSecret`. */
export interface FlinkTlsOptions {
  /**
   * The Kubernetes Secret that holds the keystore and truststore files, mounted into JobManager
   * and TaskManager pods through `kubernetes.secrets` (honoured in native and standalone mode).
   */
  readonly secretName: string;
  /** The passwords (see `TlsPassword`). */
  readonly password: TlsPassword;
  /**
   * Key of the keystore file in the Secret.
   * @default 'keystore.jks'
   */
  readonly keystoreKey?: string;
  /**
   * Key of the truststore file in the Secret.
   * @default 'truststore.jks'
   */
  readonly truststoreKey?: string;
  /**
   * Where the Secret is mounted in the Flink pods.
   * @default '/opt/flink/tls'
   */
  readonly mountPath?: string;
  /**
   * TLS between JobManager and TaskManagers (`security.ssl.internal.*`).
   * @default true
   */
  readonly internal?: boolean;
  /**
   * TLS on the REST API and web UI (`security.ssl.rest.*`). The operator talks to the REST API as
   * well and needs its own truststore (`FlinkOperator` prop `restTls`); session jobs inherit the
   * cluster's configuration.
   * @default false
   */
  readonly rest?: boolean;
}

/** SSL of a Flink cluster, with keystore and truststore from a Kubernetes Secret. */
export class FlinkTls {
  /** TLS with the keystore and truststore of a Secret. */
  public static fromSecret(options: FlinkTlsOptions): FlinkTls {
    const where = 'FlinkTls.fromSecret';
    checkProps(where, options, tlsOptions());
    if (typeof options?.secretName !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(options.secretName)) {
      throw new Error(`[${where}] 'secretName' (${options?.secretName}) is not a valid Secret name. Fix: use lower case letters, digits, '-' and '.'.`);
    }
    if (!(options.password instanceof TlsPassword)) {
      throw new Error(`[${where}] 'password' must be a TlsPassword. Fix: use TlsPassword.literal(...) and suppress config-literal-secret with a reason.`);
    }
    const mountPath = options.mountPath ?? '/opt/flink/tls';
    if (!/^\/[^\s:]*[^/\s:]$/.test(mountPath)) {
      throw new Error(`[${where}] 'mountPath' (${mountPath}) must be an absolute path without ':'. Fix: use e.g. '/opt/flink/tls'.`);
    }
    for (const [prop, key] of [['keystoreKey', options.keystoreKey], ['truststoreKey', options.truststoreKey]] as const) {
      if (key !== undefined && !/^[-._a-zA-Z0-9]+$/.test(key)) {
        throw new Error(`[${where}] '${prop}' (${key}) is not a Secret key. Fix: use the file's key in the Secret, e.g. 'keystore.jks'.`);
      }
    }
    if (options.internal === false && !options.rest) {
      throw new Error(`[${where}] 'internal' and 'rest' are both off. Fix: enable at least one of them, or remove 'tls'.`);
    }
    return new FlinkTls(options, mountPath);
  }

  private constructor(private readonly options: FlinkTlsOptions, private readonly mountPath: string) {}

  /** @internal the configuration entries. */
  public _config(scope: IConstruct, flinkVersion: FlinkVersion): Record<string, string> {
    const o = this.options;
    if (!flinkVersion.isAtLeast(FlinkVersion.V2_0)) {
      // The operator writes flink-conf.yaml (`key: value` lines) for Flink 1.x, and Flink's legacy
      // parser cuts each line at the first '#' and trims the value (GlobalConfiguration).
      for (const [which, v] of [['store', o.password._store], ['key', o.password._key], ['truststore', o.password._trust]] as const) {
        const problem = v.includes('#') ? "contains '#'" : v.trim() !== v ? 'starts or ends with whitespace' : undefined;
        if (problem) {
          throw propError(scope, 'tls', `TlsPassword.literal (the ${which} password, redacted)`,
            `${problem}: Flink ${flinkVersion} reads its flink-conf.yaml line by line, cuts each line at '#' and trims the value, so the store would be opened with a different password (ssl-password-truncated)`,
            "use a password without '#' and without surrounding whitespace, or Flink 2.x (standard YAML)");
        }
      }
    }
    const keystore = `${this.mountPath}/${o.keystoreKey ?? 'keystore.jks'}`;
    const truststore = `${this.mountPath}/${o.truststoreKey ?? 'truststore.jks'}`;
    const c: Record<string, string> = { 'kubernetes.secrets': `${o.secretName}:${this.mountPath}` };
    const scopes = [o.internal !== false ? 'internal' : undefined, o.rest ? 'rest' : undefined].filter((s): s is string => !!s);
    if (scopes.length === 0) throw propError(scope, 'tls', 'internal: false', 'enables nothing', "enable 'internal' or 'rest'");
    for (const s of scopes) {
      c[`security.ssl.${s}.enabled`] = 'true';
      c[`security.ssl.${s}.keystore`] = keystore;
      c[`security.ssl.${s}.truststore`] = truststore;
      c[`security.ssl.${s}.keystore-password`] = o.password._store;
      c[`security.ssl.${s}.key-password`] = o.password._key;
      c[`security.ssl.${s}.truststore-password`] = o.password._trust;
    }
    return c;
  }
}
