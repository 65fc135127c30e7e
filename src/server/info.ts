/** Health, readiness and the model list. */

import type { Endpoint } from "./context.ts";
import { writeJson } from "./write-error.ts";

export const healthz: Endpoint = {
  method: "GET",
  path: "/healthz",
  auth: false,
  quiet: true,
  handle: async ({ res }) => writeJson(res, 200, { status: "ok" }),
};

export const readyz: Endpoint = {
  method: "GET",
  path: "/readyz",
  auth: false,
  quiet: true,
  handle: async ({ res, state }) => {
    const problems = state.problems();
    // The probe may come from the agent's side of the pod: say what is wrong, not where secrets live.
    if (problems.length === 0) writeJson(res, 200, { status: "ready" });
    else writeJson(res, 503, { status: "not ready", problems: problems.map((problem) => problem.message) });
  },
};

export const models: Endpoint = {
  method: "GET",
  path: "/v1/models",
  auth: true,
  handle: async ({ res, state }) =>
    writeJson(res, 200, {
      object: "list",
      data: state.router
        .models()
        .map(({ id, ownedBy }) => ({ id, object: "model", created: 0, owned_by: ownedBy })),
    }),
};

/**
 * Claude Code's connectivity checks, which carry no token, so they need none: `/api/hello`, and the
 * `HEAD /` that Claude Code 2.1 sends its base URL at every start to warm the connection (a 404
 * there was a logged error per run). It says no more than that airlock is up.
 */
export const hello: Endpoint = {
  method: "GET",
  path: "/api/hello",
  match: (path) => path === "/api/hello" || path === "/",
  auth: false,
  quiet: true,
  handle: async ({ res }) => writeJson(res, 200, { message: "hello" }),
};
