/**
 * The origin's end of a pipe to an edge host (`POST /internal/pipes/{lane}`,
 * service key): an SRTP PipeTransport on the lane's router, connected to the
 * edge's address and keys, with a pipe consumer for every producer on the air — now and as
 * the camera republishes — and for the lane's replay producer. The answer is
 * the stream of protocol.ts; it ends when the lane closes, and the transport
 * closes when the edge goes away.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { DomainError } from "../../core/problem.ts";
import { laneParam } from "../auth.ts";
import type { LaneRoom } from "../lane_room.ts";
import type { LaneRooms } from "../lane_rooms.ts";
import type { Consumer, PipeTransport, Producer } from "../mediasoup.ts";
import { encodeLine, PIPE_HEARTBEAT_MS, PipeEnd, type PipeLine } from "./protocol.ts";

export interface OriginRoutesOptions {
  rooms: LaneRooms;
  internal: MiddlewareHandler;
}

export function pipeOriginRoutes({ rooms, internal }: OriginRoutesOptions): Hono {
  const app = new Hono();
  app.post("/internal/pipes/:lane", internal, async (c) => {
    const lane = laneParam(c);
    const edge = PipeEnd.safeParse(await c.req.json().catch(() => null));
    if (!edge.success) {
      throw new DomainError(
        "bad_pipe",
        "The body must be the edge's {ip, port, srtpParameters: {cryptoSuite, keyBase64}}",
      );
    }
    const room = rooms.get(lane);
    if (!room?.live) {
      throw new DomainError("lane_not_live", `Lane "${lane}" has no camera on this host`, {
        retryAfter: 1,
      });
    }
    const { listenIp, announcedIp } = rooms.options;
    // RTP between hosts is SRTP: each end encrypts with its own keys and hands them to the other.
    const transport = await room.router.createPipeTransport({
      listenIp: { ip: listenIp, announcedIp },
      enableRtx: true,
      enableSrtp: true,
    });
    try {
      await transport.connect(edge.data);
    } catch (err) {
      transport.close();
      throw err;
    }
    return new Response(pipeStream(room, transport), {
      headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" },
    });
  });
  return app;
}

/** The pipe's lines; the stream is cancelled when the edge goes away (its connection closes). */
function pipeStream(room: LaneRoom, transport: PipeTransport) {
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (line: PipeLine) => {
        if (open) controller.enqueue(encodeLine(line));
      };
      const consumers = new Map<string, Consumer>();
      const pipe = async (producer: Producer, replay = false) => {
        if (consumers.has(producer.id) || producer.closed || transport.closed) return;
        const consumer = await transport.consume({ producerId: producer.id });
        consumers.set(producer.id, consumer);
        consumer.observer.on("close", () => {
          consumers.delete(producer.id);
          send({ type: "producerClosed", id: producer.id });
        });
        consumer.on("producerpause", () => send({ type: "paused", id: producer.id, paused: true }));
        consumer.on(
          "producerresume",
          () => send({ type: "paused", id: producer.id, paused: false }),
        );
        send({
          type: "producer",
          id: producer.id,
          kind: consumer.kind,
          rtpParameters: consumer.rtpParameters,
          paused: consumer.producerPaused,
          replay,
        });
      };
      const fail = (err: unknown) => {
        console.error(`lane ${room.laneId}: cannot pipe a producer`, err);
        stop();
      };
      send({
        type: "transport",
        ip: transport.tuple.localIp,
        port: transport.tuple.localPort,
        srtpParameters: transport.srtpParameters,
      });
      for (const p of room.producers) pipe(p).catch(fail);
      const replayProducer = room.replayProducer;
      if (replayProducer) pipe(replayProducer, true).catch(fail);
      const unsubscribe = room.subscribe((e) => {
        if (e.type === "newProducer") pipe(e.producer).catch(fail);
        else if (e.type === "replay") {
          pipe(e.producer, true)
            .then(() => send({ type: "replay", id: e.producer.id, notice: e.notice }))
            .catch(fail);
        } else if (e.type === "close") stop();
      });
      const heartbeat = setInterval(() => send({ type: "ping" }), PIPE_HEARTBEAT_MS);
      stop = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
        transport.close();
        try {
          controller.close();
        } catch { /* the edge is gone */ }
      };
      transport.observer.on("close", stop);
    },
    cancel() {
      stop();
    },
  });
}
