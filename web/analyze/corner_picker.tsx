import { useSignalEffect } from "@preact/signals";
import { useRef } from "preact/hooks";
import { laneOverlay } from "../../core/calibration.ts";
import type { CornerModel } from "./corner_model.ts";

const ACCENT = "#ffb020";
const FIT = "rgba(52, 211, 153, 0.95)";

/**
 * The chosen video's first frame, on which the person may click the lane's
 * four corners (optional): instructions name the next corner, the clicked
 * ones are numbered and joined, and once they make a lane its fitted
 * outline, arrows and pins are drawn. The frame takes the keyboard too:
 * arrows move a cursor, Enter places a corner, Backspace undoes.
 */
export function CornerPicker({ model }: { model: CornerModel }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const frame = model.frame.value;

  useSignalEffect(() => {
    const canvas = ref.current;
    const f = model.frame.value;
    if (canvas && f) draw(canvas, model);
  });

  if (!frame) {
    return (
      <p class="panel__text muted" data-testid="corner-unavailable">
        This browser cannot show the video's first frame, so its lane's corners cannot be clicked
        here. It can still be analysed: choose the lane it was filmed on, or send it as it is.
      </p>
    );
  }
  const check = model.check.value;
  const placed = model.corners.value.length;
  return (
    <div class="corner-picker">
      <p class="panel__text" id="corner-help">
        Optional: click the lane's four corners so the AI knows where the lane is, in this order:
        the foul line's left end, its right end, then the far end of the pin deck on the right and
        on the left (left and right as the bowler sees them). With the keyboard: arrow keys move the
        cross (Shift for bigger steps), Enter places a corner, Backspace undoes.
      </p>
      <canvas
        ref={ref}
        class="corner-canvas"
        width={frame.width}
        height={frame.height}
        tabIndex={0}
        role="application"
        aria-label="The video's first frame: place the lane's corners"
        aria-describedby="corner-help corner-status"
        data-testid="corner-canvas"
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          model.place((e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
        }}
        onFocus={() => (model.keyboard.value = true)}
        onBlur={() => (model.keyboard.value = false)}
        onKeyDown={(e) => {
          if (model.key(e.key, e.shiftKey)) e.preventDefault();
        }}
      />
      <p
        id="corner-status"
        class={check.kind === "invalid" ? "form__error" : "panel__text"}
        role="status"
        data-testid="corner-status"
        data-state={check.kind}
      >
        {check.kind === "incomplete"
          ? `${placed} of 4 corners. Next: ${check.next}.`
          : check.kind === "lane"
          ? "4 of 4 corners: the lane is outlined in green. The analysis will use it."
          : `These corners do not make a lane: ${check.message}.`}
      </p>
      <div class="corner-actions">
        <button type="button" class="button" disabled={!placed} onClick={() => model.undo()}>
          Undo last corner
        </button>
        <button type="button" class="button" disabled={!placed} onClick={() => model.clear()}>
          Clear corners
        </button>
      </div>
    </div>
  );
}

function draw(canvas: HTMLCanvasElement, model: CornerModel): void {
  const g = canvas.getContext("2d");
  const frame = model.frame.value;
  if (!g || !frame) return;
  const { width: w, height: h } = frame;
  const s = Math.max(1, w / 640);
  const corners = model.corners.value;
  const check = model.check.value;
  const cursor = model.cursor.value;
  g.clearRect(0, 0, w, h);
  g.drawImage(frame.image, 0, 0, w, h);
  g.lineCap = "round";
  g.lineJoin = "round";
  if (check.kind === "lane") {
    const o = laneOverlay(check.fit);
    g.strokeStyle = FIT;
    g.lineWidth = 2 * s;
    for (const line of [o.leftEdge, o.rightEdge, o.foulLine, o.headPinLine]) {
      g.beginPath();
      line.forEach((p, i) => (i ? g.lineTo(p.u, p.v) : g.moveTo(p.u, p.v)));
      g.stroke();
    }
    g.fillStyle = FIT;
    for (const pin of o.pinSpots) {
      g.beginPath();
      g.arc(pin.u, pin.v, Math.max(2 * s, pin.widthPx / 2), 0, Math.PI * 2);
      g.fill();
    }
  } else if (corners.length > 1) {
    g.strokeStyle = ACCENT;
    g.lineWidth = 2 * s;
    g.beginPath();
    corners.forEach((c, i) => (i ? g.lineTo(c.x * w, c.y * h) : g.moveTo(c.x * w, c.y * h)));
    if (corners.length === 4) g.closePath();
    g.stroke();
  }
  g.font = `700 ${12 * s}px system-ui, sans-serif`;
  g.textBaseline = "bottom";
  corners.forEach((c, i) => {
    const x = c.x * w, y = c.y * h;
    g.fillStyle = ACCENT;
    g.beginPath();
    g.arc(x, y, 4 * s, 0, Math.PI * 2);
    g.fill();
    g.lineWidth = 3 * s;
    g.strokeStyle = "rgba(0,0,0,0.8)";
    g.strokeText(String(i + 1), x + 6 * s, y - 4 * s);
    g.fillText(String(i + 1), x + 6 * s, y - 4 * s);
  });
  if (corners.length < 4 && model.keyboard.value) {
    const x = cursor.x * w, y = cursor.y * h;
    g.strokeStyle = "#fff";
    g.lineWidth = 1.5 * s;
    g.beginPath();
    g.moveTo(x - 10 * s, y);
    g.lineTo(x + 10 * s, y);
    g.moveTo(x, y - 10 * s);
    g.lineTo(x, y + 10 * s);
    g.stroke();
  }
}
