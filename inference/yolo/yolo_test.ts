import assert from "node:assert/strict";
import type { Frame } from "../models/types.ts";
import { decodeYolo, iou, nms, type YoloBox } from "./decode.ts";
import { parseLabelsFile, parseMetadataNames } from "./labels.ts";
import { fillLetterbox, letterbox, PAD_VALUE, toImage } from "./letterbox.ts";
import { YoloBallDetector } from "./yolo_detector.ts";

const TINY = new URL("./testdata/tiny_yolo.onnx", import.meta.url).pathname;

function grey(width: number, height: number, y = 128): Frame {
  const data = new Uint8Array(width * height * 1.5).fill(128);
  data.fill(y, 0, width * height);
  return { laneId: "1", width, height, data, captureTimeMs: 0, seq: 0 };
}

Deno.test("letterbox() keeps the aspect, centres the picture and maps points back", () => {
  const wide = letterbox({ x: 0, y: 0, width: 1280, height: 720 });
  assert.equal(wide.scale, 0.5);
  assert.deepEqual([wide.width, wide.height, wide.padX, wide.padY], [640, 360, 0, 140]);
  assert.deepEqual(toImage(wide, 320, 320), { x: 640, y: 360 });
  const tall = letterbox({ x: 10, y: 20, width: 300, height: 600 });
  assert.ok(Math.abs(tall.scale - 640 / 600) < 1e-12);
  assert.deepEqual([tall.width, tall.height, tall.padX, tall.padY], [320, 640, 160, 0]);
  const p = toImage(tall, 160, 0);
  assert.ok(
    Math.abs(p.x - 10) < 1e-9 && Math.abs(p.y - 20) < 1e-9,
    "corner of a region maps to the region's corner",
  );
});

Deno.test("fillLetterbox() pads with grey 114 and converts the picture to RGB 0…1", () => {
  const frame = grey(64, 32, 235); // white in limited-range luma
  const lb = letterbox({ x: 0, y: 0, width: 64, height: 32 }, 64);
  const out = new Float32Array(3 * 64 * 64);
  fillLetterbox(frame, lb, 64, out, 0);
  assert.equal(lb.padY, 16);
  for (const c of [0, 1, 2]) {
    assert.ok(Math.abs(out[c * 4096 + 0] - PAD_VALUE / 255) < 1e-6, "top padding");
    assert.ok(Math.abs(out[c * 4096 + 63 * 64 + 5] - PAD_VALUE / 255) < 1e-6, "bottom padding");
    assert.ok(out[c * 4096 + 30 * 64 + 30] > 0.99, "white picture");
  }
});

Deno.test("decodeYolo() reads cx, cy, w, h and the best class of a hand-made head, above the threshold", () => {
  const anchors = 8, classes = 3;
  const out = new Float32Array((4 + classes) * anchors);
  const set = (a: number, box: number[], scores: number[]) => {
    box.forEach((v, i) => (out[i * anchors + a] = v));
    scores.forEach((v, c) => (out[(4 + c) * anchors + a] = v));
  };
  set(2, [10, 20, 4, 6], [0.1, 0.7, 0.3]);
  set(5, [50, 60, 8, 8], [0.05, 0.1, 0.2]);
  set(7, [70, 80, 2, 2], [0.9, 0, 0]);
  assert.deepEqual(decodeYolo(out, 0, classes, anchors, 0.25), [
    { cx: 10, cy: 20, w: 4, h: 6, score: out[5 * anchors + 2], cls: 1 },
    { cx: 70, cy: 80, w: 2, h: 2, score: out[4 * anchors + 7], cls: 0 },
  ]);
  const onlyTwo = decodeYolo(out, 0, classes, anchors, 0.25, new Set([2]));
  assert.deepEqual(onlyTwo.map((b) => [b.cx, b.cls]), [[10, 2]]);
});

Deno.test("nms() drops overlapping boxes of the same class only, best first", () => {
  const b = (cx: number, score: number, cls: number): YoloBox => ({
    cx,
    cy: 0,
    w: 10,
    h: 10,
    score,
    cls,
  });
  assert.equal(iou(b(0, 1, 0), b(0, 1, 0)), 1);
  assert.equal(iou(b(0, 1, 0), b(20, 1, 0)), 0);
  const kept = nms([b(1, 0.6, 0), b(0, 0.9, 0), b(0, 0.8, 1), b(30, 0.5, 0)], 0.45);
  assert.deepEqual(kept.map((k) => [k.cx, k.score, k.cls]), [[0, 0.9, 0], [0, 0.8, 1], [
    30,
    0.5,
    0,
  ]]);
});

Deno.test("labels come from a file or from Ultralytics `names` metadata", () => {
  assert.deepEqual(parseLabelsFile("person\n\n# comment\nsports ball\r\n"), [
    "person",
    "sports ball",
  ]);
  assert.deepEqual(parseMetadataNames("{0: 'person', 1: 'sports ball', 2: \"it's\"}"), [
    "person",
    "sports ball",
    "it's",
  ]);
  assert.deepEqual(parseMetadataNames('["a","b"]'), ["a", "b"]);
});

Deno.test("YoloBallDetector finds the ball boxes of a YOLO-shaped model in image pixels", async () => {
  const yolo = await YoloBallDetector.load({ path: TINY, providers: ["cpu"] });
  assert.deepEqual(yolo.labels, ["person", "sports ball"]);
  assert.match(yolo.version, /^yolo\+sha256:[0-9a-f]{12}$/);
  const [a, b] = await yolo.detect([{ frame: grey(640, 360) }, { frame: grey(1280, 720) }]);
  // 640×360: scale 1, 140 px of padding on top; the person and the 0.2 box are dropped.
  assert.deepEqual(a.map((d) => [d.x, d.y, d.radius, Math.round(d.confidence * 100)]), [
    [320, 180, 20, 90],
    [200, 260, 15, 60],
  ]);
  assert.deepEqual(b.map((d) => [d.x, d.y, d.radius]), [[640, 360, 40], [400, 520, 30]]);
  const [c] = await yolo.detect([{
    frame: grey(640, 360),
    region: { x: 100, y: 50, width: 320, height: 320 },
  }]);
  assert.deepEqual(c.map((d) => [d.x, d.y, d.radius]), [[260, 210, 10], [200, 250, 7.5]]);
});

Deno.test("YoloBallDetector.load() rejects labels that do not match the classes, or no ball class", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/three.txt`, "a\nb\nc\n");
    await assert.rejects(
      YoloBallDetector.load({ path: TINY, labelsPath: `${dir}/three.txt`, providers: ["cpu"] }),
      /Cannot load model ".*tiny_yolo.onnx": it has 2 classes but 3 labels/,
    );
    await Deno.writeTextFile(`${dir}/two.txt`, "cat\ndog\n");
    await assert.rejects(
      YoloBallDetector.load({ path: TINY, labelsPath: `${dir}/two.txt`, providers: ["cpu"] }),
      /none of its classes is a ball/,
    );
    await Deno.writeTextFile(`${dir}/ball.txt`, "person\nball\n");
    const yolo = await YoloBallDetector.load({
      path: TINY,
      labelsPath: `${dir}/ball.txt`,
      providers: ["cpu"],
    });
    assert.deepEqual(yolo.labels, ["person", "ball"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
