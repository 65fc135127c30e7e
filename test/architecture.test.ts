/**
 * The shape of the code, as DESIGN.md and STYLE.md describe it: small kebab-case files, no index.ts,
 * and imports that point only down the request's path (server → dialect → route → backend → upstream).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");

/** Folders under src/ and the other src/ folders each may import from; `*` means any. */
const allowed: Record<string, readonly string[] | "*"> = {
  canonical: [],
  sse: [],
  config: ["canonical"],
  upstream: ["canonical", "config"],
  credentials: ["canonical", "config", "upstream"],
  dialects: ["canonical", "sse"],
  backends: ["canonical", "config", "credentials", "upstream", "dialects", "sse"],
  route: ["canonical", "config", "backends", "dialects", "sse"],
  server: ["canonical", "config", "upstream", "credentials", "dialects", "backends", "route", "sse"],
  cli: "*",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const files = sourceFiles(src).map((path) => ({
  path,
  name: relative(src, path).split(sep).join("/"),
  text: readFileSync(path, "utf8"),
}));

/** `from "…"`, `import "…"` and `import("…")` specifiers; comments are stripped first. */
function importSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const pattern =
    /\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;
  return [...code.matchAll(pattern)].flatMap((match) => {
    const specifier = match[1] ?? match[2] ?? match[3];
    return specifier === undefined ? [] : [specifier];
  });
}

/** The top folder under src/ a path belongs to, or "" for a file directly in src/ (main.ts). */
function layerOf(path: string): string {
  const parts = relative(src, path).split(sep);
  return parts.length > 1 ? (parts[0] ?? "") : "";
}

type Edge = { from: string; to: string; specifier: string };

function internalImports(): Edge[] {
  return files.flatMap((file) =>
    importSpecifiers(file.text)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => ({
        from: file.name,
        to: relative(root, resolve(dirname(file.path), specifier))
          .split(sep)
          .join("/"),
        specifier,
      })),
  );
}

/** Imports from one src/ layer into another that the layer may not use, as `from -> to`. */
function directionViolations(edges: readonly Edge[]): string[] {
  return edges.flatMap((edge) => {
    if (!edge.to.startsWith("src/")) return [];
    const fromLayer = edge.from.includes("/") ? (edge.from.split("/")[0] ?? "") : "";
    const toParts = edge.to.slice("src/".length).split("/");
    const toLayer = toParts.length > 1 ? (toParts[0] ?? "") : "";
    if (fromLayer === "" || fromLayer === toLayer) return [];
    const may = allowed[fromLayer];
    if (may === "*") return [];
    if (toLayer === "" || may === undefined || !may.includes(toLayer)) return [`${edge.from} -> ${edge.to}`];
    return [];
  });
}

describe("architecture", () => {
  it("importSpecifiers finds static, type-only, side-effect and dynamic imports, not comments", () => {
    const text = [
      'import { a } from "./a.ts";',
      'import type { B } from "../b/b.ts";',
      'import "./side-effect.ts";',
      "// import { c } from './commented.ts';",
      "/* import { d } from './block.ts'; */",
      'const e = await import("../e/e.ts");',
      'export { f } from "./f.ts";',
    ].join("\n");
    expect(importSpecifiers(text)).toEqual([
      "./a.ts",
      "../b/b.ts",
      "./side-effect.ts",
      "../e/e.ts",
      "./f.ts",
    ]);
  });

  it("src/ holds the files this test checks", () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.map((f) => f.name)).toContain("config/load.ts");
  });

  it("every file under src/ has at most 300 lines", () => {
    const long = files
      .map((file) => ({
        name: file.name,
        lines: file.text.split("\n").length - (file.text.endsWith("\n") ? 1 : 0),
      }))
      .filter((file) => file.lines > 300);
    expect(long).toEqual([]);
  });

  it("no file under src/ is an index.ts", () => {
    expect(files.map((f) => f.name).filter((name) => /(^|\/)index\.ts$/.test(name))).toEqual([]);
  });

  it("file and folder names under src/ are kebab-case", () => {
    const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;
    const bad = files.filter(({ name }) => {
      const parts = name.replace(/(\.d)?\.ts$/, "").split("/");
      return !parts.every((part) => kebab.test(part));
    });
    expect(bad.map((f) => f.name)).toEqual([]);
  });

  it("every folder under src/ is a known layer", () => {
    const layers = new Set(files.map((file) => layerOf(file.path)).filter((layer) => layer !== ""));
    expect([...layers].filter((layer) => !(layer in allowed))).toEqual([]);
  });

  it("relative imports name the .ts file", () => {
    const bad = internalImports().filter((edge) => !edge.specifier.endsWith(".ts"));
    expect(bad).toEqual([]);
  });

  it("directionViolations flags an import against the direction, and only that", () => {
    const edges: Edge[] = [
      { from: "config/load.ts", to: "src/canonical/error.ts", specifier: "" },
      { from: "config/load.ts", to: "src/route/router.ts", specifier: "" },
      { from: "canonical/events.ts", to: "src/sse/event-boundary.ts", specifier: "" },
      { from: "server/app.ts", to: "src/cli/serve.ts", specifier: "" },
      { from: "cli/serve.ts", to: "src/server/app.ts", specifier: "" },
      { from: "main.ts", to: "src/cli/args.ts", specifier: "" },
      { from: "route/forward.ts", to: "src/main.ts", specifier: "" },
      { from: "dialects/openai-chat/collect.ts", to: "src/dialects/openai-chat/wire.ts", specifier: "" },
    ];
    expect(directionViolations(edges)).toEqual([
      "config/load.ts -> src/route/router.ts",
      "canonical/events.ts -> src/sse/event-boundary.ts",
      "server/app.ts -> src/cli/serve.ts",
      "route/forward.ts -> src/main.ts",
    ]);
  });

  it("imports point only down the request's path", () => {
    expect(directionViolations(internalImports())).toEqual([]);
  });

  it("nothing under src/ imports from test/ or bench/ or leaves the repository", () => {
    const bad = internalImports().filter((edge) => !edge.to.startsWith("src/"));
    expect(bad.map((edge) => `${edge.from} -> ${edge.specifier}`)).toEqual([]);
  });
});
