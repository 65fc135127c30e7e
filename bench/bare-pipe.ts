/**
 * The "Node floor": the least a credential-injecting proxy can do in Node with node:http and undici.
 * It forwards POST /v1/chat/completions to the upstream over a keep-alive Pool, sets the upstream's
 * key, and pipes the answer's bytes back. No auth check, parsing, routing or logging — whatever
 * airlock costs beyond this is airlock's own.
 *
 * Run: node bench/bare-pipe.ts <upstream base URL, e.g. http://127.0.0.1:9000/v1> <api key>
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import type { ReadyMessage } from "./messages.ts";

const [baseUrl = "", apiKey = ""] = process.argv.slice(2);
const base = new URL(baseUrl);
const upstreamPath = `${base.pathname.replace(/\/$/, "")}/chat/completions`;
const pool = new Pool(base.origin);

const server = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
    res.writeHead(404).end();
    return;
  }
  const headers: Record<string, string> = {
    "content-type": "application/json",
    authorization: `Bearer ${apiKey}`,
  };
  if (req.headers["content-length"]) headers["content-length"] = req.headers["content-length"];
  pool.stream(
    { path: upstreamPath, method: "POST", headers, body: req },
    ({ statusCode, headers: upstream }) => {
      // Only end-to-end headers: undici hands back hop-by-hop ones (connection, transfer-encoding) too.
      const out: Record<string, string> = {};
      for (const name of ["content-type", "content-length", "cache-control"]) {
        const value = upstream[name];
        if (typeof value === "string") out[name] = value;
      }
      res.writeHead(statusCode, out);
      return res;
    },
    (error) => {
      if (!error) return;
      if (res.headersSent) res.destroy(error);
      else res.writeHead(502).end();
    },
  );
});
// Node's default of 5 s would drop the load's idle connections between this target's rounds, which
// airlock (65 s) does not; match it so neither pays for reconnecting.
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  const ready: ReadyMessage = { type: "ready", port: (server.address() as AddressInfo).port };
  process.send?.(ready);
});
process.on("disconnect", () => process.exit(0));
