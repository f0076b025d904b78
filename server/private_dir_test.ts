import assert from "node:assert/strict";
import { makePrivateDir } from "./private_dir.ts";

Deno.test("makePrivateDir() creates nested folders 0700 and tightens an existing 0755 one", async () => {
  const root = await Deno.makeTempDir();
  try {
    await makePrivateDir(`${root}/data/pglite`);
    assert.equal((await Deno.stat(`${root}/data`)).mode! & 0o777, 0o700);
    assert.equal((await Deno.stat(`${root}/data/pglite`)).mode! & 0o777, 0o700);
    await Deno.mkdir(`${root}/old`, { mode: 0o755 });
    await Deno.chmod(`${root}/old`, 0o755);
    await makePrivateDir(`${root}/old`);
    assert.equal((await Deno.stat(`${root}/old`)).mode! & 0o777, 0o700);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
