/**
 * The Kubernetes manifests in deploy/k8s hold together: every file is in the
 * kustomization, every reference (Service → pods, HPA → Deployment, env →
 * ConfigMap/Secret key, Ingress → Service port, probe → container port)
 * lands, the API is ready on /api/health and scales on CPU, the SFU hosts
 * bind their UDP ranges on their nodes and announce the node's address, and
 * every Lanecast container runs as the image's non-root user with variables
 * its process reads. (deploy/schema_test.ts validates each object against the
 * Kubernetes API schemas.)
 */
import assert from "node:assert/strict";
import { parseCidrList } from "../core/ip_net.ts";
import { SHARED_SECRETS, SIGNING_KEY_FILE } from "./make_keys.ts";
import { entrypointProcesses, here, knownEnv, manifests, type Obj, yamlDocs } from "./testing.ts";

const find = (all: { doc: Obj }[], kind: string, name: string) =>
  all.find(({ doc }) => doc.kind === kind && doc.metadata.name === name)?.doc;

const workloads = (all: { doc: Obj }[]) =>
  all.map(({ doc }) => doc).filter((d) => ["Deployment", "StatefulSet"].includes(d.kind));

const lanecastContainers = (all: { doc: Obj }[]) =>
  workloads(all).flatMap((w) =>
    (w.spec.template.spec.containers as Obj[]).filter((c) => c.image === "lanecast").map((c) => ({
      w,
      c,
    }))
  );

Deno.test("every manifest file is in the kustomization, in one namespace", async () => {
  const listed = ((await yamlDocs(here("k8s/kustomization.yaml")))[0] as Obj).resources;
  const present = [...Deno.readDirSync(here("k8s"))].map((e) => e.name)
    .filter((n) => n.endsWith(".yaml") && n !== "kustomization.yaml");
  assert.deepEqual([...listed].sort(), present.sort());
  for (const { file, doc } of await manifests()) {
    if (doc.kind === "Namespace") continue;
    assert.equal(doc.metadata.namespace, "lanecast", `${file}: ${doc.kind} ${doc.metadata.name}`);
  }
});

Deno.test("the API is a Deployment scaled on CPU and ready when /api/health answers", async () => {
  const all = await manifests();
  const api = find(all, "Deployment", "api")!;
  const hpa = find(all, "HorizontalPodAutoscaler", "api")!;
  assert.deepEqual(hpa.spec.scaleTargetRef, {
    apiVersion: "apps/v1",
    kind: "Deployment",
    name: "api",
  });
  assert.ok(hpa.spec.minReplicas >= 2 && hpa.spec.maxReplicas > hpa.spec.minReplicas);
  assert.ok(hpa.spec.metrics.some((m: Obj) => m.resource?.name === "cpu"));
  const [c] = api.spec.template.spec.containers;
  assert.deepEqual(c.args, ["server"]);
  // A utilisation target means nothing without a request to measure it against.
  assert.ok(c.resources.requests.cpu, "the API container requests CPU");
  assert.equal(c.readinessProbe.httpGet.path, "/api/health");
  assert.ok(c.ports.some((p: Obj) => p.name === c.readinessProbe.httpGet.port));
  // /api/health answers 503 while the SFU is down: liveness must not restart every instance then.
  assert.equal(c.livenessProbe.httpGet, undefined);
  const mount = c.volumeMounts.find((m: Obj) => m.mountPath === "/app/data/keys");
  const volume = api.spec.template.spec.volumes.find((v: Obj) => v.name === mount.name);
  assert.deepEqual(volume.secret.items.map((i: Obj) => i.path), [SIGNING_KEY_FILE]);
});

Deno.test("SFU hosts bind their UDP range on their node and announce the node's address", async () => {
  const all = await manifests();
  const sfu = find(all, "StatefulSet", "sfu")!;
  const pod = sfu.spec.template.spec;
  assert.equal(pod.hostNetwork, true);
  assert.equal(pod.dnsPolicy, "ClusterFirstWithHostNet");
  // Two hosts on one node would fight over the same ports.
  const anti = pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
  assert.equal(anti.topologyKey, "kubernetes.io/hostname");
  assert.deepEqual(anti.labelSelector.matchLabels, sfu.spec.selector.matchLabels);
  const [c] = pod.containers;
  const env = Object.fromEntries(c.env.map((e: Obj) => [e.name, e]));
  assert.equal(env.SFU_ID.valueFrom.fieldRef.fieldPath, "metadata.name");
  assert.equal(env.NODE_IP.valueFrom.fieldRef.fieldPath, "status.hostIP");
  assert.equal(env.RTC_ANNOUNCED_IP.value, "$(NODE_IP)");
  assert.ok(Number(env.RTC_MIN_PORT.value) < Number(env.RTC_MAX_PORT.value));
  assert.match(env.SFU_PUBLIC_URL.value, /\$\(SFU_ID\)/, "each host has its own public URL");
  // On the host network the HTTP port is on the node's address: forwarded headers are
  // trusted only from the proxies' ranges, not from whoever connects to <node>:8001.
  if (env.SFU_TRUST_PROXY?.value === "true") {
    assert.ok(env.SFU_TRUSTED_PROXIES?.value, "SFU_TRUSTED_PROXIES with SFU_TRUST_PROXY");
    assert.deepEqual(parseCidrList(env.SFU_TRUSTED_PROXIES.value).map((n) => n.family), [4, 4, 4]);
  }
  // $(VAR) expands only variables defined before it.
  const order = c.env.map((e: Obj) => e.name);
  assert.ok(order.indexOf("NODE_IP") < order.indexOf("RTC_ANNOUNCED_IP"));
  assert.ok(order.indexOf("SFU_ID") < order.indexOf("SFU_PUBLIC_URL"));
  // A Service per host for its HTTP side, one for every replica, and the ingress routes to each.
  const ingress = find(all, "Ingress", "lanecast")!;
  const backends = ingress.spec.rules.map((r: Obj) => r.http.paths[0].backend.service.name);
  for (let i = 0; i < sfu.spec.replicas; i++) {
    const svc = find(all, "Service", `sfu-${i}`)!;
    assert.deepEqual(svc.spec.selector, { "statefulset.kubernetes.io/pod-name": `sfu-${i}` });
    assert.ok(backends.includes(`sfu-${i}`), `the ingress routes to sfu-${i}`);
  }
});

