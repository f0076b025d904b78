import { useEffect, useMemo } from "preact/hooks";
import { AuditModel } from "./audit_model.ts";
import { formatTime } from "./format.ts";
import { ListSearch, MoreButton } from "./paged_list_view.tsx";
import type { StaffApi } from "./staff_api.ts";

/** The audit log: every staff and admin action, newest first. */
export function AuditPage({ staffApi }: { staffApi: Pick<StaffApi, "listAudit"> }) {
  const model = useMemo(() => new AuditModel(staffApi), [staffApi]);
  useEffect(() => {
    document.title = "Audit log · Console · Lanecast";
    void model.list.reload();
  }, [model]);
  const entries = model.list.items.value;

  return (
    <section class="page">
      <header class="page-head page-head--row">
        <div>
          <h1 class="page-head__title">Audit log</h1>
          <p class="page-head__lede">Every change staff and admins made, newest first.</p>
        </div>
        <ListSearch
          value={model.action}
          name="action"
          label="Action"
          placeholder="Action, e.g. lane.create"
          button="Filter"
          onSearch={() => void model.list.reload()}
        />
      </header>
      {model.list.error.value && <p class="notice" role="alert">{model.list.error}</p>}
      {entries && entries.length === 0 && <p class="muted">No entries.</p>}
      {entries && entries.length > 0 && (
        <div class="table-wrap panel">
          <table class="table audit">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td class="nowrap">{formatTime(e.at, true)}</td>
                  <td>{e.actor?.email ?? "system"}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td class="nowrap">{e.targetType} {shortId(e.targetId)}</td>
                  <td class="audit__detail">{describeDetail(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton list={model.list}>Older entries</MoreButton>
    </section>
  );
}

/** Long ids (uuids) shortened to their first block. */
function shortId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(id) ? `${id.slice(0, 8)}…` : `"${id}"`;
}

/** A detail object as "key: value" pairs on one line. */
function describeDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail).map(([k, v]) =>
    `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`
  ).join(" · ");
}
