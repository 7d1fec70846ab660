"""The Python package built by jsii-pacmak: the README example and a validation error."""
import cdk8s
import pytest

from cdk8s_flink import (
    FlinkVolumeMount,
    CheckpointPolicy,
    FlinkApplication,
    FlinkSessionCluster,
    FlinkStorage,
    FlinkVersion,
    HaStorage,
    JobJar,
    PodVolume,
    SessionJob,
    StateBackend,
    UpgradeMode,
)

JAR = "https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/1.20.0/flink-examples-streaming-1.20.0-TopSpeedWindowing.jar"


def readme_chart():
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "flink", namespace="streaming")
    cluster = FlinkSessionCluster(chart, "sessions", version=FlinkVersion.V1_20, image="flink:1.20")
    SessionJob(chart, "top-speed", cluster=cluster, parallelism=2, jar=JobJar.from_url(JAR))
    storage = FlinkStorage.persistent_volume_claim(chart, "state", size=cdk8s.Size.gibibytes(50))
    FlinkApplication(
        chart, "orders",
        version=FlinkVersion.V2_1, image="registry.example.com/orders:1.4.2",
        jar=JobJar.from_image("/opt/flink/usrlib/orders.jar"), parallelism=4, upgrade_mode=UpgradeMode.SAVEPOINT,
        checkpoints=CheckpointPolicy.every(cdk8s.Duration.seconds(30), storage=storage, state_backend=StateBackend.ROCKSDB, incremental=True),
        ha=HaStorage.kubernetes(storage=storage),
    )
    return chart


def test_readme_example_synthesizes():
    manifests = cdk8s.Testing.synth(readme_chart())
    kinds = [m["kind"] for m in manifests]
    assert kinds.count("FlinkDeployment") == 2
    assert "FlinkSessionJob" in kinds and "PersistentVolumeClaim" in kinds
    orders = next(m for m in manifests if m["kind"] == "FlinkDeployment" and m["spec"].get("job"))
    assert orders["spec"]["flinkVersion"] == "v2_1"
    assert orders["spec"]["job"]["upgradeMode"] == "savepoint"
    assert orders["spec"]["flinkConfiguration"]["state.backend.type"] == "rocksdb"
    assert orders["spec"]["flinkConfiguration"]["high-availability.type"] == "kubernetes"
    assert orders["metadata"]["namespace"] == "streaming"
    # The session job comes after its cluster.
    assert kinds.index("FlinkSessionJob") > kinds.index("FlinkDeployment")


def test_prop_error_names_the_construct_and_the_fix():
    chart = cdk8s.Chart(cdk8s.App(), "c")
    with pytest.raises(Exception) as err:
        FlinkApplication(chart, "orders", version=FlinkVersion.V1_20, image="flink:1.20",
                         jar=JobJar.from_image("/opt/flink/usrlib/orders.jar"), parallelism=0)
    assert "[c/orders] 'parallelism' (0)" in str(err.value)
    assert "Fix:" in str(err.value)


def test_synth_validation_error_of_a_broken_application():
    chart = cdk8s.Chart(cdk8s.App(), "c")
    FlinkApplication(chart, "orders", version=FlinkVersion.V1_20, image="flink:1.20",
                     jar=JobJar.from_image("/opt/flink/usrlib/orders.jar"), parallelism=1,
                     volumes=[FlinkVolumeMount(volume=PodVolume.from_config_map("missing"), mount_path="/etc/extra")])
    with pytest.raises(Exception) as err:
        cdk8s.Testing.synth(chart)
    assert "(reference-not-found) ConfigMap 'missing'" in str(err.value)
