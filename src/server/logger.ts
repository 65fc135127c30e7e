/**
 * pino, JSON lines to stdout. airlock never logs header values or bodies; `redact` is the second line
 * of defence should a future log call pass a request or config object by mistake.
 */
import { type DestinationStream, type Logger, pino } from "pino";

// Plain paths only: wildcard paths make pino walk every logged object, on every line.
export const redactPaths = ["headers", "authorization", "apiKey", "api_key", "token", "secret"];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "airlock" },
    redact: { paths: redactPaths, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  // Asynchronous writes: under load, lines that arrive while a write is in flight go out together in
  // the next one, instead of one write(2) per request. pino flushes what is left when the process exits.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}
