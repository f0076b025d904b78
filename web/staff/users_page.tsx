import { useEffect, useMemo } from "preact/hooks";
import type { AuthSession, Role } from "../auth/session.ts";
import { staffUserLedgerPath } from "../router.ts";
import { formatTime } from "./format.ts";
import { ListSearch, MoreButton } from "./paged_list_view.tsx";
import type { StaffApi } from "./staff_api.ts";
import { UsersModel } from "./users_model.ts";

const ROLES: Role[] = ["spectator", "bettor", "staff", "admin"];

/** Admin only: find users, change their role, disable or enable them. */
export function UsersPage(
  { staffApi, auth }: { staffApi: Pick<StaffApi, "listUsers" | "updateUser">; auth: AuthSession },
) {
  const model = useMemo(() => new UsersModel(staffApi), [staffApi]);
  const admin = auth.isAdmin.value;
  useEffect(() => {
    document.title = "Users · Console · Lanecast";
    if (admin) void model.list.reload();
  }, [model, admin]);

  if (!admin) {
    return (
      <section class="page">
        <h1 class="page-head__title">Users</h1>
        <p class="notice">Only admins manage users.</p>
      </section>
    );
  }
  const users = model.list.items.value;
  const me = auth.user.value?.id;

  return (
    <section class="page">
      <header class="page-head page-head--row">
        <div>
          <h1 class="page-head__title">Users</h1>
          <p class="page-head__lede">
            Roles: spectators watch and check in, bettors also bet, staff run the console, admins
            also manage users. A new role applies at the user's next token refresh.
          </p>
        </div>
        <ListSearch
          value={model.query}
          name="query"
          label="Email or name"
          placeholder="Email or name"
          button="Search"
          onSearch={() => void model.list.reload()}
        />
      </header>
      {model.list.error.value && <p class="notice" role="alert">{model.list.error}</p>}
      {users && (
        <div class="table-wrap panel">
          <table class="table users">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Account</th>
                <th scope="col">Joined</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-email={u.email} data-disabled={u.disabled}>
                  <td>
                    <div class="user-cell">
                      <strong>{u.displayName}</strong>
                      <span class="muted">{u.email}</span>
                      {u.role === "bettor" && (
                        <a class="user-cell__link" href={staffUserLedgerPath(u.id)}>
                          Wallet and ledger
                        </a>
                      )}
                    </div>
                  </td>
                  <td>
                    <select
                      class="input input--compact"
                      aria-label={`Role of ${u.email}`}
                      value={u.role}
                      disabled={model.saving.value === u.id || u.id === me}
                      onChange={(e) => void model.setRole(u.id, e.currentTarget.value as Role)}
                    >
                      {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                  </td>
                  <td>
                    <button
                      type="button"
                      class="button button--small"
                      disabled={model.saving.value === u.id || u.id === me}
                      onClick={() => void model.setDisabled(u.id, !u.disabled)}
                    >
                      {u.disabled ? "Enable" : "Disable"}
                    </button>
                  </td>
                  <td class="nowrap">{formatTime(u.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton list={model.list}>More users</MoreButton>
    </section>
  );
}
