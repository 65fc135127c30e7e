/**
 * The TOML file's schema. Objects are strict: a misspelt key is an error at start, not a setting that
 * silently does nothing. Durations are seconds (fractions allowed).
 *
 * zod takes ~65 ms to load, a third of airlock's start-up, and only a TOML file needs it (the common
 * sidecar is configured by its environment alone): it is required on first use, synchronously.
 */
import { createRequire } from "node:module";
import type { z as Z } from "zod";

export const backendKinds = [
  "openai",
  "openai-compatible",
  "responses",
  "anthropic",
  "vertex",
  "mock",
] as const;
export type BackendKindName = (typeof backendKinds)[number];

type FileSchema = ReturnType<typeof buildSchema>;
let built: FileSchema | undefined;

export function fileSchema(): FileSchema {
  built ??= buildSchema((createRequire(import.meta.url)("zod") as { z: typeof Z }).z);
  return built;
}

function buildSchema(z: typeof Z) {
  const seconds = z.number().positive().max(86_400);
  const nonEmpty = z.string().min(1);

  /** `api_key`, `api_key_env` or `api_key_file`: at most one of them. */
  const secretFields = {
    api_key: nonEmpty.optional(),
    api_key_env: nonEmpty.optional(),
    api_key_file: nonEmpty.optional(),
  };

  const tlsSchema = z.strictObject({
    cert_file: nonEmpty.optional(),
    key_file: nonEmpty.optional(),
    ca_file: nonEmpty.optional(),
  });

  const timeoutsSchema = z.strictObject({
    connect: seconds.optional(),
    first_byte: seconds.optional(),
    idle: seconds.optional(),
    request: seconds.optional(),
  });

  /** Added to every request to the backend; what the client sent wins over `body`. */
  const defaultsSchema = z.strictObject({
    headers: z.record(z.string(), z.string()).optional(),
    body: z.record(z.string(), z.unknown()).optional(),
  });

  const backendSchema = z.strictObject({
    name: nonEmpty.regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' or '-'"),
    kind: z.enum(backendKinds),
    url: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }).optional(),
    models: z.array(nonEmpty).min(1).optional(),
    ...secretFields,
    headers: z.record(z.string(), z.string()).optional(),
    tls: tlsSchema.optional(),
    defaults: defaultsSchema.optional(),
    timeouts: timeoutsSchema.optional(),
    /** `anthropic` and `vertex`: the `anthropic-beta` values passed on; the rest are dropped. */
    anthropic_betas: z.array(nonEmpty).optional(),
    /** `vertex`: the Google Cloud project and location (`global` or a region such as `us-east5`). */
    project: nonEmpty.optional(),
    location: nonEmpty.regex(/^[a-z0-9-]+$/, "`global` or a region such as us-east5").optional(),
    /** `vertex`: an ADC file; otherwise GOOGLE_APPLICATION_CREDENTIALS, gcloud's, or the metadata server. */
    credentials_file: nonEmpty.optional(),
    /** `vertex`: allow `external_account` credentials that run a program to get a token. */
    allow_executable_credentials: z.boolean().optional(),
  });

  const serverSchema = z.strictObject({
    listen: nonEmpty.optional(),
    ...secretFields,
    allow_unauthenticated: z.boolean().optional(),
    default_model: nonEmpty.optional(),
    max_body_bytes: z.int().positive().optional(),
    shutdown_grace: seconds.optional(),
    log_level: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional(),
  });

  const fileSchemaObject = z.strictObject({
    server: serverSchema.optional(),
    aliases: z.record(nonEmpty, nonEmpty).optional(),
    backends: z.array(backendSchema).optional(),
  });

  return { file: fileSchemaObject, backend: backendSchema, server: serverSchema };
}

export type FileConfig = Z.infer<FileSchema["file"]>;
export type FileBackend = Z.infer<FileSchema["backend"]>;
export type FileServer = Z.infer<FileSchema["server"]>;
