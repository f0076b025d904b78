import assert from "node:assert/strict";
import { SignalingClient, SignalingError } from "./signaling_client.ts";

/** A WebSocket server on a free port that hands each socket to `onSocket`. */
function serve(onSocket: (socket: WebSocket) => void) {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const { socket, response } = Deno.upgradeWebSocket(request);
    onSocket(socket);
    return response;
  });
  return {
    url: `ws://127.0.0.1:${server.addr.port}/ws/1?token=t`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

Deno.test("SignalingClient matches answers to requests by id", async () => {
  await using server = serve((socket) => {
    socket.onmessage = (event) => {
      const { id, method, data } = JSON.parse(event.data);
      socket.send(JSON.stringify({ id, ok: true, data: { method, echo: data } }));
    };
  });
  const client = await SignalingClient.open(server.url);
  const [a, b] = await Promise.all([
    client.request("createTransport", { direction: "recv" }),
    client.request("getRouterRtpCapabilities"),
  ]);
  assert.deepEqual(a, { method: "createTransport", echo: { direction: "recv" } });
  assert.deepEqual(b, { method: "getRouterRtpCapabilities", echo: {} });
  client.close();
});

Deno.test("SignalingClient rejects with the SFU's error detail", async () => {
  await using server = serve((socket) => {
    socket.onmessage = (event) => {
      const { id } = JSON.parse(event.data);
      socket.send(JSON.stringify({
        id,
        ok: false,
        error: { status: 403, title: "Forbidden", detail: "Token does not grant lane:publish" },
      }));
    };
  });
  const client = await SignalingClient.open(server.url);
  const error = await client.request("produce", {}).catch((e) => e);
  assert.ok(error instanceof SignalingError);
  assert.equal(error.status, 403);
  assert.equal(error.message, "Token does not grant lane:publish");
  client.close();
});

Deno.test("SignalingClient passes notifications on and reports the server closing", async () => {
  await using server = serve((socket) => {
    socket.onopen = () => {
      socket.send(JSON.stringify({ notification: "newProducer", data: { producerId: "p1" } }));
      socket.send(JSON.stringify({ notification: "laneClosed", data: { reason: "restart" } }));
      setTimeout(() => socket.close(1001, "Going away"), 20);
    };
  });
  const client = await SignalingClient.open(server.url);
  const notifications: string[] = [];
  client.onNotification = (n) => notifications.push(n.notification);
  const closed = new Promise<string>((resolve) => client.onClose = resolve);
  const pending = client.request("getRouterRtpCapabilities").catch((e) => e);
  assert.equal(await closed, "Going away");
  assert.deepEqual(notifications, ["newProducer", "laneClosed"]);
  assert.ok((await pending) instanceof Error);
  assert.equal(client.closed, true);
});

Deno.test("SignalingClient.open() rejects when the server refuses the socket", async () => {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () => new Response("no", { status: 401 }),
  );
  const error = await SignalingClient.open(`ws://127.0.0.1:${server.addr.port}/ws/1`).catch((e) =>
    e
  );
  assert.ok(error instanceof Error);
  await server.shutdown();
});

Deno.test("SignalingClient times out a request nobody answers", async () => {
  await using server = serve(() => {});
  const client = await SignalingClient.open(server.url, { timeoutMs: 30 });
  const error = await client.request("consume", {}).catch((e) => e);
  assert.match(error.message, /No answer to "consume"/);
  client.close();
});
