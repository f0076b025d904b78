import { useSignal, useSignalEffect } from "@preact/signals";
import { useRef } from "preact/hooks";
import { type CalibrationFit, laneOverlay, type Pixel } from "../../core/calibration.ts";
import type { CalibrationModel, Clicks, Still, TargetLabel } from "./calibration_model.ts";

/** Side of the magnifier, CSS pixels, and how much it enlarges what is on screen. */
const LOUPE_PX = 150;
const LOUPE_ZOOM = 3;

/**
 * The still frame with the clicked points and, once they fit, the fitted lane
 * drawn over it. A magnifier follows the pointer so small targets (pins far
 * down the lane) can be clicked to the pixel.
 */
export function CalibrationCanvas({ model }: { model: CalibrationModel }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const loupe = useRef<HTMLCanvasElement>(null);
  /** Pointer over the canvas: CSS offset (x, y) and image pixel (u, v). */
  const hover = useSignal<{ x: number; y: number; u: number; v: number } | null>(null);
  const still = model.still.value;

  useSignalEffect(() => {
    const canvas = ref.current;
    const frame = model.still.value;
    if (!canvas || !frame) return;
    const preview = model.preview.value;
    draw(
      canvas,
      frame,
      model.clicks.value,
      model.target.value,
      preview.kind === "fit" ? preview.fit : null,
    );
  });

  useSignalEffect(() => {
    const h = hover.value;
    const frame = model.still.value;
    const clicks = model.clicks.value;
    const canvas = ref.current;
    const target = loupe.current;
    if (!h || !frame || !canvas || !target) return;
    drawLoupe(target, frame, clicks, h.u, h.v, (LOUPE_ZOOM * canvas.clientWidth) / frame.width);
  });

  /** Image pixel under a pointer event, inside the border (the drawing fills the content box). */
  function pixelOf(event: MouseEvent) {
    const canvas = ref.current!;
    const rect = canvas.getBoundingClientRect();
    const x = event.clientX - rect.left - canvas.clientLeft;
    const y = event.clientY - rect.top - canvas.clientTop;
    return {
      x,
      y,
      u: (x * still!.width) / canvas.clientWidth,
      v: (y * still!.height) / canvas.clientHeight,
    };
  }

  function onClick(event: MouseEvent) {
    if (!ref.current || !still) return;
    const { u, v } = pixelOf(event);
    model.place(u, v);
  }

  if (!still) return null;
  const h = hover.value;
  const width = ref.current?.clientWidth ?? 0;
  return (
    <div class="calib-stage">
      <canvas
        ref={ref}
        class="calib-canvas"
        width={still.width}
        height={still.height}
        onClick={onClick}
        onPointerMove={(e) => {
          if (e.pointerType === "mouse") hover.value = pixelOf(e);
        }}
        onPointerLeave={() => hover.value = null}
        aria-label="Still frame: click the point named beside it"
      />
      {h && (
        <canvas
          ref={loupe}
          class="calib-loupe"
          width={LOUPE_PX * devicePixelRatio}
          height={LOUPE_PX * devicePixelRatio}
          style={{
            left: `${h.x + 24 + LOUPE_PX > width ? h.x - 24 - LOUPE_PX : h.x + 24}px`,
            top: `${Math.max(0, h.y - LOUPE_PX - 24)}px`,
          }}
          aria-hidden="true"
        />
      )}
    </div>
  );
}

