import { RuleSet } from '../types';
import { configPath, flinkOlderThan, isChecked, q, specOf } from './deployment';
import { RuleInfo } from './info';

/**
 * SSL of Flink clusters (facts and their sources: docs/tls.md).
 *
 * - rest-tls-operator-truststore: with `security.ssl.rest.enabled` the operator calls the cluster's
 *   REST API over SSL. Unless its own container has `OPERATOR_TRUSTSTORE_PATH` pointing at an
 *   existing file (the chart's `tls.create`, FlinkOperator `restTls`), it uses the cluster's
 *   configuration, whose truststore path exists only in the Flink pods. Reported only when the
 *   operators installed with the input are known (synth of an app with a FlinkOperator).
 * - ssl-password-truncated: for Flink 1.x the operator writes `flink-conf.yaml`
 *   (FlinkConfMountDecorator.useStandardYamlConfig: standard YAML from 2.0 on), and
 *   GlobalConfiguration's legacy parser cuts each line at the first '#' and trims the value.
 * - ssl-password-placeholder: Flink's configuration loading substitutes no environment variables in
 *   any supported version, so `${VAR}` as an SSL password is that text itself.
 */
export const TLS_RULES: readonly RuleInfo[] = [
  {
    id: 'rest-tls-operator-truststore', ref: '', severity: 'error',
    why: 'With REST SSL the operator needs its own truststore (FlinkOperator restTls, the chart\'s tls.create); otherwise it reads the truststore path of the cluster\'s configuration, which exists only in the Flink pods, and cannot observe or control the job.',
  },
  {
    id: 'ssl-password-truncated', ref: '', severity: 'error',
    why: "For Flink 1.x the operator writes flink-conf.yaml, whose parser cuts each line at '#' and trims the value: an SSL password with '#' or surrounding whitespace opens no store.",
  },
  {
    id: 'ssl-password-placeholder', ref: '', severity: 'warning',
    why: 'Flink does not substitute environment variables in its configuration (no supported version does), so a ${VAR} SSL password is used as that literal text and the keystore fails to open.',
  },
];

const PASSWORD_KEY = /^security\.ssl\.(?:(?:internal|rest)\.)?(?:keystore-password|key-password|truststore-password)$/;
const PLACEHOLDER = /^\s*(?:\$\{[^}]+\}|\$\([^)]+\))\s*$/;

const TLS_KINDS = ['FlinkDeployment', 'FlinkSessionJob'];

export const tlsRules: RuleSet = (ctx) => {
  const operators = ctx.options.operators ?? [];
  const list = ctx.ofKinds(TLS_KINDS);
  for (let i = 0; i < list.length; i++) {
    const res = list[i];
    const deployment = isChecked(res, 'FlinkDeployment');
    if (!deployment && !isChecked(res, 'FlinkSessionJob')) continue;

    const legacyFile = deployment && flinkOlderThan(specOf(res).flinkVersion, 2, 0);
    const keys = Object.keys(res.config);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (!PASSWORD_KEY.test(key)) continue;
      const value = res.config[key];
      if (typeof value !== 'string') continue;
      const problem = value.includes('#') ? "contains '#'" : value.trim() !== value ? 'starts or ends with whitespace' : undefined;
      if (legacyFile && problem) {
        ctx.report(res, {
          rule: 'ssl-password-truncated', path: configPath(res, key),
          message: `'${key}' ${problem} (value redacted): for Flink ${specOf(res).flinkVersion} the operator writes flink-conf.yaml, and Flink's parser cuts each line at '#' and trims the value, so the store would be opened with a different password`,
          fix: "Use a password without '#' and without surrounding whitespace (re-create the stores with it), or run Flink 2.x, whose config.yaml is standard YAML.",
        });
      }
      if (!PLACEHOLDER.test(value)) continue;
      ctx.report(res, {
        rule: 'ssl-password-placeholder', severity: 'warning', path: configPath(res, key),
        message: `'${key}' is ${q(value)}: Flink reads its configuration without substituting environment variables, so the store would be opened with that text as its password`,
        fix: 'Give the password itself and accept it explicitly (suppress config-literal-secret with a reason; docs/tls.md explains why no literal-free route exists), or use an image whose entrypoint renders the configuration into a writable directory.',
      });
    }

    if (!deployment || operators.length === 0) continue;
    const rest = res.config['security.ssl.rest.enabled'];
    if (typeof rest !== 'string' || rest.trim().toLowerCase() !== 'true') continue;
    const watching = operators.filter((o) => !o.watchNamespaces || (res.namespace !== '' && o.watchNamespaces.includes(res.namespace)));
    // Unknown trust (undefined) is never reported; only operators known to lack it are.
    if (watching.length === 0 || !watching.every((o) => o.restTlsTrust === false)) continue;
    ctx.report(res, {
      rule: 'rest-tls-operator-truststore', path: configPath(res, 'security.ssl.rest.enabled'),
      message: `REST SSL is on, but the operator watching it (${watching.map((o) => o.label).join(', ')}) has no truststore of its own: it would open '${res.config['security.ssl.rest.truststore'] ?? '(no truststore set)'}' inside its own pod, where that file does not exist, and fail every REST call to the cluster`,
      fix: "Give the FlinkOperator restTls: OperatorRestTls.fromSecret({ secretName, password: { secretName, key } }) (the chart's tls.create), with a truststore that trusts the cluster's REST certificate.",
    });
  }
};
