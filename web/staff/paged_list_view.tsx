/** The parts around a paged list: its search box and its "load more" button. */
import type { Signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import type { PagedList } from "./paged_list.ts";

export interface ListSearchProps {
  /** The filter text; the list reloads on submit. */
  value: Signal<string>;
  name: string;
  label: string;
  placeholder: string;
  button: string;
  onSearch: () => void;
}

/** A search form for a page header. */
export function ListSearch({ value, name, label, placeholder, button, onSearch }: ListSearchProps) {
  return (
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch();
      }}
    >
      <input
        class="input"
        type="search"
        name={name}
        aria-label={label}
        placeholder={placeholder}
        value={value}
        onInput={(e) => value.value = e.currentTarget.value}
      />
      <button type="submit" class="button">{button}</button>
    </form>
  );
}

/** A button that appends the next page, shown while there is one. */
export function MoreButton<T>(
  { list, children }: { list: PagedList<T>; children: ComponentChildren },
) {
  if (!list.next.value) return null;
  return (
    <div class="staff-actions">
      <button type="button" class="button" disabled={list.loading} onClick={() => list.more()}>
        {children}
      </button>
    </div>
  );
}
