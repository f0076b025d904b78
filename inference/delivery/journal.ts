/**
 * An append-only, fsync'd JSON-lines journal of what the sidecar still has to
 * deliver: `{"add": item}` when something must be sent, `{"done": id}` once
 * the server confirmed it, `{"parked": id}` once the server refused it for
 * good (the item itself is then appended to the `.parked.jsonl` file beside
 * it, for a person to look at). Opening the journal replays it, drops a torn
 * last line (a crash mid-write), and rewrites it with only what is pending.
 *
 * @example
 * ```ts ignore
 * const journal = await DeliveryJournal.open("./data/inference/outbox.jsonl");
 * await journal.add({ id: "shot:abc", path: "/api/…", body: {} }); // on disk before it is sent
 * await journal.settle("shot:abc", "done");
 * ```
 * @module
 */

/** One thing to deliver: a JSON body posted to `path` on the server. */
export interface DeliveryItem {
  /** Unique among pending items (e.g. "shot:<shot id>"); the server sees the same body again on a retry. */
  id: string;
  path: string;
  body: unknown;
  /** The sender's own labels, given back on delivery (e.g. `{ kind: "shot", laneId: "3" }`). */
  meta?: Record<string, string>;
  /** When it was first written, ms since the epoch. */
  createdAtMs?: number;
}

type Line = { add: DeliveryItem } | { done: string } | { parked: string };

/** Settled lines after which the journal is rewritten with only what is pending. */
const COMPACT_AFTER = 500;

export class DeliveryJournal {
  readonly path: string;
  readonly #pending: Map<string, DeliveryItem>;
  #file: Deno.FsFile;
  #settled = 0;
  #writing: Promise<unknown> = Promise.resolve();

  private constructor(path: string, pending: Map<string, DeliveryItem>, file: Deno.FsFile) {
    this.path = path;
    this.#pending = pending;
    this.#file = file;
  }

  /** Opens (or creates) the journal at `path`, with what it still holds pending. */
  static async open(path: string): Promise<DeliveryJournal> {
    await Deno.mkdir(dirOf(path), { recursive: true, mode: 0o700 });
    const pending = replay(await readOrEmpty(path));
    await rewrite(path, pending);
    const file = await Deno.open(path, { append: true, create: true, mode: 0o600 });
    return new DeliveryJournal(path, pending, file);
  }

  /** What is written and not yet settled, oldest first. */
  pending(): DeliveryItem[] {
    return [...this.#pending.values()];
  }

  /** Writes the item to disk (fsync'd) before returning; adding a pending id again changes nothing. */
  async add(item: DeliveryItem): Promise<boolean> {
    if (this.#pending.has(item.id)) return false;
    const stamped = { ...item, createdAtMs: item.createdAtMs ?? Date.now() };
    this.#pending.set(item.id, stamped);
    await this.#append([{ add: stamped }]);
    return true;
  }

  /** Marks an item delivered (`done`) or refused for good (`parked`, kept in the parked file). */
  async settle(id: string, outcome: "done" | "parked"): Promise<void> {
    const item = this.#pending.get(id);
    if (!item) return;
    this.#pending.delete(id);
    if (outcome === "parked") await appendLines(this.parkedPath, [item]);
    await this.#append([outcome === "done" ? { done: id } : { parked: id }]);
    if (++this.#settled >= COMPACT_AFTER) await this.#compact();
  }

  get parkedPath(): string {
    return this.path.replace(/\.jsonl$/, "") + ".parked.jsonl";
  }

  close(): void {
    this.#file.close();
  }

  /** Appends in call order, one write and one fsync per call. */
  #append(lines: Line[]): Promise<void> {
    const data = new TextEncoder().encode(lines.map((l) => JSON.stringify(l) + "\n").join(""));
    const next = this.#writing.then(async () => {
      await writeAll(this.#file, data);
      await this.#file.syncData();
    });
    this.#writing = next.catch(() => {});
    return next;
  }

  async #compact(): Promise<void> {
    const next = this.#writing.then(async () => {
      this.#file.close();
      await rewrite(this.path, this.#pending);
      this.#file = await Deno.open(this.path, { append: true, create: true, mode: 0o600 });
      this.#settled = 0;
    });
    this.#writing = next.catch(() => {});
    await next;
  }
}

function replay(text: string): Map<string, DeliveryItem> {
  const pending = new Map<string, DeliveryItem>();
  for (const raw of text.split("\n")) {
    if (!raw.trim()) continue;
    let line: Line;
    try {
      line = JSON.parse(raw);
    } catch {
      continue; // a line torn by a crash mid-write: it was never confirmed to anyone
    }
    if ("add" in line && line.add?.id) pending.set(line.add.id, line.add);
    else if ("done" in line) pending.delete(line.done);
    else if ("parked" in line) pending.delete(line.parked);
  }
  return pending;
}

/** Replaces the file with one `add` line per pending item: written aside, fsync'd, renamed. */
async function rewrite(path: string, pending: Map<string, DeliveryItem>): Promise<void> {
  const tmp = `${path}.tmp`;
  const text = [...pending.values()].map((item) => JSON.stringify({ add: item }) + "\n").join("");
  const file = await Deno.open(tmp, { write: true, create: true, truncate: true, mode: 0o600 });
  try {
    await writeAll(file, new TextEncoder().encode(text));
    await file.syncData();
  } finally {
    file.close();
  }
  await Deno.rename(tmp, path);
  await syncDir(dirOf(path));
}

const dirOf = (path: string) => path.replace(/\/[^/]*$/, "") || ".";

/** Makes a rename or a new file in `dir` durable (fsync of the folder). */
async function syncDir(dir: string): Promise<void> {
  const handle = await Deno.open(dir, { read: true });
  try {
    await handle.syncData();
  } finally {
    handle.close();
  }
}

async function appendLines(path: string, values: unknown[]): Promise<void> {
  const file = await Deno.open(path, { append: true, create: true, mode: 0o600 });
  try {
    await writeAll(
      file,
      new TextEncoder().encode(values.map((v) => JSON.stringify(v) + "\n").join("")),
    );
    await file.syncData();
  } finally {
    file.close();
  }
}

async function writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  for (let off = 0; off < data.length;) off += await file.write(data.subarray(off));
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return "";
    throw err;
  }
}
