import assert from "node:assert/strict";
import {
  calibratePath,
  checkInPath,
  isStaffRoute,
  lanePath,
  loginPath,
  matchRoute,
  nextPath,
  signupPath,
  staffLanePath,
  staffSessionPath,
  staffUserLedgerPath,
} from "./router.ts";

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

Deno.test("matchRoute() maps the staff console's pages", () => {
  assert.deepEqual(matchRoute("/staff"), { name: "staffLanes" });
  assert.deepEqual(matchRoute("/staff/lanes/"), { name: "staffLanes" });
  assert.deepEqual(matchRoute("/staff/lanes/4"), { name: "staffLane", laneId: "4" });
  assert.deepEqual(matchRoute("/staff/lanes/4/calibrate"), {
    name: "staffCalibrate",
    laneId: "4",
  });
  assert.deepEqual(matchRoute("/staff/camera"), { name: "staffCamera" });
  assert.deepEqual(matchRoute("/staff/sessions"), { name: "staffSessions" });
  assert.deepEqual(matchRoute("/staff/sessions/abc"), { name: "staffSession", sessionId: "abc" });
  assert.deepEqual(matchRoute("/staff/audit"), { name: "staffAudit" });
  assert.deepEqual(matchRoute("/staff/users"), { name: "staffUsers" });
  assert.deepEqual(matchRoute("/staff/markets"), { name: "staffMarkets" });
  assert.deepEqual(matchRoute("/staff/reviews"), { name: "staffReviews" });
  assert.deepEqual(matchRoute("/staff/ledger"), { name: "staffLedger" });
  assert.deepEqual(matchRoute("/staff/texts"), { name: "staffTexts" });
  assert.deepEqual(matchRoute("/staff/users/u1/ledger"), { name: "staffUserLedger", userId: "u1" });
  assert.deepEqual(matchRoute("/staff/nope"), { name: "notFound", path: "/staff/nope" });
});

Deno.test("matchRoute() maps sign-in and a lane's check-in page", () => {
  assert.deepEqual(matchRoute("/login"), { name: "login" });
  assert.deepEqual(matchRoute("/lanes/3/check-in"), { name: "checkIn", laneId: "3" });
  assert.deepEqual(matchRoute("/lanes/3/check-in/"), { name: "checkIn", laneId: "3" });
});

Deno.test("matchRoute() maps sign-up, its mailed link, the account page and the admins' mail", () => {
  assert.deepEqual(matchRoute("/signup"), { name: "signup" });
  assert.deepEqual(matchRoute("/signup/confirm"), { name: "signupConfirm" });
  assert.deepEqual(matchRoute("/account"), { name: "account" });
  assert.deepEqual(matchRoute("/staff/mail"), { name: "staffMail" });
  assert.equal(
    signupPath("/lanes/2/check-in?code=ab"),
    "/signup?next=%2Flanes%2F2%2Fcheck-in%3Fcode%3Dab",
  );
  assert.equal(signupPath("/signup"), "/signup");
  assert.equal(signupPath(), "/signup");
});

Deno.test("isStaffRoute() is true only for console pages", () => {
  assert.equal(isStaffRoute(matchRoute("/staff/audit")), true);
  assert.equal(isStaffRoute(matchRoute("/staff/sessions/1")), true);
  assert.equal(isStaffRoute(matchRoute("/lanes/1")), false);
  assert.equal(isStaffRoute(matchRoute("/login")), false);
});

Deno.test("path helpers round-trip through matchRoute()", () => {
  for (const id of ["1", "north 7", "a/b"]) {
    assert.deepEqual(matchRoute(checkInPath(id)), { name: "checkIn", laneId: id });
    assert.deepEqual(matchRoute(staffLanePath(id)), { name: "staffLane", laneId: id });
    assert.deepEqual(matchRoute(calibratePath(id)), { name: "staffCalibrate", laneId: id });
    assert.deepEqual(matchRoute(staffSessionPath(id)), { name: "staffSession", sessionId: id });
    assert.deepEqual(matchRoute(staffUserLedgerPath(id)), { name: "staffUserLedger", userId: id });
  }
});

Deno.test("nextPath() follows only local paths", () => {
  assert.equal(nextPath(`?next=${encodeURIComponent("/staff/audit")}`, "/"), "/staff/audit");
  assert.equal(nextPath("?next=//evil.example/x", "/staff"), "/staff");
  assert.equal(nextPath("?next=https://evil.example/", "/staff"), "/staff");
  assert.equal(nextPath("", "/staff"), "/staff");
  assert.equal(loginPath("/staff/users"), "/login?next=%2Fstaff%2Fusers");
  assert.equal(loginPath(), "/login");
});

Deno.test("matchRoute() maps the bettor's pages", () => {
  assert.deepEqual(matchRoute("/betting"), { name: "startBetting" });
  assert.deepEqual(matchRoute("/wallet"), { name: "wallet", tab: "deposit" });
  assert.deepEqual(matchRoute("/wallet/withdraw"), { name: "wallet", tab: "withdraw" });
  assert.deepEqual(matchRoute("/wallet/limits/"), { name: "wallet", tab: "limits" });
  assert.deepEqual(matchRoute("/wallet/history"), { name: "wallet", tab: "history" });
  assert.deepEqual(matchRoute("/staff/payments"), { name: "staffPayments" });
  assert.deepEqual(matchRoute("/staff/disputes"), { name: "staffDisputes" });
  assert.deepEqual(matchRoute("/staff/withdrawals"), { name: "staffWithdrawals" });
  assert.deepEqual(matchRoute("/bets/"), { name: "myBets" });
  assert.equal(isStaffRoute(matchRoute("/wallet")), false);
});

Deno.test("matchRoute() knows My games and one game's page", () => {
  assert.deepEqual(matchRoute("/me/games"), { name: "myGames" });
  assert.deepEqual(matchRoute("/me/games/"), { name: "myGames" });
  assert.deepEqual(matchRoute("/me/games/abc-1"), { name: "myGame", sessionId: "abc-1" });
  assert.deepEqual(matchRoute("/me/games/a/b"), { name: "notFound", path: "/me/games/a/b" });
  assert.equal(isStaffRoute(matchRoute("/me/games")), false);
});

Deno.test("/analyze and /analyze/{jobId} are the upload page", () => {
  assert.deepEqual(matchRoute("/analyze"), { name: "analyze" });
  assert.deepEqual(matchRoute("/analyze/abc-123"), { name: "analyze", jobId: "abc-123" });
});
