/**
 * The server's SFU client when hosts announce themselves: lane status merged
 * from every host alive (a lane is live where its camera is; its viewers are
 * counted on every host), publish epochs raised on every host (a camera may
 * publish to any of them), a pulled (RTSP) camera pulled by the host a
 * camera would publish to (its origin while alive, else the least loaded)
 * and by no other, and a lane's replays and clips asked of its origin, which
 * holds its replay buffer. With no host alive everything goes to SFU_URL as
 * with one SFU.
 */
import { createSfuClient, type SfuClient, type SfuLaneStatus } from "../sfu_client.ts";
import type { SfuHosts } from "./hosts.ts";

export function withSfuHosts(
  base: SfuClient,
  hosts: SfuHosts,
  { serviceKey }: { serviceKey?: string },
): SfuClient {
  const clients = new Map<string, SfuClient>();
  const clientOf = (url: string) => {
    let client = clients.get(url);
    if (!client) clients.set(url, client = createSfuClient(url.replace(/\/$/, ""), { serviceKey }));
    return client;
  };
  const originClient = async (lane: string) => {
    const origin = await hosts.originOf(lane);
    return origin ? clientOf(origin.internalUrl) : base;
  };
  return {
    ...base,
    async lanes() {
      const alive = await hosts.alive();
      if (!alive.length) return await base.lanes();
      const answers = await Promise.all(alive.map((h) => clientOf(h.internalUrl).lanes()));
      const merged = new Map<string, SfuLaneStatus>();
      for (const answer of answers) {
        for (const [id, status] of answer ?? []) {
          const seen = merged.get(id);
          const viewers = (seen?.viewers ?? 0) + status.viewers;
          merged.set(
            id,
            seen?.live || !status.live ? { ...(seen ?? status), viewers } : {
              ...status,
              viewers,
            },
          );
        }
      }
      return answers.every((a) => a === null) ? null : merged;
    },
    async setPublishEpoch(lane, token, epoch) {
      const alive = await hosts.alive();
      if (!alive.length) return await base.setPublishEpoch(lane, token, epoch);
      // Every host must drop the old epoch's publishers: a failure is retried by the caller.
      await Promise.all(
        alive.map((h) => clientOf(h.internalUrl).setPublishEpoch(lane, token, epoch)),
      );
    },
    async setPull(lane, token, source) {
      const alive = await hosts.alive();
      const target = source && alive.length ? await hosts.forPublisher(lane) : undefined;
      if (!alive.length || (source && !target)) return await base.setPull(lane, token, source);
      if (target) await clientOf(target.internalUrl).setPull(lane, token, source);
      // Every other host stops pulling it: a camera pulled twice would publish twice.
      // A host that does not answer is left to the next sync (it may be dead).
      await Promise.all(
        alive.filter((h) => h.id !== target?.id).map((h) =>
          clientOf(h.internalUrl).setPull(lane, token, null).catch(() => {})
        ),
      );
    },
    async playReplay(lane, body) {
      return await (await originClient(lane)).playReplay(lane, body);
    },
    async cutClip(lane, window) {
      return await (await originClient(lane)).cutClip(lane, window);
    },
    async bufferWindow(lane) {
      return await (await originClient(lane)).bufferWindow(lane);
    },
  };
}
