package dev.cdk8sflink.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reads every ConfigOption the Flink jars on the class path declare, and parses generated values
 * for each option through Flink's own Configuration.
 *
 * <p>Usage: {@code java -cp oracle.jar:<flink jars> dev.cdk8sflink.oracle.FlinkConfigOracle
 * <options.json> <values.tsv>}. Nothing here is compiled against Flink: every Flink class is
 * reached by reflection, so one build of this tool reads every Flink version.
 */
public final class FlinkConfigOracle {

  private static final String CONFIG_OPTION = "org.apache.flink.configuration.ConfigOption";
  private static final byte[] MARKER = "org/apache/flink/configuration/ConfigOption".getBytes(StandardCharsets.US_ASCII);

  /** Values tried on every option, whatever its type. */
  private static final String[] COMMON_VALUES = {
    "0", "-1", "1", "60000", "1.5", "1 min", "1min", "10 s", "500 ms", "1 h", "1d", "5 minutes",
    "PT30S", "1kb", "1 KiB", "1Ki", "512m", "2g", "1 gb", "100 mb", "1 KB", "1.5g", "-1m",
    "true", "TRUE", "True", "false", "yes", "no", "on", "1e3", "0x10", "2147483648", "-2147483649",
    "9223372036854775808", "abc", " 5 ", "NaN",
  };

  private FlinkConfigOracle() {}

