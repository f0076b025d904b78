/** The API server process: `deno run -A server/main.ts`. */
import { redactConfig } from "../core/config.ts";
import { loadServerConfig } from "./config.ts";
import { createServer } from "./server.ts";

const config = loadServerConfig();
console.log("server:", JSON.stringify(redactConfig(config)));
const server = await createServer(config);
const http = Deno.serve({
  port: config.PORT,
  hostname: config.HOST,
  onListen: ({ port }) => console.log(`server: listening on http://localhost:${port}`),
}, server.app.fetch);

let stopping = false;
const stop = async () => {
  // A second signal (the supervisor's and the terminal's) must not close everything twice.
  if (stopping) return;
  stopping = true;
  // Live streams never end by themselves: end them first, or shutdown waits on clients long gone.
  server.deps.live.close();
  await http.shutdown();
  await server.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
