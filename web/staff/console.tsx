import { useEffect, useMemo } from "preact/hooks";
import { type Api, createApi } from "../api.ts";
import type { AuthSession } from "../auth/session.ts";
import type { Route, Router } from "../router.ts";
import { AuditPage } from "./audit_page.tsx";
import { CalibratePage } from "./calibrate_page.tsx";
import { CameraPage } from "./camera_page.tsx";
import { LaneDetailPage } from "./lane_detail_page.tsx";
import { StaffLanesModel } from "./lanes_model.ts";
import { LanesPage } from "./lanes_page.tsx";
import { LedgerPage } from "./ledger_page.tsx";
import { MarketsPage } from "./markets_page.tsx";
import { ReviewQueueModel } from "./review_model.ts";
import { ReviewPage } from "./review_page.tsx";
import { TextsPage } from "./texts_page.tsx";
import { MailPage } from "./mail_page.tsx";
import { DisputesPage, PaymentsPage, WithdrawalsPage } from "./money_pages.tsx";
import { WithdrawalsPanel } from "./withdrawals_panel.tsx";
import { createShareApi } from "../share/share_api.ts";
import { SessionPage } from "./session_page.tsx";
import { SessionsPage } from "./sessions_page.tsx";
import { createStaffApi } from "./staff_api.ts";
import { StaffShell } from "./staff_shell.tsx";
import { UserLedgerPage } from "./user_ledger_page.tsx";
import { UsersPage } from "./users_page.tsx";

export interface StaffConsoleProps {
  route: Route;
  auth: AuthSession;
  router: Pick<Router, "navigate">;
}

/** The staff console: one API client, lane list and review queue for all its pages. */
export function StaffConsole({ route, auth, router }: StaffConsoleProps) {
  const staffApi = useMemo(() => createStaffApi(auth.fetch), [auth]);
  // Viewer tokens asked for with the staff member's token: hidden lanes play in the console too.
  const api: Pick<Api, "watchLane"> = useMemo(() => createApi({ fetch: auth.fetch }), [auth]);
  const lanes = useMemo(() => new StaffLanesModel({ api: staffApi }), [staffApi]);
  const reviews = useMemo(() => new ReviewQueueModel({ api: staffApi }), [staffApi]);
  const clipApi = useMemo(() => createShareApi(auth.fetch), [auth]);
  const staff = auth.isStaff.value;
  useEffect(() => staff ? reviews.retain() : undefined, [reviews, staff]);
  const common = { staffApi, lanes, api, router, auth };

  return (
    <StaffShell auth={auth} route={route} reviewCount={reviews.count}>
      {route.name === "staffLanes" && <LanesPage {...common} />}
      {route.name === "staffLane" && (
        <LaneDetailPage key={route.laneId} laneId={route.laneId} {...common} />
      )}
      {route.name === "staffCalibrate" && (
        <CalibratePage key={route.laneId} laneId={route.laneId} {...common} />
      )}
      {route.name === "staffCamera" && <CameraPage {...common} />}
      {route.name === "staffSessions" && <SessionsPage staffApi={staffApi} />}
      {route.name === "staffSession" && (
        <SessionPage key={route.sessionId} sessionId={route.sessionId} {...common} />
      )}
      {route.name === "staffAudit" && <AuditPage staffApi={staffApi} lanes={lanes} />}
      {route.name === "staffUsers" && <UsersPage staffApi={staffApi} auth={auth} />}
      {route.name === "staffUserLedger" && (
        <UserLedgerPage key={route.userId} userId={route.userId} staffApi={staffApi} />
      )}
      {route.name === "staffMarkets" && <MarketsPage staffApi={staffApi} />}
      {route.name === "staffReviews" && (
        <ReviewPage reviews={reviews} clipApi={clipApi} staffApi={staffApi} />
      )}
      {route.name === "staffLedger" && <LedgerPage staffApi={staffApi} auth={auth} />}
      {route.name === "staffTexts" && <TextsPage fetch={auth.fetch} />}
      {route.name === "staffMail" && <MailPage fetch={auth.fetch} />}
      {route.name === "staffPayments" && <PaymentsPage fetch={auth.fetch} />}
      {route.name === "staffDisputes" && <DisputesPage fetch={auth.fetch} />}
      {route.name === "staffWithdrawals" && (
        <WithdrawalsPage>
          <WithdrawalsPanel fetch={auth.fetch} />
        </WithdrawalsPage>
      )}
    </StaffShell>
  );
}

/** What every console page gets. */
export interface StaffPageProps {
  staffApi: ReturnType<typeof createStaffApi>;
  lanes: StaffLanesModel;
  api: Pick<Api, "watchLane">;
  router: Pick<Router, "navigate">;
  auth: AuthSession;
}
