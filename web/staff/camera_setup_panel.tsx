import type { StaffLane } from "./staff_api.ts";

/**
 * How to connect a camera to an offline lane: a phone or laptop through the
 * console's camera page, a WHIP encoder (OBS, a
 * hardware encoder) with a publish token bought with the lane's camera key,
 * or an RTSP camera the server pulls from the address in the lane's
 * settings. The key itself is made in the camera key panel.
 */
export function CameraSetupPanel({ lane }: { lane: StaffLane }) {
  const publishUrl = `${location.origin}/api/lanes/${encodeURIComponent(lane.id)}/publish`;
  const whipUrl = lane.whipUrl ?? "(the whipUrl the publish answer gives)";
  return (
    <section class="panel camera-setup" aria-labelledby="camera-setup-title">
      <h2 class="panel__title" id="camera-setup-title">Connect a camera</h2>
      <p class="panel__text">
        No picture reaches this lane. Pick the way that suits the camera:
      </p>
      <h3 class="camera-setup__way">A phone or laptop</h3>
      <p class="panel__text">
        Sign in to the console on it and open{" "}
        <a
          href={`/staff/camera?lane=${encodeURIComponent(lane.id)}`}
          data-testid="camera-page-link"
        >
          the camera page for {lane.name}
        </a>: its camera publishes to this lane.
      </p>
      <h3 class="camera-setup__way">An encoder that speaks WHIP (OBS, hardware encoders)</h3>
      <ol class="camera-setup__steps">
        <li>
          Make a key in the <a href="#camera-key" onClick={toKeyPanel}>Camera key</a>{" "}
          panel and copy it (shown once).
        </li>
        <li>
          The camera trades the key for a publish token (it lasts a short while: ask again each time
          it connects):
          <code class="camera-setup__code" data-testid="publish-example">
            curl -X POST -H "Authorization: Bearer CAMERA_KEY" {publishUrl}
          </code>
        </li>
        <li>
          It then publishes by WHIP to this address, with the token as its bearer token:
          <code class="camera-setup__code" data-testid="whip-url">{whipUrl}</code>
        </li>
      </ol>
      <h3 class="camera-setup__way">An IP camera with an RTSP stream</h3>
      <p class="panel__text">
        Set the lane's source to “RTSP camera” in Lane settings with the camera's address; the
        server pulls it, no key needed. For example:
        <code class="camera-setup__code" data-testid="rtsp-example">
          rtsp://user:password@192.168.1.40:554/stream1
        </code>
        Add <code>?codec=h264</code> to relay an H.264 camera untouched.
      </p>
    </section>
  );
}

/** The app's router ignores same-page hash links: scroll to the key panel and focus its button. */
function toKeyPanel(event: MouseEvent) {
  event.preventDefault();
  const panel = document.getElementById("camera-key");
  panel?.scrollIntoView({ behavior: "smooth", block: "start" });
  panel?.querySelector<HTMLButtonElement>("button")?.focus({ preventScroll: true });
}
