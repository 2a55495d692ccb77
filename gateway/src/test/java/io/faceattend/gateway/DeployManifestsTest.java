package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests in deploy/ (no cluster or kubeconform here, so a structural check):
 * every document parses and is a named object, the kustomization lists every file, every
 * Deployment's containers have resource requests and probes on their real ports and health routes,
 * every Service selects a Deployment's pods on a port its containers open, every Secret referenced
 * exists (or is the one CloudNativePG generates), and every FACEATTEND_ variable set is one the
 * README documents.
 */
class DeployManifestsTest {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final List<Map<String, Object>> DOCS = new ArrayList<>();
  private static final List<String> FILES = new ArrayList<>();

  @BeforeAll
  static void load() throws IOException {
    try (Stream<Path> files = Files.list(DEPLOY)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".yaml") || name.equals("kustomization.yaml")) {
          continue;
        }
        FILES.add(name);
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Object doc : yaml.loadAll(Files.readString(file))) {
          assertThat(doc).as(name + ": a YAML mapping").isInstanceOf(Map.class);
          DOCS.add(map(doc));
        }
      }
    }
    assertThat(DOCS).isNotEmpty();
  }

  @Test
  void everyDocumentIsANamedKubernetesObjectListedInTheKustomization() throws IOException {
    for (Map<String, Object> doc : DOCS) {
      assertThat(doc.get("apiVersion")).as("apiVersion of " + doc).isInstanceOf(String.class);
      assertThat(doc.get("kind")).as("kind of " + doc).isInstanceOf(String.class);
      assertThat(map(doc.get("metadata")).get("name")).as("name of " + doc.get("kind")).isNotNull();
    }
    Map<String, Object> kustomization =
        map(
            new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(DEPLOY.resolve("kustomization.yaml"))));
    assertThat(list(kustomization.get("resources"))).containsExactlyInAnyOrderElementsOf(FILES);
  }

  @Test
  void deploymentsHaveRequestsAndProbesOnTheirPortsAndHealthRoutes() {
    List<Map<String, Object>> deployments = ofKind("Deployment");
    assertThat(deployments)
        .extracting(d -> map(d.get("metadata")).get("name"))
        .contains("gateway", "face-engine");
    for (Map<String, Object> deployment : deployments) {
      String name = (String) map(deployment.get("metadata")).get("name");
      Map<String, Object> spec = map(deployment.get("spec"));
      assertThat((Integer) spec.get("replicas")).as(name + " replicas").isGreaterThanOrEqualTo(2);
      Map<String, Object> selector = map(map(spec.get("selector")).get("matchLabels"));
      Map<String, Object> labels =
          map(map(map(spec.get("template")).get("metadata")).get("labels"));
      assertThat(labels)
          .as(name + ": pods carry the selector's labels")
          .containsAllEntriesOf(selector);
      for (Object c : list(map(map(spec.get("template")).get("spec")).get("containers"))) {
        Map<String, Object> container = map(c);
        Set<Integer> ports = containerPorts(container);
        Map<String, Object> requests = map(map(container.get("resources")).get("requests"));
        assertThat(requests).as(name + " requests").containsKeys("cpu", "memory");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
          Map<String, Object> p = map(container.get(probe));
          assertThat(p).as(name + " " + probe).isNotEmpty();
          Object port =
              Stream.of("httpGet", "grpc", "tcpSocket")
                  .filter(p::containsKey)
                  .map(kind -> map(p.get(kind)).get("port"))
                  .findFirst()
                  .orElseThrow();
          assertThat(ports).as(name + " " + probe + " port").contains((Integer) port);
          if (p.containsKey("httpGet")) {
            assertThat(map(p.get("httpGet")).get("path")).isEqualTo("/api/health");
          }
        }
        List<Object> args = list(container.get("args"));
        if (name.equals("face-engine")) {
          assertThat(args).startsWith("face-engine");
          int argPort = Integer.parseInt((String) args.get(args.indexOf("--port") + 1));
          assertThat(ports).contains(argPort);
          // readiness asks the engine's gRPC health service about FaceEngineService itself
          assertThat(map(map(container.get("readinessProbe")).get("grpc")).get("service"))
              .isEqualTo("faceattend.v1.FaceEngineService");
        } else {
          assertThat(args).startsWith("serve");
          assertThat(env(container))
              .containsKeys(
                  "FACEATTEND_DATABASE_URL",
                  "FACEATTEND_JWT_SECRET",
                  "FACEATTEND_TEMPLATE_KEY",
                  "FACEATTEND_FACE_ENGINE_ADDRESSES");
        }
      }
    }
  }

  @Test
  void servicesSelectPodsOnPortsTheyOpen() {
    List<Map<String, Object>> deployments = ofKind("Deployment");
    List<Map<String, Object>> services = ofKind("Service");
    assertThat(services).isNotEmpty();
    for (Map<String, Object> service : services) {
      Map<String, Object> spec = map(service.get("spec"));
      Map<String, Object> selector = map(spec.get("selector"));
      Map<String, Object> target =
          deployments.stream()
              .filter(
                  d ->
                      map(map(map(map(d.get("spec")).get("template")).get("metadata"))
                              .get("labels"))
                          .entrySet()
                          .containsAll(selector.entrySet()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Deployment for Service " + service));
      Set<Integer> open = new HashSet<>();
      for (Object c :
          list(map(map(map(target.get("spec")).get("template")).get("spec")).get("containers"))) {
        open.addAll(containerPorts(map(c)));
      }
      for (Object port : list(spec.get("ports"))) {
        assertThat(open).contains((Integer) map(port).get("targetPort"));
      }
    }
    // the engines' Service is headless: the gateways see every pod and balance across them
    assertThat(
            services.stream()
                .filter(s -> "face-engine".equals(map(s.get("metadata")).get("name")))
                .map(s -> map(s.get("spec")).get("clusterIP")))
        .containsExactly("None");
  }

  @Test
  void secretsExistAndTheDatabaseIsReplicated() {
    Set<String> secrets = new HashSet<>();
    for (Map<String, Object> secret : ofKind("Secret")) {
      secrets.add((String) map(secret.get("metadata")).get("name"));
    }
    List<Map<String, Object>> clusters = ofKind("Cluster");
    assertThat(clusters).hasSize(1);
    Map<String, Object> cluster = clusters.get(0);
    assertThat(cluster.get("apiVersion")).isEqualTo("postgresql.cnpg.io/v1");
    assertThat((Integer) map(cluster.get("spec")).get("instances")).isGreaterThanOrEqualTo(2);
    // CloudNativePG generates <cluster>-app with the application user's credentials
    secrets.add(map(cluster.get("metadata")).get("name") + "-app");
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      for (Object c :
          list(
              map(map(map(deployment.get("spec")).get("template")).get("spec"))
                  .get("containers"))) {
        for (Object e : list(map(c).get("env"))) {
          Map<String, Object> from = map(map(map(e).get("valueFrom")).get("secretKeyRef"));
          if (!from.isEmpty()) {
            assertThat(secrets).contains((String) from.get("name"));
          }
        }
      }
    }
  }

  @Test
  void everyVariableSetIsDocumented() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Set<String> documented = new HashSet<>();
    Matcher m = Pattern.compile("`(FACEATTEND_[A-Z0-9_]+)`").matcher(readme);
    while (m.find()) {
      documented.add(m.group(1));
    }
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      for (Object c :
          list(
              map(map(map(deployment.get("spec")).get("template")).get("spec"))
                  .get("containers"))) {
        for (String variable : env(map(c)).keySet()) {
          assertThat(documented).as("README documents " + variable).contains(variable);
        }
      }
    }
  }

  private static List<Map<String, Object>> ofKind(String kind) {
    return DOCS.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  private static Set<Integer> containerPorts(Map<String, Object> container) {
    Set<Integer> ports = new HashSet<>();
    for (Object port : list(container.get("ports"))) {
      ports.add((Integer) map(port).get("containerPort"));
    }
    return ports;
  }

  private static Map<String, Object> env(Map<String, Object> container) {
    Map<String, Object> env = new java.util.LinkedHashMap<>();
    for (Object e : list(container.get("env"))) {
      env.put((String) map(e).get("name"), map(e).get("value"));
    }
    return env;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }
}
