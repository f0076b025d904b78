import assert from "node:assert/strict";
import { createTestApp } from "./testing.ts";

Deno.test("a NUL character in a query string or a JSON body is refused with 400 before it reaches the database", async () => {
  const t = await createTestApp("pglite");
  try {
    const admin = await t.as("admin");
    let r = await t.app.request("/api/users?query=a%00b", { headers: admin.headers });
    assert.equal(r.status, 400);
    assert.equal(r.headers.get("content-type"), "application/problem+json");
    assert.equal((await r.json()).code, "nul_character");

    r = await t.app.request("/api/lanes", {
      method: "POST",
      headers: { ...admin.headers, "content-type": "application/json" },
      body: JSON.stringify({ name: "Lane\u0000x", sourceKind: "whip" }),
    });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).code, "nul_character");
    const lanes = await t.deps.db.sql`select id from lanes where name like 'Lane%x'`;
    assert.equal(lanes.length, 0);

    // An escaped backslash followed by "u0000" is ordinary text and gets through.
    r = await t.app.request("/api/lanes", {
      method: "POST",
      headers: { ...admin.headers, "content-type": "application/json" },
      body: JSON.stringify({ name: "Lane \\u0000", sourceKind: "whip" }),
    });
    assert.equal(r.status, 201);
    assert.equal((await r.json()).name, "Lane \\u0000");
  } finally {
    await t.close();
  }
});
