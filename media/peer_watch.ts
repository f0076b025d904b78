/** Connection-state waits shared by the WHIP publishers and the WHEP viewer. */
import { untilLinkEnds } from "./link_events.ts";
import { negotiate, type WhipLink } from "./whip_client.ts";

/** Resolves once `pc` is connected; rejects if it fails, closes, or takes longer than `timeoutMs`. */
export function untilConnected(pc: RTCPeerConnection, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error("Timed out connecting to the SFU")), timeoutMs);
    const check = () => {
      if (pc.connectionState === "connected") done();
      else if (pc.connectionState === "failed" || pc.connectionState === "closed") {
        done(new Error(`Connection ${pc.connectionState}`));
      }
    };
    const done = (err?: Error) => {
      clearTimeout(timer);
      pc.removeEventListener("connectionstatechange", check);
      err ? reject(err) : resolve();
    };
    pc.addEventListener("connectionstatechange", check);
    check();
  });
}

/**
 * Resolves when `pc` fails, closes, or stays disconnected past `graceMs`,
 * or when `cancel()` is called.
 */
export function untilBroken(
  pc: RTCPeerConnection,
  graceMs: number,
): { done: Promise<void>; cancel(): void } {
  let cancel = () => {};
  const done = new Promise<void>((resolve) => {
    let grace: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(grace);
      pc.removeEventListener("connectionstatechange", check);
      resolve();
    };
    cancel = finish;
    const check = () => {
      const s = pc.connectionState;
      if (s === "failed" || s === "closed") finish();
      else if (s === "disconnected") grace ??= setTimeout(finish, graceMs);
      else if (s === "connected") {
        clearTimeout(grace);
        grace = undefined;
      }
    };
    pc.addEventListener("connectionstatechange", check);
    check();
  });
  return { done, cancel: () => cancel() };
}

/**
 * `untilBroken`, or sooner when the link's event stream (if the server
 * offers one) says the link ended, e.g. because its lane moved to another
 * worker: the SFU can say so at once where ICE would take seconds to notice.
 * `reason()` is the SFU's reason when it ended the link itself.
 */
export function untilLinkBroken(
  pc: RTCPeerConnection,
  link: WhipLink,
  token: string,
  graceMs: number,
): { done: Promise<void>; cancel(): void; reason(): string | undefined } {
  const broken = untilBroken(pc, graceMs);
  if (!link.events) return { ...broken, reason: () => undefined };
  const events = untilLinkEnds(link.events, token);
  events.done.then(broken.cancel);
  return {
    done: broken.done.finally(events.cancel),
    cancel: broken.cancel,
    reason: events.reason,
  };
}

/**
 * Publishes `pc`'s offer to a WHIP endpoint, waits until it connects (closing
 * the link if it does not), and watches it with {@linkcode untilLinkBroken}.
 * The simulator's camera and the browser's camera page publish this way.
 */
export async function connectWhip(
  pc: RTCPeerConnection,
  endpoint: string,
  token: string,
  graceMs: number,
): Promise<{ link: WhipLink; broken: ReturnType<typeof untilLinkBroken> }> {
  const link = await negotiate(pc, endpoint, token);
  try {
    await untilConnected(pc);
  } catch (err) {
    await link.close();
    throw err;
  }
  return { link, broken: untilLinkBroken(pc, link, token, graceMs) };
}
