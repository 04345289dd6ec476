/**
 * Authentication, as a cluster's HTTP application does it:
 *
 * - HTTP basic authentication. Credentials are compared as SHA-256 digests with `crypto.timingSafeEqual`, against
 *   every account without an early exit, so the time taken does not reveal which part of a guess was right. The
 *   administrator may do everything; the optional read-only account may only read (ONTAP answers its writes with
 *   403, code 6).
 * - Certificate logins (ONTAP: `security login create … -authentication-method cert`): the TLS listener asks every
 *   client for a certificate but accepts a handshake without one (`requestCert: true, rejectUnauthorized: false`), so
 *   basic auth keeps working; a request that presented a certificate is authenticated by it alone: issued by the
 *   simulator's client CA (the cluster's `-type client-ca` certificate), currently valid, and with a common name that
 *   is a certificate login. Anything else is a 401, whatever Authorization header came with it.
 */
import { createHash, timingSafeEqual } from "crypto";
import type { CertificateLogins } from "./tls/logins";

export interface Account {
  username: string;
  password: string;
  readOnly: boolean;
}

export interface Principal {
  username: string;
  readOnly: boolean;
  /** How the request was authenticated. */
  method: "password" | "certificate";
}

/** What the TLS layer says about the client's certificate. */
export interface PeerCertificate {
  /** True when the client presented a certificate at all. */
  presented: boolean;
  /** True when it chains to the client CA and is currently valid (Node's `socket.authorized`). */
  verified: boolean;
  /** The subject's common name, when it has exactly one. */
  commonName?: string;
}

export const REALM = "ONTAP";

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

export class Authenticator {
  private readonly accounts: Array<{ user: Buffer; password: Buffer; principal: Principal }>;

  constructor(
    accounts: Account[],
    private readonly certificateLogins?: CertificateLogins,
  ) {
    this.accounts = accounts.map((a) => ({
      user: digest(a.username),
      password: digest(a.password),
      principal: { username: a.username, readOnly: a.readOnly, method: "password" },
    }));
  }

  /**
   * The principal of a request: by its client certificate when it presented one, else by its `Authorization: Basic …`
   * header. Undefined when missing or wrong.
   */
  authenticate(header: string | undefined, peer?: PeerCertificate): Principal | undefined {
    if (peer?.presented) return this.byCertificate(peer);
    return this.byPassword(header);
  }

  private byCertificate(peer: PeerCertificate): Principal | undefined {
    const name = peer.commonName;
    if (!peer.verified || name === undefined || !this.certificateLogins?.has(name)) return undefined;
    return { username: name, readOnly: false, method: "certificate" };
  }

  private byPassword(header: string | undefined): Principal | undefined {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
    if (!match) return undefined;
    const decoded = Buffer.from(match[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    const user = digest(decoded.slice(0, colon));
    const password = digest(decoded.slice(colon + 1));
    let found: Principal | undefined;
    for (const account of this.accounts) {
      const userOk = timingSafeEqual(user, account.user);
      const passwordOk = timingSafeEqual(password, account.password);
      if (userOk && passwordOk && !found) found = account.principal;
    }
    return found;
  }
}
