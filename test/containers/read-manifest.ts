// Readers for the deployment manifests. YAML goes through Debian's python3-yaml (PyYAML) rather
// than a JavaScript parser: airlock has no YAML dependency, and the suite already needs Debian's
// docker-compose, which brings PyYAML along.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const TO_JSON = "import json, sys, yaml; json.dump(list(yaml.safe_load_all(sys.stdin)), sys.stdout)";

/** Every document of a YAML stream, as plain JSON values. */
export function parseYaml(text: string): unknown[] {
  const json = execFileSync("python3", ["-c", TO_JSON], { input: text, encoding: "utf8" });
  const docs: unknown = JSON.parse(json);
  if (!Array.isArray(docs)) throw new Error("expected a list of YAML documents");
  return docs.filter((doc) => doc !== null);
}

export function readYaml(path: string): unknown[] {
  return parseYaml(readFileSync(path, "utf8"));
}

/** A systemd unit (Quadlet) file: section → key → every value given (keys may repeat). */
export type Unit = Map<string, Map<string, string[]>>;

export function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header?.[1] !== undefined) {
      section = new Map();
      unit.set(header[1], section);
      continue;
    }
    const eq = line.indexOf("=");
    if (section === undefined || eq <= 0)
      throw new Error(`line ${index + 1}: not "Key=value" in a section: ${raw}`);
    const key = line.slice(0, eq);
    section.set(key, [...(section.get(key) ?? []), line.slice(eq + 1)]);
  }
  return unit;
}

export function values(unit: Unit, section: string, key: string): string[] {
  return unit.get(section)?.get(key) ?? [];
}

/** Narrows a parsed value to an object, failing with `what` when it is not one. */
export function obj(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${what}: expected a mapping, got ${JSON.stringify(value)}`);
  }
  return { ...value };
}

export function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what}: expected a list, got ${JSON.stringify(value)}`);
  return value;
}
