/** LIVE / Offline badge for a lane card. */
export function LiveBadge({ live }: { live: boolean }) {
  return (
    <span class="pill" data-status={live ? "live" : "offline"}>
      <span class="pill__dot" aria-hidden="true" />
      {live ? "Live" : "Offline"}
    </span>
  );
}
