/**
 * Times the two ways a live event can reach the server, one event at a time
 * on the given lane: a message on the event WebSocket until its ack, and a
 * POST to `/api/inference/events` on a kept-alive connection until its answer.
 */
import type { EventSocketReply, LaneEvent } from "../core/lane_events.ts";
import { percentile } from "./stats.ts";

export interface TransportTimes {
  n: number;
  wsP50Ms: number;
  wsP95Ms: number;
  postP50Ms: number;
  postP95Ms: number;
}

export async function timeTransports(
  serverUrl: string,
  key: string,
  laneId: string,
  n: number,
): Promise<TransportTimes> {
  let k = 0;
  const event = (): LaneEvent => {
    const captureTimeMs = Date.now();
    return {
      id: `${laneId}-bench-${captureTimeMs}-${k++}`,
      laneId,
      type: k % 2 ? "release" : "rack-ready",
      captureTimeMs,
      confidence: 0.5,
      model: "bench",
      models: { bench: "bench" },
    };
  };
  const ws = new WebSocket(`${serverUrl.replace(/^http/, "ws")}/api/inference/events`, {
    headers: { authorization: `Bearer ${key}` },
  } as unknown as string[]);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error("Cannot open the event socket"));
  });
  const wsTimes: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = event();
    const t = performance.now();
    const acked = new Promise<void>((resolve, reject) => {
      ws.onmessage = (m) => {
        const reply = JSON.parse(String(m.data)) as EventSocketReply;
        if (reply.type === "ack" && reply.id === e.id) resolve();
        else reject(new Error(`Unexpected reply ${m.data}`));
      };
    });
    ws.send(JSON.stringify({ type: "event", event: e }));
    await acked;
    wsTimes.push(performance.now() - t);
  }
  ws.close();
  const postTimes: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(`${serverUrl}/api/inference/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(event()),
    });
    if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    await res.body?.cancel();
    postTimes.push(performance.now() - t);
  }
  const r = (v: number) => Math.round(v * 100) / 100;
  return {
    n,
    wsP50Ms: r(percentile(wsTimes, 50)),
    wsP95Ms: r(percentile(wsTimes, 95)),
    postP50Ms: r(percentile(postTimes, 50)),
    postP95Ms: r(percentile(postTimes, 95)),
  };
}
