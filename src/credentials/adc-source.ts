/**
 * Where Google Application Default Credentials come from, in the order Google's libraries search:
 * the config's `credentials_file`, else GOOGLE_APPLICATION_CREDENTIALS, else gcloud's
 * `application_default_credentials.json`, else the metadata server (GCE, GKE workload identity,
 * Cloud Run). airlock does the search itself, rather than leaving it to google-auth-library, so that
 * readiness can say which source it tried and so that a credential file is read — and checked —
 * before the library acts on it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The parts of an ADC JSON file airlock looks at; the library reads the rest. */
export type CredentialJson = Readonly<Record<string, unknown>> & { readonly type: string };

export type AdcSource =
  | {
      readonly kind: "file";
      /** Which setting named the file: shown in readiness messages. */
      readonly via: "credentials_file" | "GOOGLE_APPLICATION_CREDENTIALS" | "gcloud ADC";
      readonly path: string;
      readonly json: CredentialJson;
    }
  | { readonly kind: "metadata"; readonly host: string };

/** A source that cannot be used: `message` may be shown to anyone, `detail` goes to the log only. */
export type AdcSourceProblem = { readonly message: string; readonly detail: string };

export type SourceOptions = {
  readonly credentialsFile: string | undefined;
  readonly allowExecutableCredentials: boolean;
  readonly env: NodeJS.ProcessEnv;
};

/** Finds the source to use now; files are read each time, so a fixed or remounted file is picked up. */
export function findAdcSource(options: SourceOptions): AdcSource | AdcSourceProblem {
  const { env } = options;
  if (options.credentialsFile !== undefined)
    return readSource("credentials_file", options.credentialsFile, options);
  const fromEnv = env.GOOGLE_APPLICATION_CREDENTIALS;
  if (fromEnv !== undefined && fromEnv !== "")
    return readSource("GOOGLE_APPLICATION_CREDENTIALS", fromEnv, options);
  const gcloud = gcloudFile(env);
  if (gcloud !== undefined && existsSync(gcloud)) return readSource("gcloud ADC", gcloud, options);
  // The library's own switch for "not on Google Cloud": honoured so that an operator can rule the
  // metadata server out instead of waiting for it to time out.
  if (env.METADATA_SERVER_DETECTION?.trim().toLowerCase() === "none") {
    return {
      message:
        "no Google Cloud credentials found (credentials_file, GOOGLE_APPLICATION_CREDENTIALS, gcloud ADC)",
      detail: "no credential file, and METADATA_SERVER_DETECTION=none rules out the metadata server",
    };
  }
  return { kind: "metadata", host: env.GCE_METADATA_IP || env.GCE_METADATA_HOST || "169.254.169.254" };
}

/** What readiness messages call a source. */
export function describeSource(source: AdcSource): string {
  return source.kind === "metadata" ? "the metadata server" : source.via;
}

/** The same, with where it is: for the log. */
export function locateSource(source: AdcSource): string {
  return source.kind === "metadata"
    ? `the metadata server at ${source.host}`
    : `${source.via} ${source.path}`;
}

/** Whether a source is an `external_account` credential that runs a program for its token. */
export function runsExecutable(source: AdcSource): boolean {
  if (source.kind !== "file" || source.json.type !== "external_account") return false;
  const credentialSource = source.json.credential_source;
  return (
    typeof credentialSource === "object" && credentialSource !== null && "executable" in credentialSource
  );
}

function gcloudFile(env: NodeJS.ProcessEnv): string | undefined {
  if (env.CLOUDSDK_CONFIG) return join(env.CLOUDSDK_CONFIG, "application_default_credentials.json");
  if (env.HOME) return join(env.HOME, ".config", "gcloud", "application_default_credentials.json");
  return undefined;
}

function readSource(
  via: "credentials_file" | "GOOGLE_APPLICATION_CREDENTIALS" | "gcloud ADC",
  path: string,
  options: SourceOptions,
): AdcSource | AdcSourceProblem {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "unreadable";
    return { message: `${via}: credential file not readable`, detail: `${via} ${path}: ${code}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Never the parser's message: it quotes the text, and the text is a key.
    return { message: `${via}: credential file is not JSON`, detail: `${via} ${path}: not JSON` };
  }
  if (typeof value !== "object" || value === null || !("type" in value) || typeof value.type !== "string") {
    return {
      message: `${via}: credential file has no "type"`,
      detail: `${via} ${path}: expected an ADC JSON file (service_account, authorized_user, external_account, …)`,
    };
  }
  const source: AdcSource = { kind: "file", via, path, json: value as CredentialJson };
  if (runsExecutable(source) && !options.allowExecutableCredentials) {
    // A credential file that names a program would have airlock run it: only when the operator says so.
    return {
      message: `${via}: external_account credential runs a program; set allow_executable_credentials = true to allow it`,
      detail: `${via} ${path}: credential_source.executable is set and allow_executable_credentials is false`,
    };
  }
  return source;
}
