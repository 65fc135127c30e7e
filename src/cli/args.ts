import { parseArgs } from "node:util";

export type Command = "serve" | "check" | "healthcheck" | "help" | "version";
export type Args = { command: Command; config: string | undefined; listen: string | undefined };

const commands: readonly string[] = ["serve", "check", "healthcheck"];

/** Throws an Error whose message is fit for the terminal when the arguments make no sense. */
export function parseArguments(argv: readonly string[]): Args {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      config: { type: "string" },
      listen: { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "V" },
    },
  });
  const [first, ...rest] = positionals;
  if (rest.length > 0) throw new Error(`unexpected argument: ${rest[0]}`);
  if (first !== undefined && !commands.includes(first)) throw new Error(`unknown command: ${first}`);
  const command: Command = values.help
    ? "help"
    : values.version
      ? "version"
      : ((first ?? "serve") as Command);
  return { command, config: values.config, listen: values.listen };
}
