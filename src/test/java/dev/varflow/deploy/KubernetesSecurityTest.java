package dev.varflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import dev.varflow.deploy.KubernetesManifestsTest.Resource;

/**
 * The security defaults of the kustomize base and docker-compose.yml (issue 9): no service account token in any pod,
 * NetworkPolicies that expose only the coordinator's API and keep Kafka and PostgreSQL to Varflow pods, secrets split
 * so workers never hold the OIDC client secret or the schema owner's password, migrations by the coordinator only,
 * hardened containers, and a loopback-only compose demo that grants no command execution to tokenless runs.
 */
class KubernetesSecurityTest {

    private static final String OIDC_CLIENT_SECRET = "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET";
    private static final String FLYWAY_PASSWORD = "QUARKUS_FLYWAY_PASSWORD";
    private static final String RECORD_KEY = "VARFLOW_SECURITY_RECORD_KEY";
    private static final Map<String, String> KAFKA_PODS = Map.of("strimzi.io/cluster", "varflow-kafka");
    private static final Map<String, String> POSTGRES_PODS = Map.of("app.kubernetes.io/name", "postgresql",
            "app.kubernetes.io/instance", "varflow-postgres");
    private static final Set<Integer> DNS_KAFKA_POSTGRES_PORTS = Set.of(53, 9092, 9093, 5432);

    private static Map<String, Deployment> deployments;
    private static Map<String, Secret> secrets;
    private static List<NetworkPolicy> policies;

    @BeforeAll
    static void render() throws IOException {
        List<Resource> rendered = KubernetesManifestsTest.renderBase();
        deployments = new LinkedHashMap<>();
        secrets = new LinkedHashMap<>();
        policies = new ArrayList<>();
        for (Resource r : rendered) {
            if (r.model() instanceof Deployment d) {
                deployments.put(r.name(), d);
            } else if (r.model() instanceof Secret s) {
                secrets.put(r.name(), s);
            } else if (r.model() instanceof NetworkPolicy p) {
                policies.add(p);
            }
        }
        assertThat(deployments).containsOnlyKeys("varflow-coordinator", "varflow-gate", "varflow-worker");
    }

    private static PodSpec pod(String deployment) {
        return deployments.get(deployment).getSpec().getTemplate().getSpec();
    }

    private static Map<String, String> podLabels(String deployment) {
        return deployments.get(deployment).getSpec().getTemplate().getMetadata().getLabels();
    }

    private static Container container(String deployment) {
        return pod(deployment).getContainers().get(0);
    }

