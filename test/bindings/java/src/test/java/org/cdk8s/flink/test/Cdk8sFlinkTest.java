package org.cdk8s.flink.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.cdk8s.Duration;
import org.cdk8s.Size;
import org.cdk8s.Testing;
import org.cdk8s.flink.CheckpointPolicyOptions;
import org.cdk8s.flink.CheckpointPolicy;
import org.cdk8s.flink.FlinkApplication;
import org.cdk8s.flink.FlinkSessionCluster;
import org.cdk8s.flink.FlinkStorage;
import org.cdk8s.flink.FlinkVersion;
import org.cdk8s.flink.FlinkVolumeMount;
import org.cdk8s.flink.HaStorage;
import org.cdk8s.flink.JobJar;
import org.cdk8s.flink.KubernetesHaOptions;
import org.cdk8s.flink.PersistentVolumeClaimStorageProps;
import org.cdk8s.flink.PodVolume;
import org.cdk8s.flink.SessionJob;
import org.cdk8s.flink.StateBackend;
import org.cdk8s.flink.UpgradeMode;
import org.junit.jupiter.api.Test;

class Cdk8sFlinkTest {
  static final String JAR = "https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/1.20.0/flink-examples-streaming-1.20.0-TopSpeedWindowing.jar";

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(Map<String, Object> manifest) {
    return (Map<String, Object>) manifest.get("spec");
  }

  @Test
  @SuppressWarnings("unchecked")
  void readmeExampleSynthesizes() {
    App app = new App();
    Chart chart = new Chart(app, "flink", ChartProps.builder().namespace("streaming").build());
    FlinkSessionCluster cluster = FlinkSessionCluster.Builder.create(chart, "sessions")
        .version(FlinkVersion.V1_20).image("flink:1.20").build();
    SessionJob.Builder.create(chart, "top-speed").cluster(cluster).parallelism(2).jar(JobJar.fromUrl(JAR)).build();
    FlinkStorage storage = FlinkStorage.persistentVolumeClaim(chart, "state",
        PersistentVolumeClaimStorageProps.builder().size(Size.gibibytes(50)).build());
    FlinkApplication.Builder.create(chart, "orders")
        .version(FlinkVersion.V2_1).image("registry.example.com/orders:1.4.2")
        .jar(JobJar.fromImage("/opt/flink/usrlib/orders.jar")).parallelism(4).upgradeMode(UpgradeMode.SAVEPOINT)
        .checkpoints(CheckpointPolicy.every(Duration.seconds(30),
            CheckpointPolicyOptions.builder().storage(storage).stateBackend(StateBackend.ROCKSDB).incremental(true).build()))
        .ha(HaStorage.kubernetes(KubernetesHaOptions.builder().storage(storage).build()))
        .build();

    List<Map<String, Object>> manifests = (List<Map<String, Object>>) (List<?>) Testing.synth(chart);
    List<String> kinds = manifests.stream().map(m -> (String) m.get("kind")).collect(Collectors.toList());
    assertEquals(2, kinds.stream().filter("FlinkDeployment"::equals).count());
    assertTrue(kinds.contains("FlinkSessionJob"));
    assertTrue(kinds.indexOf("FlinkSessionJob") > kinds.indexOf("FlinkDeployment"));
    Map<String, Object> orders = manifests.stream()
        .filter(m -> "FlinkDeployment".equals(m.get("kind")) && spec(m).get("job") != null).findFirst().orElseThrow();
    assertEquals("v2_1", spec(orders).get("flinkVersion"));
    Map<String, Object> config = (Map<String, Object>) spec(orders).get("flinkConfiguration");
    assertEquals("rocksdb", config.get("state.backend.type"));
    assertEquals("kubernetes", config.get("high-availability.type"));
  }

  @Test
  void propErrorNamesTheConstructAndTheFix() {
    Chart chart = new Chart(new App(), "c");
    RuntimeException e = assertThrows(RuntimeException.class, () -> FlinkApplication.Builder.create(chart, "orders")
        .version(FlinkVersion.V1_20).image("flink:1.20").jar(JobJar.fromImage("/opt/flink/usrlib/orders.jar")).parallelism(0).build());
    assertTrue(e.getMessage().contains("[c/orders] 'parallelism' (0)"), e.getMessage());
    assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
  }

  @Test
  void synthValidationErrorOfABrokenApplication() {
    Chart chart = new Chart(new App(), "c");
    FlinkApplication.Builder.create(chart, "orders")
        .version(FlinkVersion.V1_20).image("flink:1.20").jar(JobJar.fromImage("/opt/flink/usrlib/orders.jar")).parallelism(1)
        .volumes(List.of(FlinkVolumeMount.builder().volume(PodVolume.fromConfigMap("missing")).mountPath("/etc/extra").build()))
        .build();
    RuntimeException e = assertThrows(RuntimeException.class, () -> Testing.synth(chart));
    assertTrue(e.getMessage().contains("(reference-not-found) ConfigMap 'missing'"), e.getMessage());
  }
}
