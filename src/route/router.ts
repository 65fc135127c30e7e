/**
 * Model name -> backend: the client's name, else `default_model`; then its alias; then the first
 * backend (in config order) whose `models` globs match.
 */
import type { Backend } from "../canonical/contract.ts";
import { AirlockError } from "../canonical/error.ts";
import { globToRegExp, isGlob } from "./glob.ts";

export type Route = {
  readonly backend: Backend;
  /** The name sent upstream, after default and alias. */
  readonly model: string;
};

export type RouterOptions = {
  readonly aliases: Readonly<Record<string, string>>;
  readonly defaultModel: string | undefined;
};

export type Router = {
  resolve(model: string): Route;
  /** Model names a client can ask for: plain names from `models` lists, aliases, the default. */
  models(): { id: string; ownedBy: string }[];
};

export function createRouter(backends: readonly Backend[], options: RouterOptions): Router {
  // A Map, not the object: a model named "constructor" or "__proto__" must not find Object's own.
  const aliases = new Map(Object.entries(options.aliases));
  const matchers = backends.map((backend) => ({ backend, patterns: backend.models.map(globToRegExp) }));

  function backendFor(model: string): Backend | undefined {
    return matchers.find(({ patterns }) => patterns.some((pattern) => pattern.test(model)))?.backend;
  }

  function resolve(requested: string): Route {
    const name = requested === "" ? options.defaultModel : requested;
    if (name === undefined) {
      throw new AirlockError("invalid_request", "model is required: name one, or configure default_model", {
        param: "model",
      });
    }
    const model = aliases.get(name) ?? name;
    const backend = backendFor(model);
    if (backend === undefined) {
      const known = models().map((m) => m.id);
      const hint = known.length === 0 ? "" : `; available: ${known.join(", ")}`;
      throw new AirlockError("not_found", `no backend serves model "${name}"${hint}`, {
        param: "model",
        code: "model_not_found",
      });
    }
    return { backend, model };
  }

  function models() {
    const seen = new Map<string, string>();
    const add = (id: string | undefined) => {
      const owner = id === undefined ? undefined : backendFor(aliases.get(id) ?? id);
      if (id !== undefined && owner !== undefined && !seen.has(id)) seen.set(id, owner.name);
    };
    for (const backend of backends) for (const pattern of backend.models) if (!isGlob(pattern)) add(pattern);
    for (const alias of aliases.keys()) add(alias);
    add(options.defaultModel);
    return [...seen].map(([id, ownedBy]) => ({ id, ownedBy }));
  }

  return { resolve, models };
}
