/** What distinguishes one HTTP provider kind from another; each kind is one object literal. */
import type { DialectName, Operation } from "../canonical/contract.ts";
import type { EncodeOptions } from "../canonical/dialect.ts";
import type { BackendKindName } from "../config/schema.ts";
import type { BackendConfig } from "../config/types.ts";

export type HttpBackendKind = {
  readonly kind: BackendKindName;
  readonly dialect: DialectName;
  /** The base URL as the provider's SDK takes it; undefined when the config must give one. */
  readonly defaultUrl: string | undefined;
  /**
   * Path below the base URL for each operation the backend takes as it is (passed through). A
   * request for any other operation is translated into `dialect` and sent to that dialect's path.
   */
  readonly paths: Readonly<Partial<Record<Operation, string>>>;
  /** How requests translated into `dialect` are written for this kind of server. */
  readonly encodeOptions: EncodeOptions;
  /** Request headers the provider's API defines that a client may send (lower-case). */
  readonly forwardHeaders: readonly string[];
  /** Response headers worth passing back to the client (lower-case; `x-ratelimit-` matches a prefix). */
  readonly returnHeaders: readonly string[];
  /** How the backend's key goes on the wire. */
  authHeaders(key: string): Record<string, string>;
  /**
   * The client's allowed headers as this kind sends them on, where it fills in or filters values
   * (Anthropic's required version, its beta allowlist); as they are when absent.
   */
  clientHeaders?(headers: Readonly<Record<string, string>>, config: BackendConfig): Record<string, string>;
};

const allOperations: readonly Operation[] = ["chat", "responses", "messages", "count-tokens", "generate"];

/** The operations a kind takes as they are: those it has a path for. */
export function operationsOf(kind: HttpBackendKind): ReadonlySet<Operation> {
  return new Set(allOperations.filter((operation) => kind.paths[operation] !== undefined));
}
