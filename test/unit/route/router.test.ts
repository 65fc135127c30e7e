import { describe, expect, it } from "vitest";
import type { Backend } from "../../../src/canonical/contract.ts";
import { AirlockError } from "../../../src/canonical/error.ts";
import { createRouter, type RouterOptions } from "../../../src/route/router.ts";

/** A backend as the router sees it: a name and its model globs. It is never sent anything here. */
function backend(name: string, models: readonly string[]): Backend {
  return {
    name,
    kind: "mock",
    wire: () => ({ dialect: "openai-chat", operations: new Set(["chat"]), encodeOptions: {} }),
    models,
    forwardHeaders: new Set(),
    send: () => Promise.reject(new Error("the router does not send")),
    scrub: (text) => text,
    problems: () => [],
    close: async () => {},
  };
}

const noOptions: RouterOptions = { aliases: {}, defaultModel: undefined };

function resolveError(resolve: () => unknown): AirlockError {
  try {
    resolve();
  } catch (error) {
    if (error instanceof AirlockError) return error;
    throw error;
  }
  throw new Error("resolve found a route");
}

describe("createRouter resolve", () => {
  it("resolve routes an exact model name and keeps it", () => {
    const router = createRouter([backend("a", ["gpt-4o"])], noOptions);
    const route = router.resolve("gpt-4o");
    expect(route.backend.name).toBe("a");
    expect(route.model).toBe("gpt-4o");
  });

  it("resolve picks the first backend in config order whose globs match", () => {
    const backends = [backend("openai", ["gpt-*", "o?"]), backend("local", ["*"])];
    const router = createRouter(backends, noOptions);
    expect(router.resolve("gpt-4o").backend.name).toBe("openai");
    expect(router.resolve("o3").backend.name).toBe("openai");
    expect(router.resolve("qwen3").backend.name).toBe("local");
  });

  it("resolve lets a catch-all listed first shadow later backends", () => {
    const router = createRouter([backend("local", ["*"]), backend("openai", ["gpt-*"])], noOptions);
    expect(router.resolve("gpt-4o").backend.name).toBe("local");
  });

  it("resolve matches ? against exactly one character", () => {
    const router = createRouter([backend("o", ["o?"]), backend("rest", ["*"])], noOptions);
    expect(router.resolve("o1").backend.name).toBe("o");
    expect(router.resolve("o").backend.name).toBe("rest");
    expect(router.resolve("o10").backend.name).toBe("rest");
  });

  it("resolve matches * against any run of characters, including none", () => {
    const router = createRouter([backend("claude", ["claude-*-4*"]), backend("rest", ["*"])], noOptions);
    expect(router.resolve("claude-sonnet-4-5").backend.name).toBe("claude");
    expect(router.resolve("claude--4").backend.name).toBe("claude");
    expect(router.resolve("claude-sonnet-3").backend.name).toBe("rest");
  });

  it("resolve treats dots and other regex characters in a glob literally", () => {
    const router = createRouter(
      [backend("exact", ["gpt-4.1", "a+b", "m(1)", "x|y"]), backend("rest", ["*"])],
      noOptions,
    );
    expect(router.resolve("gpt-4.1").backend.name).toBe("exact");
    expect(router.resolve("gpt-4x1").backend.name).toBe("rest");
    expect(router.resolve("a+b").backend.name).toBe("exact");
    expect(router.resolve("aab").backend.name).toBe("rest");
    expect(router.resolve("m(1)").backend.name).toBe("exact");
    expect(router.resolve("m1").backend.name).toBe("rest");
    expect(router.resolve("x").backend.name).toBe("rest");
  });

  it("resolve anchors globs at both ends", () => {
    const router = createRouter([backend("gpt", ["gpt-*"]), backend("rest", ["*"])], noOptions);
    expect(router.resolve("my-gpt-4o").backend.name).toBe("rest");
  });

  it("resolve rewrites an alias to its target and routes by the target", () => {
    const router = createRouter([backend("openai", ["gpt-*"]), backend("vertex", ["claude-*"])], {
      aliases: { "gpt-4o": "claude-sonnet-4-5" },
      defaultModel: undefined,
    });
    const route = router.resolve("gpt-4o");
    expect(route.backend.name).toBe("vertex");
    expect(route.model).toBe("claude-sonnet-4-5");
    expect(router.resolve("gpt-4.1").model).toBe("gpt-4.1");
  });

  it("resolve uses default_model for an empty model, through its alias", () => {
    const router = createRouter([backend("openai", ["gpt-*"]), backend("local", ["qwen*"])], {
      aliases: { fast: "qwen3-8b" },
      defaultModel: "fast",
    });
    const route = router.resolve("");
    expect(route.backend.name).toBe("local");
    expect(route.model).toBe("qwen3-8b");
  });

  it("resolve refuses an empty model with no default_model as a 400 on param model", () => {
    const router = createRouter([backend("any", ["*"])], noOptions);
    const error = resolveError(() => router.resolve(""));
    expect(error.kind).toBe("invalid_request");
    expect(error.status).toBe(400);
    expect(error.param).toBe("model");
    expect(error.message).toContain("default_model");
  });

  it("resolve answers an unserved model with 404 model_not_found listing what is available", () => {
    const router = createRouter([backend("openai", ["gpt-4o", "gpt-*"]), backend("local", ["qwen3"])], {
      aliases: { smart: "gpt-4o" },
      defaultModel: undefined,
    });
    const error = resolveError(() => router.resolve("claude-sonnet-4-5"));
    expect(error.kind).toBe("not_found");
    expect(error.status).toBe(404);
    expect(error.code).toBe("model_not_found");
    expect(error.param).toBe("model");
    expect(error.message).toContain('"claude-sonnet-4-5"');
    for (const id of ["gpt-4o", "qwen3", "smart"]) expect(error.message).toContain(id);
    expect(error.message).not.toContain("gpt-*");
  });

  it("resolve names the requested model, not the alias target, when nothing serves it", () => {
    const router = createRouter([backend("openai", ["gpt-*"])], {
      aliases: { sonnet: "claude-sonnet-4-5" },
      defaultModel: undefined,
    });
    expect(resolveError(() => router.resolve("sonnet")).message).toContain('"sonnet"');
  });
});

describe("createRouter models", () => {
  it("models lists plain names, aliases and the default, with the backend that serves each", () => {
    const router = createRouter([backend("openai", ["gpt-4o", "gpt-*"]), backend("local", ["qwen3", "*"])], {
      aliases: { fast: "qwen3" },
      defaultModel: "gpt-4o-mini",
    });
    expect(router.models()).toEqual([
      { id: "gpt-4o", ownedBy: "openai" },
      { id: "qwen3", ownedBy: "local" },
      { id: "fast", ownedBy: "local" },
      { id: "gpt-4o-mini", ownedBy: "openai" },
    ]);
  });

  it("models leaves out globs, duplicates and aliases no backend can serve", () => {
    const router = createRouter([backend("a", ["m1", "m?", "m*"]), backend("b", ["m1"])], {
      aliases: { lost: "nowhere", m1: "m1" },
      defaultModel: "m1",
    });
    expect(router.models()).toEqual([{ id: "m1", ownedBy: "a" }]);
  });

  it("models attributes a plain name to the backend that routing would pick", () => {
    const router = createRouter([backend("first", ["*"]), backend("second", ["only-second"])], noOptions);
    expect(router.models()).toEqual([{ id: "only-second", ownedBy: "first" }]);
  });
});
