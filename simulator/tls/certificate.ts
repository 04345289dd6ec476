/**
 * X.509 v3 certificates of the simulator, built with the DER encoder and signed with EC P-256 keys (ECDSA-SHA256):
 *
 * - the self-signed certificate of the HTTPS listener. It is its own CA (basicConstraints CA:TRUE), so clients can
 *   trust exactly this certificate with `ca: <pem>` and keep `rejectUnauthorized: true`. Subject alternative names
 *   cover 127.0.0.1, ::1, localhost and the host the simulator listens on;
 * - the client CA of certificate logins ({@link ClientCa}) and the client certificates it issues, whose common name
 *   is the login (as ONTAP's `security login create -authentication-method cert` expects).
 */
import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign, X509Certificate } from "crypto";
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
  authorityKeyIdentifier: "2.5.29.35",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
};

const DAY_MS = 86_400_000;

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

/** A key pair: the private key object, and the DER SubjectPublicKeyInfo of its public key. */
interface KeyPair {
  privateKey: KeyObject;
  spki: Buffer;
}

function keyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKey, spki: publicKey.export({ type: "spki", format: "der" }) };
}

/** The key identifier: the SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2, method 1; P-256 points are 65 bytes). */
function keyIdentifier(spki: Buffer): Buffer {
  return createHash("sha1")
    .update(spki.subarray(spki.length - 65))
    .digest();
}

interface CertificateRequest {
  subject: Buffer;
  /** The subject key pair. */
  keys: KeyPair;
  /** Issuer name and key; absent for a self-signed certificate. */
  issuer?: { name: Buffer; keys: KeyPair };
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

/** Encodes, signs (ECDSA-SHA256 with the issuer's key) and PEM-encodes a certificate, then parses it back. */
function buildCertificate(request: CertificateRequest): string {
  const issuer = request.issuer ?? { name: request.subject, keys: request.keys };
  const algorithm = der.sequence(der.objectIdentifier(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const tbs = der.sequence(
    der.explicit(0, der.integer(2)),
    der.integer(serial),
    algorithm,
    issuer.name,
    der.sequence(der.time(request.notBefore), der.time(request.notAfter)),
    request.subject,
    request.keys.spki,
    der.explicit(
      3,
      der.sequence(
        ...request.extensions,
        extension(OID.subjectKeyIdentifier, false, der.octetString(keyIdentifier(request.keys.spki))),
        ...(request.issuer
          ? [
              extension(
                OID.authorityKeyIdentifier,
                false,
                der.sequence(der.implicitPrimitive(0, keyIdentifier(issuer.keys.spki))),
              ),
            ]
          : []),
      ),
    ),
  );
  const signature = sign("sha256", tbs, issuer.keys.privateKey);
  const certificate = der.sequence(tbs, algorithm, der.bitString(signature));
  const base64 = certificate.toString("base64").replace(/(.{64})/g, "$1\n");
  const cert = `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`;
  // Parse it back: a malformed encoding fails here, at start, rather than in a client's handshake.
  new X509Certificate(cert);
  return cert;
}

const pkcs8 = (keys: KeyPair): string => keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();

/** basicConstraints CA:TRUE with keyCertSign: a certificate that may issue others. */
function caExtensions(): Buffer[] {
  return [
    extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
    // digitalSignature (bit 0), keyCertSign (bit 5), cRLSign (bit 6): 0b1000_0110, one unused bit.
    extension(OID.keyUsage, true, der.bitString(Buffer.from([0x86]), 1)),
  ];
}

/** Generates a key pair and a certificate valid from one day ago for `days` days. */
export function generateCertificate(host: string, days = 365): GeneratedCertificate {
  const keys = keyPair();
  const now = Date.now();
  const cert = buildCertificate({
    subject: name("ONTAP NDMP simulator"),
    keys,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + days * DAY_MS),
    extensions: [
      ...caExtensions(),
      extension(OID.extKeyUsage, false, der.sequence(der.objectIdentifier(OID.serverAuth))),
      extension(OID.subjectAltName, false, alternativeNames(["127.0.0.1", "::1", "localhost", host])),
    ],
  });
  return { cert, key: pkcs8(keys) };
}

/**
 * A CA that issues client certificates, as the one a cluster trusts with `security certificate install -type
 * client-ca`. Its key stays in memory; only the certificate is shown.
 */
export class ClientCa {
  readonly cert: string;
  readonly #keys: KeyPair;
  readonly #name: Buffer;

  constructor(commonName = "ONTAP NDMP simulator client CA", days = 365) {
    this.#keys = keyPair();
    this.#name = name(commonName);
    const now = Date.now();
    this.cert = buildCertificate({
      subject: this.#name,
      keys: this.#keys,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + days * DAY_MS),
      extensions: caExtensions(),
    });
  }

  /**
   * A client certificate (extendedKeyUsage clientAuth) whose common name is `commonName`, with a new key. Valid from
   * one day ago for a year unless `validity` says otherwise (tests issue expired ones).
   */
  issue(commonName: string, validity: { notBefore?: Date; notAfter?: Date } = {}): GeneratedCertificate {
    const keys = keyPair();
    const now = Date.now();
    const cert = buildCertificate({
      subject: name(commonName),
      keys,
      issuer: { name: this.#name, keys: this.#keys },
      notBefore: validity.notBefore ?? new Date(now - DAY_MS),
      notAfter: validity.notAfter ?? new Date(now + 365 * DAY_MS),
      extensions: [
        extension(OID.basicConstraints, true, der.sequence()),
        // digitalSignature (bit 0): 0b1000_0000, seven unused bits.
        extension(OID.keyUsage, true, der.bitString(Buffer.from([0x80]), 7)),
        extension(OID.extKeyUsage, false, der.sequence(der.objectIdentifier(OID.clientAuth))),
      ],
    });
    return { cert, key: pkcs8(keys) };
  }
}
