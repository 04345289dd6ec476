/**
 * The certificate logins of a simulated cluster (ONTAP: `security login create -user-or-group-name <name>
 * -application http -authentication-method cert`) and the client CA that issues their certificates (the cluster's
 * `security certificate install -type client-ca`). With an output directory, the CA certificate and every issued
 * certificate and key are written there, for clients in other processes (`--client-certs-out`):
 * `client-ca.pem`, `<user>.crt.pem` and `<user>.key.pem` (mode 0600).
 */
import * as fs from "fs";
import * as path from "path";
import { errors } from "../errors";
import { ClientCa, GeneratedCertificate } from "./certificate";

/** Names of certificate logins: they name files too (`--client-certs-out`), so letters, digits, `.`, `_`, `-`. */
const LOGIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Why `name` cannot be a certificate login, or undefined. */
export function certificateLoginProblem(name: unknown): string | undefined {
  if (typeof name !== "string") return `must be a string, not ${name === null ? "null" : typeof name}`;
  return LOGIN_NAME.test(name)
    ? undefined
    : "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or a digit";
}

/** A client certificate with its key, issued for a certificate login. */
export interface ClientCertificate extends GeneratedCertificate {
  /** The login (the certificate's common name). */
  user: string;
}

/** The name of the client CA's file in the output directory. */
export const CLIENT_CA_FILE = "client-ca.pem";

/** Where the certificate and the key of `user` are written in `dir`. */
export function clientCertificateFiles(dir: string, user: string): { cert: string; key: string } {
  return { cert: path.join(dir, `${user}.crt.pem`), key: path.join(dir, `${user}.key.pem`) };
}

/** The certificate logins of a cluster and the client CA that issues their certificates. */
export class CertificateLogins {
  readonly ca = new ClientCa();
  private readonly names = new Set<string>();
  /** The certificate issued last for each login. */
  readonly issued = new Map<string, ClientCertificate>();

  constructor(
    names: readonly string[] = [],
    private readonly outDir?: string,
  ) {
    if (outDir !== undefined) {
      fs.mkdirSync(outDir, { recursive: true });
      fs.writeFileSync(path.join(outDir, CLIENT_CA_FILE), this.ca.cert);
    }
    for (const name of names) this.add(name);
  }

  /**
   * A certificate of the client CA for any common name, without creating a login (tests: an unknown name, a password
   * login, an expired certificate).
   */
  issue(commonName: string, validity?: { notBefore?: Date; notAfter?: Date }): GeneratedCertificate {
    if (typeof commonName !== "string" || commonName === "" || commonName.length > 64) {
      throw errors.invalidValue("common_name", commonName);
    }
    return this.ca.issue(commonName, validity);
  }

  list(): string[] {
    return [...this.names];
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** Adds the login (if new) and issues a new certificate and key for it. Throws on a name that cannot be a login. */
  add(name: string): ClientCertificate {
    const problem = certificateLoginProblem(name);
    if (problem)
      throw errors.invalidValueWithReason("name", String(name).slice(0, 80), `a certificate login ${problem}.`);
    this.names.add(name);
    const issued = { user: name, ...this.ca.issue(name) };
    this.issued.set(name, issued);
    if (this.outDir !== undefined) {
      const files = clientCertificateFiles(this.outDir, name);
      fs.writeFileSync(files.cert, issued.cert);
      fs.writeFileSync(files.key, issued.key, { mode: 0o600 });
      fs.chmodSync(files.key, 0o600);
    }
    return issued;
  }
}
