/**
 * A host among several: tells the server every `intervalMs` who it is (id,
 * public and internal URL) and how loaded it is (workers, consumers, lanes,
 * and the lanes whose camera publishes here, of which it is the origin), and
 * at once when a camera goes on the air or leaves, so the server names the new
 * origin in viewers' tokens without waiting. A host that stops announcing
 * expires at the server (server/sfu_hosts/).
 */
import type { SfuHostAnnounce } from "../core/sfu_hosts.ts";
import type { LaneRoom } from "./lane_room.ts";
import type { LaneRooms } from "./lane_rooms.ts";
import type { WorkerPool } from "./workers.ts";

export interface AnnouncerOptions {
  /** The server's base URL. */
  serverUrl: string;
  serviceKey?: string;
  intervalMs: number;
  id: string;
  publicUrl: string;
  internalUrl: string;
  rooms: LaneRooms;
  pool: WorkerPool;
}

/** What this host announces now. */
export function hostLoad(options: AnnouncerOptions): SfuHostAnnounce {
  const rooms = options.rooms.all();
  let consumers = 0;
  for (const room of rooms) {
    for (const link of room.links.values()) consumers += link.consumers.size;
  }
  return {
    id: options.id,
    publicUrl: options.publicUrl,
    internalUrl: options.internalUrl,
    workers: options.pool.alive.length,
    consumers,
    lanes: rooms.length,
    origins: rooms.filter(isOrigin).map((r) => r.laneId),
  };
}

/** The lane's camera publishes to this host (not piped in from another). */
function isOrigin(room: LaneRoom): boolean {
  for (const link of room.links.values()) {
    if (link.kind === "pipe") continue;
    for (const p of link.producers.values()) if (p.kind === "video" && !p.closed) return room.live;
  }
  return false;
}

export function startAnnouncer(options: AnnouncerOptions): { kick(): void; stop(): void } {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sending: Promise<void> | undefined;
  let again = false;
  const send = async () => {
    try {
      const res = await fetch(
        `${options.serverUrl.replace(/\/$/, "")}/api/internal/sfu-hosts/announce`,
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(options.serviceKey ? { authorization: `Bearer ${options.serviceKey}` } : {}),
          },
          body: JSON.stringify(hostLoad(options)),
          signal: AbortSignal.timeout(Math.max(1000, options.intervalMs)),
        },
      );
      await res.body?.cancel();
      if (!res.ok) console.warn(`sfu: the server refused this host's announcement (${res.status})`);
    } catch {
      // The server is down or restarting: the next tick tries again.
    }
  };
  const tick = () => {
    clearTimeout(timer);
    if (stopped) return;
    if (sending) {
      again = true;
      return;
    }
    sending = send().finally(() => {
      sending = undefined;
      if (again) {
        again = false;
        tick();
      } else if (!stopped) timer = setTimeout(tick, options.intervalMs);
    });
  };
  const unhook = options.rooms.onCreate((room) =>
    room.subscribe((e) => {
      if (e.type === "newProducer" || e.type === "producerClosed" || e.type === "close") {
        setTimeout(tick, 0); // after the room has settled what is on the air
      }
    })
  );
  tick();
  return {
    kick: tick,
    stop() {
      stopped = true;
      clearTimeout(timer);
      unhook();
    },
  };
}
