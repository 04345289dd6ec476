/**
 * A self-signed X.509 v3 certificate for the simulator's HTTPS listener, built with the DER encoder and signed with
 * an EC P-256 key (ECDSA-SHA256). It is its own CA (basicConstraints CA:TRUE), so clients can trust exactly this
 * certificate with `ca: <pem>` and keep `rejectUnauthorized: true`. Subject alternative names cover 127.0.0.1, ::1,
 * localhost and the host the simulator listens on.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate } from "crypto";
import { isIP } from "net";
import * as der from "./der";

export interface GeneratedCertificate {
  /** The certificate, PEM. */
  cert: string;
  /** Its private key, PKCS#8 PEM. Stays in memory. */
  key: string;
}

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
};

function name(commonName: string): Buffer {
  return der.sequence(
    der.set(der.sequence(der.objectIdentifier(OID.organization), der.utf8String("pulumi-ontap-ndmp simulator"))),
    der.set(der.sequence(der.objectIdentifier(OID.commonName), der.utf8String(commonName))),
  );
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.objectIdentifier(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

function ipBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split(".").map(Number));
  // IPv6: expand "::" and write the eight 16-bit groups.
  const [head, tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") && tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right]
    : address.split(":");
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g || "0", 16), i * 2));
  return out;
}

function alternativeNames(hosts: string[]): Buffer {
  const names: Buffer[] = [];
  const seen = new Set<string>();
  for (const host of hosts) {
    const bare = host.replace(/^\[|\]$/g, "");
    if (!bare || seen.has(bare) || bare === "0.0.0.0" || bare === "::") continue;
    seen.add(bare);
    names.push(
      isIP(bare) ? der.implicitPrimitive(7, ipBytes(bare)) : der.implicitPrimitive(2, Buffer.from(bare, "ascii")),
    );
  }
  return der.sequence(...names);
}

/** Generates a key pair and a certificate valid from one day ago for `days` days. */
export function generateCertificate(host: string, days = 365): GeneratedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  // The key identifier is the SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2, method 1); the EC point is the
  // last 65 bytes of the SPKI for P-256.
  const keyId = createHash("sha1")
    .update(spki.subarray(spki.length - 65))
    .digest();
  const now = Date.now();
  const algorithm = der.sequence(der.objectIdentifier(OID.ecdsaWithSha256));
  const subject = name("ONTAP NDMP simulator");
  const serial = randomBytes(16);
  serial[0] &= 0x7f;

  const tbs = der.sequence(
    der.explicit(0, der.integer(2)),
    der.integer(serial),
    algorithm,
    subject,
    der.sequence(der.time(new Date(now - 86_400_000)), der.time(new Date(now + days * 86_400_000))),
    subject,
    spki,
    der.explicit(
      3,
      der.sequence(
        extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
        // digitalSignature (bit 0), keyCertSign (bit 5), cRLSign (bit 6): 0b1000_0110, one unused bit.
        extension(OID.keyUsage, true, der.bitString(Buffer.from([0x86]), 1)),
        extension(OID.extKeyUsage, false, der.sequence(der.objectIdentifier(OID.serverAuth))),
        extension(OID.subjectKeyIdentifier, false, der.octetString(keyId)),
        extension(OID.subjectAltName, false, alternativeNames(["127.0.0.1", "::1", "localhost", host])),
      ),
    ),
  );
  const signature = sign("sha256", tbs, privateKey);
  const certificate = der.sequence(tbs, algorithm, der.bitString(signature));
  const base64 = certificate.toString("base64").replace(/(.{64})/g, "$1\n");
  const cert = `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`;
  // Parse it back: a malformed encoding fails here, at start, rather than in a client's handshake.
  new X509Certificate(cert);
  return { cert, key: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}
