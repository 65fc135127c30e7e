/**
 * Reads and validates the TOML file. Every problem becomes one readable line that names the file, the
 * key path and what was expected — the first thing an operator sees when a sidecar will not start.
 */
import { readFileSync } from "node:fs";
import { parse, TomlError } from "smol-toml";
import type { core } from "zod";
import { AirlockError } from "../canonical/error.ts";
import { type FileConfig, fileSchema } from "./schema.ts";

export function readConfigFile(path: string): FileConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new AirlockError("config", `${path}: cannot read the configuration file (${errorCode(error)})`);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split("\n")[0] ?? "invalid TOML";
    throw new AirlockError("config", `${path}:${error.line}:${error.column}: ${reason}`);
  }
  const result = fileSchema().file.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `${path}: ${formatPath(issue.path)}: ${describe(issue)}`,
    );
    throw new AirlockError("config", lines.join("\n"));
  }
  return result.data;
}

/** `["backends", 1, "kind"]` -> `backends[1].kind`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(top level)" : out;
}

function describe(issue: core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_value":
      return `expected one of ${issue.values.map(String).join(", ")}`;
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")} (check the spelling against the README)`;
    case "invalid_type":
      return `expected ${issue.expected === "int" ? "an integer" : issue.expected}`;
    default:
      return issue.message;
  }
}

export function errorCode(error: unknown): string {
  if (error instanceof Error && "code" in error && typeof error.code === "string") return error.code;
  return "unknown error";
}