Deno.test("every Service selects pods that exist and targets a port they name", async () => {
  const all = await manifests();
  const pods = workloads(all).map((w) => ({
    labels: w.spec.template.metadata.labels,
    name: w.metadata.name,
    kind: w.kind,
    replicas: w.spec.replicas,
    ports: w.spec.template.spec.containers.flatMap((c: Obj) => c.ports.map((p: Obj) => p.name)),
  }));
  for (const w of workloads(all)) {
    assert.deepEqual(w.spec.selector.matchLabels, w.spec.template.metadata.labels, w.metadata.name);
  }
  for (const { doc } of all.filter(({ doc }) => doc.kind === "Service")) {
    const sel = Object.entries(doc.spec.selector as Record<string, string>);
    const match = pods.filter((p) =>
      sel.every(([k, v]) =>
        p.labels[k] === v ||
        (k === "statefulset.kubernetes.io/pod-name" && p.kind === "StatefulSet" &&
          new RegExp(`^${p.name}-(\\d+)$`).test(v) && Number(v.split("-").at(-1)) < p.replicas)
      )
    );
    assert.equal(match.length, 1, `Service ${doc.metadata.name} selects one workload`);
    for (const port of doc.spec.ports) {
      assert.ok(
        match[0].ports.includes(port.targetPort),
        `${doc.metadata.name}: ${port.targetPort}`,
      );
    }
  }
  const services = all.filter(({ doc }) => doc.kind === "Service").map(({ doc }) => doc);
  for (const rule of find(all, "Ingress", "lanecast")!.spec.rules) {
    const backend = rule.http.paths[0].backend.service;
    const svc = services.find((s) => s.metadata.name === backend.name);
    assert.ok(svc?.spec.ports.some((p: Obj) => p.name === backend.port.name), rule.host);
  }
});

Deno.test("every ConfigMap and Secret reference lands on a key that is there", async () => {
  const all = await manifests();
  const keysOf = (kind: string, name: string) => {
    const d = find(all, kind, name);
    assert.ok(d, `no ${kind} ${name}`);
    return Object.keys(d.data ?? d.stringData ?? {});
  };
  assert.deepEqual(
    keysOf("Secret", "lanecast-keys").sort(),
    [SIGNING_KEY_FILE, ...Object.keys(SHARED_SECRETS)].sort(),
    "lanecast-keys holds what deploy/make_keys.ts makes",
  );
  for (const w of workloads(all)) {
    for (const c of w.spec.template.spec.containers) {
      for (const e of c.env ?? []) {
        const s = e.valueFrom?.secretKeyRef;
        if (s) assert.ok(keysOf("Secret", s.name).includes(s.key), `${c.name}: ${s.name}/${s.key}`);
      }
      for (const f of c.envFrom ?? []) keysOf("ConfigMap", f.configMapRef.name);
    }
    for (const v of w.spec.template.spec.volumes ?? []) {
      if (!v.secret) continue;
      for (const i of v.secret.items) {
        assert.ok(keysOf("Secret", v.secret.secretName).includes(i.key));
      }
    }
  }
});

Deno.test("Lanecast containers run a process of the image as its non-root user, with variables it reads", async () => {
  const all = await manifests();
  const known = await knownEnv();
  const procs = await entrypointProcesses();
  const config = find(all, "ConfigMap", "lanecast-config")!;
  for (const k of Object.keys(config.data)) assert.ok(known.has(k), `lanecast-config: ${k}`);
  const containers = lanecastContainers(all);
  assert.deepEqual(containers.map(({ c }) => c.args[0]).sort(), ["inference", "server", "sfu"]);
  for (const { w, c } of containers) {
    assert.ok(procs.has(c.args[0]), `${w.metadata.name}: process ${c.args[0]}`);
    const pod = w.spec.template.spec.securityContext;
    assert.equal(pod.runAsNonRoot, true, w.metadata.name);
    assert.equal(pod.runAsUser, 10001, w.metadata.name);
    assert.equal(c.securityContext.allowPrivilegeEscalation, false, w.metadata.name);
    assert.ok(c.readinessProbe, `${w.metadata.name}: readiness`);
    for (const e of c.env ?? []) {
      if (e.name === "NODE_IP") continue; // only expanded into RTC_ANNOUNCED_IP
      assert.ok(known.has(e.name), `${w.metadata.name}: no process reads ${e.name}`);
    }
  }
});
