import type { ReadonlySignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { LoginForm } from "../auth/login_page.tsx";
import type { AuthSession } from "../auth/session.ts";
import type { Route } from "../router.ts";

export interface StaffShellProps {
  auth: AuthSession;
  route: Route;
  children: ComponentChildren;
  /** Shots waiting in the review queue (the badge on its tab). */
  reviewCount?: ReadonlySignal<number>;
}

interface Tab {
  href: string;
  label: string;
  routes: Route["name"][];
  admin?: boolean;
  /** Shows the review queue's length. */
  reviews?: boolean;
}

const TABS: Tab[] = [
  { href: "/staff", label: "Lanes", routes: ["staffLanes", "staffLane", "staffCalibrate"] },
  { href: "/staff/camera", label: "Camera", routes: ["staffCamera"] },
  { href: "/staff/sessions", label: "Sessions", routes: ["staffSessions", "staffSession"] },
  { href: "/staff/markets", label: "Markets", routes: ["staffMarkets"] },
  { href: "/staff/reviews", label: "Reviews", routes: ["staffReviews"], reviews: true },
  { href: "/staff/audit", label: "Audit log", routes: ["staffAudit"] },
  {
    href: "/staff/payments",
    label: "Money",
    routes: ["staffPayments", "staffWithdrawals", "staffDisputes"],
  },
  { href: "/staff/texts", label: "Texts", routes: ["staffTexts"] },
  { href: "/staff/mail", label: "Mail", routes: ["staffMail"], admin: true },
  { href: "/staff/users", label: "Users", routes: ["staffUsers", "staffUserLedger"], admin: true },
  { href: "/staff/ledger", label: "Ledger", routes: ["staffLedger"], admin: true },
];

/** The console's frame: sign-in gate, tabs, and who is signed in. */
export function StaffShell({ auth, route, children, reviewCount }: StaffShellProps) {
  useEffect(() => void (document.title = "Console · Lanecast"), []);
  const status = auth.status.value;
  const user = auth.user.value;

  if (status === "restoring") {
    return (
      <div class="staff-gate" aria-busy="true">
        <span class="spinner" aria-hidden="true" />
      </div>
    );
  }
  if (!user) {
    return (
      <section class="auth-card">
        <h1 class="auth-card__title">Staff console</h1>
        <p class="auth-card__lede">Sign in with a staff account to run the lanes.</p>
        <LoginForm auth={auth} />
      </section>
    );
  }
  if (!auth.isStaff.value) {
    return (
      <section class="auth-card">
        <h1 class="auth-card__title">Staff only</h1>
        <p class="auth-card__lede">
          {user.email} is a {user.role} account. Ask an admin for the staff role.
        </p>
        <div class="auth-card__actions">
          <a class="button" href="/">See the lanes</a>
          <button type="button" class="button" onClick={() => void auth.logout()}>Sign out</button>
        </div>
      </section>
    );
  }

  return (
    <div class="staff">
      <nav class="staff-tabs" aria-label="Console">
        {TABS.filter((tab) => !tab.admin || auth.isAdmin.value).map((tab) => (
          <a
            key={tab.href}
            href={tab.href}
            class="staff-tabs__tab"
            aria-current={tab.routes.includes(route.name) ? "page" : undefined}
          >
            {tab.label}
            {tab.reviews && (reviewCount?.value ?? 0) > 0 && (
              <span
                class="count-badge"
                data-testid="review-count"
                aria-label={`${reviewCount!.value} waiting`}
              >
                {reviewCount!.value}
              </span>
            )}
          </a>
        ))}
        <span class="staff-tabs__who" title={user.email}>
          <span class="staff-tabs__name">{user.displayName}</span>
          <span class="role-badge" data-role={user.role}>{user.role}</span>
        </span>
      </nav>
      {children}
    </div>
  );
}