/** The still around image pixel (u, v), enlarged `zoom` times, with the clicks as dots and a crosshair. */
function drawLoupe(
  target: HTMLCanvasElement,
  still: Still,
  clicks: Clicks,
  u: number,
  v: number,
  zoom: number,
): void {
  const g = target.getContext("2d");
  if (!g) return;
  const dpr = devicePixelRatio;
  const side = target.width;
  const span = side / dpr / zoom; // image pixels across the loupe
  const scale = side / span;
  g.fillStyle = "#000";
  g.fillRect(0, 0, side, side);
  g.drawImage(still.image, u - span / 2, v - span / 2, span, span, 0, 0, side, side);
  g.fillStyle = ACCENT;
  for (const p of Object.values(clicks) as Pixel[]) {
    const x = (p.u - u) * scale + side / 2, y = (p.v - v) * scale + side / 2;
    if (x < 0 || y < 0 || x > side || y > side) continue;
    g.beginPath();
    g.arc(x, y, 3 * dpr, 0, Math.PI * 2);
    g.fill();
  }
  g.strokeStyle = "rgba(255,255,255,0.9)";
  g.lineWidth = dpr;
  g.beginPath();
  g.moveTo(side / 2, side / 2 - 14 * dpr);
  g.lineTo(side / 2, side / 2 + 14 * dpr);
  g.moveTo(side / 2 - 14 * dpr, side / 2);
  g.lineTo(side / 2 + 14 * dpr, side / 2);
  g.stroke();
}

const ACCENT = "#ffb020";
const FIT = "rgba(52, 211, 153, 0.95)";

function draw(
  canvas: HTMLCanvasElement,
  still: Still,
  clicks: Clicks,
  target: TargetLabel,
  fit: CalibrationFit | null,
): void {
  const g = canvas.getContext("2d");
  if (!g) return;
  const s = Math.max(1, still.width / 640);
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.drawImage(still.image, 0, 0, still.width, still.height);
  g.lineCap = "round";
  g.lineJoin = "round";

  if (fit) {
    const o = laneOverlay(fit);
    g.strokeStyle = FIT;
    g.lineWidth = 2 * s;
    for (const line of [o.leftEdge, o.rightEdge, o.foulLine, o.headPinLine]) polyline(g, line);
    g.setLineDash([5 * s, 4 * s]);
    polyline(g, o.arrows);
    g.setLineDash([]);
    g.fillStyle = FIT;
    for (const pin of o.pinSpots) {
      g.beginPath();
      g.arc(pin.u, pin.v, Math.max(2 * s, pin.widthPx / 2), 0, Math.PI * 2);
      g.fill();
    }
    // Residuals: from each click to where the fit puts its lane point.
    g.strokeStyle = "#ff3b4f";
    g.lineWidth = 1.5 * s;
    for (const p of fit.points) polyline(g, [{ u: p.u, v: p.v }, { u: p.fittedU, v: p.fittedV }]);
  }

  g.font = `600 ${11 * s}px system-ui, sans-serif`;
  g.textBaseline = "bottom";
  for (const [label, p] of Object.entries(clicks) as [TargetLabel, Pixel][]) {
    const current = label === target;
    g.strokeStyle = current ? "#fff" : ACCENT;
    g.lineWidth = 2 * s;
    g.beginPath();
    g.arc(p.u, p.v, 5 * s, 0, Math.PI * 2);
    g.moveTo(p.u - 9 * s, p.v);
    g.lineTo(p.u + 9 * s, p.v);
    g.moveTo(p.u, p.v - 9 * s);
    g.lineTo(p.u, p.v + 9 * s);
    g.stroke();
    const text = shortLabel(label);
    g.lineWidth = 3 * s;
    g.strokeStyle = "rgba(0,0,0,0.8)";
    g.strokeText(text, p.u + 6 * s, p.v - 5 * s);
    g.fillStyle = current ? "#fff" : ACCENT;
    g.fillText(text, p.u + 6 * s, p.v - 5 * s);
  }
}

function polyline(g: CanvasRenderingContext2D, points: Pixel[]): void {
  if (points.length < 2) return;
  g.beginPath();
  g.moveTo(points[0].u, points[0].v);
  for (const p of points.slice(1)) g.lineTo(p.u, p.v);
  g.stroke();
}

function shortLabel(label: TargetLabel): string {
  if (label === "foul-line-left") return "L";
  if (label === "foul-line-right") return "R";
  const [kind, n] = label.split("-");
  return kind === "arrow" ? `▲${n}` : n;
}
