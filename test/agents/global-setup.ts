/**
 * Installs the pinned agent CLIs into a scratch folder outside the repository (they are never its
 * dependencies), once: a later run finds them there. Needs the npm registry.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { agentPackages, agentsDir, bin } from "./support/agents.ts";

export default function setup(): void {
  if (["claude", "codex", "opencode"].every((name) => existsSync(bin(name)))) return;
  const dir = agentsDir();
  mkdirSync(dir, { recursive: true });
  execFileSync(
    "npm",
    ["install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", ...agentPackages],
    {
      stdio: "inherit",
    },
  );
}
