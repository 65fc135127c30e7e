/**
 * `airlock healthcheck`: the container HEALTHCHECK for a distroless image, where there is no shell or
 * curl. Asks the local server's /healthz and exits 0 when it answers 200.
 */
import { request } from "node:http";
import { type Flags, loadConfig } from "../config/load.ts";

export function healthcheck(flags: Flags): Promise<number> {
  const { listen } = loadConfig(flags).server;
  const host = listen.host === "0.0.0.0" ? "127.0.0.1" : listen.host === "::" ? "::1" : listen.host;
  return new Promise((resolve) => {
    const req = request({ host, port: listen.port, path: "/healthz", timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? 0 : 1);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(1));
    req.end();
  });
}
