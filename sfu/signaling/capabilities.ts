import type { Handler } from "./peer.ts";

export const getRouterRtpCapabilities: Handler = async (ctx) => await Promise.resolve(ctx.room.router.rtpCapabilities);
