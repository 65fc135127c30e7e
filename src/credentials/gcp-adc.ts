/**
 * Google Cloud access tokens from Application Default Credentials, for the `vertex` backend. The
 * first token is fetched in the background as soon as the backend exists, and each one is renewed
 * before it expires, so that requests normally find a valid token waiting. All callers share one
 * fetch at a time. Each fetch is bounded (a metadata server that never answers is the usual way ADC
 * hangs in a sandbox), and a failed one is retried with backoff, so readiness follows reality both
 * ways. Tokens are never logged: readiness details carry the source and the error text, scrubbed.
 *
 * google-auth-library (~50 ms to load) is imported on first use, off the start-up path of every
 * configuration without a `vertex` backend.
 */
import type { AuthClient } from "google-auth-library";
import type { Problem } from "../canonical/contract.ts";
import { AirlockError } from "../canonical/error.ts";
import { buildAuthClient } from "./adc-client.ts";
import {
  type AdcSource,
  type AdcSourceProblem,
  describeSource,
  findAdcSource,
  locateSource,
} from "./adc-source.ts";

export type AdcToken = {
  readonly value: string;
  /** The project billed for quota (gcloud ADC's `quota_project_id`), sent as `x-goog-user-project`. */
  readonly quotaProject: string | undefined;
};

export type Adc = {
  /** A token valid for a while yet; waits for a fetch when there is none. Throws an AirlockError. */
  token(): Promise<AdcToken>;
  /** Why no token can be had now, for /readyz; undefined when one is at hand. */
  problem(): Problem | undefined;
  /** Removes any token airlock has held from `text`. */
  scrub(text: string): string;
  close(): void;
};

export type AdcOptions = {
  /** The backend's name, for messages. */
  readonly name: string;
  readonly credentialsFile: string | undefined;
  readonly allowExecutableCredentials: boolean;
  readonly env?: NodeJS.ProcessEnv;
};

/** Renewal starts this long before expiry (the library's own default margin). */
const refreshMarginMs = 5 * 60_000;
/** A metadata server answers within milliseconds where there is one; elsewhere it may never answer. */
const metadataTimeoutMs = 3_000;
/** Token endpoints (Google's, an STS, a program) get longer. */
const fileTimeoutMs = 15_000;
const retryMs = { first: 1_000, max: 60_000 };
/** When the library does not say how long a token lives: Google's tokens live an hour. */
const assumedLifetimeMs = 55 * 60_000;

type Held = { readonly token: AdcToken; readonly expiresAt: number };

export function createAdc(options: AdcOptions): Adc {
  const label = `backend "${options.name}"`;
  let library: Promise<typeof import("google-auth-library")> | undefined;
  let client: { readonly key: string; readonly auth: Promise<AuthClient> } | undefined;
  let held: Held | undefined;
  let pending: Promise<Held> | undefined;
  let failure: Problem | undefined;
  let lastSource: AdcSource | undefined;
  let timer: NodeJS.Timeout | undefined;
  let retryDelay = retryMs.first;
  let closed = false;
  /** The tokens handed out recently: the current one and the one before, for scrubbing. */
  const handedOut: string[] = [];

  function schedule(ms: number) {
    clearTimeout(timer);
    if (closed) return;
    timer = setTimeout(() => void refresh().catch(() => {}), ms);
    timer.unref();
  }

  function refresh(): Promise<Held> {
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  async function fetchToken(): Promise<Held> {
    const found = findAdcSource({
      credentialsFile: options.credentialsFile,
      allowExecutableCredentials: options.allowExecutableCredentials,
      env: options.env ?? process.env,
    });
    if (!("kind" in found)) return failed(found, undefined);
    lastSource = found;
    const key = JSON.stringify(found);
    const timeoutMs = timeoutOf(found);
    if (client?.key !== key) {
      library ??= import("google-auth-library");
      const lib = await library;
      client = { key, auth: buildAuthClient(lib, found, { refreshMarginMs, timeoutMs }) };
    }
    try {
      const auth = await client.auth;
      const { token } = await bounded(auth.getAccessToken(), timeoutMs);
      if (typeof token !== "string" || token === "") throw new Error("the credential gave no access token");
      const expiry = auth.credentials.expiry_date;
      const expiresAt = typeof expiry === "number" && expiry > 0 ? expiry : Date.now() + assumedLifetimeMs;
      const next: Held = {
        token: { value: token, quotaProject: auth.quotaProjectId ?? undefined },
        expiresAt,
      };
      if (handedOut.at(-1) !== token) handedOut.push(token);
      if (handedOut.length > 2) handedOut.shift();
      held = next;
      failure = undefined;
      retryDelay = retryMs.first;
      schedule(Math.max(10_000, expiresAt - Date.now() - refreshMarginMs));
      return next;
    } catch (error) {
      // A client that failed may hold half-done state (a hung request): the next try builds afresh.
      client = undefined;
      const reason = error instanceof Error ? error.message : String(error);
      return failed(
        {
          message: `cannot get a Google Cloud token from ${describeSource(found)}`,
          detail: `${locateSource(found)}: ${scrub(reason).slice(0, 300)}`,
        },
        error,
      );
    }
  }

  function failed(problem: AdcSourceProblem, cause: unknown): never {
    failure = { message: `${label}: ${problem.message}`, detail: `${label}: ${problem.detail}` };
    schedule(retryDelay);
    retryDelay = Math.min(retryDelay * 2, retryMs.max);
    throw new AirlockError("unavailable", `${label} has no Google Cloud credentials right now`, {
      detail: failure.detail,
      cause,
    });
  }

  function scrub(text: string): string {
    let out = text;
    for (const token of handedOut) out = out.replaceAll(token, "[redacted]");
    return out;
  }

  // The first token, fetched while airlock starts listening rather than on the first request.
  setImmediate(() => {
    if (!closed) void refresh().catch(() => {});
  });

  return {
    async token() {
      if (held !== undefined && held.expiresAt - Date.now() > refreshMarginMs) return held.token;
      try {
        return (await refresh()).token;
      } catch (error) {
        // A failed renewal while the old token is still good is not yet the client's problem.
        if (held !== undefined && held.expiresAt - Date.now() > 10_000) return held.token;
        throw error;
      }
    },
    problem() {
      const valid = held !== undefined && held.expiresAt > Date.now();
      if (valid) return undefined;
      if (failure !== undefined) return failure;
      const from = lastSource === undefined ? "" : ` from ${describeSource(lastSource)}`;
      return {
        message: `${label}: waiting for its first Google Cloud token${from}`,
        detail: `${label}: waiting for its first Google Cloud token${lastSource === undefined ? "" : ` from ${locateSource(lastSource)}`}`,
      };
    },
    scrub,
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}

function timeoutOf(source: AdcSource): number {
  return source.kind === "metadata" ? metadataTimeoutMs : fileTimeoutMs;
}

/** The library's request may hang on: the caller stops waiting, and its eventual failure is dropped. */
function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000}s`)), ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
