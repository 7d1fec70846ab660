package org.cdk8sflink.oracle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.FlinkSessionJob;
import org.apache.flink.kubernetes.operator.config.FlinkConfigManager;
import org.apache.flink.kubernetes.operator.validation.DefaultValidator;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges Flink custom resources with the Flink Kubernetes Operator's own validator, as its
 * admission webhook does: a FlinkDeployment alone, a FlinkSessionJob with its session cluster (a
 * FlinkDeployment of the same namespace named by spec.deploymentName) when the input has it, a
 * FlinkStateSnapshot with its target (spec.jobReference) when the input has it.
 *
 * <pre>
 * Files mode:  OperatorOracle [--conf key=value]... FILE|- ...
 *   Every document of every input (multi-document YAML or JSON) is one world; one JSON line per
 *   resource.
 * Batch mode:  OperatorOracle --jsonl [--conf key=value]...
 *   Each stdin line is {"id": ..., "manifests": [...]}: one world per line. Each output line is
 *   {"id": ..., "verdicts": [...]}, in input order. One JVM judges any number of lines.
 * </pre>
 *
 * A verdict is {"index", "kind", "name", "verdict", "message"} where verdict is "accepted",
 * "rejected" (message: the operator's), "deserialization-error" (the operator's API classes refuse
 * the manifest; message: why) or "not-validated" (a kind the webhook does not validate).
 *
 * --conf sets the operator's default configuration (an empty configuration gives the operator's
 * built-in defaults, e.g. allowed jar schemes [https]).
 */
public final class OperatorOracle {
    private static final String SNAPSHOT_CLASS = "org.apache.flink.kubernetes.operator.api.FlinkStateSnapshot";

    private final ObjectMapper json = new ObjectMapper()
            // The API server prunes fields its CRD does not know before the webhook sees them.
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final DefaultValidator validator;
    private final Class<?> snapshotClass;
    private final Method validateSnapshot;

