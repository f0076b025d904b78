/**
 * The edge's end of the pipes between hosts. A viewer whose token names the
 * lane's origin host (claim `origin`) arrives at a room with no camera: the
 * edge opens a pipe link on the room — an SRTP PipeTransport whose address and
 * keys it posts to the origin (protocol.ts) — and turns each producer the origin announces
 * into a pipe producer on the room, so the lane's viewers here are served
 * from this host. Keyframe requests travel back over the pipe's RTCP; a
 * camera that republishes at the origin arrives as a new producer that
 * replaces the old one. When the pipe ends (the origin died, or its lane
 * closed) the room closes, so its viewers ask the server again and land
 * wherever the camera is now.
 */
import type { LaneClaims } from "../../core/lane_token.ts";
import { DomainError } from "../../core/problem.ts";
import type { LaneRooms } from "../lane_rooms.ts";
import type { LaneRoom } from "../lane_room.ts";
import type { MediaLink } from "../media_link.ts";
import type { PipeTransport, Producer } from "../mediasoup.ts";
import { PIPE_HEARTBEAT_MS, PipeEnd, type PipeLine, readLines } from "./protocol.ts";

/** How long a viewer waits for the piped camera once the origin has answered. */
export const PIPE_WAIT_MS = 4000;

export interface LanePipesOptions {
  listenIp: string;
  announcedIp: string;
  /** Bearer key of the origin's internal routes (hosts share one). */
  serviceKey?: string;
  /** This host's own internal URL: a token naming it as origin needs no pipe. */
  selfUrl?: string;
}

export class LanePipes {
  #pipes = new Map<LaneRoom, Promise<void>>();
  /** Pipes opened, for /metrics and the bench. */
  opened = 0;

  constructor(readonly options: LanePipesOptions) {}

  /**
   * The lane's room for a caller holding `claims`; a view token that names
   * the lane's origin host has the lane piped in from there first.
   */
  async roomFor(rooms: LaneRooms, lane: string, claims: LaneClaims): Promise<LaneRoom> {
    const room = await rooms.getOrCreate(lane);
    if (claims.origin && claims.right !== "lane:publish") await this.ensure(room, claims.origin);
    return room;
  }

  /** Lanes piped in right now. */
  get size(): number {
    return this.#pipes.size;
  }

  /**
   * Makes sure `room` is fed from `origin` unless it has a camera of its own:
   * resolves once the origin has answered (its producers follow), throws
   * `lane_not_live` when the origin cannot be reached or has no camera.
   */
  async ensure(room: LaneRoom, origin: string): Promise<void> {
    if (sameUrl(origin, this.options.selfUrl) || room.live || room.closed) return;
    let pending = this.#pipes.get(room);
    // The origin's camera is between producers: wait for its next one, as a camera's own host does.
    if (pending) room.expectPublisher(PIPE_WAIT_MS);
    else {
      pending = this.#open(room, origin);
      this.#pipes.set(room, pending);
      pending.catch(() => this.#pipes.delete(room));
    }
    await pending;
  }

  async #open(room: LaneRoom, origin: string): Promise<void> {
    const link = room.openLink("pipe", `pipe:${origin}`);
    link.onClose(() => {
      this.#pipes.delete(room);
      // Nothing feeds the room any more: its viewers start over through the server.
      if (!room.live && !room.closed) room.close("the lane's origin went away");
    });
    const aborter = new AbortController();
    link.onClose(() => aborter.abort());
    try {
      const transport = await room.router.createPipeTransport({
        listenIp: { ip: this.options.listenIp, announcedIp: this.options.announcedIp },
        enableRtx: true,
        // Encrypted between hosts: the keys travel over the pipe's HTTP exchange.
        enableSrtp: true,
      });
      link.addTransport(transport);
      const res = await fetch(`${origin.replace(/\/$/, "")}/internal/pipes/${room.laneId}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(this.options.serviceKey
            ? { authorization: `Bearer ${this.options.serviceKey}` }
            : {}),
        },
        body: JSON.stringify({
          ip: transport.tuple.localIp,
          port: transport.tuple.localPort,
          srtpParameters: transport.srtpParameters,
        }),
        signal: aborter.signal,
      });
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw new Error(`the origin answered ${res.status}`);
      }
      const lines = readLines(res.body);
      const first = await lines.next();
      if (first.done || first.value.type !== "transport") {
        throw new Error("the origin sent no transport");
      }
      const far = PipeEnd.safeParse(first.value);
      if (!far.success) throw new Error("the origin sent no valid address and SRTP keys");
      await transport.connect(far.data);
      room.expectPublisher(PIPE_WAIT_MS);
      this.opened++;
      void this.#follow(room, link, transport, lines);
    } catch (err) {
      link.close("pipe failed");
      if (room.live) return; // a camera arrived here meanwhile
      console.warn(`lane ${room.laneId}: cannot pipe it from ${origin}: ${(err as Error).message}`);
      throw new DomainError(
        "lane_not_live",
        `Lane "${room.laneId}" has no camera publishing right now`,
        { retryAfter: 1 },
      );
    }
  }

  /** Applies the origin's lines to the room until the stream ends, stalls, or the link closes. */
  async #follow(
    room: LaneRoom,
    link: MediaLink,
    transport: PipeTransport,
    lines: AsyncGenerator<PipeLine>,
  ): Promise<void> {
    const piped = new Map<string, Producer>();
    let heardAt = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - heardAt > 3 * PIPE_HEARTBEAT_MS) link.close("the origin went silent");
    }, PIPE_HEARTBEAT_MS);
    try {
      for await (const line of lines) {
        heardAt = Date.now();
        if (link.closed) break;
        if (line.type === "producer") {
          const producer = await transport.produce({
            id: line.id,
            kind: line.kind,
            rtpParameters: line.rtpParameters,
            paused: line.paused,
          });
          piped.set(line.id, producer);
          // The replay producer is no camera: it is only announced when a replay starts.
          if (!line.replay) room.addProducer(link, producer);
        } else if (line.type === "producerClosed") {
          piped.get(line.id)?.close();
          piped.delete(line.id);
        } else if (line.type === "paused") {
          const producer = piped.get(line.id);
          await (line.paused ? producer?.pause() : producer?.resume());
        } else if (line.type === "replay") {
          const producer = piped.get(line.id);
          if (producer) room.announceReplay(producer, line.notice);
        }
      }
    } catch (err) {
      if (!link.closed) console.warn(`lane ${room.laneId}: pipe broke: ${(err as Error).message}`);
    } finally {
      clearInterval(watchdog);
      link.close("the origin ended the pipe");
    }
  }
}

function sameUrl(a: string, b: string | undefined): boolean {
  return !!b && a.replace(/\/$/, "") === b.replace(/\/$/, "");
}
