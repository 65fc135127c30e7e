/**
 * An mTLS client certificate, key and CA bundle read from files that rotate in place (RHSM's
 * rhsmcertd renews /etc/pki/consumer/{cert,key}.pem; Kubernetes swaps mounted secrets). The files are
 * looked at no more than once a second; when one changes, all are read again and checked — the key
 * must be a private key and must match the certificate — before the new material replaces the old.
 * A bad rotation (a half-written pair, a key for another certificate) keeps the last good material in
 * use and is reported as a problem for /readyz, until the files are right again.
 *
 * At start there is no last good material: a missing, unreadable or mismatched file is a config error.
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { AirlockError } from "../canonical/error.ts";
import type { TlsFiles } from "../config/types.ts";
import type { TlsMaterial } from "../upstream/pool.ts";

export type TlsWatch = {
  /** The last good material; the same object until the files change and check out. */
  current(): TlsMaterial;
  /** Why the files on disk are not what is in use, or undefined; for /readyz and the log. */
  problem(): string | undefined;
};

const recheckMs = 1000;

type Field = { readonly key: "cert" | "key" | "ca"; readonly label: string; readonly path: string };

export function openTlsFiles(files: TlsFiles, backend: string): TlsWatch {
  const fields: Field[] = [];
  if (files.certFile !== undefined) fields.push({ key: "cert", label: "cert_file", path: files.certFile });
  if (files.keyFile !== undefined) fields.push({ key: "key", label: "key_file", path: files.keyFile });
  if (files.caFile !== undefined) fields.push({ key: "ca", label: "ca_file", path: files.caFile });
  const where = `backend "${backend}": tls`;

  let version = versionOf(fields, where);
  let material = load(fields, where);
  let failure: string | undefined;
  let checkedAt = Date.now();

  function refresh(): void {
    checkedAt = Date.now();
    let now: string;
    try {
      now = versionOf(fields, where);
    } catch (error) {
      failure = error instanceof AirlockError ? error.message : String(error);
      return;
    }
    if (now === version && failure === undefined) return;
    try {
      material = load(fields, where);
      failure = undefined;
    } catch (error) {
      failure = `${error instanceof AirlockError ? error.message : String(error)}; still using the previous pair`;
    }
    version = now;
  }

  return {
    current() {
      if (Date.now() - checkedAt >= recheckMs) refresh();
      return material;
    },
    problem() {
      if (Date.now() - checkedAt >= recheckMs) refresh();
      return failure;
    },
  };
}

/** Inode, size and mtime of every file: a rename, a rewrite and a symlink swap all change it. */
function versionOf(fields: readonly Field[], where: string): string {
  return fields
    .map((field) => {
      try {
        const stat = statSync(field.path);
        return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      } catch (error) {
        throw notReadable(field, error, where);
      }
    })
    .join("|");
}

function load(fields: readonly Field[], where: string): TlsMaterial {
  const out: { cert?: string; key?: string; ca?: string } = {};
  for (const field of fields) {
    try {
      out[field.key] = readFileSync(field.path, "utf8");
    } catch (error) {
      throw notReadable(field, error, where);
    }
  }
  check(out, fields, where);
  return out;
}

function check(material: TlsMaterial, fields: readonly Field[], where: string): void {
  const path = (key: Field["key"]) => fields.find((field) => field.key === key)?.path ?? "";
  let cert: X509Certificate | undefined;
  if (material.cert !== undefined) {
    cert = parse(
      () => new X509Certificate(material.cert ?? ""),
      `${where} cert_file ${path("cert")}`,
      "a PEM certificate",
    );
  }
  if (material.ca !== undefined) {
    parse(
      () => new X509Certificate(material.ca ?? ""),
      `${where} ca_file ${path("ca")}`,
      "a PEM certificate bundle",
    );
  }
  if (material.key === undefined || cert === undefined) return;
  const key = parse(
    () => createPrivateKey(material.key ?? ""),
    `${where} key_file ${path("key")}`,
    "an unencrypted PEM private key",
  );
  if (!cert.checkPrivateKey(key)) {
    throw new AirlockError(
      "config",
      `${where} key_file ${path("key")} does not match cert_file ${path("cert")} (${cert.subject.replaceAll("\n", ", ")}): ` +
        "they must be one pair; if they are being renewed, wait for both to be written",
    );
  }
}

function parse<T>(make: () => T, what: string, expected: string): T {
  try {
    return make();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AirlockError("config", `${what} does not hold ${expected} (${reason})`);
  }
}

function notReadable(field: Field, error: unknown, where: string): AirlockError {
  const code = error instanceof Error && "code" in error ? String(error.code) : "unreadable";
  return new AirlockError("config", `${where} ${field.label} ${field.path} is not readable (${code})`);
}