    private OperatorOracle(Configuration operatorConfig) {
        this.validator = new DefaultValidator(new FlinkConfigManager(operatorConfig));
        Class<?> cls = null;
        Method m = null;
        try {
            // FlinkStateSnapshot exists from operator 1.10; looked up by name so one source builds for every release.
            cls = Class.forName(SNAPSHOT_CLASS);
            for (Method candidate : DefaultValidator.class.getMethods()) {
                if (candidate.getName().equals("validateStateSnapshot") && candidate.getParameterCount() == 2) {
                    m = candidate;
                }
            }
        } catch (ClassNotFoundException e) {
            cls = null;
        }
        this.snapshotClass = cls;
        this.validateSnapshot = m;
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = new Configuration();
        boolean jsonl = false;
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--jsonl")) {
                jsonl = true;
            } else if (a.equals("--conf") && i + 1 < args.length) {
                String kv = args[++i];
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    fail("--conf expects key=value, got '" + kv + "'");
                }
                conf.setString(kv.substring(0, eq), kv.substring(eq + 1));
            } else if (a.equals("--help") || a.equals("-h")) {
                System.out.println("usage: OperatorOracle [--jsonl] [--conf key=value]... [FILE|-]...");
                return;
            } else if (a.startsWith("--")) {
                fail("unknown option '" + a + "'");
            } else {
                inputs.add(a);
            }
        }
        OperatorOracle oracle = new OperatorOracle(conf);
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        if (jsonl) {
            oracle.batch(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
        } else {
            if (inputs.isEmpty()) {
                inputs.add("-");
            }
            List<JsonNode> docs = new ArrayList<>();
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            for (String input : inputs) {
                try (InputStream in = input.equals("-") ? System.in : new FileInputStream(input)) {
                    MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(in);
                    while (it.hasNext()) {
                        JsonNode doc = it.next();
                        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                            docs.add(withNamespace(doc));
                        }
                    }
                } catch (Exception e) {
                    fail("cannot read " + input + ": " + e.getMessage());
                }
            }
            for (JsonNode v : oracle.judge(docs)) {
                out.write(oracle.json.writeValueAsString(v));
                out.write('\n');
            }
        }
        out.flush();
        // The config manager starts a non-daemon reload thread; the verdicts are out, so stop here.
        System.exit(0);
    }

    private static void fail(String message) {
        System.err.println("operator-oracle: " + message);
        System.exit(2);
    }

    private void batch(BufferedReader in, Writer out) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode result = json.createObjectNode();
            try {
                JsonNode req = json.readTree(line);
                result.set("id", req.get("id"));
                List<JsonNode> docs = new ArrayList<>();
                req.path("manifests").forEach((d) -> docs.add(withNamespace(d)));
                ArrayNode verdicts = result.putArray("verdicts");
                judge(docs).forEach(verdicts::add);
            } catch (Exception e) {
                result.put("error", "unreadable request line: " + e.getMessage());
            }
            out.write(json.writeValueAsString(result));
            out.write('\n');
            // A caller may wait for this answer before it sends the next world (shrinking does).
            out.flush();
        }
    }

    /** One verdict per document, in input order. */
    List<JsonNode> judge(List<JsonNode> docs) {
        List<JsonNode> verdicts = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            JsonNode doc = docs.get(i);
            String kind = doc.path("kind").asText("");
            ObjectNode v = json.createObjectNode();
            v.put("index", i);
            v.put("kind", kind);
            v.put("name", doc.path("metadata").path("name").asText(""));
            try {
                Optional<String> error;
                switch (kind) {
                    case "FlinkDeployment":
                        error = validator.validateDeployment(read(doc, FlinkDeployment.class));
                        break;
                    case "FlinkSessionJob":
                        error = sessionJob(doc, docs);
                        break;
                    case "FlinkStateSnapshot":
                        if (snapshotClass == null || validateSnapshot == null) {
                            v.put("verdict", "not-validated");
                            v.put("message", "this operator release has no FlinkStateSnapshot");
                            verdicts.add(v);
                            continue;
                        }
                        error = snapshot(doc, docs);
                        break;
                    default:
                        v.put("verdict", "not-validated");
                        v.put("message", "the operator's webhook does not validate kind '" + kind + "'");
                        verdicts.add(v);
                        continue;
                }
                v.put("verdict", error.isPresent() ? "rejected" : "accepted");
                v.put("message", error.orElse(""));
            } catch (Deserialization e) {
                v.put("verdict", "deserialization-error");
                v.put("message", e.getMessage());
            } catch (Throwable t) {
                // The validator itself threw (e.g. a null deploymentName): the webhook answers with
                // an error too, so the resource is refused.
                Throwable cause = t instanceof InvocationTargetException ? t.getCause() : t;
                v.put("verdict", "rejected");
                v.put("message", "validator threw " + cause.getClass().getName() + ": " + Objects.toString(cause.getMessage(), ""));
            }
            verdicts.add(v);
        }
        return verdicts;
    }

    private Optional<String> sessionJob(JsonNode doc, List<JsonNode> docs) throws Deserialization {
        FlinkSessionJob job = read(doc, FlinkSessionJob.class);
        String ns = namespace(doc);
        String target = doc.path("spec").path("deploymentName").asText(null);
        Optional<FlinkDeployment> cluster = Optional.empty();
        for (JsonNode other : docs) {
            if ("FlinkDeployment".equals(other.path("kind").asText()) && Objects.equals(ns, namespace(other))
                    && target != null && target.equals(other.path("metadata").path("name").asText(null))) {
                cluster = Optional.of(read(other, FlinkDeployment.class));
                break;
            }
        }
        return validator.validateSessionJob(job, cluster);
    }

    @SuppressWarnings("unchecked")
    private Optional<String> snapshot(JsonNode doc, List<JsonNode> docs) throws Exception {
        Object snapshot = read(doc, snapshotClass);
        String ns = namespace(doc);
        JsonNode ref = doc.path("spec").path("jobReference");
        String kind = ref.path("kind").asText(null);
        String name = ref.path("name").asText(null);
        Optional<Object> target = Optional.empty();
        for (JsonNode other : docs) {
            String otherKind = other.path("kind").asText();
            if (kind != null && name != null && kind.equals(otherKind) && Objects.equals(ns, namespace(other))
                    && name.equals(other.path("metadata").path("name").asText(null))) {
                if (otherKind.equals("FlinkDeployment")) {
                    target = Optional.of(read(other, FlinkDeployment.class));
                } else if (otherKind.equals("FlinkSessionJob")) {
                    target = Optional.of(read(other, FlinkSessionJob.class));
                }
                break;
            }
        }
        try {
            return (Optional<String>) validateSnapshot.invoke(validator, snapshot, target);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        }
    }

    /**
     * The webhook always sees a namespace: the API server fills in the request's namespace
     * ("default" when none is given). The operator's checks rely on it (e.g. the ingress template's
     * {{namespace}}), so a manifest without one gets "default", as kubectl apply would give it.
     */
    private static JsonNode withNamespace(JsonNode doc) {
        if (doc instanceof ObjectNode && !doc.path("metadata").path("namespace").isTextual()) {
            ObjectNode copy = ((ObjectNode) doc).deepCopy();
            JsonNode meta = copy.path("metadata");
            ObjectNode metadata = meta instanceof ObjectNode ? (ObjectNode) meta : copy.putObject("metadata");
            metadata.put("namespace", "default");
            return copy;
        }
        return doc;
    }

    private static String namespace(JsonNode doc) {
        JsonNode ns = doc.path("metadata").path("namespace");
        return ns.isTextual() ? ns.asText() : null;
    }

    private <T> T read(JsonNode doc, Class<T> cls) throws Deserialization {
        try {
            return json.treeToValue(doc, cls);
        } catch (Exception e) {
            throw new Deserialization(cls.getSimpleName() + ": " + e.getMessage().replaceAll("\\s+", " "));
        }
    }

    /** The operator's API classes refused a manifest. */
    private static final class Deserialization extends Exception {
        Deserialization(String message) {
            super(message);
        }
    }
}
