/**
 * HTTP basic authentication. Credentials are compared as SHA-256 digests with `crypto.timingSafeEqual`, against every
 * account without an early exit, so the time taken does not reveal which part of a guess was right. The
 * administrator may do everything; the optional read-only account may only read (ONTAP answers its writes with 403,
 * code 6).
 */
import { createHash, timingSafeEqual } from "crypto";

export interface Account {
  username: string;
  password: string;
  readOnly: boolean;
}

export interface Principal {
  username: string;
  readOnly: boolean;
}

export const REALM = "ONTAP";

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

export class Authenticator {
  private readonly accounts: Array<{ user: Buffer; password: Buffer; principal: Principal }>;

  constructor(accounts: Account[]) {
    this.accounts = accounts.map((a) => ({
      user: digest(a.username),
      password: digest(a.password),
      principal: { username: a.username, readOnly: a.readOnly },
    }));
  }

  /** The principal of an `Authorization: Basic …` header, or undefined when missing or wrong. */
  authenticate(header: string | undefined): Principal | undefined {
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