  /** One declared option. */
  private static final class Opt {
    String key;
    String type;
    String declaredIn;
    String defaultValue;
    boolean hasDefault;
    boolean deprecated;
    boolean documented = true;
    List<String> enumValues;
    final List<String> deprecatedKeys = new ArrayList<>();
    final List<String> fallbackKeys = new ArrayList<>();
    Object option;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: FlinkConfigOracle <options.json> <values.tsv>");
      System.exit(2);
    }
    ClassLoader cl = FlinkConfigOracle.class.getClassLoader();
    Class<?> configOption = Class.forName(CONFIG_OPTION, false, cl);
    Map<String, Opt> options = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int classesRead = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!entry.endsWith(".jar")) continue;
      Path jar = Path.of(entry);
      String module = moduleOf(jar);
      if (module == null) continue;
      for (String className : candidateClasses(jar)) {
        classesRead++;
        readClass(cl, configOption, className, module, options, failures);
      }
    }
    String flinkVersion = flinkVersion(cl);
    writeOptions(Path.of(args[0]), flinkVersion, options, failures, classesRead);
    writeValues(Path.of(args[1]), options, cl);
    System.err.printf(Locale.ROOT, "Flink %s: %d options from %d classes, %d classes not loadable%n",
        flinkVersion, options.size(), classesRead, failures.size());
  }

  /** The artifact name of a Flink jar in the Maven repository layout, or null for other jars. */
  private static String moduleOf(Path jar) {
    String path = jar.toString().replace('\\', '/');
    int at = path.indexOf("/org/apache/flink/");
    if (at < 0) return null;
    String[] parts = path.substring(at + "/org/apache/flink/".length()).split("/");
    if (parts.length < 3 || parts[0].startsWith("flink-shaded")) return null;
    return parts[0];
  }

  /** Classes of a jar whose bytecode mentions ConfigOption (a cheap filter before loading). */
  private static List<String> candidateClasses(Path jar) throws IOException {
    List<String> out = new ArrayList<>();
    try (JarFile jf = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = jf.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        String name = e.getName();
        if (!name.endsWith(".class") || !name.startsWith("org/apache/flink/")) continue;
        if (name.startsWith("org/apache/flink/shaded/") || name.contains("/shaded/")) continue;
        if (name.startsWith("META-INF/")) continue;
        byte[] bytes;
        try (InputStream in = jf.getInputStream(e)) {
          bytes = in.readAllBytes();
        }
        if (indexOf(bytes, MARKER) >= 0) {
          out.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    return out;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  private static void readClass(ClassLoader cl, Class<?> configOption, String className, String module,
      Map<String, Opt> options, List<String> failures) {
    Class<?> c;
    Field[] fields;
    try {
      c = Class.forName(className, false, cl);
      fields = c.getDeclaredFields();
    } catch (Throwable t) {
      failures.add(className + ": " + t);
      return;
    }
    boolean classDeprecated = c.isAnnotationPresent(Deprecated.class);
    for (Field f : fields) {
      int mod = f.getModifiers();
      if (!Modifier.isStatic(mod) || !configOption.isAssignableFrom(f.getType())) continue;
      Object option;
      try {
        f.setAccessible(true);
        option = f.get(null);
      } catch (Throwable t) {
        failures.add(className + "." + f.getName() + ": " + t);
        return;
      }
      if (option == null) continue;
      try {
        Opt o = describe(option);
        o.declaredIn = module + ":" + className;
        o.deprecated = classDeprecated || f.isAnnotationPresent(Deprecated.class);
        o.documented = !excluded(f);
        Opt prev = options.get(o.key);
        // The same key can be declared twice (e.g. a deprecated copy); keep the non-deprecated one.
        if (prev == null || (prev.deprecated && !o.deprecated)) {
          options.put(o.key, o);
        }
      } catch (Throwable t) {
        failures.add(className + "." + f.getName() + ": " + t);
      }
    }
  }

  private static boolean excluded(Field f) {
    for (java.lang.annotation.Annotation a : f.getAnnotations()) {
      if (a.annotationType().getName().endsWith("Documentation$ExcludeFromDocumentation")) return true;
    }
    return false;
  }

  private static Object call(Object target, String method) throws Exception {
    Method m = findMethod(target.getClass(), method);
    m.setAccessible(true);
    return m.invoke(target);
  }

  private static Method findMethod(Class<?> c, String name) throws NoSuchMethodException {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Method m : k.getDeclaredMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == 0) return m;
      }
    }
    throw new NoSuchMethodException(c.getName() + "." + name);
  }

  private static Object fieldValue(Object target, String name) throws Exception {
    for (Class<?> k = target.getClass(); k != null; k = k.getSuperclass()) {
      try {
        Field f = k.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
      } catch (NoSuchFieldException e) {
        // try the superclass
      }
    }
    throw new NoSuchFieldException(name);
  }

  private static Opt describe(Object option) throws Exception {
    Opt o = new Opt();
    o.option = option;
    o.key = (String) call(option, "key");
    Class<?> clazz = (Class<?>) fieldValue(option, "clazz");
    boolean isList = Boolean.TRUE.equals(fieldValue(option, "isList"));
    String base = typeName(clazz);
    o.type = isList ? "List<" + base + ">" : base;
    if (clazz.isEnum()) {
      o.enumValues = new ArrayList<>();
      for (Object e : clazz.getEnumConstants()) o.enumValues.add(((Enum<?>) e).name());
    }
    o.hasDefault = Boolean.TRUE.equals(call(option, "hasDefaultValue"));
    if (o.hasDefault) {
      Object d = call(option, "defaultValue");
      o.defaultValue = d == null ? null : render(d);
    }
    Object fallbacks = call(option, "fallbackKeys");
    if (fallbacks instanceof Iterable) {
      for (Object fk : (Iterable<?>) fallbacks) {
        String k = (String) call(fk, "getKey");
        if (Boolean.TRUE.equals(call(fk, "isDeprecated"))) o.deprecatedKeys.add(k);
        else o.fallbackKeys.add(k);
      }
    }
    return o;
  }

  private static String typeName(Class<?> c) {
    if (c.isEnum()) return "Enum";
    switch (c.getName()) {
      case "java.lang.String": return "String";
      case "java.lang.Boolean": return "Boolean";
      case "java.lang.Integer": return "Integer";
      case "java.lang.Long": return "Long";
      case "java.lang.Float": return "Float";
      case "java.lang.Double": return "Double";
      case "java.time.Duration": return "Duration";
      case "org.apache.flink.configuration.MemorySize": return "MemorySize";
      case "java.util.Map": return "Map";
      default: return c.getName();
    }
  }

  private static String render(Object v) {
    if (v instanceof Duration) {
      Duration d = (Duration) v;
      return d.toMillis() + " ms";
    }
    if (v instanceof Collection) {
      List<String> parts = new ArrayList<>();
      for (Object x : (Collection<?>) v) parts.add(render(x));
      return String.join(";", parts);
    }
    if (v instanceof Map) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) parts.add(e.getKey() + ":" + e.getValue());
      return String.join(",", parts);
    }
    if (v instanceof Enum) return ((Enum<?>) v).name();
    return String.valueOf(v);
  }

  private static String flinkVersion(ClassLoader cl) {
    try {
      Class<?> ei = Class.forName("org.apache.flink.runtime.util.EnvironmentInformation", true, cl);
      return String.valueOf(ei.getMethod("getVersion").invoke(null));
    } catch (Throwable t) {
      return "unknown";
    }
  }

  // -------------------------------------------------------------------------------------------
  // Values

  /** The values tried on one option: the common list plus type-specific cases. */
  private static Set<String> valuesFor(Opt o) {
    Set<String> vs = new LinkedHashSet<>(List.of(COMMON_VALUES));
    if (o.defaultValue != null && !o.defaultValue.isEmpty()) vs.add(o.defaultValue);
    if (o.enumValues != null) {
      for (String e : o.enumValues) {
        vs.add(e);
        vs.add(e.toLowerCase(Locale.ROOT));
        vs.add(e.substring(0, 1).toUpperCase(Locale.ROOT) + e.substring(1).toLowerCase(Locale.ROOT));
        vs.add(e.replace('_', '-').toLowerCase(Locale.ROOT));
      }
      vs.add(String.join(";", o.enumValues));
      vs.add(o.enumValues.get(0).toLowerCase(Locale.ROOT) + ";nosuchvalue");
      vs.add("nosuchvalue");
    }
    if (o.type.startsWith("List") || o.type.equals("Map")) {
      vs.add("k1:v1,k2:v2");
      vs.add("k1:v1;k2:v2");
      vs.add("a;b");
      vs.add("1;2");
      vs.add("k1");
    }
    return vs;
  }

  private static void writeValues(Path out, Map<String, Opt> options, ClassLoader cl) throws Exception {
    Class<?> configuration = Class.forName("org.apache.flink.configuration.Configuration", true, cl);
    Method fromMap = configuration.getMethod("fromMap", Map.class);
    Class<?> configOption = Class.forName(CONFIG_OPTION, false, cl);
    Method get = configuration.getMethod("get", configOption);
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      for (Opt o : options.values()) {
        for (String v : valuesFor(o)) {
          String verdict;
          try {
            Map<String, String> m = new HashMap<>();
            m.put(o.key, v);
            Object conf = fromMap.invoke(null, m);
            get.invoke(conf, o.option);
            verdict = "ok";
          } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            verdict = "error\t" + oneLine(cause.getClass().getSimpleName() + ": " + cause.getMessage());
          }
          w.print(o.key);
          w.print('\t');
          w.print(escape(v));
          w.print('\t');
          w.println(verdict);
        }
      }
    }
  }

  private static String oneLine(String s) {
    String t = s.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    return t.length() > 300 ? t.substring(0, 300) : t;
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  // -------------------------------------------------------------------------------------------
  // Options JSON

  private static void writeOptions(Path out, String version, Map<String, Opt> options, List<String> failures,
      int classesRead) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"flinkVersion\": ").append(json(version));
    sb.append(",\n  \"classesRead\": ").append(classesRead);
    sb.append(",\n  \"notLoadable\": [");
    for (int i = 0; i < failures.size(); i++) {
      sb.append(i == 0 ? "\n    " : ",\n    ").append(json(oneLine(failures.get(i))));
    }
    sb.append(failures.isEmpty() ? "]" : "\n  ]");
    sb.append(",\n  \"options\": {");
    boolean first = true;
    for (Opt o : options.values()) {
      sb.append(first ? "\n    " : ",\n    ");
      first = false;
      sb.append(json(o.key)).append(": {\"type\": ").append(json(o.type));
      if (o.enumValues != null) sb.append(", \"enum\": ").append(jsonList(o.enumValues));
      sb.append(", \"default\": ").append(o.hasDefault ? json(o.defaultValue) : "null");
      if (o.deprecated) sb.append(", \"deprecated\": true");
      if (!o.documented) sb.append(", \"documented\": false");
      if (!o.deprecatedKeys.isEmpty()) sb.append(", \"deprecatedKeys\": ").append(jsonList(o.deprecatedKeys));
      if (!o.fallbackKeys.isEmpty()) sb.append(", \"fallbackKeys\": ").append(jsonList(o.fallbackKeys));
      sb.append(", \"declaredIn\": ").append(json(o.declaredIn)).append('}');
    }
    sb.append("\n  }\n}\n");
    Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
  }

  private static String jsonList(List<String> xs) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < xs.size(); i++) sb.append(i == 0 ? "" : ", ").append(json(xs.get(i)));
    return sb.append(']').toString();
  }

  private static String json(String s) {
    if (s == null) return "null";
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        default:
          if (ch < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          else sb.append(ch);
      }
    }
    return sb.append('"').toString();
  }
}
