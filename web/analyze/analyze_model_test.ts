import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import { type AnalyzeJobView, AnalyzeModel, analyzeProblem } from "./analyze_model.ts";

const job = (state: AnalyzeJobView["state"], progress = 0): AnalyzeJobView => ({
  id: "j1",
  laneId: "1",
  state,
  progress,
  bytes: 10,
  metadata: { duration_seconds: 10, format: "mp4", width: 640, height: 360, fps: 30 },
  error: null,
});

function fakeServer(upload: Response) {
  const calls: string[] = [];
  let current = job("queued");
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    calls.push(`${init?.method ?? "GET"} ${path}`);
    if (path === "/api/analyze") return Promise.resolve(upload.clone());
    if (path === "/api/live/tickets") return Promise.resolve(Response.json({ ticket: "t1" }));
    if (path === "/api/analyze/j1") {
      return Promise.resolve(Response.json({
        job: current,
        result: current.state === "done" ? { jobId: "j1", shots: [] } : null,
      }));
    }
    return Promise.resolve(new Response(null, { status: 404 }));
  };
  const listeners: ((e: MessageEvent) => void)[] = [];
  const opened: string[] = [];
  const eventSource = (url: string) => {
    opened.push(url);
    return {
      addEventListener: (_type: string, fn: (e: MessageEvent) => void) => listeners.push(fn),
      close: () => {},
    } as unknown as EventSource;
  };
  const emit = (j: AnalyzeJobView) => {
    current = j;
    for (const fn of listeners) fn(new MessageEvent("analysis", { data: JSON.stringify(j) }));
  };
  return { fetch: fetch as typeof globalThis.fetch, eventSource, emit, calls, opened };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

Deno.test("an upload follows its job on the live stream to its result", async () => {
  const server = fakeServer(Response.json({ job: job("queued") }, { status: 202 }));
  const model = new AnalyzeModel({ ...server, pollMs: 60_000 });
  await model.upload(new File([new Uint8Array(10)], "bowl.mp4"), "1");
  assert.equal(model.stage.value.kind, "analysing");
  assert.deepEqual(server.opened, ["/api/me/live?ticket=t1"]);
  server.emit(job("running", 0.4));
  const s = model.stage.value;
  assert.ok(s.kind === "analysing" && s.job.progress === 0.4);
  server.emit(job("done", 1));
  await settle();
  assert.equal(model.stage.value.kind, "done");
  model.stop();
});

Deno.test("a refused upload and a failed job say why in plain words, never the server's text", async () => {
  const refused = fakeServer(
    new Response(
      JSON.stringify({ status: 415, code: "video_type_unsupported", detail: "raw server text" }),
      { status: 415, headers: { "content-type": "application/problem+json" } },
    ),
  );
  const model = new AnalyzeModel({ ...refused, pollMs: 60_000 });
  await model.upload(new File(["hello"], "notes.mp4"), null);
  const s = model.stage.value;
  assert.ok(s.kind === "failed");
  assert.match(s.message, /not a video we can read/);
  assert.doesNotMatch(s.message, /raw server text/);

  const server = fakeServer(Response.json({ job: job("queued") }, { status: 202 }));
  const second = new AnalyzeModel({ ...server, pollMs: 60_000 });
  await second.upload(new File([new Uint8Array(10)], "bowl.mp4"), null);
  server.emit({ ...job("failed"), error: { code: "analysis_timeout", message: "x" } });
  const f = second.stage.value;
  assert.ok(f.kind === "failed" && /took too long/.test(f.message));
});

Deno.test("analyzeProblem() knows the upload's refusals", () => {
  const e = (code: string, extra = {}) =>
    new ApiError({ status: 400, code, ...extra } as ConstructorParameters<typeof ApiError>[0]);
  assert.match(analyzeProblem(e("video_unreadable")), /cut short or damaged/);
  assert.match(analyzeProblem(e("too_many_analyze_jobs")), /already have videos waiting/);
  assert.match(analyzeProblem(e("video_missing")), /Choose a video/);
  assert.match(analyzeProblem(new Error("boom")), /Something went wrong/);
  assert.match(analyzeProblem(e("lane_corners_mirrored")), /do not outline a lane/);
  assert.match(analyzeProblem(e("lane_corners_with_lane")), /not both/);
});

Deno.test("a job that found no lane says so plainly; choosing another video clears it", () => {
  const error = { code: "no_lane_found", message: "No lane was found in the video" };
  assert.match(analyzeProblem(error), /No lane was found in this video: the AI saw no pins/);
  const model = new AnalyzeModel({ fetch: () => Promise.reject(new Error("unused")) });
  model.stage.value = { kind: "failed", message: analyzeProblem(error) };
  model.dismiss();
  assert.deepEqual(model.stage.value, { kind: "idle" });
});
