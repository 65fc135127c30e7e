/**
 * Which TOML file to read: `--config`, else `AIRLOCK_CONFIG`, else the XDG base-directory search.
 * A path the user named must exist; the XDG locations are only looked at.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

export type ConfigFileChoice = { readonly path: string; readonly named: boolean } | undefined;

export function findConfigFile(flagPath: string | undefined, env: NodeJS.ProcessEnv): ConfigFileChoice {
  const named = flagPath ?? nonEmpty(env.AIRLOCK_CONFIG);
  if (named !== undefined) return { path: named, named: true };
  for (const dir of xdgConfigDirs(env)) {
    const path = join(dir, "airlock", "config.toml");
    if (existsSync(path)) return { path, named: false };
  }
  return undefined;
}

function xdgConfigDirs(env: NodeJS.ProcessEnv): string[] {
  const home = nonEmpty(env.XDG_CONFIG_HOME) ?? join(nonEmpty(env.HOME) ?? homedir(), ".config");
  const system = (nonEmpty(env.XDG_CONFIG_DIRS) ?? "/etc/xdg").split(":");
  // The XDG spec says relative entries are invalid and must be ignored.
  return [home, ...system].filter((dir) => isAbsolute(dir));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
