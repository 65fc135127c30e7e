/**
 * A secret's value, wherever it lives. Files are re-read when they change — Kubernetes and podman
 * rotate mounted secrets in place (Kubernetes by swapping a symlink) — but checked at most once a
 * second, so the request path costs one cached string compare, not a syscall.
 */
import { readFileSync, statSync } from "node:fs";
import { AirlockError } from "../canonical/error.ts";
import type { SecretSource } from "../config/types.ts";

export type Secret = {
  /** Where the secret comes from, for messages: a variable's name or a file's path, never the value. */
  readonly origin: string;
  /** The current value; throws an `unavailable` AirlockError when it cannot be read. */
  read(): string;
};

const recheckMs = 1000;

export function openSecret(source: SecretSource): Secret {
  if (source.from === "value") {
    const value = source.value.trim();
    return { origin: source.origin, read: () => value };
  }
  return openSecretFile(source.path, `${source.origin} (${source.path})`);
}

function openSecretFile(path: string, origin: string): Secret {
  let value: string | undefined;
  let version = "";
  let checkedAt = Number.NEGATIVE_INFINITY;
  let failure: string | undefined;

  function refresh(): void {
    checkedAt = Date.now();
    try {
      const stat = statSync(path);
      const current = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      if (current === version && value !== undefined) return;
      const text = readFileSync(path, "utf8").trim();
      if (text === "") throw Object.assign(new Error("empty"), { code: "the file is empty" });
      value = text;
      version = current;
      failure = undefined;
    } catch (error) {
      value = undefined;
      version = "";
      failure = error instanceof Error && "code" in error ? String(error.code) : "unreadable";
    }
  }

  return {
    origin,
    read() {
      if (Date.now() - checkedAt >= recheckMs) refresh();
      if (value === undefined) {
        throw new AirlockError("unavailable", "a credential airlock needs is not readable", {
          detail: `secret ${origin} is not readable: ${failure ?? "unknown"}`,
        });
      }
      return value;
    },
  };
}

/** The problem with a secret, or undefined when it reads; for /readyz and `airlock check`. */
export function secretProblem(secret: Secret): string | undefined {
  try {
    secret.read();
    return undefined;
  } catch (error) {
    return error instanceof AirlockError
      ? (error.detail ?? error.message)
      : `secret ${secret.origin} is not readable`;
  }
}
