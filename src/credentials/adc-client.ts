/**
 * An ADC source -> google-auth-library's client for it. Each credential type is built with its own
 * client class (what the library's deprecation notes ask for) rather than through GoogleAuth's file
 * loader, which warns on stderr and would read the file again after airlock checked it.
 *
 * Every client gets one transporter with a request timeout, so that a token endpoint that hangs
 * fails instead of holding every request that waits for it.
 */
import type {
  AuthClient,
  AwsClientOptions,
  ExternalAccountAuthorizedUserClientOptions,
  IdentityPoolClientOptions,
  PluggableAuthClientOptions,
} from "google-auth-library";
import { type AdcSource, runsExecutable } from "./adc-source.ts";

type Library = typeof import("google-auth-library");

export const cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

/** The token endpoint google-auth-library's service-account client always posts to. */
const googleTokenUrl = "https://oauth2.googleapis.com/token";

export type ClientOptions = {
  /** How long before expiry the library fetches a new token instead of returning its cached one. */
  readonly refreshMarginMs: number;
  readonly timeoutMs: number;
};

export async function buildAuthClient(
  library: Library,
  source: AdcSource,
  options: ClientOptions,
): Promise<AuthClient> {
  const common = {
    eagerRefreshThresholdMillis: options.refreshMarginMs,
    transporter: new library.gaxios.Gaxios({ timeout: options.timeoutMs }),
  };
  if (source.kind === "metadata") {
    // The library's metadata client, straight: no detection probe first (that probe is what hangs in
    // sandboxed networks); the token request itself is bounded by the caller.
    return new library.Compute({ ...common, scopes: [cloudPlatformScope] });
  }
  const { json } = source;
  switch (json.type) {
    case "service_account": {
      const tokenUri = text(json, "token_uri");
      // The library ignores the key's `token_uri` and always uses Google's; Google's other libraries
      // (Python, Go) honour it, and so does airlock: a key made for another endpoint means that one.
      if (tokenUri !== undefined && tokenUri !== googleTokenUrl)
        redirectTokenRequests(common.transporter, tokenUri);
      return new library.JWT({
        ...common,
        ...defined({
          email: text(json, "client_email"),
          key: text(json, "private_key"),
          keyId: text(json, "private_key_id"),
        }),
        scopes: [cloudPlatformScope],
      });
    }
    case "authorized_user":
      // `gcloud auth application-default login`: a refresh token for the user's own account.
      return new library.UserRefreshClient({
        ...common,
        ...defined({
          clientId: text(json, "client_id"),
          clientSecret: text(json, "client_secret"),
          refreshToken: text(json, "refresh_token"),
          quotaProjectId: text(json, "quota_project_id"),
        }),
      });
    case "external_account": {
      // Workload identity federation. The library runs an executable source only when this variable
      // says so; airlock sets it only after the operator allowed such a credential for this backend.
      if (runsExecutable(source)) process.env.GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES = "1";
      // The file's own fields, as the library's loader passes them; its constructors check them.
      const settings = { ...json, ...common, scopes: [cloudPlatformScope] };
      const credentialSource = json.credential_source;
      const has = (field: string) =>
        typeof credentialSource === "object" && credentialSource !== null && field in credentialSource;
      if (has("environment_id")) return new library.AwsClient(settings as unknown as AwsClientOptions);
      if (has("executable"))
        return new library.PluggableAuthClient(settings as unknown as PluggableAuthClientOptions);
      return new library.IdentityPoolClient(settings as unknown as IdentityPoolClientOptions);
    }
    case "external_account_authorized_user":
      return new library.ExternalAccountAuthorizedUserClient({
        ...json,
        ...common,
      } as unknown as ExternalAccountAuthorizedUserClientOptions);
    default: {
      // Impersonation and the rarer types: the library's own loader, which knows them all.
      const auth = new library.GoogleAuth({ keyFilename: source.path, scopes: [cloudPlatformScope] });
      return auth.getClient();
    }
  }
}

/** Sends the service-account client's token request to the key's own `token_uri`. */
function redirectTokenRequests(transporter: import("google-auth-library").gaxios.Gaxios, tokenUri: string) {
  const target = new URL(tokenUri);
  transporter.interceptors.request.add({
    resolved: async (request) => {
      if (request.url.href === googleTokenUrl) request.url = target;
      return request;
    },
  });
}

function text(json: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const value = json[field];
  return typeof value === "string" ? value : undefined;
}

/** The fields that have a value: optional properties may be absent but not undefined. */
function defined<T extends Record<string, string | undefined>>(fields: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: string;
  };
}
