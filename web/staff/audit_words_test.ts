import assert from "node:assert/strict";
import { actorName, AUDIT_ACTIONS, describeAudit, describeBall } from "./audit_words.ts";
import type { AuditEntry } from "./staff_api.ts";

const ANN = { id: "u1", email: "ann@alley.test", role: "admin", name: "Ann Smith" };

function entry(action: string, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: "1",
    at: "2026-12-07T10:00:00Z",
    actor: ANN,
    action,
    targetType: "user",
    targetId: "00000000-0000-4000-8000-000000000002",
    detail: {},
    requestId: null,
    ...extra,
  };
}

Deno.test("a role change reads as a sentence with both names", () => {
  const e = entry("user.role", { targetName: "Ben", detail: { from: "spectator", to: "staff" } });
  assert.equal(describeAudit(e), "Ann Smith changed Ben's role to staff");
});

Deno.test("a correction says whose ball, where, from what to what, and why", () => {
  const e = entry("session.correct", {
    targetType: "session",
    laneId: "2",
    detail: {
      bowlerName: "Ben",
      frame: 4,
      ball: 1,
      from: { pinsStanding: [], foul: false },
      to: { pinsStanding: [10], foul: false },
      reason: "the 10 stayed up",
    },
  });
  assert.equal(
    describeAudit(e),
    "Ann Smith corrected Ben's frame 4, ball 1 on Lane 2 from all pins down to 1 standing (10): “the 10 stayed up”",
  );
});

Deno.test("the actor falls back to the email, then to the system that acted", () => {
  assert.equal(actorName(entry("x", { actor: { ...ANN, name: null } })), "ann@alley.test");
  assert.equal(
    actorName(entry("x", { actor: null, detail: { system: "sim-keeper" } })),
    "The simulator",
  );
  assert.equal(actorName(entry("x", { actor: null })), "The system");
});

Deno.test("lanes, cameras and unknown actions still read as words", () => {
  const lane = { targetType: "lane", targetId: "3", targetName: "Lane 3", laneId: "3" };
  assert.equal(
    describeAudit(
      entry("lane.publish.grant", { ...lane, actor: null, detail: { key: "lane-key" } }),
    ),
    "A camera got a publish token for Lane 3 with the lane's camera key",
  );
  assert.equal(
    describeAudit(entry("lane.update", { ...lane, detail: { after: { enabled: false } } })),
    "Ann Smith changed Lane 3's settings (enabled)",
  );
  assert.equal(
    describeAudit(entry("market.redetermine", { targetType: "market", laneId: "1", detail: {} })),
    "Ann Smith's correction settled a market on Lane 1 again",
  );
  assert.equal(
    describeAudit(entry("user.bootstrap", { actor: null, targetName: "Admin" })),
    "The system set up Admin as the admin from the server's settings",
  );
  assert.equal(
    describeAudit(entry("thing.zap", { targetType: "thing", targetId: "7" })),
    "Ann Smith: thing.zap on thing “7”",
  );
});

Deno.test("balls in words; every filterable action has a label", () => {
  assert.equal(describeBall({ pinsStanding: [], foul: true }), "a foul");
  assert.equal(describeBall({ pinsStanding: [7, 10], foul: false }), "2 standing (7, 10)");
  assert.equal(describeBall(null), "?");
  assert.equal(new Set(AUDIT_ACTIONS.map((a) => a.value)).size, AUDIT_ACTIONS.length);
});
