/**
 * Finish reasons both ways. The Responses API has no finish reason: it has a terminal status
 * (`completed`, `incomplete` with `incomplete_details.reason`, `failed`), and tool calls are output
 * items. So `stop` and `tool_calls` are both `completed`, told apart by the items on the way back.
 */
import { assertNever, type FinishReason } from "../../canonical/events.ts";
import type { IncompleteReason, ResponseStatus } from "./wire.ts";

export type Terminal = {
  readonly type: "response.completed" | "response.incomplete" | "response.failed";
  readonly status: ResponseStatus;
  readonly incomplete: IncompleteReason | null;
};

// Shared, not built per call: the renderer asks at every finish, and nothing changes them.
const completed: Terminal = { type: "response.completed", status: "completed", incomplete: null };
const cutShort: Terminal = {
  type: "response.incomplete",
  status: "incomplete",
  incomplete: "max_output_tokens",
};
const filtered: Terminal = {
  type: "response.incomplete",
  status: "incomplete",
  incomplete: "content_filter",
};
const failed: Terminal = { type: "response.failed", status: "failed", incomplete: null };

export function mapFinishReason(reason: FinishReason): Terminal {
  switch (reason) {
    case "stop":
    case "tool_calls":
      return completed;
    case "length":
      return cutShort;
    case "content_filter":
      return filtered;
    case "error":
      return failed;
    default:
      return assertNever(reason);
  }
}

/**
 * A `completed` or `incomplete` response's finish reason. An incomplete one without a stated reason
 * (or with one this table does not know) was cut short: `length`.
 */
export function decodeFinishReason(
  status: "completed" | "incomplete",
  incompleteReason: string | null | undefined,
  calledTools: boolean,
): FinishReason {
  if (status === "completed") return calledTools ? "tool_calls" : "stop";
  return incompleteReason === "content_filter" ? "content_filter" : "length";
}
