/**
 * A lean HTTP/1.1 client for load generators: one kept-alive TCP connection,
 * one request at a time, the request written as one buffer and the answer
 * read with `Content-Length` or chunked framing. It does per request what a
 * browser's keep-alive connection does on the wire, without `fetch`'s
 * Request/Response/stream objects, whose CPU the benchmark's clients would
 * otherwise take from the server on the same cores.
 *
 * @example
 * ```ts ignore
 * const conn = createHttp1("http://127.0.0.1:8000");
 * const { status, body } = await conn.request("POST", "/api/bets", { authorization: "Bearer …" }, "{}");
 * conn.close();
 * ```
 * @module
 */

export interface Http1Answer {
  status: number;
  body: string;
}

export interface Http1 {
  /** Sends one request and reads its whole answer; reconnects when the server closed. */
  request(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Http1Answer>;
  close(): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const CRLF2 = [13, 10, 13, 10];

function indexOfSeq(buf: Uint8Array, seq: number[], from: number, to: number): number {
  outer: for (let i = from; i + seq.length <= to; i++) {
    for (let k = 0; k < seq.length; k++) if (buf[i + k] !== seq[k]) continue outer;
    return i;
  }
  return -1;
}

export function createHttp1(baseUrl: string): Http1 {
  const url = new URL(baseUrl);
  const host = url.host;
  let conn: Deno.TcpConn | null = null;
  let buf = new Uint8Array(16 * 1024);
  let len = 0;

  const fill = async () => {
    if (len === buf.length) {
      const bigger = new Uint8Array(buf.length * 2);
      bigger.set(buf);
      buf = bigger;
    }
    const n = await conn!.read(buf.subarray(len));
    if (n === null) throw new Error("connection closed by the server");
    len += n;
  };
  const consume = (n: number) => {
    buf.copyWithin(0, n, len);
    len -= n;
  };

  const readAnswer = async (): Promise<Http1Answer & { keepAlive: boolean }> => {
    let end: number;
    while ((end = indexOfSeq(buf, CRLF2, 0, len)) < 0) await fill();
    const head = decoder.decode(buf.subarray(0, end)).split("\r\n");
    consume(end + 4);
    const status = Number(head[0].split(" ")[1]);
    let length = -1, chunked = false, keepAlive = true;
    for (let i = 1; i < head.length; i++) {
      const colon = head[i].indexOf(":");
      const name = head[i].slice(0, colon).toLowerCase();
      const value = head[i].slice(colon + 1).trim().toLowerCase();
      if (name === "content-length") length = Number(value);
      else if (name === "transfer-encoding") chunked = value.includes("chunked");
      else if (name === "connection") keepAlive = value !== "close";
    }
    if (!chunked) {
      if (length < 0) throw new Error("answer without Content-Length or chunked framing");
      while (len < length) await fill();
      const body = decoder.decode(buf.subarray(0, length));
      consume(length);
      return { status, body, keepAlive };
    }
    const parts: string[] = [];
    for (;;) {
      let eol: number;
      while ((eol = indexOfSeq(buf, [13, 10], 0, len)) < 0) await fill();
      const size = parseInt(decoder.decode(buf.subarray(0, eol)), 16);
      consume(eol + 2);
      while (len < size + 2) await fill();
      if (size === 0) {
        consume(2);
        return { status, body: parts.join(""), keepAlive };
      }
      parts.push(decoder.decode(buf.subarray(0, size)));
      consume(size + 2);
    }
  };

  const close = () => {
    try {
      conn?.close();
    } catch { /* closed already */ }
    conn = null;
    len = 0;
  };

  return {
    async request(method, path, headers, body) {
      let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n`;
      for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
      const payload = body === undefined ? "" : body;
      if (body !== undefined) head += `content-length: ${encoder.encode(payload).length}\r\n`;
      const bytes = encoder.encode(`${head}\r\n${payload}`);
      for (let attempt = 0;; attempt++) {
        const fresh = !conn;
        if (!conn) {
          conn = await Deno.connect({ hostname: url.hostname, port: Number(url.port || 80) });
          conn.setNoDelay(true);
        }
        try {
          let off = 0;
          while (off < bytes.length) off += await conn.write(bytes.subarray(off));
          const answer = await readAnswer();
          if (!answer.keepAlive) close();
          return { status: answer.status, body: answer.body };
        } catch (err) {
          close();
          // A kept-alive connection the server closed meanwhile: once more on a new one.
          if (fresh || attempt > 0) throw err;
        }
      }
    },
    close,
  };
}
