/** A list fetched a page at a time (newest first), with "load more" and the last error. */
import { signal } from "@preact/signals";
import { describeError } from "../api.ts";

/** One page of items; `next` is the cursor for the page after it, null on the last page. */
export interface ListPage<T> {
  items: T[];
  next: string | null;
}

/** Fetches the page that starts `before` the cursor (the first page when undefined). */
export type FetchPage<T> = (before: string | undefined) => Promise<ListPage<T>>;

export class PagedList<T> {
  readonly items = signal<T[] | null>(null);
  /** `before` for the next page; null on the last page. */
  readonly next = signal<string | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  #fetchPage: FetchPage<T>;

  constructor(fetchPage: FetchPage<T>) {
    this.#fetchPage = fetchPage;
  }

  /** The first page again (for a new filter). */
  reload(): Promise<void> {
    return this.#load(undefined);
  }

  /** Appends the next page. */
  more(): Promise<void> {
    const before = this.next.peek();
    return before ? this.#load(before) : Promise.resolve();
  }

  async #load(before: string | undefined): Promise<void> {
    this.loading.value = true;
    try {
      const page = await this.#fetchPage(before);
      this.items.value = before ? [...this.items.peek() ?? [], ...page.items] : page.items;
      this.next.value = page.next;
      this.error.value = null;
    } catch (error) {
      this.error.value = describeError(error);
    } finally {
      this.loading.value = false;
    }
  }
}