    private static String env(String deployment, String name) {
        List<EnvVar> env = container(deployment).getEnv() == null ? List.of() : container(deployment).getEnv();
        return env.stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    // ---- pods -----------------------------------------------------------------------------------------------------

    @Test
    void shouldMountNoServiceAccountTokenInAnyPod() {
        // then every pod opts out explicitly (the default mounts the token, which a task could read and use)
        deployments.keySet().forEach(name -> assertThat(pod(name).getAutomountServiceAccountToken())
                .as("%s automountServiceAccountToken", name).isFalse());
    }

    @Test
    void shouldRunEveryContainerHardenedWithWritableDirectoriesOnlyOnEmptyDirs() {
        deployments.keySet().forEach(name -> {
            // given
            SecurityContext context = container(name).getSecurityContext();
            Boolean nonRoot = pod(name).getSecurityContext() == null ? null
                    : pod(name).getSecurityContext().getRunAsNonRoot();

            // then
            assertThat(nonRoot).as("%s runAsNonRoot", name).isTrue();
            assertThat(context).as("%s container securityContext", name).isNotNull();
            assertThat(context.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", name).isTrue();
            assertThat(context.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", name).isFalse();
            assertThat(context.getCapabilities().getDrop()).as("%s drops capabilities", name).contains("ALL");
            assertThat(context.getCapabilities().getAdd()).as("%s adds capabilities", name).isNullOrEmpty();
            Map<String, Volume> volumes = new LinkedHashMap<>();
            pod(name).getVolumes().forEach(v -> volumes.put(v.getName(), v));
            assertThat(container(name).getVolumeMounts()).as("%s mounts /tmp", name)
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            for (VolumeMount mount : container(name).getVolumeMounts()) {
                Volume volume = volumes.get(mount.getName());
                assertThat(volume.getEmptyDir()).as("%s volume %s is an emptyDir", name, mount.getName()).isNotNull();
                assertThat(volume.getEmptyDir().getSizeLimit()).as("%s volume %s sizeLimit", name, mount.getName())
                        .isNotNull();
            }
        });
        // and the worker's task directories live on their own bounded emptyDir
        String workDir = env("varflow-worker", "VARFLOW_WORK_DIR");
        assertThat(workDir).as("worker VARFLOW_WORK_DIR").isNotBlank();
        assertThat(container("varflow-worker").getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .contains(workDir);
    }

    // ---- secrets and migrations -----------------------------------------------------------------------------------

    /** The keys of every Secret the deployment's container can read (envFrom and env valueFrom). */
    private static Set<String> secretKeys(String deployment) {
        Container c = container(deployment);
        Set<String> keys = new TreeSet<>();
        if (c.getEnvFrom() != null) {
            c.getEnvFrom().stream().filter(e -> e.getSecretRef() != null).forEach(e -> {
                Secret secret = secrets.get(e.getSecretRef().getName());
                assertThat(secret).as("%s references Secret %s of the base", deployment, e.getSecretRef().getName())
                        .isNotNull();
                if (secret.getStringData() != null) {
                    keys.addAll(secret.getStringData().keySet());
                }
                if (secret.getData() != null) {
                    keys.addAll(secret.getData().keySet());
                }
            });
        }
        if (c.getEnv() != null) {
            c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .forEach(e -> keys.add(e.getName()));
        }
        return keys;
    }

    @Test
    void shouldKeepTheOidcClientSecretAndTheSchemaOwnerPasswordOutOfGateAndWorkerPods() {
        // then only the coordinator, which calls Attica and migrates the schema, can read them
        assertThat(secretKeys("varflow-coordinator")).contains(OIDC_CLIENT_SECRET, FLYWAY_PASSWORD, RECORD_KEY,
                "QUARKUS_DATASOURCE_PASSWORD");
        for (String name : List.of("varflow-gate", "varflow-worker")) {
            assertThat(secretKeys(name)).as("%s secret keys", name)
                    .contains("QUARKUS_DATASOURCE_PASSWORD", RECORD_KEY)
                    .doesNotContain(OIDC_CLIENT_SECRET, FLYWAY_PASSWORD);
            assertThat(container(name).getEnv()).as("%s env", name).extracting(EnvVar::getName)
                    .doesNotContain(OIDC_CLIENT_SECRET, FLYWAY_PASSWORD);
        }
    }

    @Test
    void shouldMigrateTheSchemaFromTheCoordinatorOnly() {
        assertThat(env("varflow-coordinator", "QUARKUS_FLYWAY_MIGRATE_AT_START")).isEqualTo("true");
        assertThat(env("varflow-coordinator", "QUARKUS_FLYWAY_USERNAME")).as("the schema owner").isNotBlank();
        assertThat(env("varflow-gate", "QUARKUS_FLYWAY_MIGRATE_AT_START")).isEqualTo("false");
        assertThat(env("varflow-worker", "QUARKUS_FLYWAY_MIGRATE_AT_START")).isEqualTo("false");
    }

    // ---- network policies -----------------------------------------------------------------------------------------

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        assertThat(selector.getMatchExpressions()).as("policies here use matchLabels only").isNullOrEmpty();
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return labels.entrySet().containsAll(wanted.entrySet());
    }

    private static List<NetworkPolicy> policiesFor(Map<String, String> labels) {
        return policies.stream().filter(p -> selects(p.getSpec().getPodSelector(), labels)).toList();
    }

    private static Set<Integer> ports(List<NetworkPolicyPort> ports) {
        Set<Integer> numbers = new TreeSet<>();
        for (NetworkPolicyPort port : ports == null ? List.<NetworkPolicyPort>of() : ports) {
            assertThat(port.getPort().getIntVal()).as("policy ports are numbers").isNotNull();
            numbers.add(port.getPort().getIntVal());
        }
        return numbers;
    }

    @Test
    void shouldDenyAllTrafficOfVarflowPodsByDefault() {
        deployments.keySet().forEach(name -> assertThat(policiesFor(podLabels(name)))
                .as("%s is selected by a deny-all policy for both directions", name)
                .anySatisfy(p -> {
                    assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                    assertThat(p.getSpec().getIngress()).isNullOrEmpty();
                    assertThat(p.getSpec().getEgress()).isNullOrEmpty();
                }));
    }

    @Test
    void shouldLetOnlyTheCoordinatorApiPortBeReachable() {
        for (String name : deployments.keySet()) {
            // given every ingress rule that applies to the role's pods
            List<NetworkPolicyIngressRule> rules = policiesFor(podLabels(name)).stream()
                    .filter(p -> p.getSpec().getIngress() != null)
                    .flatMap(p -> p.getSpec().getIngress().stream()).toList();

            // then gate and worker accept nothing, the coordinator its HTTP port only
            if (name.equals("varflow-coordinator")) {
                assertThat(rules).isNotEmpty().allSatisfy(r -> assertThat(ports(r.getPorts()))
                        .as("coordinator ingress ports").containsExactly(8080));
            } else {
                assertThat(rules).as("%s ingress rules", name).isEmpty();
            }
        }
    }

    @Test
    void shouldLetVarflowPodsReachOnlyDnsKafkaPostgresAndTheCoordinatorHttps() {
        for (String name : deployments.keySet()) {
            // given
            List<NetworkPolicyEgressRule> rules = policiesFor(podLabels(name)).stream()
                    .filter(p -> p.getSpec().getEgress() != null)
                    .flatMap(p -> p.getSpec().getEgress().stream()).toList();
            Set<Integer> allowed = new TreeSet<>(DNS_KAFKA_POSTGRES_PORTS);
            if (name.equals("varflow-coordinator")) {
                allowed.add(443);
            }

            // then every rule names its ports (none is "everything"), and they are the expected ones
            assertThat(rules).as("%s egress rules", name).isNotEmpty().allSatisfy(r -> assertThat(ports(r.getPorts()))
                    .as("%s egress ports", name).isNotEmpty().isSubsetOf(allowed));
            assertThat(rules).as("%s reaches Kafka pods", name).anySatisfy(r -> assertThat(r.getTo())
                    .anySatisfy(peer -> assertThat(selects(peer.getPodSelector(), KAFKA_PODS)).isTrue()));
            assertThat(rules).as("%s reaches PostgreSQL pods", name).anySatisfy(r -> assertThat(r.getTo())
                    .anySatisfy(peer -> assertThat(selects(peer.getPodSelector(), POSTGRES_PODS)).isTrue()));
            // Kafka and PostgreSQL ports only towards those pods
            rules.stream().filter(r -> !java.util.Collections.disjoint(ports(r.getPorts()), Set.of(9092, 5432)))
                    .forEach(r -> assertThat(r.getTo()).as("%s peers of %s", name, ports(r.getPorts()))
                            .isNotEmpty().allSatisfy(peer -> assertThat(peer.getPodSelector()).isNotNull()));
        }
    }

    @Test
    void shouldLetOnlyVarflowPodsOfTheNamespaceReachKafkaAndPostgres() {
        for (Map<String, String> target : List.of(KAFKA_PODS, POSTGRES_PODS)) {
            // given the ingress rules of policies selecting the Kafka or PostgreSQL pods
            List<NetworkPolicy> selecting = policies.stream()
                    .filter(p -> p.getSpec().getPodSelector().getMatchLabels() != null
                            && p.getSpec().getPodSelector().getMatchLabels().equals(target))
                    .toList();
            assertThat(selecting).as("a policy selecting %s", target).hasSize(1);
            List<NetworkPolicyIngressRule> rules = selecting.get(0).getSpec().getIngress();

            // then Varflow pods of this namespace are let in
            assertThat(rules).anySatisfy(r -> assertThat(r.getFrom()).anySatisfy(peer -> {
                assertThat(peer.getNamespaceSelector()).as("same namespace only").isNull();
                assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "varflow");
            }));
            // and no rule is open to everyone: each names its peers, and none is an ipBlock or a label-only peer
            // from any namespace (labels in other namespaces are set by whoever owns them)
            assertThat(rules).allSatisfy(r -> assertThat(r.getFrom()).isNotEmpty().allSatisfy(peer -> {
                assertThat(peer.getIpBlock()).isNull();
                if (peer.getNamespaceSelector() != null) {
                    assertThat(peer.getNamespaceSelector().getMatchLabels())
                            .as("a namespace named by kubernetes.io/metadata.name")
                            .containsKey("kubernetes.io/metadata.name");
                }
            }));
        }
        // and a Varflow-labelled peer is never accepted from other namespaces
        List<NetworkPolicyPeer> varflowPeers = policies.stream()
                .filter(p -> p.getSpec().getIngress() != null)
                .flatMap(p -> p.getSpec().getIngress().stream())
                .filter(r -> r.getFrom() != null).flatMap(r -> r.getFrom().stream())
                .filter(peer -> peer.getPodSelector() != null && peer.getPodSelector().getMatchLabels() != null
                        && "varflow".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name")))
                .toList();
        assertThat(varflowPeers).isNotEmpty().allSatisfy(peer -> assertThat(peer.getNamespaceSelector()).isNull());
    }

    // ---- docker-compose.yml -----------------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void shouldKeepTheComposeDemoOnLoopbackWithoutCommandsForTokenlessRuns() throws IOException {
        // given
        Map<String, Object> compose = new Yaml(new LoaderOptions()).load(
                Files.readString(Path.of("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        // then the open API is published on loopback only, never on every interface
        services.forEach((service, definition) -> ((List<Object>) definition.getOrDefault("ports", List.of()))
                .forEach(port -> assertThat(String.valueOf(port)).as("%s port", service).startsWith("127.0.0.1:")));
        for (String role : List.of("coordinator", "gate", "worker")) {
            Map<String, Object> env = (Map<String, Object>) services.get(role).get("environment");
            // and tokenless runs may not execute commands
            assertThat(String.valueOf(env.get("VARFLOW_PERMISSIONS_TOKENLESS_GRANT"))).as("%s tokenless grant", role)
                    .doesNotContain("can_execute_commands").doesNotContain("*");
            // and every role has the shared record-signing key
            assertThat(String.valueOf(env.get(RECORD_KEY))).as("%s record key", role).hasSizeGreaterThanOrEqualTo(44);
            // and only the coordinator migrates
            assertThat(String.valueOf(env.get("QUARKUS_FLYWAY_MIGRATE_AT_START"))).as("%s migrates", role)
                    .isEqualTo(String.valueOf(role.equals("coordinator")));
        }
    }
}
