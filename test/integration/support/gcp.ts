/**
 * Google Cloud's side of Application Default Credentials, on loopback, for the `vertex` tests:
 * - a service-account key made at test time (an RSA pair from node:crypto) whose `token_uri` is
 * - a token server that checks the JWT assertion's RS256 signature against the key's public half
 *   and hands out an obvious test token;
 * - a metadata server speaking the GCE protocol (`Metadata-Flavor: Google` both ways), which airlock
 *   finds through GCE_METADATA_HOST.
 * Every token is generated per run and counted, so tests can tell which source served one.
 */
import { generateKeyPairSync, type KeyObject, randomUUID, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type TokenSource = {
  readonly url: string;
  /** Tokens handed out so far, newest last. */
  readonly issued: string[];
  /** Requests refused (a bad signature, a missing header). */
  readonly refused: string[];
  close(): Promise<void>;
};

export type ServiceAccountKey = {
  readonly json: Record<string, string>;
  readonly publicKey: KeyObject;
};

export function makeServiceAccountKey(tokenUri: string): ServiceAccountKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    publicKey,
    json: {
      type: "service_account",
      project_id: "airlock-test-project",
      private_key_id: randomUUID(),
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      client_email: "airlock-test@airlock-test-project.iam.gserviceaccount.com",
      client_id: "1234567890",
      token_uri: tokenUri,
    },
  };
}

/** An OAuth token endpoint for the JWT-bearer grant, trusting one service account's public key. */
export async function startTokenServer(key: () => ServiceAccountKey): Promise<TokenSource> {
  const issued: string[] = [];
  const refused: string[] = [];
  const server = createServer(async (req, res) => {
    const form = new URLSearchParams(await readText(req));
    const problem = checkAssertion(form, key());
    if (problem !== undefined) {
      refused.push(problem);
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "invalid_grant", error_description: problem }));
      return;
    }
    const token = `test-sa-token-${randomUUID()}`;
    issued.push(token);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ access_token: token, expires_in: 3600, token_type: "Bearer" }));
  });
  const url = await listen(server);
  return { url: `${url}/token`, issued, refused, close: () => close(server) };
}

function checkAssertion(form: URLSearchParams, key: ServiceAccountKey): string | undefined {
  if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") return "wrong grant_type";
  const [header = "", payload = "", signature = ""] = (form.get("assertion") ?? "").split(".");
  const signed = Buffer.from(`${header}.${payload}`);
  if (!verify("RSA-SHA256", signed, key.publicKey, Buffer.from(signature, "base64url"))) {
    return "Invalid JWT Signature.";
  }
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  if (claims.iss !== key.json.client_email) return "wrong issuer";
  if (!String(claims.scope).split(" ").includes("https://www.googleapis.com/auth/cloud-platform")) {
    return "missing cloud-platform scope";
  }
  return undefined;
}

/** The GCE metadata server's token endpoint for the default service account. */
export async function startMetadataServer(): Promise<TokenSource & { readonly host: string }> {
  const issued: string[] = [];
  const refused: string[] = [];
  const server = createServer((req, res) => {
    const flavor = { "metadata-flavor": "Google" };
    if (req.headers["metadata-flavor"] !== "Google") {
      refused.push(`no Metadata-Flavor on ${req.url}`);
      res.writeHead(403, flavor);
      res.end("Missing Metadata-Flavor:Google header.");
      return;
    }
    const url = new URL(req.url ?? "/", "http://metadata");
    if (url.pathname === "/computeMetadata/v1/instance/service-accounts/default/token") {
      const token = `test-metadata-token-${randomUUID()}`;
      issued.push(token);
      res.writeHead(200, { ...flavor, "content-type": "application/json" });
      res.end(JSON.stringify({ access_token: token, expires_in: 3599, token_type: "Bearer" }));
      return;
    }
    res.writeHead(404, flavor);
    res.end("not found");
  });
  const url = await listen(server);
  return { url, host: url.slice("http://".length), issued, refused, close: () => close(server) };
}

export function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
  });
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
