/**
 * The deployment files against the schemas of the tools that read them, with
 * no network: every Kubernetes object against the Kubernetes API's OpenAPI
 * schema (validators compiled by the `kubernetes-models` package: types,
 * required fields, enums), and the compose file against the Compose
 * Specification's JSON schema plus the correctness rules of `dclint` (which
 * ships that schema). Both packages are in import_map.json
 * ("kubernetes-models/" and "dclint"); deploy/k8s_test.ts and
 * deploy/compose_test.ts check the files' structure besides.
 */
import assert from "node:assert/strict";
import { keysSecret } from "./make_keys.ts";
import { here, manifests, yamlDocs } from "./testing.ts";

/** A module known only at run time: `deno check` does not look for it in the import map. */
// deno-lint-ignore no-explicit-any
const load = (specifier: string): Promise<any> => import(specifier);

/** The kubernetes-models class for an object's apiVersion and kind. */
async function modelFor(apiVersion: string, kind: string) {
  const mod = await load(`kubernetes-models/${apiVersion}`);
  assert.ok(mod[kind], `kubernetes-models has no ${apiVersion} ${kind}`);
  return mod[kind] as new (data: unknown) => { validate(): void };
}

Deno.test({
  name: "every Kubernetes object is valid against the Kubernetes API schema",
  fn: async () => {
    const all = await manifests();
    assert.ok(all.length >= 15);
    for (const { file, doc } of all) {
      const Model = await modelFor(doc.apiVersion, doc.kind);
      try {
        new Model(doc).validate();
      } catch (err) {
        assert.fail(`${file}: ${doc.kind} ${doc.metadata.name}: ${(err as Error).message}`);
      }
    }
  },
});

Deno.test({
  name:
    "the schema validator refuses a Deployment with a wrong type, a missing field or a bad enum",
  fn: async () => {
    const Deployment = await modelFor("apps/v1", "Deployment");
    const [, api] = await yamlDocs(here("k8s/api.yaml"));
    // deno-lint-ignore no-explicit-any
    const broken = (change: (d: any) => void) => {
      const d = structuredClone(api);
      change(d);
      return () => new Deployment(d).validate();
    };
    new Deployment(api).validate();
    assert.throws(broken((d) => d.spec.replicas = "two"), /replicas/);
    assert.throws(broken((d) => delete d.spec.template.spec.containers[0].name), /name/);
    assert.throws(
      broken((d) => d.spec.template.spec.containers[0].ports[0].protocol = "QUIC"),
      /protocol/,
    );
  },
});

Deno.test({
  name: "the Secret deploy/make_keys.ts prints is a valid Kubernetes Secret",
  fn: async () => {
    const Secret = await modelFor("v1", "Secret");
    const dir = await Deno.makeTempDir({ prefix: "lanecast-keys-" });
    try {
      const { makeKeys } = await import("./make_keys.ts");
      const text = keysSecret(await makeKeys(dir));
      const path = `${dir}/secret.yaml`;
      await Deno.writeTextFile(path, text);
      const [doc] = await yamlDocs(new URL(`file://${path}`));
      new Secret(doc).validate();
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** dclint's verdict on a compose file: schema errors and the correctness rules' errors. */
async function lintCompose(path: string) {
  const { DCLinter } = await load("dclint");
  const linter = new DCLinter({
    quiet: true,
    debug: false,
    exclude: [],
    // dclint runs every rule not named here: correctness rules are errors, style rules are off.
    rules: {
      "no-duplicate-container-names": 2,
      "no-duplicate-exported-ports": 2,
      "no-quotes-in-volumes": 2,
      "no-version-field": 2,
      "require-project-name-field": 2,
      "require-quotes-in-ports": [2, { quoteType: "double" }],
      "service-container-name-regex": 2,
      "service-image-require-explicit-tag": 2,
      // The keys service builds the image the others run, so it names it too.
      "no-build-and-image": 0,
      // Browsers on other machines reach the proxy and the SFU hosts: all interfaces.
      "no-unbound-port-interfaces": 0,
      "service-dependencies-alphabetical-order": 0,
      "service-keys-order": 0,
      "service-ports-alphabetical-order": 0,
      "services-alphabetical-order": 0,
      "top-level-properties-order": 0,
    },
  });
  const [result] = linter.lintFiles([path], false);
  return result.messages as { rule: string; message: string; type: string }[];
}

Deno.test({
  name: "the compose file is valid against the Compose Specification schema",
  fn: async () => {
    const messages = await lintCompose(here("compose.yaml").pathname);
    assert.deepEqual(messages.filter((m) => m.type === "error"), []);
  },
});

Deno.test({
  name: "the compose schema check refuses an unknown service key and a port published twice",
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "lanecast-compose-" });
    try {
      const text = await Deno.readTextFile(here("compose.yaml"));
      const typo = `${dir}/typo.yaml`;
      await Deno.writeTextFile(typo, text.replace('    command: ["sim"]', '    comand: ["sim"]'));
      assert.ok((await lintCompose(typo)).some((m) => m.rule === "invalid-schema"));
      const twice = `${dir}/twice.yaml`;
      await Deno.writeTextFile(twice, text.replace('"8011:8001"', '"8001:8001"'));
      assert.ok((await lintCompose(twice)).some((m) => m.rule === "no-duplicate-exported-ports"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
