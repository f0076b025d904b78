/**
 * The sidecar's lane leases: every third of the lease time it tells the
 * server the lanes it can watch (those on the air apart), its capacity and its
 * status, and is answered with the lanes it holds; `onChange` hears each new
 * set. `setCapacity()` changes the capacity it asks with (the sidecar's
 * learned limit) and renews at once. When the server cannot be reached it keeps its lanes until the leases
 * it was last granted run out, then lets them go (another sidecar may have
 * them by then). `stop()` hands its lanes back at once; `abandon()` stops
 * renewing without a word, as a crash would (for tests).
 */
import type { LeaseAsk, ServerClient } from "./server_client.ts";

export interface LeaseKeeperOptions {
  server: ServerClient;
  sidecarId: string;
  capacity: number;
  /** The lanes it can watch and those of them on the air. */
  wanted: () => { lanes: string[]; live: string[] };
  status?: () => Record<string, unknown>;
  onChange: (lanes: ReadonlySet<string>) => void;
  log?: (msg: string) => void;
  /** Renew this often until the server tells its lease time. */
  firstRenewMs?: number;
}

export class LeaseKeeper {
  held: ReadonlySet<string> = new Set();
  /** Live sidecars at the last renewal, this one included. */
  sidecars = 0;
  readonly #o: LeaseKeeperOptions;
  #stopped = false;
  #validUntil = 0;
  #renewMs: number;
  #poke: (() => void) | null = null;
  #failing = false;
  #running: Promise<void>;
  #capacity: number;

  constructor(o: LeaseKeeperOptions) {
    this.#o = o;
    this.#capacity = o.capacity;
    this.#renewMs = o.firstRenewMs ?? 1_000;
    this.#running = this.#loop();
  }

  /**
   * Asks for `capacity` lanes on the air from now on, at once: a lower one
   * hands back the lease of the lane taken last (the server picks it).
   */
  setCapacity(capacity: number): void {
    if (capacity === this.#capacity) return;
    this.#capacity = capacity;
    this.poke();
  }

  /** Renew now (the lane list changed). */
  poke(): void {
    this.#poke?.();
  }

  async stop(): Promise<void> {
    await this.abandon();
    this.#set([]);
    try {
      await this.#o.server.releaseLeases(this.#o.sidecarId);
    } catch (err) {
      this.#o.log?.(`cannot hand back the leases: ${(err as Error).message}`);
    }
  }

  async abandon(): Promise<void> {
    this.#stopped = true;
    this.#poke?.();
    await this.#running;
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      const ask: LeaseAsk = {
        sidecarId: this.#o.sidecarId,
        capacity: this.#capacity,
        ...this.#o.wanted(),
        status: this.#o.status?.(),
      };
      const sentAt = Date.now();
      try {
        const grant = await this.#o.server.leases(ask);
        if (this.#stopped) break;
        this.#validUntil = sentAt + grant.ttlMs;
        this.#renewMs = Math.max(100, Math.floor(grant.ttlMs / 3));
        this.sidecars = grant.sidecars;
        this.#failing = false;
        this.#set(grant.lanes);
      } catch (err) {
        // Told once per outage (the server may still be starting).
        if (!this.#failing) {
          this.#o.log?.(`cannot renew the lane leases: ${(err as Error).message}`);
        }
        this.#failing = true;
        if (Date.now() >= this.#validUntil) this.#set([]);
      }
      await new Promise<void>((r) => {
        const t = setTimeout(r, this.#renewMs);
        this.#poke = () => (clearTimeout(t), r());
      });
      this.#poke = null;
    }
  }

  #set(lanes: string[]): void {
    const next = new Set(lanes);
    if (next.size === this.held.size && lanes.every((id) => this.held.has(id))) return;
    const added = lanes.filter((id) => !this.held.has(id));
    const gone = [...this.held].filter((id) => !next.has(id));
    this.held = next;
    this.#o.log?.(`leases: +[${added.join(",")}] -[${gone.join(",")}] holding ${next.size}`);
    this.#o.onChange(next);
  }
}
