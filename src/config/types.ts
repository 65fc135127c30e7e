/** The effective configuration: every source merged, defaults applied, nothing left to interpret. */
import type { BackendKindName } from "./schema.ts";

/** Where a secret comes from. The value itself is read by credentials/, never stored here. */
export type SecretSource =
  /** A value given inline or through an environment variable; `origin` says which, for messages. */
  | { readonly from: "value"; readonly value: string; readonly origin: string }
  /** A file, re-read when it changes (mounted secrets rotate in place). */
  | { readonly from: "file"; readonly path: string; readonly origin: string };

export type Listen = { readonly host: string; readonly port: number };

export type Timeouts = {
  readonly connectMs: number;
  readonly firstByteMs: number;
  readonly idleMs: number;
  readonly requestMs: number;
};

export type TlsFiles = {
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly caFile?: string;
};

export type BackendConfig = {
  readonly name: string;
  readonly kind: BackendKindName;
  readonly url: string | undefined;
  readonly models: readonly string[];
  readonly apiKey: SecretSource | undefined;
  /** Static headers: `headers` and `defaults.headers` together. */
  readonly headers: Readonly<Record<string, string>>;
  /** `defaults.body`: top-level fields added to every request body unless the request has them. */
  readonly defaultBody: Readonly<Record<string, unknown>> | undefined;
  readonly tls: TlsFiles | undefined;
  readonly timeouts: Timeouts;
  /** `anthropic-beta` values passed on to the backend; undefined passes all (anthropic) or the kind's default list. */
  readonly anthropicBetas: readonly string[] | undefined;
  /** `vertex` only. */
  readonly vertex: VertexSettings | undefined;
};

export type VertexSettings = {
  readonly project: string;
  /** `global` or a region such as `us-east5`. */
  readonly location: string;
  /** An ADC JSON file given in the config; otherwise google-auth-library's own search. */
  readonly credentialsFile: string | undefined;
  /** `external_account` credentials whose token comes from running a program. */
  readonly allowExecutableCredentials: boolean;
};

export type ServerConfig = {
  readonly listen: Listen;
  readonly clientToken: SecretSource | undefined;
  readonly allowUnauthenticated: boolean;
  readonly defaultModel: string | undefined;
  readonly maxBodyBytes: number;
  readonly shutdownGraceMs: number;
  readonly logLevel: string;
};

export type Config = {
  /** The TOML file the configuration came from, if any. */
  readonly file: string | undefined;
  readonly server: ServerConfig;
  readonly aliases: Readonly<Record<string, string>>;
  readonly backends: readonly BackendConfig[];
};
