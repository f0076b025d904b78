/**
 * A camera on the network for tests: an HTTP server on loopback that streams
 * a clip as a live WebM stream, looping in real time, one ffmpeg per viewer
 * (like an IP camera's HTTP stream). The SFU pulls it when loopback is
 * allowed (`CAMERA_ALLOWED_NETS=127.0.0.0/8`).
 */
export interface HttpCamera {
  url: string;
  /** Requests served so far. */
  readonly requests: number;
  close(): Promise<void>;
}

export function startHttpCamera(clip: string): HttpCamera {
  const children = new Set<Deno.ChildProcess>();
  let requests = 0;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, () => {
    requests++;
    const child = new Deno.Command("ffmpeg", {
      args: [
        ...["-hide_banner", "-loglevel", "error", "-nostdin"],
        ...["-re", "-stream_loop", "-1", "-i", clip, "-c", "copy", "-f", "webm", "pipe:1"],
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    children.add(child);
    child.status.then(() => children.delete(child));
    const reader = child.stdout.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: () => kill(child),
    });
    return new Response(body, { headers: { "content-type": "video/webm" } });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/live.webm`,
    get requests() {
      return requests;
    },
    async close() {
      for (const child of children) kill(child);
      await Promise.all([...children].map((c) => c.status));
      await server.shutdown();
    },
  };
}

function kill(child: Deno.ChildProcess): void {
  try {
    child.kill("SIGKILL");
  } catch { /* gone */ }
}
