/**
 * Media links created over HTTP (WHIP, WHEP, RTP ingest), addressable by the
 * id in their `Location` so their owner can DELETE them.
 */
import { DomainError } from "../../core/problem.ts";
import type { MediaLink, MediaLinkKind } from "../media_link.ts";

export class HttpLinks {
  #links = new Map<string, MediaLink>();

  /** Remembers `link` until it closes. */
  track(link: MediaLink): void {
    this.#links.set(link.id, link);
    link.onClose(() => this.#links.delete(link.id));
  }

  /** The open link `id` of `lane` and `kind`, or an `unknown_media_link` error. */
  find(lane: string, kind: MediaLinkKind, id: string): MediaLink {
    const link = this.#links.get(id);
    if (!link || link.laneId !== lane || link.kind !== kind) {
      throw new DomainError("unknown_media_link", `Cannot find media link "${id.slice(0, 64)}"`);
    }
    return link;
  }
}
