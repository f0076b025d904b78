import { useComputed, useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import type { Api } from "../api.ts";
import type { AuthSession } from "../auth/session.ts";
import { BettingPanel } from "../betting/betting_panel.tsx";
import type { BettingApi } from "../betting/betting_api.ts";
import { LaneBetting } from "../betting/lane_betting.ts";
import type { WalletModel } from "../betting/wallet_model.ts";
import type { LanesModel } from "../lanes_model.ts";
import { BackIcon } from "./icons.tsx";
import type { LiveLaneModel } from "../live_lane_model.ts";
import { LaneLive } from "./lane_live.tsx";
import { PathOverlay } from "./path_overlay.tsx";
import { PlayerControls, toggleFullscreen } from "./player_controls.tsx";
import { StageOverlay } from "./stage_overlay.tsx";
import { StatsOverlay } from "./stats_overlay.tsx";
import { StatusPill } from "./status_pill.tsx";
import { useLanePlayer } from "./use_lane_player.ts";
import { useLiveLane } from "./use_live_lane.ts";
import { VideoView } from "./video_view.tsx";
import { ReplayLayer, type ReplaySource } from "./replay_layer.tsx";
import { EarlierShots } from "./earlier_shots.tsx";
import { ShareDialog } from "../share/share_dialog.tsx";
import { createShareApi } from "../share/share_api.ts";
import type { LaneShot } from "../api.ts";
import { shotForReplay } from "../replay_shot.ts";
import { goLive, liveEdgeState } from "../live_edge.ts";

export interface LanePageProps {
  laneId: string;
  api: Pick<Api, "watchLane" | "liveUrl" | "laneShots" | "laneVideoFit">;
  lanes: LanesModel;
  /** What the betting panel needs: the bettor's API, who is signed in, their wallet. */
  betting: { api: BettingApi; auth: AuthSession; wallet: WalletModel };
}

/**
 * One lane, full size, with its status, controls and an optional stats
 * overlay; beside it (under it on phones) the markets on the next ball; under
 * it the live score sheet, the last ball and its path.
 */
export function LanePage({ laneId, api, lanes, betting }: LanePageProps) {
  const player = useLanePlayer(laneId, api);
  const bets = useMemo(
    () => new LaneBetting({ laneId, api: betting.api, auth: betting.auth, wallet: betting.wallet }),
    [laneId, betting.api, betting.auth, betting.wallet],
  );
  const live = useLiveLane(laneId, api, {
    ticket: bets.ticket,
    listeners: bets.listeners,
    onOpen: bets.resync,
  });
  useReconnectFor(bets, live);
  const lane = useMemo(() => lanes.lane(laneId), [lanes, laneId]);
  const name = useComputed(() => lane.value?.name ?? `Lane ${laneId}`);
  const showStats = useSignal(false);
  const muted = useSignal(true);
  const stage = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const videoPaused = useSignal(false);
  const shareApi = useMemo(() => createShareApi(betting.auth.fetch), [betting.auth]);
  /** A stored clip the viewer asked to see again; an instant replay takes over when one plays. */
  const clip = useSignal<ReplaySource | null>(null);
  const sharing = useSignal<LaneShot | null>(null);
  const replay = useComputed((): ReplaySource | null => {
    const instant = player.replay.value;
    if (instant) {
      const { shotId, fromMs, toMs } = instant.notice;
      return { kind: "instant", stream: instant.stream, shotId, fromMs, toMs };
    }
    return clip.value;
  });
  const replayShot = useComputed(() => {
    const ref = replay.value;
    const id = ref && shotForReplay(live.shots.value, ref);
    return id ? live.shots.value.find((s) => s.id === id) ?? null : null;
  });
  const playClip = async (shot: LaneShot) => {
    const answer = await shareApi.clip(shot.id);
    if (answer.state !== "ready" || !answer.url) {
      throw new Error(
        answer.state === "pending"
          ? "This ball's clip is still being made"
          : "This ball has no clip",
      );
    }
    clip.value = { kind: "clip", url: answer.url, posterUrl: answer.posterUrl, shotId: shot.id };
    stage.current?.scrollIntoView({ behavior: "smooth", block: "center" });
  };
  const liveEdge = useComputed(() =>
    liveEdgeState({
      status: player.status.value,
      replaying: replay.value !== null,
      paused: videoPaused.value,
    })
  );
  const backToLive = () =>
    goLive({
      endReplay: () => player.endReplay(),
      closeClip: () => clip.value = null,
      video: video.current,
    });

  useSignalEffect(() => void (document.title = `${name.value} · Lanecast`));
  useEffect(() => {
    // The shortcuts PlayerControls lists: S stats, F fullscreen, M sound, L go live.
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if ((event.target as Element | null)?.closest?.("input, textarea, select")) return;
      const key = event.key.toLowerCase();
      if (key === "s") showStats.value = !showStats.value;
      else if (key === "f") toggleFullscreen(stage.current);
      else if (key === "m") muted.value = !muted.value;
      else if (key === "l") backToLive();
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);

  return (
    <section class="lane-page lane-page--bets">
      <a class="back-link" href="/">
        <BackIcon size={16} /> All lanes
      </a>
      <div class="lane-main">
        <div class="stage-wrap">
          <div class="stage" ref={stage}>
            <VideoView
              stream={player.stream}
              muted={muted}
              class="stage__video"
              paused={videoPaused}
              videoRef={video}
            />
            {!replay.value && <PathOverlay shot={live.freshShot} fit={live.videoFit} />}
            <StageOverlay player={player} />
            <ReplayLayer
              source={replay}
              shot={replayShot}
              fit={live.videoFit}
              onClose={backToLive}
            />
            <div class="stage__status">
              <StatusPill player={player} />
            </div>
          </div>
          {showStats.value && <StatsOverlay player={player} />}
        </div>
        <div class="lane-bar">
          <div class="lane-bar__title">
            <h1>{name}</h1>
            <p class="lane-bar__sub kbd-hint">Press S for playback stats</p>
          </div>
          <PlayerControls
            player={player}
            showStats={showStats}
            muted={muted}
            stage={stage}
            liveEdge={liveEdge}
            onGoLive={backToLive}
          />
        </div>
      </div>
      <BettingPanel betting={bets} wallet={betting.wallet} ai={live.aiState} />
      <LaneLive model={live}>
        <EarlierShots
          shots={live.scoredShots}
          onPlay={playClip}
          onShare={betting.auth.user.value ? (shot) => sharing.value = shot : undefined}
        />
      </LaneLive>
      {sharing.value && (
        <ShareDialog
          shotId={sharing.value.id}
          label="this ball"
          api={shareApi}
          onClose={() => sharing.value = null}
        />
      )}
    </section>
  );
}

/**
 * Opens the lane's live stream again when the viewer changes (signed in,
 * became a bettor, signed out): a bettor's stream carries their own events.
 */
function useReconnectFor(bets: LaneBetting, live: LiveLaneModel) {
  const first = useRef(true);
  useSignalEffect(() => {
    bets.viewer.value;
    if (first.current) {
      first.current = false;
      return;
    }
    live.reconnect();
  });
}
