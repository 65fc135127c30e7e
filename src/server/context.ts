/** What an endpoint handler gets: the request, its response, and what it should record for the log. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Backend, Problem } from "../canonical/contract.ts";
import type { AirlockError } from "../canonical/error.ts";
import type { Config } from "../config/types.ts";
import type { Router } from "../route/router.ts";

export type AccessRecord = {
  model?: string;
  backend?: string;
  ttfbMs?: number;
  bytes: number;
  /** The client went away before the answer was complete. */
  aborted?: boolean;
};

export type AppState = {
  readonly config: Config;
  readonly router: Router;
  readonly backends: readonly Backend[];
  /** Why airlock cannot serve now (empty when ready). */
  readonly problems: () => Problem[];
};

export type RequestContext = {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestId: string;
  /** Aborted when the client goes away before the answer is complete. */
  readonly signal: AbortSignal;
  readonly started: number;
  readonly access: AccessRecord;
  readonly state: AppState;
};

export type Endpoint = {
  readonly method: string;
  /** The path, as documented; matched exactly unless `match` is given. */
  readonly path: string;
  /** For a family of paths (the Vertex AI surface): whether `path` (no query) is this endpoint's. */
  readonly match?: (path: string) => boolean;
  /** The error body in this endpoint's dialect; OpenAI's error object when absent. */
  readonly errorBody?: (error: AirlockError) => unknown;
  /** Health endpoints answer probes that carry no token. */
  readonly auth: boolean;
  /** Probes arrive every few seconds: their successful answers are logged at debug, not info. */
  readonly quiet?: boolean;
  handle(context: RequestContext): Promise<void>;
};
