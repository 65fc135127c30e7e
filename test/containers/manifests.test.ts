// The deployment manifests, validated offline: compose.yaml by the compose tool itself, the
// kustomize base by `kubectl kustomize` where kubectl is installed, and all of them (plus the
// Quadlet units) by structural checks of what the issue promises: credentials reach airlock only,
// the agent gets the client token and airlock's address, everything is locked down.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { list, obj, parseUnit, parseYaml, readYaml, values } from "./read-manifest.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const KUSTOMIZE_BASE = join(ROOT, "deploy", "kubernetes", "base");
const KUSTOMIZE_VERTEX_WI = join(ROOT, "deploy", "kubernetes", "vertex-workload-identity");
const PODMAN = join(ROOT, "deploy", "podman");

function available(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

/** `docker compose` (v2) or `docker-compose` (v1, Debian's): whichever this machine has. */
const compose: string[] | undefined = available("docker", ["compose", "version"])
  ? ["docker", "compose"]
  : available("docker-compose", ["version"])
    ? ["docker-compose"]
    : undefined;
const hasKubectl = available("kubectl", ["version", "--client"]);

describe("compose.yaml", () => {
  const file = obj(readYaml(join(ROOT, "compose.yaml"))[0], "compose.yaml");
  const services = obj(file.services, "services");
  const airlock = obj(services.airlock, "services.airlock");
  const agent = obj(services.agent, "services.agent");

  it.skipIf(compose === undefined)("is accepted by `compose config`, and demands a client token", () => {
    const [command = "", ...prefix] = compose ?? [];
    const dir = mkdtempSync(join(tmpdir(), "airlock-compose-"));
    try {
      writeFileSync(join(dir, "key"), "sk-test-not-a-real-key");
      const env = { ...process.env, AIRLOCK_PROVIDER_KEY_FILE: join(dir, "key") };
      const args = [...prefix, "--project-directory", ROOT, "-f", join(ROOT, "compose.yaml"), "config"];
      const ok = spawnSync(command, [...args, "--quiet"], {
        env: { ...env, AIRLOCK_CLIENT_TOKEN: "0123456789abcdef0123" },
        encoding: "utf8",
      });
      expect(ok.stderr).toBe("");
      expect(ok.status).toBe(0);
      const missing = spawnSync(command, [...args, "--quiet"], {
        env: { ...env, AIRLOCK_CLIENT_TOKEN: "" },
        encoding: "utf8",
      });
      expect(missing.status).not.toBe(0);
      expect(missing.stderr).toContain("AIRLOCK_CLIENT_TOKEN");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("puts the agent on an internal network only, and airlock on it and on one with egress", () => {
    const networks = obj(file.networks, "networks");
    expect(obj(networks.sandbox, "networks.sandbox").internal).toBe(true);
    expect(obj(networks.egress ?? {}, "networks.egress").internal).toBeUndefined();
    expect(agent.networks).toEqual(["sandbox"]);
    expect(list(airlock.networks, "airlock.networks").toSorted()).toEqual(["egress", "sandbox"]);
  });

  it("gives the provider key to airlock only, as a secret file", () => {
    expect(airlock.secrets).toEqual(["provider-api-key"]);
    const env = obj(airlock.environment, "airlock.environment");
    expect(env.AIRLOCK_BACKEND_API_KEY_FILE).toBe("/run/secrets/provider-api-key");
    expect(Object.keys(env).filter((key) => key.includes("BACKEND_API_KEY"))).toEqual([
      "AIRLOCK_BACKEND_API_KEY_FILE",
    ]);
    expect(agent.secrets).toBeUndefined();
    expect(agent.volumes).toBeUndefined();
  });

  it("gives the agent only the client token and airlock's address", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's interpolation, compared as written
    const token = "${AIRLOCK_CLIENT_TOKEN}";
    expect(obj(agent.environment, "agent.environment")).toEqual({
      OPENAI_BASE_URL: "http://airlock:8080/v1",
      OPENAI_API_KEY: token,
      ANTHROPIC_BASE_URL: "http://airlock:8080",
      ANTHROPIC_API_KEY: token,
    });
    expect(obj(agent.depends_on, "agent.depends_on").airlock).toEqual({ condition: "service_healthy" });
  });

  it("runs airlock read-only with no capabilities", () => {
    expect(airlock.read_only).toBe(true);
    expect(airlock.cap_drop).toEqual(["ALL"]);
    expect(airlock.security_opt).toContain("no-new-privileges:true");
    expect(obj(airlock.build, "airlock.build").dockerfile).toBe("Containerfile");
  });
});

/** A kustomization as kustomize renders it, or its resource files as written where kubectl is missing. */
function kustomizeDocs(dir = KUSTOMIZE_BASE): Record<string, unknown>[] {
  if (hasKubectl) {
    const rendered = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
    return parseYaml(rendered).map((doc, i) => obj(doc, `document ${i}`));
  }
  const kustomization = obj(readYaml(join(dir, "kustomization.yaml"))[0], "kustomization");
  return list(kustomization.resources, "resources").flatMap((resource) =>
    readYaml(join(dir, String(resource))).map((doc) => obj(doc, String(resource))),
  );
}

type Container = Record<string, unknown>;

function secretNamesOfVolume(volume: Record<string, unknown>): string[] {
  if (volume.secret !== undefined) return [String(obj(volume.secret, "secret").secretName)];
  if (volume.projected === undefined) return [];
  return list(obj(volume.projected, "projected").sources, "sources").flatMap((source) => {
    const secret = obj(source, "source").secret;
    return secret === undefined ? [] : [String(obj(secret, "source.secret").name)];
  });
}

function secretKeyRefs(container: Container): string[] {
  return list(container.env ?? [], "env").flatMap((entry) => {
    const from = obj(entry, "env entry").valueFrom;
    if (from === undefined) return [];
    const ref = obj(from, "valueFrom").secretKeyRef;
    return ref === undefined ? [] : [String(obj(ref, "secretKeyRef").name)];
  });
}

describe("Kubernetes base (deploy/kubernetes/base)", () => {
  const docs = kustomizeDocs();
  const deployment = docs.find((doc) => doc.kind === "Deployment");
  const policy = docs.find((doc) => doc.kind === "NetworkPolicy");
  const template = obj(obj(obj(deployment?.spec, "spec").template, "template").spec, "pod spec");
  const labels = obj(
    obj(obj(obj(deployment?.spec, "spec").template, "template").metadata, "meta").labels,
    "labels",
  );
  const inits = list(template.initContainers, "initContainers").map((c) => obj(c, "initContainer"));
  const mains = list(template.containers, "containers").map((c) => obj(c, "container"));
  const airlock = inits.find((c) => c.name === "airlock");
  const agent = mains.find((c) => c.name === "agent");

  it.skipIf(!hasKubectl)("builds with `kubectl kustomize`", () => {
    expect(docs.map((doc) => doc.kind).toSorted()).toEqual(["Deployment", "NetworkPolicy"]);
  });

  it("runs airlock as a native sidecar with probes", () => {
    expect(airlock?.restartPolicy).toBe("Always");
    const probePath = (name: string) => obj(obj(airlock?.[name], name).httpGet, `${name}.httpGet`).path;
    expect(probePath("startupProbe")).toBe("/readyz");
    expect(probePath("readinessProbe")).toBe("/readyz");
    expect(probePath("livenessProbe")).toBe("/healthz");
    expect(agent).toBeDefined();
  });

  it("locks down every container: non-root, read-only root, no capabilities, resources", () => {
    const pod = obj(template.securityContext, "pod securityContext");
    expect(pod.runAsNonRoot).toBe(true);
    expect(pod.runAsUser).toBe(65532);
    expect(template.automountServiceAccountToken).toBe(false);
    for (const container of [...inits, ...mains]) {
      const security = obj(container.securityContext, `${container.name} securityContext`);
      expect(security.readOnlyRootFilesystem, String(container.name)).toBe(true);
      expect(security.allowPrivilegeEscalation, String(container.name)).toBe(false);
      expect(obj(security.capabilities, "capabilities").drop).toEqual(["ALL"]);
      const resources = obj(container.resources, `${container.name} resources`);
      for (const kind of ["requests", "limits"]) {
        expect(Object.keys(obj(resources[kind], kind)).toSorted(), `${container.name} ${kind}`).toEqual([
          "cpu",
          "memory",
        ]);
      }
    }
  });

  it("mounts the provider Secret into airlock only; the agent gets the client token alone", () => {
    const volumes = list(template.volumes, "volumes").map((v) => obj(v, "volume"));
    const withProvider = volumes.filter((v) => secretNamesOfVolume(v).includes("airlock-provider"));
    expect(withProvider.map((v) => v.name)).toEqual(["airlock-credentials"]);
    const mounts = (c: Container | undefined) =>
      list(c?.volumeMounts ?? [], "volumeMounts").map((m) => obj(m, "mount").name);
    expect(mounts(airlock)).toContain("airlock-credentials");
    for (const container of mains) expect(mounts(container)).not.toContain("airlock-credentials");
    for (const container of mains) {
      expect(secretKeyRefs(container).every((name) => name === "airlock-client-token")).toBe(true);
      expect(container.envFrom).toBeUndefined();
    }
    const env = Object.fromEntries(
      list(agent?.env, "agent env").map((e) => [obj(e, "env").name, obj(e, "env").value]),
    );
    expect(env.OPENAI_BASE_URL).toBe("http://127.0.0.1:8080/v1");
    expect(env.ANTHROPIC_BASE_URL).toBe("http://127.0.0.1:8080");
  });

  it("has a NetworkPolicy on the pod that denies ingress and limits egress to DNS and HTTPS", () => {
    const spec = obj(policy?.spec, "NetworkPolicy spec");
    const selector = obj(obj(spec.podSelector, "podSelector").matchLabels, "matchLabels");
    for (const [key, value] of Object.entries(selector)) expect(labels[key]).toBe(value);
    expect(list(spec.policyTypes, "policyTypes").toSorted()).toEqual(["Egress", "Ingress"]);
    expect(spec.ingress).toEqual([]);
    const ports = list(spec.egress, "egress").flatMap((rule) =>
      list(obj(rule, "rule").ports, "ports").map((port) => obj(port, "port").port),
    );
    expect([...new Set(ports)].toSorted()).toEqual([443, 53]);
    const blocks = list(spec.egress, "egress").flatMap((rule) =>
      list(obj(rule, "rule").to, "to").flatMap((peer) => {
        const block = obj(peer, "peer").ipBlock;
        return block === undefined ? [] : [obj(block, "ipBlock")];
      }),
    );
    // The cloud metadata endpoint would hand out the node's credentials.
    for (const block of blocks) expect(list(block.except, "except")).toContain("169.254.0.0/16");
  });
});

describe("Kubernetes, Vertex AI with GKE Workload Identity (deploy/kubernetes/vertex-workload-identity)", () => {
  const docs = kustomizeDocs(KUSTOMIZE_VERTEX_WI);
  const named = (kind: string, name: string) => {
    const doc = docs.find((d) => d.kind === kind && obj(d.metadata, `${kind} metadata`).name === name);
    return obj(doc, `${kind} ${name}`);
  };
  const podSpec = (deployment: Record<string, unknown>) =>
    obj(obj(obj(deployment.spec, "spec").template, "template").spec, "pod spec");
  const podLabels = (deployment: Record<string, unknown>) =>
    obj(obj(obj(obj(deployment.spec, "spec").template, "template").metadata, "meta").labels, "labels");
  const containersOf = (spec: Record<string, unknown>) =>
    [...list(spec.initContainers ?? [], "initContainers"), ...list(spec.containers, "containers")].map((c) =>
      obj(c, "container"),
    );
  const envOf = (container: Container) =>
    Object.fromEntries(
      list(container.env ?? [], "env").map((e) => [obj(e, "env").name, obj(e, "env").value]),
    );
  const annotationsOf = (doc: Record<string, unknown>) =>
    obj(obj(doc.metadata, "metadata").annotations ?? {}, "annotations");
  const matches = (selector: unknown, labels: Record<string, unknown>) =>
    Object.entries(obj(obj(selector, "selector").matchLabels, "matchLabels")).every(
      ([k, v]) => labels[k] === v,
    );
  const WORKLOAD_IDENTITY = "iam.gke.io/gcp-service-account";

  const airlockDeployment = named("Deployment", "airlock");
  const agentDeployment = named("Deployment", "agent");
  const airlockPod = podSpec(airlockDeployment);
  const agentPod = podSpec(agentDeployment);
  const airlock = containersOf(airlockPod).find((c) => c.name === "airlock");
  const agentPolicy = obj(named("NetworkPolicy", "agent").spec, "agent NetworkPolicy spec");
  const airlockPolicy = obj(named("NetworkPolicy", "airlock").spec, "airlock NetworkPolicy spec");
  const egressRules = (spec: Record<string, unknown>) =>
    list(spec.egress, "egress").map((r) => obj(r, "rule"));
  const portsOf = (rule: Record<string, unknown>) =>
    list(rule.ports, "ports").map((p) => obj(p, "port").port);
  const peersOf = (rule: Record<string, unknown>) => list(rule.to, "to").map((p) => obj(p, "peer"));

  it.skipIf(!hasKubectl)("builds with `kubectl kustomize`", () => {
    expect(docs.map((doc) => doc.kind).toSorted()).toEqual([
      "Deployment",
      "Deployment",
      "NetworkPolicy",
      "NetworkPolicy",
      "Service",
      "ServiceAccount",
      "ServiceAccount",
    ]);
  });

  it("runs airlock and the agent in separate pods", () => {
    expect(containersOf(airlockPod).map((c) => c.name)).toEqual(["airlock"]);
    expect(containersOf(agentPod).map((c) => c.name)).toEqual(["agent"]);
  });

  it("binds airlock's ServiceAccount, and no other, to a Google service account", () => {
    expect(airlockPod.serviceAccountName).toBe("airlock");
    expect(String(annotationsOf(named("ServiceAccount", "airlock"))[WORKLOAD_IDENTITY])).toMatch(
      /^airlock@[a-zA-Z0-9_-]+\.iam\.gserviceaccount\.com$/,
    );
    const bound = docs.filter((doc) => annotationsOf(doc)[WORKLOAD_IDENTITY] !== undefined);
    expect(bound.map((doc) => `${doc.kind}/${obj(doc.metadata, "metadata").name}`)).toEqual([
      "ServiceAccount/airlock",
    ]);
  });

  it("runs the agent under a ServiceAccount with no Google binding and no token", () => {
    const name = String(agentPod.serviceAccountName);
    expect(name).not.toBe("airlock");
    const account = named("ServiceAccount", name);
    expect(annotationsOf(account)[WORKLOAD_IDENTITY]).toBeUndefined();
    expect(account.automountServiceAccountToken).toBe(false);
    expect(agentPod.automountServiceAccountToken).toBe(false);
    const projected = list(agentPod.volumes ?? [], "volumes").flatMap((v) => {
      const sources = obj(v, "volume").projected;
      return sources === undefined ? [] : list(obj(sources, "projected").sources, "sources");
    });
    expect(projected.filter((source) => obj(source, "source").serviceAccountToken !== undefined)).toEqual([]);
  });

  it("holds no Google credentials anywhere: no Secret, no key file, only the client token is referenced", () => {
    expect(docs.filter((doc) => doc.kind === "Secret")).toEqual([]);
    for (const pod of [airlockPod, agentPod]) {
      const volumes = list(pod.volumes ?? [], "volumes").map((v) => obj(v, "volume"));
      expect(volumes.flatMap(secretNamesOfVolume).every((name) => name === "airlock-client-token")).toBe(
        true,
      );
      for (const container of containersOf(pod)) {
        expect(secretKeyRefs(container).every((name) => name === "airlock-client-token")).toBe(true);
        expect(container.envFrom).toBeUndefined();
        expect(Object.keys(envOf(container))).not.toContain("GOOGLE_APPLICATION_CREDENTIALS");
      }
    }
  });

  it("configures airlock for Vertex AI through the environment, with the client token as a file", () => {
    const env = envOf(airlock ?? {});
    expect(env.AIRLOCK_BACKEND).toBe("vertex");
    expect(env.GOOGLE_CLOUD_LOCATION).toBe("global");
    expect(String(env.GOOGLE_CLOUD_PROJECT)).not.toBe("");
    const mounts = list(airlock?.volumeMounts, "volumeMounts").map((m) => obj(m, "mount"));
    const tokenDir = mounts.find((m) => m.name === "client-token")?.mountPath;
    expect(env.AIRLOCK_API_KEY_FILE).toBe(`${String(tokenDir)}/client-token`);
  });

  it("gives the agent the client token and airlock's Service address", () => {
    const service = obj(named("Service", "airlock").spec, "Service spec");
    expect(service.type ?? "ClusterIP").toBe("ClusterIP");
    expect(matches({ matchLabels: service.selector }, podLabels(airlockDeployment))).toBe(true);
    expect(list(service.ports, "ports").map((p) => obj(p, "port").port)).toEqual([8080]);
    const agent = containersOf(agentPod)[0] ?? {};
    const env = envOf(agent);
    expect(env.ANTHROPIC_BASE_URL).toBe("http://airlock:8080");
    expect(env.OPENAI_BASE_URL).toBe("http://airlock:8080/v1");
    expect(secretKeyRefs(agent).length).toBeGreaterThan(0);
  });

  it("locks down both pods: uid 65532, read-only root, no capabilities, seccomp, resources, probes", () => {
    for (const pod of [airlockPod, agentPod]) {
      const security = obj(pod.securityContext, "pod securityContext");
      expect(security.runAsNonRoot).toBe(true);
      expect(security.runAsUser).toBe(65532);
      expect(obj(security.seccompProfile, "seccompProfile").type).toBe("RuntimeDefault");
      for (const container of containersOf(pod)) {
        const own = obj(container.securityContext, `${container.name} securityContext`);
        expect(own.readOnlyRootFilesystem, String(container.name)).toBe(true);
        expect(own.allowPrivilegeEscalation, String(container.name)).toBe(false);
        expect(obj(own.capabilities, "capabilities").drop).toEqual(["ALL"]);
        const resources = obj(container.resources, `${container.name} resources`);
        for (const kind of ["requests", "limits"])
          expect(Object.keys(obj(resources[kind], kind)).toSorted()).toEqual(["cpu", "memory"]);
      }
    }
    const probePath = (name: string) => obj(obj(airlock?.[name], name).httpGet, `${name}.httpGet`).path;
    expect(probePath("startupProbe")).toBe("/readyz");
    expect(probePath("readinessProbe")).toBe("/readyz");
    expect(probePath("livenessProbe")).toBe("/healthz");
  });

  it("lets the agent open connections only to airlock's pods and to DNS", () => {
    expect(matches(agentPolicy.podSelector, podLabels(agentDeployment))).toBe(true);
    expect(list(agentPolicy.policyTypes, "policyTypes").toSorted()).toEqual(["Egress", "Ingress"]);
    expect(agentPolicy.ingress).toEqual([]);
    const rules = egressRules(agentPolicy);
    let reachesAirlock = false;
    for (const rule of rules) {
      // A rule without `to` or without `ports` would allow every destination or every port.
      const peers = peersOf(rule);
      const ports = portsOf(rule);
      expect(peers.length).toBeGreaterThan(0);
      expect(ports.length).toBeGreaterThan(0);
      if (ports.every((port) => port === 53)) {
        for (const peer of peers) {
          const block = peer.ipBlock === undefined ? undefined : obj(peer.ipBlock, "ipBlock");
          if (block !== undefined) expect(String(block.cidr)).toMatch(/\/32$/);
          else
            expect(obj(obj(peer.podSelector, "podSelector").matchLabels, "labels")["k8s-app"]).toBe(
              "kube-dns",
            );
        }
        continue;
      }
      expect(ports).toEqual([8080]);
      for (const peer of peers) {
        expect(Object.keys(peer)).toEqual(["podSelector"]);
        expect(matches(peer.podSelector, podLabels(airlockDeployment))).toBe(true);
      }
      reachesAirlock = true;
    }
    expect(reachesAirlock).toBe(true);
  });

  it("admits only the agent's pods to airlock, and lets airlock reach HTTPS and the metadata server", () => {
    expect(matches(airlockPolicy.podSelector, podLabels(airlockDeployment))).toBe(true);
    expect(list(airlockPolicy.policyTypes, "policyTypes").toSorted()).toEqual(["Egress", "Ingress"]);
    const ingress = list(airlockPolicy.ingress, "ingress").map((r) => obj(r, "rule"));
    expect(ingress).toHaveLength(1);
    const from = list(ingress[0]?.from, "from").map((p) => obj(p, "peer"));
    expect(from.length).toBeGreaterThan(0);
    for (const peer of from) {
      expect(Object.keys(peer)).toEqual(["podSelector"]);
      expect(matches(peer.podSelector, podLabels(agentDeployment))).toBe(true);
    }
    expect(portsOf(ingress[0] ?? {})).toEqual([8080]);
    const allowed = egressRules(airlockPolicy).flatMap((rule) =>
      peersOf(rule).flatMap((peer) => {
        if (peer.ipBlock === undefined) return [];
        const block = obj(peer.ipBlock, "ipBlock");
        return portsOf(rule).map((port) => ({ cidr: block.cidr, except: block.except, port }));
      }),
    );
    expect(allowed).toContainEqual({ cidr: "169.254.169.254/32", except: undefined, port: 80 });
    expect(allowed).toContainEqual({ cidr: "169.254.169.252/32", except: undefined, port: 988 });
    const https = allowed.filter((a) => a.port === 443);
    expect(https.length).toBeGreaterThan(0);
    for (const rule of https) expect(list(rule.except, "except")).toContain("169.254.0.0/16");
  });
});

describe("Podman Quadlet units (deploy/podman)", () => {
  const unit = (name: string) => parseUnit(readFileSync(join(PODMAN, name), "utf8"));
  const pod = unit("airlock-sandbox.pod");
  const airlock = unit("airlock.container");
  const agent = unit("agent.container");

  it("groups airlock and the agent in one pod", () => {
    expect(values(pod, "Pod", "PodName")).toEqual(["airlock-sandbox"]);
    expect(values(airlock, "Container", "Pod")).toEqual(["airlock-sandbox.pod"]);
    expect(values(agent, "Container", "Pod")).toEqual(["airlock-sandbox.pod"]);
    expect(values(agent, "Unit", "Requires")).toEqual(["airlock.service"]);
  });

  it("locks airlock down and gives it the provider key as a Podman secret", () => {
    expect(values(airlock, "Container", "ReadOnly")).toEqual(["true"]);
    expect(values(airlock, "Container", "DropCapability")).toEqual(["ALL"]);
    expect(values(airlock, "Container", "NoNewPrivileges")).toEqual(["true"]);
    const secrets = values(airlock, "Container", "Secret");
    expect(secrets.some((s) => s.startsWith("airlock-provider-api-key,type=mount"))).toBe(true);
    expect(values(airlock, "Container", "Environment")).toContain(
      "AIRLOCK_BACKEND_API_KEY_FILE=/run/secrets/airlock-provider-api-key",
    );
  });

  it("gives the agent the client token only", () => {
    const secrets = values(agent, "Container", "Secret");
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(secret.startsWith("airlock-client-token,")).toBe(true);
    expect(values(agent, "Container", "Volume")).toEqual([]);
    expect(values(agent, "Container", "Environment")).toEqual([
      "OPENAI_BASE_URL=http://127.0.0.1:8080/v1",
      "ANTHROPIC_BASE_URL=http://127.0.0.1:8080",
    ]);
  });
});
