package dev.cdk8sflink.oracle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Flink's own code of one version does with SSL store passwords (docs/tls.md):
 *
 * <ul>
 *   <li>the configuration file as the operator writes it for that version ({@code flink-conf.yaml}
 *       with {@code key: value} lines before 2.0, {@code config.yaml} through
 *       {@code ConfigurationUtils.convertConfigToWritableLines} from 2.0 on), read back with
 *       {@code GlobalConfiguration.loadConfiguration}: is {@code ${SSL_PASSWORD}} substituted from
 *       the environment (the parent sets it), and which passwords come back changed;
 *   <li>{@code SSLUtils}: which missing passwords make the SSL factories fail.
 * </ul>
 *
 * <p>Usage: {@code java -cp oracle.jar:<flink jars> dev.cdk8sflink.oracle.FlinkTlsOracle <line>
 * <work dir> <tls.json> <PKCS12 keystore, password store-pw>}. Every Flink class is reached by reflection, as in FlinkConfigOracle.
 */
public final class FlinkTlsOracle {

  /** The passwords written, by key: a placeholder, and values the 1.x line parser might change. */
  static final Map<String, String> WRITTEN = new LinkedHashMap<>();

  static {
    WRITTEN.put("security.ssl.internal.keystore-password", "${SSL_PASSWORD}");
    WRITTEN.put("security.ssl.internal.key-password", "abc#def");
    WRITTEN.put("security.ssl.internal.truststore-password", " padded ");
    WRITTEN.put("security.ssl.rest.keystore-password", "$(SSL_PASSWORD)");
    WRITTEN.put("security.ssl.rest.key-password", "plain-Password_1");
    WRITTEN.put("security.ssl.rest.truststore-password", "with: colon");
  }

  private FlinkTlsOracle() {}

  public static void main(String[] args) throws Exception {
    String line = args[0];
    Path dir = Path.of(args[1]);
    Path out = Path.of(args[2]);
    // A PKCS12 keystore with password 'store-pw' (made by keytool in run.js).
    String keystore = args.length > 3 ? args[3] : "/nonexistent/keystore.p12";
    boolean v2 = Integer.parseInt(line.split("\\.")[0]) >= 2;

    Class<?> configuration = Class.forName("org.apache.flink.configuration.Configuration");
    Class<?> global = Class.forName("org.apache.flink.configuration.GlobalConfiguration");

    // 1. The file, as the operator writes it for this Flink version.
    Path confDir = Files.createDirectories(dir.resolve("tls-conf"));
    for (String f : new String[] {"flink-conf.yaml", "config.yaml"}) Files.deleteIfExists(confDir.resolve(f));
    List<String> lines = new ArrayList<>();
    String file;
    if (v2) {
      Object conf = fromMap(configuration, WRITTEN);
      Class<?> utils = Class.forName("org.apache.flink.configuration.ConfigurationUtils");
      Method write = utils.getMethod("convertConfigToWritableLines", configuration, boolean.class);
      for (Object l : (List<?>) write.invoke(null, conf, false)) lines.add((String) l);
      file = "config.yaml";
    } else {
      for (Map.Entry<String, String> e : WRITTEN.entrySet()) lines.add(e.getKey() + ": " + e.getValue());
      file = "flink-conf.yaml";
    }
    Files.write(confDir.resolve(file), lines, StandardCharsets.UTF_8);

    // 2. Read back as the JobManager and TaskManagers do.
    Object loaded = global.getMethod("loadConfiguration", String.class).invoke(null, confDir.toString());
    @SuppressWarnings("unchecked")
    Map<String, String> map = (Map<String, String>) configuration.getMethod("toMap").invoke(loaded);
    Map<String, String> read = new TreeMap<>();
    for (String k : WRITTEN.keySet()) read.put(k, map.get(k));

    // 3. SSLUtils with passwords missing (the store files need not exist: the options are checked first).
    Map<String, String> ssl = new LinkedHashMap<>();
    Map<String, String> internalNoKeystorePassword = new LinkedHashMap<>();
    internalNoKeystorePassword.put("security.ssl.internal.enabled", "true");
    internalNoKeystorePassword.put("security.ssl.internal.keystore", "/nonexistent/keystore.jks");
    internalNoKeystorePassword.put("security.ssl.internal.key-password", "k");
    internalNoKeystorePassword.put("security.ssl.internal.truststore", "/nonexistent/truststore.jks");
    internalNoKeystorePassword.put("security.ssl.internal.truststore-password", "t");
    ssl.put("internalServerWithoutKeystorePassword", sslCall("createInternalServerSSLEngineFactory", configuration, internalNoKeystorePassword));
    Map<String, String> internalNoTruststorePassword = new LinkedHashMap<>(internalNoKeystorePassword);
    internalNoTruststorePassword.put("security.ssl.internal.keystore", keystore);
    internalNoTruststorePassword.put("security.ssl.internal.keystore-password", "store-pw");
    internalNoTruststorePassword.put("security.ssl.internal.key-password", "store-pw");
    internalNoTruststorePassword.put("security.ssl.internal.truststore", keystore);
    internalNoTruststorePassword.remove("security.ssl.internal.truststore-password");
    ssl.put("internalServerWithoutTruststorePassword", sslCall("createInternalServerSSLEngineFactory", configuration, internalNoTruststorePassword));
    Map<String, String> restClientNoTruststore = new LinkedHashMap<>();
    restClientNoTruststore.put("security.ssl.rest.enabled", "true");
    ssl.put("restClientWithoutTruststore", sslCall("createRestClientSSLEngineFactory", configuration, restClientNoTruststore));

    StringBuilder json = new StringBuilder("{\n");
    json.append("  \"line\": ").append(q(line)).append(",\n");
    json.append("  \"file\": ").append(q(file)).append(",\n");
    json.append("  \"env\": ").append(q(System.getenv("SSL_PASSWORD"))).append(",\n");
    json.append("  \"written\": ").append(obj(WRITTEN)).append(",\n");
    json.append("  \"read\": ").append(obj(read)).append(",\n");
    json.append("  \"ssl\": ").append(obj(ssl)).append("\n}\n");
    Files.writeString(out, json.toString());
  }

  private static Object fromMap(Class<?> configuration, Map<String, String> entries) throws Exception {
    return configuration.getMethod("fromMap", Map.class).invoke(null, entries);
  }

  /** "ok", or the exception's class and message. */
  private static String sslCall(String method, Class<?> configuration, Map<String, String> entries) throws Exception {
    Class<?> sslUtils = Class.forName("org.apache.flink.runtime.net.SSLUtils");
    try {
      sslUtils.getMethod(method, configuration).invoke(null, fromMap(configuration, entries));
      return "ok";
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
  }

  private static String obj(Map<String, String> m) {
    StringBuilder b = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, String> e : m.entrySet()) {
      b.append(first ? "" : ", ").append(q(e.getKey())).append(": ").append(q(e.getValue()));
      first = false;
    }
    return b.append("}").toString();
  }

  private static String q(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c == '\n') b.append("\\n");
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
