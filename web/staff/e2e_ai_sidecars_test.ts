/**
 * Browser test of the AI sidecars panel on the console home: a sidecar
 * checks in (through the lease route, with the inference key) and staff see
 * it with its lanes, and the lane nobody watches, at desktop and phone sizes.
 */
import assert from "node:assert/strict";
import { ADMIN, axeViolations, noSidewaysScroll, signIn, startBrowserRun } from "../e2e_helpers.ts";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

Deno.test("staff see each AI sidecar with its lanes, and the lanes nobody watches", async () => {
  await using run = await startBrowserRun({
    screenshotDir: "/tmp/shots-ai18",
    shotPrefix: "ai-sidecars",
    // The fake sidecar below checks in once: its lease must outlast the test.
    env: { INFERENCE_LEASE_TTL_MS: "600000" },
  });
  const { page, pageErrors, shot, system, url } = run;
  // A sidecar that can take one lane on the air: lane 1 is its, lane 2 nobody's.
  const res = await fetch(url("/api/inference/leases"), {
    method: "POST",
    headers: {
      authorization: `Bearer ${system.inferenceKey}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({
      sidecarId: "sidecar-a",
      capacity: 1,
      lanes: ["1", "2"],
      live: ["1", "2"],
      status: {
        provider: "cpu",
        behind: false,
        lanes: { "1": { received: 3000, analysed: 2940, dropped: 60, thinned: 0 } },
      },
    }),
  });
  assert.deepEqual((await res.json()).lanes, ["1"]);

  await page.setViewportSize(DESKTOP);
  await signIn(page, url("/login?next=/staff"), ADMIN);
  const panel = page.locator(".ai-sidecars");
  await panel.locator("li", { hasText: "sidecar-a" }).waitFor();
  assert.match(
    await panel.locator("li").first().innerText(),
    /sidecar-a cpu · lanes 1 \(up to 1 on the air\) · 2,940 frames analysed · 2 % dropped/,
  );
  assert.match(await panel.innerText(), /Lanes no sidecar watches: 2/);
  for (const [name, size] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
    await page.setViewportSize(size);
    await panel.scrollIntoViewIfNeeded();
    assert.deepEqual(await axeViolations(page, [".site-header"]), [], `${name}: accessibility`);
    assert.equal(await noSidewaysScroll(page), 0, `${name} scrolls sideways`);
    await panel.screenshot({ path: shot(name) });
  }
  assert.deepEqual(pageErrors, []);
});
