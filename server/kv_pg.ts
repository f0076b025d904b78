/**
 * The server's key-value store in PostgreSQL (`KV_PATH=postgres`), so that
 * several API instances on one database share what the server keeps in KV:
 * login throttles and rate limits, live tickets, the standing cache and its
 * invalidations, lane event dedupe, and the clip and analysis queues.
 *
 * It implements the part of `Deno.Kv` the server uses, with Deno KV's
 * meaning: `get`, `set` and `delete` (with `expireIn`), `list` (`prefix`,
 * `start`, `end`, `limit`, `reverse`) in key order, and `atomic()` with
 * `check`, `set` and `delete`. An atomic commit locks its keys (an advisory
 * lock per key, taken in key order), compares the checked versionstamps and
 * writes, in one transaction; every commit gets a new versionstamp from one
 * sequence. Expired entries are invisible at once and deleted now and then.
 * Anything else of `Deno.Kv` throws.
 *
 * @example
 * ```ts ignore
 * const kv = createPgKv(sql); // a Deno.Kv to the rest of the server
 * await kv.set(["throttle", "login-ip", "203.0.113.9"], { count: 1 }, { expireIn: 60_000 });
 * ```
 * @module
 */
import type { Sql, SqlOrTx } from "./db.ts";
import { decodeKey, encodeKey } from "./kv_codec.ts";

/** Advisory lock class of KV keys (the second number is the key's hash). */
const LOCK_CLASS = 0x6b76;
/** Rows read per round trip of `list`. */
const PAGE = 500;
/** One write in this many also deletes (some) expired entries. */
const SWEEP_EVERY = 200;

type Mutation =
  | { type: "set"; key: Deno.KvKey; value: unknown; expireIn?: number }
  | { type: "delete"; key: Deno.KvKey };

interface Row {
  key: Uint8Array;
  value: string;
  versionstamp: string;
}

const stamp = (n: string | bigint) => BigInt(n).toString(16).padStart(20, "0");
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const live = (sql: SqlOrTx) => sql`(expires_at is null or expires_at > now())`;

export function createPgKv(sql: Sql): Deno.Kv {
  let writes = 0;

  const entry = <T>(r: Row): Deno.KvEntry<T> => ({
    key: decodeKey(new Uint8Array(r.key)),
    value: JSON.parse(r.value) as T,
    versionstamp: stamp(r.versionstamp),
  });

  async function get<T>(key: Deno.KvKey): Promise<Deno.KvEntryMaybe<T>> {
    const [row] = await sql<Row[]>`
      select key, value, versionstamp from kv_entries where key = ${encodeKey(key)} and ${
      live(sql)
    }`;
    return row ? entry<T>(row) : { key, value: null, versionstamp: null };
  }

  async function commit(
    checks: Deno.AtomicCheck[],
    mutations: Mutation[],
  ): Promise<Deno.KvCommitResult | Deno.KvCommitError> {
    const keys = [...new Set([...checks, ...mutations].map((x) => hex(encodeKey(x.key))))].sort();
    const result = await sql.begin(async (tx) => {
      await tx`
        select pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(k))
        from unnest(${keys}::text[]) k order by k`;
      for (const check of checks) {
        const [row] = await tx<{ versionstamp: string }[]>`
          select versionstamp from kv_entries where key = ${encodeKey(check.key)} and ${live(tx)}`;
        if ((row ? stamp(row.versionstamp) : null) !== check.versionstamp) return null;
      }
      const [{ v }] = await tx<{ v: string }[]>`select nextval('kv_versionstamps') as v`;
      for (const m of mutations) {
        const key = encodeKey(m.key);
        if (m.type === "delete") {
          await tx`delete from kv_entries where key = ${key}`;
          continue;
        }
        // Expiry by the database's clock, as `live` judges it: instances' clocks may differ.
        const expiresAt = m.expireIn === undefined
          ? tx`null`
          : tx`now() + ${m.expireIn}::float8 * interval '1 millisecond'`;
        await tx`
          insert into kv_entries (key, value, versionstamp, expires_at)
          values (${key}, ${JSON.stringify(m.value)}, ${v}, ${expiresAt})
          on conflict (key) do update
          set value = excluded.value, versionstamp = excluded.versionstamp, expires_at = excluded.expires_at`;
      }
      return v;
    });
    if (result === null) return { ok: false };
    if (++writes % SWEEP_EVERY === 0) {
      await sql`
        delete from kv_entries where key in (
          select key from kv_entries where expires_at <= now() limit 1000)`;
    }
    return { ok: true, versionstamp: stamp(result) };
  }

  async function* list<T>(
    selector: Deno.KvListSelector,
    options: Deno.KvListOptions = {},
  ): AsyncGenerator<Deno.KvEntry<T>> {
    const s = selector as { prefix?: Deno.KvKey; start?: Deno.KvKey; end?: Deno.KvKey };
    const prefix = s.prefix ? encodeKey(s.prefix) : undefined;
    // Every key under a prefix is the prefix and at least one tag byte (at most 0x27).
    let low = s.start ? encodeKey(s.start) : prefix ? Uint8Array.from([...prefix, 0]) : undefined;
    let high = s.end ? encodeKey(s.end) : prefix ? Uint8Array.from([...prefix, 0xff]) : undefined;
    let left = options.limit ?? Infinity;
    const reverse = options.reverse === true;
    while (left > 0) {
      const n = Math.min(PAGE, left);
      const rows = await sql<Row[]>`
        select key, value, versionstamp from kv_entries
        where ${live(sql)}
          ${low ? sql`and key >= ${low}` : sql``}
          ${high ? sql`and key < ${high}` : sql``}
        order by key ${reverse ? sql`desc` : sql`asc`}
        limit ${n}`;
      for (const row of rows) yield entry<T>(row);
      left -= rows.length;
      if (rows.length < n) return;
      const last = new Uint8Array(rows[rows.length - 1].key);
      if (reverse) high = last;
      else low = Uint8Array.from([...last, 0]);
    }
  }

  function atomic(): Deno.AtomicOperation {
    const checks: Deno.AtomicCheck[] = [];
    const mutations: Mutation[] = [];
    const op = {
      check(...c: Deno.AtomicCheck[]) {
        checks.push(...c.map(({ key, versionstamp }) => ({ key, versionstamp })));
        return op;
      },
      set(key: Deno.KvKey, value: unknown, o?: { expireIn?: number }) {
        mutations.push({ type: "set", key, value, expireIn: o?.expireIn });
        return op;
      },
      delete(key: Deno.KvKey) {
        mutations.push({ type: "delete", key });
        return op;
      },
      commit: () => commit(checks, mutations),
    };
    return op as unknown as Deno.AtomicOperation;
  }

  const kv = {
    get,
    list,
    atomic,
    set: (key: Deno.KvKey, value: unknown, o?: { expireIn?: number }) =>
      commit([], [{ type: "set", key, value, expireIn: o?.expireIn }]),
    async delete(key: Deno.KvKey) {
      await commit([], [{ type: "delete", key }]);
    },
    close() {},
  };
  return new Proxy(kv, {
    get(target, name) {
      if (name in target) return target[name as keyof typeof target];
      if (typeof name === "symbol" || name === "then") return undefined;
      return () => {
        throw new Error(`KV_PATH=postgres does not implement Deno.Kv.${name}`);
      };
    },
  }) as unknown as Deno.Kv;
}
