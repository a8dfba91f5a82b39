package dev.varflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Renders the kustomize base in k8s/ without kubectl (resources + labels/commonLabels/namespace only; anything else in
 * kustomization.yaml fails the test rather than being ignored), parses every built-in object strictly with fabric8's
 * model, checks the Strimzi and KEDA custom resources by hand, and checks that the pieces agree with each other and
 * with the ConfigMap. Also checks docker-compose.yml and, when a Compose CLI is installed, runs
 * {@code docker compose config -q}. Runs with the project root as working directory.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path BASE = ROOT.resolve("k8s");
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    private static final Path DOCKERFILE = ROOT.resolve("src/main/docker/Dockerfile.jvm");

    private static final Map<String, String> ROLES = Map.of(
            "varflow-coordinator", "coordinator",
            "varflow-gate", "gate",
            "varflow-worker", "worker");
    private static final List<String> BUILT_IN_PLUGINS = List.of("start", "end", "noop", "df", "touched", "cmd");
    private static final Set<String> KUSTOMIZATION_KEYS = Set.of("apiVersion", "kind", "resources", "labels",
            "commonLabels", "namespace");

    /** The fabric8 class each built-in kind of the base is parsed into, by "apiVersion/kind". */
    private static final Map<String, Class<?>> MODEL = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);
    private static final String KAFKA_TOPIC = "kafka.strimzi.io/v1beta2/KafkaTopic";
    private static final String SCALED_OBJECT = "keda.sh/v1alpha1/ScaledObject";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();
    private static final ObjectMapper STRICT = strictMapper();

    private static List<Resource> rendered;
    private static Map<String, Deployment> deployments;
    private static Map<String, String> config;

    /** One rendered object: its tree, the file it came from, and (for built-in kinds) the fabric8 object. */
    record Resource(String file, ObjectNode tree, Object model) {
        String apiKind() {
            return tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
        }

        String name() {
            return tree.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return tree.path("kind").asText() + " " + name() + " (" + file + ")";
        }
    }

    @BeforeAll
    static void render() throws IOException {
        rendered = renderBase();
        deployments = new LinkedHashMap<>();
        rendered.stream().filter(r -> r.model() instanceof Deployment)
                .forEach(r -> deployments.put(r.name(), (Deployment) r.model()));
        List<ConfigMap> configMaps = rendered.stream().filter(r -> r.model() instanceof ConfigMap)
                .map(r -> (ConfigMap) r.model()).toList();
        assertThat(configMaps).as("the base has exactly one ConfigMap (varflow-config)").hasSize(1);
        config = configMaps.get(0).getData();
    }

    // ---- rendering ------------------------------------------------------------------------------------------------

    /** The base as kustomize renders it (resources + labels), each built-in object parsed strictly. */
    static List<Resource> renderBase() throws IOException {
        Path kustomizationFile = BASE.resolve("kustomization.yaml");
        assertThat(kustomizationFile).as("kustomize base").isRegularFile();
        JsonNode kustomization = YAML.readTree(kustomizationFile.toFile());
        Set<String> unsupported = new TreeSet<>();
        kustomization.fieldNames().forEachRemaining(k -> {
            if (!KUSTOMIZATION_KEYS.contains(k)) {
                unsupported.add(k);
            }
        });
        assertThat(unsupported)
                .as("kustomization.yaml fields this test cannot render (keep the base to resources/labels; "
                        + "put images, patches, generators in overlays)")
                .isEmpty();
        assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");

        List<Resource> resources = new ArrayList<>();
        JsonNode list = kustomization.path("resources");
        assertThat(list.isArray() && list.size() > 0).as("kustomization.yaml lists resources").isTrue();
        for (JsonNode entry : list) {
            Path file = BASE.resolve(entry.asText()).normalize();
            assertThat(file).as("resource %s listed in kustomization.yaml", entry.asText()).isRegularFile();
            for (ObjectNode document : readDocuments(file)) {
                resources.add(new Resource(BASE.relativize(file).toString(), document, null));
            }
        }

        // labels: pairs go on every object's metadata; selectors/templates only when asked (kustomize semantics).
        for (JsonNode label : kustomization.path("labels")) {
            Map<String, String> pairs = YAML.convertValue(label.path("pairs"), Map.class);
            boolean selectors = label.path("includeSelectors").asBoolean(false);
            boolean templates = selectors || label.path("includeTemplates").asBoolean(false);
            resources.forEach(r -> addLabels(r.tree(), pairs, selectors, templates));
        }
        if (kustomization.has("commonLabels")) {
            Map<String, String> pairs = YAML.convertValue(kustomization.get("commonLabels"), Map.class);
            resources.forEach(r -> addLabels(r.tree(), pairs, true, true));
        }
        if (kustomization.hasNonNull("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            resources.forEach(r -> r.tree().withObjectProperty("metadata").put("namespace", namespace));
        }

        List<Resource> parsed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Resource r : resources) {
            if (!ids.add(r.apiKind() + "/" + r.name())) {
                problems.add(r + ": duplicate apiVersion/kind/name");
            }
            if (r.name().isBlank()) {
                problems.add(r + ": no metadata.name");
            }
            Class<?> type = MODEL.get(r.apiKind());
            if (type != null) {
                try {
                    Object model = STRICT.treeToValue(r.tree(), type);
                    List<String> unknown = new ArrayList<>();
                    collectUnknownFields(model, "", unknown);
                    unknown.forEach(u -> problems.add(r + ": unknown field " + u));
                    parsed.add(new Resource(r.file(), r.tree(), model));
                } catch (IOException e) {
                    problems.add(r + ": " + e.getMessage().lines().findFirst().orElse(""));
                }
            } else if (r.apiKind().equals(KAFKA_TOPIC) || r.apiKind().equals(SCALED_OBJECT)) {
                parsed.add(r);
            } else {
                problems.add(r + ": kind " + r.apiKind() + " is not one the base should contain (or the test knows)");
            }
        }
        assertThat(problems).as("problems in the rendered base").isEmpty();
        return parsed;
    }

    private static List<ObjectNode> readDocuments(Path file) throws IOException {
        List<ObjectNode> documents = new ArrayList<>();
        try (JsonParser parser = new YAMLFactory().createParser(Files.readString(file, StandardCharsets.UTF_8))) {
            for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (node == null || node.isNull() || node.isMissingNode() || node.isEmpty()) {
                    continue; // a document holding only comments
                }
                assertThat(node.isObject()).as("%s: every YAML document is a mapping", file.getFileName()).isTrue();
                documents.add((ObjectNode) node);
            }
        }
        return documents;
    }

    private static void addLabels(ObjectNode object, Map<String, String> pairs, boolean selectors,
            boolean templates) {
        pairs.forEach(object.withObjectProperty("metadata").withObjectProperty("labels")::put);
        ObjectNode spec = object.path("spec").isObject() ? (ObjectNode) object.get("spec") : null;
        if (spec == null) {
            return;
        }
        if (templates && spec.has("template")) {
            pairs.forEach(spec.withObjectProperty("template").withObjectProperty("metadata")
                    .withObjectProperty("labels")::put);
        }
        if (selectors) {
            if (object.path("kind").asText().equals("Service")) {
                pairs.forEach(spec.withObjectProperty("selector")::put);
            } else if (spec.path("selector").isObject()) {
                pairs.forEach(spec.withObjectProperty("selector").withObjectProperty("matchLabels")::put);
            }
        }
    }

    // ---- strict parsing -------------------------------------------------------------------------------------------

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // Like the API server: a number or boolean where a string is expected (ConfigMap data, labels, env values,
        // annotations) is an error, not something to stringify.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * fabric8's model classes keep unknown fields in an {@code additionalProperties} map (a JSON any-setter), so
     * FAIL_ON_UNKNOWN_PROPERTIES alone lets a misspelt field through; this walks the parsed object and reports every
     * non-empty one, with its path.
     */
    private static void collectUnknownFields(Object value, String path, List<String> out) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, out));
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                collectUnknownFields(element, path + "[" + i++ + "]", out);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue;
                try {
                    field.setAccessible(true);
                    fieldValue = field.get(value);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(k -> out.add((path.isEmpty() ? "" : path.substring(1) + ".") + k));
                    }
                } else {
                    collectUnknownFields(fieldValue, path + "." + field.getName(), out);
                }
            }
        }
    }

    @Test
    void strictParsingRejectsMisspeltFieldsAndUnquotedStrings() throws IOException {
        // Guards the guard: if fabric8 or Jackson change, the checks above must still catch these.
        ObjectNode typo = (ObjectNode) YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          livenesProbe: {httpGet: {path: /q/health/live, port: 8080}}
                """);
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(STRICT.treeToValue(typo, Deployment.class), "", unknown);
        assertThat(unknown).containsExactly("spec.template.spec.containers[0].livenesProbe");

        ObjectNode unquoted = (ObjectNode) YAML.readTree("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: x}
                data: {VARFLOW_TOPICS_PARTITIONS: 8}
                """);
        assertThatThrownBy(() -> STRICT.treeToValue(unquoted, ConfigMap.class))
                .as("an unquoted number in ConfigMap data").isInstanceOf(IOException.class);
    }

    @Test
    void kubectlKustomizeRendersTheSameObjectsAndEachParsesStrictly() throws Exception {
        // given the real renderer, when the machine has it (CI does)
        Assumptions.assumeTrue(onPath("kubectl"), "no kubectl on PATH");
        Path errors = Files.createTempFile("kustomize", ".err");
        Process process = new ProcessBuilder("kubectl", "kustomize", BASE.toString())
                .redirectError(errors.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize k8s: %s", Files.readString(errors)).isZero();

        // when
        Map<String, JsonNode> byKubectl = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        try (JsonParser parser = new YAMLFactory().createParser(output)) {
            for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
                String id = node.path("apiVersion").asText() + "/" + node.path("kind").asText() + "/"
                        + node.path("metadata").path("name").asText();
                byKubectl.put(id, node);
                Class<?> type = MODEL.get(node.path("apiVersion").asText() + "/" + node.path("kind").asText());
                if (type != null) {
                    List<String> unknown = new ArrayList<>();
                    collectUnknownFields(STRICT.treeToValue(node, type), "", unknown);
                    unknown.forEach(u -> problems.add(id + ": unknown field " + u));
                }
            }
        }

        // then kubectl renders exactly what this test checks, and every built-in object is a valid API object
        Map<String, JsonNode> byTest = new LinkedHashMap<>();
        rendered.forEach(r -> byTest.put(r.apiKind() + "/" + r.name(), r.tree()));
        assertThat(problems).isEmpty();
        assertThat(byKubectl.keySet()).containsExactlyInAnyOrderElementsOf(byTest.keySet());
        byTest.forEach((id, tree) -> assertThat(byKubectl.get(id)).as(id).isEqualTo(tree));
    }

    // ---- the base -------------------------------------------------------------------------------------------------

    @Test
    void baseIsNamespaceAgnostic() {
        assertThat(rendered).allSatisfy(r -> assertThat(r.tree().path("metadata").has("namespace"))
                .as("%s sets metadata.namespace (set it in an overlay)", r).isFalse());
    }

    @Test
    void everyRoleHasItsDeploymentWithProbesResourcesAndRole() {
        assertThat(deployments.keySet()).containsExactlyInAnyOrderElementsOf(ROLES.keySet());
        Set<String> images = new TreeSet<>();
        deployments.forEach((name, deployment) -> {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getContainers()).as("%s containers", name).hasSize(1);
            Container container = pod.getContainers().get(0);
            images.add(container.getImage());

            List<String> args = new ArrayList<>();
            if (container.getCommand() != null) {
                args.addAll(container.getCommand());
            }
            if (container.getArgs() != null) {
                args.addAll(container.getArgs());
            }
            int roles = args.indexOf("--roles");
            assertThat(roles).as("%s args %s contain --roles", name, args).isGreaterThanOrEqualTo(0);
            assertThat(roles + 1).as("%s: --roles has a value", name).isLessThan(args.size());
            assertThat(args.get(roles + 1)).as("%s role", name).isEqualTo(ROLES.get(name));
            assertThat(args).as("%s runs the server command", name).contains("server");

            assertHttpProbe(name + " liveness", container.getLivenessProbe(), "/q/health/live", container);
            assertHttpProbe(name + " readiness", container.getReadinessProbe(), "/q/health/ready", container);

            assertThat(container.getResources()).as("%s resources", name).isNotNull();
            assertThat(container.getResources().getRequests()).as("%s resource requests", name)
                    .containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as("%s resource limits", name)
                    .containsKey("memory");

            Boolean nonRoot = pod.getSecurityContext() == null ? null : pod.getSecurityContext().getRunAsNonRoot();
            if (container.getSecurityContext() != null && container.getSecurityContext().getRunAsNonRoot() != null) {
                nonRoot = container.getSecurityContext().getRunAsNonRoot();
            }
            assertThat(nonRoot).as("%s runAsNonRoot", name).isTrue();

            Set<String> envFrom = container.getEnvFrom() == null ? Set.of() : container.getEnvFrom().stream()
                    .map(e -> e.getConfigMapRef() != null ? "ConfigMap " + e.getConfigMapRef().getName()
                            : e.getSecretRef() != null ? "Secret " + e.getSecretRef().getName() : "?")
                    .collect(Collectors.toSet());
            assertThat(envFrom).as("%s envFrom", name).contains("ConfigMap varflow-config")
                    .anySatisfy(e -> assertThat(e).startsWith("Secret "));

            assertThat(deployment.getSpec().getSelector().getMatchLabels()).as("%s selector vs its pod labels", name)
                    .isNotEmpty();
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .as("%s pod labels include its selector", name)
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        });
        assertThat(images).as("all roles run the same image").hasSize(1);
    }

    private static void assertHttpProbe(String what, Probe probe, String path, Container container) {
        assertThat(probe).as(what + " probe").isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(what + " probe is an httpGet").isNotNull();
        assertThat(get.getPath()).as(what + " path").isEqualTo(path);
        assertThat(containerPort(container, get.getPort())).as(what + " port").isEqualTo(8080);
    }

    /** The container port a probe or Service targets: a number, or the name of one of the container's ports. */
    private static Integer containerPort(Container container, IntOrString port) {
        if (port == null) {
            return null;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts() == null ? null : container.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElse(null);
    }

    @Test
    void workerOutlivesItsShutdownGrace() {
        Deployment worker = deployments.get("varflow-worker");
        assertThat(worker).as("varflow-worker Deployment").isNotNull();
        long grace = parseDuration(config.getOrDefault("VARFLOW_WORKER_SHUTDOWN_GRACE", "30s")).toSeconds();
        assertThat(grace).isGreaterThanOrEqualTo(30);
        assertThat(worker.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("worker terminationGracePeriodSeconds vs VARFLOW_WORKER_SHUTDOWN_GRACE=%ss", grace)
                .isNotNull().isGreaterThan(grace);
    }

    private static Duration parseDuration(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
        return Duration.parse(text.trim());
    }

    @Test
    void configMapHasTheSettingsContainersNeed() {
        // Without these a container would fall back to the in-process Kafka and PostgreSQL (one-process mode).
        assertThat(config).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_REACTIVE_URL",
                "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "VARFLOW_TOPICS_PARTITIONS");
        assertThat(config).as("the password belongs in the Secret").doesNotContainKey("QUARKUS_DATASOURCE_PASSWORD");
        assertThat(config.get("QUARKUS_DATASOURCE_JDBC_URL")).startsWith("jdbc:postgresql://");
        assertThat(config.get("QUARKUS_DATASOURCE_REACTIVE_URL")).startsWith("postgresql://");
        List<Secret> secrets = rendered.stream().filter(r -> r.model() instanceof Secret)
                .map(r -> (Secret) r.model()).toList();
        assertThat(secrets).as("a Secret for the coordinator, one for gate and workers").hasSize(2);
        assertThat(secrets).allSatisfy(s -> {
            Set<String> keys = new TreeSet<>();
            if (s.getStringData() != null) {
                keys.addAll(s.getStringData().keySet());
            }
            if (s.getData() != null) {
                keys.addAll(s.getData().keySet());
            }
            assertThat(keys).contains("QUARKUS_DATASOURCE_PASSWORD");
        });
    }

    @Test
    void servicesAndDisruptionBudgetsSelectSomeDeploymentsPods() {
        List<Map<String, String>> podLabels = deployments.values().stream()
                .map(d -> d.getSpec().getTemplate().getMetadata().getLabels()).toList();
        for (Resource r : rendered) {
            Map<String, String> selector = null;
            if (r.model() instanceof Service service) {
                selector = service.getSpec().getSelector();
            } else if (r.model() instanceof PodDisruptionBudget pdb) {
                assertThat(pdb.getSpec().getSelector().getMatchExpressions()).as("%s matchExpressions", r)
                        .isNullOrEmpty();
                selector = pdb.getSpec().getSelector().getMatchLabels();
            } else {
                continue;
            }
            Map<String, String> wanted = selector;
            assertThat(wanted).as("%s selector", r).isNotEmpty();
            assertThat(podLabels).as("%s selects %s: some Deployment's pod template has those labels", r, wanted)
                    .anySatisfy(labels -> assertThat(labels).containsAllEntriesOf(wanted));
        }
        assertThat(rendered.stream().filter(r -> r.model() instanceof PodDisruptionBudget).map(Resource::name))
                .as("a PodDisruptionBudget per role").containsExactlyInAnyOrderElementsOf(ROLES.keySet());
    }

    @Test
    void coordinatorServiceMapsPort80ToTheApi() {
        Service service = rendered.stream().filter(r -> r.model() instanceof Service)
                .map(r -> (Service) r.model()).filter(s -> s.getMetadata().getName().equals("varflow-coordinator"))
                .findFirst().orElseThrow(() -> new AssertionError("no Service varflow-coordinator"));
        Container container = deployments.get("varflow-coordinator").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        ServicePort port = service.getSpec().getPorts().stream().filter(p -> p.getPort() == 80).findFirst()
                .orElseThrow(() -> new AssertionError("varflow-coordinator Service has no port 80"));
        assertThat(containerPort(container, port.getTargetPort())).as("port 80 targets").isEqualTo(8080);
    }

    @Test
    void horizontalPodAutoscalersTargetDeploymentsOfTheBase() {
        List<HorizontalPodAutoscaler> hpas = rendered.stream()
                .filter(r -> r.model() instanceof HorizontalPodAutoscaler)
                .map(r -> (HorizontalPodAutoscaler) r.model()).toList();
        assertThat(hpas).extracting(h -> h.getSpec().getScaleTargetRef().getName())
                .as("the coordinator is scaled by an HPA").contains("varflow-coordinator");
        for (HorizontalPodAutoscaler hpa : hpas) {
            var target = hpa.getSpec().getScaleTargetRef();
            assertThat(target.getKind()).isEqualTo("Deployment");
            assertThat(deployments).as("HPA %s target", hpa.getMetadata().getName()).containsKey(target.getName());
            assertThat(hpa.getSpec().getMinReplicas()).isNotNull().isPositive()
                    .isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
            assertThat(hpa.getSpec().getMetrics()).as("HPA %s metrics", hpa.getMetadata().getName())
                    .anySatisfy(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
        }
    }

    // ---- custom resources -----------------------------------------------------------------------------------------

    @Test
    void kafkaTopicsCoverEveryTopicWithTheConfiguredPartitions() throws IOException {
        int partitions = Integer.parseInt(config.get("VARFLOW_TOPICS_PARTITIONS"));
        List<Resource> topics = rendered.stream().filter(r -> r.apiKind().equals(KAFKA_TOPIC)).toList();
        List<String> problems = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        Set<String> clusters = new TreeSet<>();
        for (Resource topic : topics) {
            JsonNode spec = topic.tree().path("spec");
            Set<String> unknown = new TreeSet<>();
            spec.fieldNames().forEachRemaining(f -> {
                if (!Set.of("topicName", "partitions", "replicas", "config").contains(f)) {
                    unknown.add(f);
                }
            });
            if (!unknown.isEmpty()) {
                problems.add(topic + ": unknown spec fields " + unknown);
            }
            if (!spec.path("partitions").isInt()) {
                problems.add(topic + ": spec.partitions must be an integer, is " + spec.path("partitions"));
            } else if (spec.get("partitions").intValue() != partitions) {
                problems.add(topic + ": spec.partitions " + spec.get("partitions").intValue()
                        + " != VARFLOW_TOPICS_PARTITIONS " + partitions);
            }
            if (!spec.path("replicas").isInt() || spec.get("replicas").intValue() < 1) {
                problems.add(topic + ": spec.replicas must be a positive integer, is " + spec.path("replicas"));
            }
            if (spec.has("config") && !spec.get("config").isObject()) {
                problems.add(topic + ": spec.config must be a mapping");
            }
            String cluster = topic.tree().path("metadata").path("labels").path("strimzi.io/cluster").asText("");
            if (cluster.isBlank()) {
                problems.add(topic + ": no label strimzi.io/cluster (the Topic Operator ignores it)");
            }
            clusters.add(cluster);
            String name = spec.path("topicName").asText(topic.name());
            if (!names.add(name)) {
                problems.add(topic + ": topic " + name + " declared twice");
            }
        }
        assertThat(problems).as("KafkaTopic problems").isEmpty();
        assertThat(clusters).as("all topics belong to one Kafka cluster").hasSize(1);

        Set<String> expected = new TreeSet<>(List.of("varflow.events", "varflow.run-requests"));
        BUILT_IN_PLUGINS.forEach(p -> expected.add("varflow.activations." + p));
        expected.addAll(shippedPluginTopics());
        assertThat(names).as("a KafkaTopic for every topic Varflow uses (built-in plugins and plugins/*)")
                .containsAll(expected);
    }

    /** varflow.activations.NAME for every plugin shipped in plugins/ (the image copies them). */
    private static Set<String> shippedPluginTopics() throws IOException {
        Path plugins = ROOT.resolve("plugins");
        Set<String> topics = new TreeSet<>();
        if (!Files.isDirectory(plugins)) {
            return topics;
        }
        try (Stream<Path> dirs = Files.list(plugins)) {
            for (Path manifest : dirs.map(d -> d.resolve("plugin.yaml")).filter(Files::isRegularFile).toList()) {
                String name = YAML.readTree(manifest.toFile()).path("name").asText("");
                if (!name.isBlank()) {
                    topics.add("varflow.activations." + name.replaceAll("[^A-Za-z0-9._-]", "_"));
                }
            }
        }
        return topics;
    }

    @Test
    void scaledObjectsScaleTheGateAndWorkersOnTheirConsumerGroups() {
        int partitions = Integer.parseInt(config.get("VARFLOW_TOPICS_PARTITIONS"));
        Map<String, JsonNode> byTarget = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Resource r : rendered.stream().filter(r -> r.apiKind().equals(SCALED_OBJECT)).toList()) {
            JsonNode spec = r.tree().path("spec");
            String target = spec.path("scaleTargetRef").path("name").asText("");
            String kind = spec.path("scaleTargetRef").path("kind").asText("Deployment");
            if (!kind.equals("Deployment") || !deployments.containsKey(target)) {
                problems.add(r + ": scaleTargetRef " + kind + " '" + target + "' is not a Deployment of the base");
            }
            byTarget.put(target, spec);
            int min = spec.path("minReplicaCount").asInt(0);
            int max = spec.path("maxReplicaCount").asInt(100);
            if (!spec.path("maxReplicaCount").isInt() || min > max) {
                problems.add(r + ": needs an integer maxReplicaCount >= minReplicaCount");
            }
            JsonNode triggers = spec.path("triggers");
            if (!triggers.isArray() || triggers.isEmpty()) {
                problems.add(r + ": no triggers");
                continue;
            }
            JsonNode trigger = triggers.get(0);
            if (!trigger.path("type").asText().equals("kafka")) {
                problems.add(r + ": triggers[0].type is '" + trigger.path("type").asText() + "', not kafka");
            }
            JsonNode metadata = trigger.path("metadata");
            metadata.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    problems.add(r + ": trigger metadata " + e.getKey() + " must be a string (quote it)");
                }
            });
            if (!metadata.path("bootstrapServers").asText().equals(config.get("KAFKA_BOOTSTRAP_SERVERS"))) {
                problems.add(r + ": bootstrapServers '" + metadata.path("bootstrapServers").asText()
                        + "' != ConfigMap KAFKA_BOOTSTRAP_SERVERS '" + config.get("KAFKA_BOOTSTRAP_SERVERS") + "'");
            }
            if (metadata.path("consumerGroup").asText("").isBlank()) {
                problems.add(r + ": no consumerGroup");
            }
            if (metadata.has("lagThreshold") && !metadata.get("lagThreshold").asText().matches("\\d+")) {
                problems.add(r + ": lagThreshold must be a whole number");
            }
        }
        assertThat(problems).as("ScaledObject problems").isEmpty();

        assertThat(byTarget).containsKeys("varflow-gate", "varflow-worker");
        JsonNode gate = byTarget.get("varflow-gate");
        JsonNode gateMeta = gate.path("triggers").get(0).path("metadata");
        assertThat(gateMeta.path("consumerGroup").asText()).isEqualTo("varflow-gate");
        assertThat(gateMeta.path("topic").asText()).isEqualTo("varflow.events");
        assertThat(gate.path("maxReplicaCount").asInt())
                .as("gate maxReplicaCount vs partitions of varflow.events (an extra gate gets no partition)")
                .isLessThanOrEqualTo(partitions);

        JsonNode workerMeta = byTarget.get("varflow-worker").path("triggers").get(0).path("metadata");
        assertThat(workerMeta.path("consumerGroup").asText()).isEqualTo("varflow-worker");
        // Without a topic KEDA sums the lag of every topic of the group; with one it must be an activation topic.
        if (workerMeta.hasNonNull("topic") && !workerMeta.get("topic").asText().isEmpty()) {
            assertThat(workerMeta.get("topic").asText()).startsWith("varflow.activations.");
        }

        assertThat(rendered.stream().filter(r -> r.model() instanceof HorizontalPodAutoscaler)
                .map(r -> ((HorizontalPodAutoscaler) r.model()).getSpec().getScaleTargetRef().getName()))
                .as("KEDA owns the HPA of its targets; a second HPA on them would fight it")
                .doesNotContainAnyElementsOf(byTarget.keySet());
    }

    // ---- docker-compose.yml and the Dockerfile --------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsEveryRoleAgainstExternalKafkaAndPostgres() throws IOException {
        // SnakeYAML resolves the anchors and merge keys (<<) the file uses; Jackson's YAML reader does not.
        Map<String, Object> compose = new Yaml(new LoaderOptions()).load(Files.readString(COMPOSE));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("kafka", "postgres", "coordinator", "gate", "worker");
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:4.1.1");
        assertThat(String.valueOf(services.get("postgres").get("image"))).startsWith("postgres:16");

        Map<String, String> roles = Map.of("coordinator", "coordinator", "gate", "gate", "worker", "worker");
        roles.forEach((service, role) -> {
            Map<String, Object> s = services.get(service);
            assertThat(s.get("image")).as("%s image", service).isEqualTo("varflow:latest");
            List<String> command = (List<String>) s.get("command");
            assertThat(command).as("%s command", service).containsExactly("server", "--roles", role);
            Map<String, Object> env = (Map<String, Object>) s.get("environment");
            assertThat(env).as("%s environment (else one-process mode)", service).containsKeys(
                    "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL");
            Map<String, Map<String, Object>> dependsOn = (Map<String, Map<String, Object>>) s.get("depends_on");
            assertThat(dependsOn).as("%s depends_on", service).containsKeys("kafka", "postgres");
            dependsOn.forEach((dependency, condition) -> assertThat(condition.get("condition"))
                    .as("%s waits for %s", service, dependency).isEqualTo("service_healthy"));
            Map<String, Object> healthcheck = (Map<String, Object>) s.get("healthcheck");
            assertThat(String.valueOf(healthcheck.get("test"))).as("%s healthcheck", service)
                    .contains("/q/health/ready");
        });
        Map<String, Object> build = (Map<String, Object>) services.get("coordinator").get("build");
        assertThat(build).containsEntry("context", ".").containsEntry("dockerfile", "src/main/docker/Dockerfile.jvm");
        assertThat((List<String>) services.get("coordinator").get("ports")).containsExactly("127.0.0.1:8080:8080");
        Object replicas = ((Map<String, Object>) services.getOrDefault("worker", Map.of())
                .getOrDefault("deploy", Map.of())).get("replicas");
        assertThat(replicas).as("two workers").isEqualTo(2);
        assertThat(String.valueOf(services.get("kafka").get("healthcheck")))
                .contains("/opt/kafka/bin/kafka-broker-api-versions.sh");
        assertThat(String.valueOf(services.get("postgres").get("healthcheck"))).contains("pg_isready");
        assertThat(((Map<String, Object>) services.get("postgres").get("environment")))
                .containsEntry("POSTGRES_DB", "varflow");
    }

    @Test
    void dockerComposeConfigAcceptsTheFile() throws Exception {
        List<String> cli = composeCli();
        Assumptions.assumeTrue(cli != null, "no docker binary (or Compose CLI) on PATH");
        List<String> command = new ArrayList<>(cli);
        command.addAll(List.of("-f", COMPOSE.toString(), "config", "-q"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(process.exitValue()).as("%s exit code; output:%n%s", command, output).isZero();
    }

    /**
     * {@code docker compose} when the docker binary has the Compose plugin; else a standalone {@code docker-compose};
     * null when neither runs (the test is then skipped). A docker without the plugin skips too, saying so.
     */
    private static List<String> composeCli() {
        boolean docker = onPath("docker");
        if (docker && runs("docker", "compose", "version")) {
            return List.of("docker", "compose");
        }
        if (onPath("docker-compose") && runs("docker-compose", "version")) {
            return List.of("docker-compose");
        }
        Assumptions.assumeFalse(docker, "docker is installed but has no Compose plugin (`docker compose version` "
                + "fails) and there is no docker-compose binary");
        return null;
    }

    private static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void dockerfileRunsTheFastJarAsNonRoot() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertThat(dockerfile).contains("/quarkus-app/lib/ /deployments/lib/",
                "/quarkus-app/quarkus/", "plugins/ /deployments/plugins/", "EXPOSE 8080");
        assertThat(dockerfile).containsPattern("(?m)^ENTRYPOINT \\[.*\"java\".*\"-jar\", "
                + "\"/deployments/quarkus-run.jar\" \\]$");
        assertThat(dockerfile)
                .containsPattern("(?m)^CMD \\[ \"server\", \"--roles\", \"coordinator,gate,worker\" \\]$");
        Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(dockerfile);
        String last = null;
        while (user.find()) {
            last = user.group(1);
        }
        assertThat(last).as("last USER of the Dockerfile").isNotNull().isNotIn("root", "0");
    }
}
