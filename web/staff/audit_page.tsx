import type { Signal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { AuditModel } from "./audit_model.ts";
import { actorName, AUDIT_ACTIONS, describeAudit } from "./audit_words.ts";
import { formatTime } from "./format.ts";
import type { StaffLanesModel } from "./lanes_model.ts";
import { MoreButton } from "./paged_list_view.tsx";
import type { StaffApi } from "./staff_api.ts";

export interface AuditPageProps {
  staffApi: Pick<StaffApi, "listAudit">;
  /** The lanes the lane filter offers. */
  lanes: Pick<StaffLanesModel, "lanes" | "retain">;
}

/**
 * The audit log in words, newest first ("Ann Smith changed Ben's role to
 * staff"), filtered by who, what, lane and days; each entry a card, so it
 * reads on a phone too.
 */
export function AuditPage({ staffApi, lanes }: AuditPageProps) {
  const model = useMemo(() => new AuditModel(staffApi), [staffApi]);
  useEffect(() => lanes.retain(), [lanes]);
  useEffect(() => {
    document.title = "Audit log · Console · Lanecast";
    void model.list.reload();
  }, [model]);
  const entries = model.list.items.value;

  return (
    <section class="page audit-page">
      <header class="page-head">
        <h1 class="page-head__title">Audit log</h1>
        <p class="page-head__lede">Every change staff and admins made, newest first.</p>
      </header>
      <AuditFilters model={model} lanes={lanes} />
      {model.list.error.value && <p class="notice" role="alert">{model.list.error}</p>}
      {entries && entries.length === 0 && <p class="muted">No entries match.</p>}
      {entries && entries.length > 0 && (
        <ol class="audit-list" aria-label="Audit entries">
          {entries.map((e) => (
            <li class="audit-entry panel" key={e.id} data-action={e.action}>
              <p class="audit-entry__text">{describeAudit(e)}</p>
              <p class="audit-entry__meta">
                <time dateTime={e.at}>{formatTime(e.at, true)}</time>
                {e.actor?.role && <span>by {actorName(e)} ({e.actor.role})</span>}
                <code class="audit-entry__code">{e.action}</code>
              </p>
              {Object.keys(e.detail).length > 0 && (
                <details class="audit-entry__detail">
                  <summary>Details</summary>
                  <dl>
                    {Object.entries(e.detail).map(([k, v]) => (
                      <div key={k}>
                        <dt>{k}</dt>
                        <dd>{typeof v === "string" ? v : JSON.stringify(v)}</dd>
                      </div>
                    ))}
                  </dl>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
      <MoreButton list={model.list}>Older entries</MoreButton>
    </section>
  );
}

function AuditFilters({ model, lanes }: { model: AuditModel } & Pick<AuditPageProps, "lanes">) {
  const reload = () => void model.list.reload();
  const laneOptions = (lanes.lanes.value ?? []).map((l) => ({ value: l.id, label: l.name }));
  return (
    <form
      class="panel audit-filters"
      role="search"
      aria-label="Filter the audit log"
      onSubmit={(e) => {
        e.preventDefault();
        reload();
      }}
    >
      <FilterField label="Who" name="actor" value={model.actor} placeholder="Name or email" />
      <FilterField label="What" name="action" value={model.action} any="Any change">
        {AUDIT_ACTIONS}
      </FilterField>
      <FilterField label="Lane" name="lane" value={model.laneId} any="Any lane">
        {laneOptions}
      </FilterField>
      <FilterField label="From" name="from" value={model.from} type="date" />
      <FilterField label="To" name="to" value={model.to} type="date" />
      <div class="form__actions audit-filters__actions">
        <button type="submit" class="button button--primary">Filter</button>
        <button
          type="button"
          class="button"
          onClick={() => {
            model.clear();
            reload();
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

interface FilterFieldProps {
  label: string;
  name: string;
  value: Signal<string>;
  /** A select's first option (no filter); with `children`, the field is a select. */
  any?: string;
  children?: readonly { value: string; label: string }[];
  type?: "search" | "date";
  placeholder?: string;
}

/** One labelled filter: a text or date input, or a select of `children`. */
function FilterField(
  { label, name, value, any, children, type = "search", placeholder }: FilterFieldProps,
) {
  const set = (e: { currentTarget: { value: string } }) => value.value = e.currentTarget.value;
  return (
    <label class="field">
      <span class="field__label">{label}</span>
      {children
        ? (
          <select class="input" name={name} value={value} onChange={set}>
            <option value="">{any}</option>
            {children.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        )
        : (
          <input
            class="input"
            type={type}
            name={name}
            placeholder={placeholder}
            value={value}
            onInput={set}
          />
        )}
    </label>
  );
}
