/**
 * A throwaway PKI made with `openssl` at test time: a CA, a server certificate for 127.0.0.1, and
 * client certificates signed by the CA (RHSM-style: a CN naming the consumer). Nothing is checked in.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Pair = { readonly cert: string; readonly key: string };

export type Pki = {
  readonly dir: string;
  /** Path of the CA certificate. */
  readonly ca: string;
  readonly server: Pair;
  /** Issues a client pair signed by the CA; paths of PEM files. */
  issueClient(commonName: string): Pair;
  /** A pair from a CA nobody trusts. */
  issueStranger(commonName: string): Pair;
  read(path: string): string;
  remove(): void;
};

function openssl(args: readonly string[]): void {
  execFileSync("openssl", args, { stdio: "pipe" });
}

export function createPki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), "airlock-pki-"));
  const at = (name: string) => join(dir, name);
  let serial = 1;
  const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

  function makeCa(name: string): Pair {
    const pair = { cert: at(`${name}.pem`), key: at(`${name}.key`) };
    openssl([
      "req",
      "-x509",
      ...key,
      "-keyout",
      pair.key,
      "-out",
      pair.cert,
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
    ]);
    return pair;
  }

  function issue(ca: Pair, name: string, commonName: string, extension: string): Pair {
    const pair = { cert: at(`${name}.pem`), key: at(`${name}.key`) };
    const csr = at(`${name}.csr`);
    const ext = at(`${name}.ext`);
    writeFileSync(ext, `${extension}\n`);
    openssl(["req", ...key, "-keyout", pair.key, "-out", csr, "-subj", `/O=airlock-test/CN=${commonName}`]);
    openssl([
      ...["x509", "-req", "-in", csr, "-CA", ca.cert, "-CAkey", ca.key, "-out", pair.cert],
      ...["-days", "2", "-set_serial", String(serial++), "-extfile", ext],
    ]);
    return pair;
  }

  const ca = makeCa("ca");
  const server = issue(ca, "server", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
  let clients = 0;
  let strangers = 0;
  let strangerCa: Pair | undefined;
  return {
    dir,
    ca: ca.cert,
    server,
    issueClient: (commonName) => issue(ca, `client-${clients++}`, commonName, "extendedKeyUsage=clientAuth"),
    issueStranger(commonName) {
      strangerCa ??= makeCa("stranger-ca");
      return issue(strangerCa, `stranger-${strangers++}`, commonName, "extendedKeyUsage=clientAuth");
    },
    read: (path) => readFileSync(path, "utf8"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
