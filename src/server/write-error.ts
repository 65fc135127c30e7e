/** The one place an error becomes a response, in the dialect of the endpoint that was called. */
import type { ServerResponse } from "node:http";
import type { AirlockError } from "../canonical/error.ts";
import { openAIErrorBody } from "../dialects/openai-chat/render-error.ts";

export type ErrorForm = {
  /** The `allow` header of a 405. */
  readonly allow?: string | undefined;
  /** The body in the called endpoint's dialect; OpenAI's error object by default. */
  readonly body?: ((error: AirlockError) => unknown) | undefined;
};

export function writeError(res: ServerResponse, error: AirlockError, form: ErrorForm = {}): void {
  const { allow } = form;
  if (res.headersSent) {
    // Mid-body with no event stream to carry it: cutting the connection is the only honest signal.
    res.destroy();
    return;
  }
  const body = JSON.stringify((form.body ?? openAIErrorBody)(error));
  res.writeHead(error.status, {
    ...error.headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...(allow === undefined ? {} : { allow }),
    // After an oversized body, the connection may still carry its unread rest.
    ...(error.kind === "payload_too_large" ? { connection: "close" } : {}),
  });
  res.end(body);
}

export function writeJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
