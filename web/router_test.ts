import assert from "node:assert/strict";
import { lanePath, matchRoute } from "./router.ts";

Deno.test("matchRoute() maps / and /lanes to the lane grid", () => {
  assert.deepEqual(matchRoute("/"), { name: "grid" });
  assert.deepEqual(matchRoute("/lanes"), { name: "grid" });
  assert.deepEqual(matchRoute("/lanes/"), { name: "grid" });
});

Deno.test("matchRoute() reads the lane id from /lanes/:id", () => {
  assert.deepEqual(matchRoute("/lanes/1"), { name: "lane", laneId: "1" });
  assert.deepEqual(matchRoute("/lanes/12/"), { name: "lane", laneId: "12" });
  assert.deepEqual(matchRoute("/lanes/a%20b"), { name: "lane", laneId: "a b" });
});

Deno.test("matchRoute() reports unknown paths as not found", () => {
  assert.deepEqual(matchRoute("/nope"), { name: "notFound", path: "/nope" });
  assert.deepEqual(matchRoute("/lanes/1/extra"), { name: "notFound", path: "/lanes/1/extra" });
  assert.deepEqual(matchRoute("/lanes/%E0%A4%A"), { name: "notFound", path: "/lanes/%E0%A4%A" });
});

Deno.test("lanePath() round-trips through matchRoute()", () => {
  for (const id of ["1", "north 7", "a/b"]) {
    assert.deepEqual(matchRoute(lanePath(id)), { name: "lane", laneId: id });
  }
});
