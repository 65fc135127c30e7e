/** `airlock serve`: load, listen, and drain on SIGTERM/SIGINT. */
import { formatListen, isLoopback } from "../config/listen.ts";
import { type Flags, loadConfig } from "../config/load.ts";
import { createApp } from "../server/app.ts";
import { createLogger } from "../server/logger.ts";

export async function serve(flags: Flags): Promise<void> {
  const config = loadConfig(flags);
  const logger = createLogger(config.server.logLevel);
  process.on("uncaughtException", (error) => {
    logger.fatal({ err: error }, "uncaught exception; exiting");
    process.exit(1);
  });
  const { server: settings } = config;
  if (settings.clientToken === undefined && !isLoopback(settings.listen.host)) {
    logger.warn(
      { address: formatListen(settings.listen) },
      "no client token and not on loopback (allow_unauthenticated): anything that can reach this port can spend the backends' credentials",
    );
  }
  const app = createApp(config, logger);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, graceMs: settings.shutdownGraceMs }, "shutting down: draining requests in flight");
    void app.shutdown().then(() => {
      logger.info("stopped");
      logger.flush();
      process.exit(0);
    });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  const address = await app.listen();
  logger.info(
    {
      listen: `${address.address}:${address.port}`,
      config: config.file ?? "environment",
      backends: config.backends.map((b) => ({ name: b.name, kind: b.kind, models: b.models })),
      clientAuth: settings.clientToken !== undefined,
      // performance.now() counts from process start: the time to be ready to serve.
      startupMs: Math.round(performance.now()),
    },
    "listening",
  );
}
