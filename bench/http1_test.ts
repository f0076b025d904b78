import assert from "node:assert/strict";
import { createHttp1 } from "./http1.ts";

Deno.test("the lean HTTP/1.1 client reads sized and chunked answers over one kept-alive connection", async () => {
  const peers = new Set<string>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req, info) => {
      peers.add(`${info.remoteAddr.port}`);
      const body = await req.text();
      if (req.url.endsWith("/chunked")) {
        const parts = ["one ", "two ", "three"];
        return new Response(
          new ReadableStream({
            pull(c) {
              const p = parts.shift();
              if (p) c.enqueue(new TextEncoder().encode(p));
              else c.close();
            },
          }),
        );
      }
      return Response.json({ got: body, auth: req.headers.get("authorization") }, { status: 201 });
    },
  );
  const http = createHttp1(`http://127.0.0.1:${server.addr.port}`);
  try {
    for (let i = 0; i < 3; i++) {
      const a = await http.request(
        "POST",
        "/api/bets",
        { authorization: "Bearer t" },
        `{"k":${i}}`,
      );
      assert.equal(a.status, 201);
      assert.deepEqual(JSON.parse(a.body), { got: `{"k":${i}}`, auth: "Bearer t" });
    }
    const c = await http.request("GET", "/chunked", {});
    assert.deepEqual([c.status, c.body], [200, "one two three"]);
    assert.equal(peers.size, 1, "one connection for every request");
  } finally {
    http.close();
    await server.shutdown();
  }
});
