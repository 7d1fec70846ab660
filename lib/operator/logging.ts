/** The logging framework the operator and its webhook use (Helm value `logging.framework`). */
export class OperatorLoggingFramework {
  /** Log4j 2, configured by log4j-operator.properties (the default). */
  public static readonly LOG4J2 = new OperatorLoggingFramework('log4j2', '-Dlog4j.configurationFile=/opt/flink/conf/log4j-operator.properties');
  /** Logback, configured by logback-operator.xml. */
  public static readonly LOGBACK = new OperatorLoggingFramework('logback', '-Dlogback.configurationFile=/opt/flink/conf/logback-operator.xml');

  private constructor(
    /** `log4j2` or `logback`. */
    public readonly name: string,
    /** The JVM flag that points at the configuration file. */
    public readonly jvmFlag: string,
  ) {}
}
