/**
 * The response object the stream's `response.*` events carry and a non-streaming answer is: its own
 * fields, the request's echo (echo.ts) in the middle, in the key order OpenAI writes them.
 */
import type { ResponseHead } from "./stream-sink.ts";
import type { OutputItem, ResponseEcho, ResponseObject, ResponseStatus } from "./wire.ts";

export type ResponseState = Pick<ResponseObject, "error" | "incomplete_details" | "usage"> & {
  readonly status: ResponseStatus;
  readonly output: OutputItem[];
};

export function responseObject(head: ResponseHead, echo: ResponseEcho, state: ResponseState): ResponseObject {
  return {
    id: head.id,
    object: "response",
    created_at: head.created,
    status: state.status,
    background: false,
    error: state.error,
    incomplete_details: state.incomplete_details,
    ...echo,
    model: head.model,
    output: state.output,
    usage: state.usage,
  };
}
