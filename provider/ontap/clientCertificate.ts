/**
 * A client certificate and its private key, for ONTAP's certificate authentication: the client presents the
 * certificate in the TLS handshake, and ONTAP takes its common name as the login (one created with
 * `security login create … -authentication-method cert`). Both are loaded with the bounded PEM reader (pem.ts) and
 * checked together before any request, with node's crypto: the key must belong to the certificate, the certificate
 * must be valid now and usable for client authentication. There is no passphrase setting: an encrypted key is
 * refused with the command that decrypts it.
 *
 * Errors are OntapConfigErrors naming the setting (`connection.clientKey`, `stack config ontap:clientKey`,
 * `environment variable ONTAP_CLIENT_KEY`, `--client-key`). They may show the certificate's subject, issuer and dates
 * (public), never a byte of the key.
 */
import { createPrivateKey, X509Certificate } from "crypto";
import { quote } from "./echo";
import { OntapConfigError } from "./errors";
import { checkPemText, loadPem, PEM_KINDS } from "./pem";

/** A client certificate and its key, as PEM text. */
export interface ClientCertificatePair {
  clientCert: string;
  clientKey: string;
}

/** extendedKeyUsage clientAuth, and anyExtendedKeyUsage. */
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
const ANY_USAGE = "2.5.29.37.0";

/** The common name of a certificate's subject, for messages (public, bounded and escaped). */
export function commonNameOf(cert: X509Certificate): string {
  const cn = cert.subject
    .split("\n")
    .find((line) => line.startsWith("CN="))
    ?.slice(3);
  return cn === undefined ? "(no common name)" : quote(cn);
}

/**
 * Checks that `clientKey` is the private key of `clientCert` and that the certificate can authenticate a client at
 * `now`. Both are PEM texts already checked by kind. Throws an OntapConfigError naming the setting to fix.
 */
export function checkClientCertificate(
  pair: ClientCertificatePair,
  names: { clientCert: string; clientKey: string },
  now: Date = new Date(),
): void {
  const cert = new X509Certificate(pair.clientCert);
  const login = commonNameOf(cert);
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (now.getTime() > notAfter.getTime()) {
    throw new OntapConfigError(
      names.clientCert,
      `${names.clientCert}: the client certificate of ${login} expired on ${notAfter.toISOString()}; issue a new one from the CA the cluster trusts (security certificate install -type client-ca) and give it with its key.`,
    );
  }
  if (now.getTime() < notBefore.getTime()) {
    throw new OntapConfigError(
      names.clientCert,
      `${names.clientCert}: the client certificate of ${login} is not valid before ${notBefore.toISOString()}; check this machine's clock, or use a certificate that is valid now.`,
    );
  }
  const usages = cert.keyUsage;
  if (Array.isArray(usages) && !usages.includes(CLIENT_AUTH) && !usages.includes(ANY_USAGE)) {
    throw new OntapConfigError(
      names.clientCert,
      `${names.clientCert}: the certificate of ${login} is not for client authentication (its extended key usage lacks clientAuth, ${CLIENT_AUTH}); give a client certificate.`,
    );
  }
  let matches: boolean;
  try {
    matches = cert.checkPrivateKey(createPrivateKey(pair.clientKey));
  } catch {
    matches = false;
  }
  if (!matches) {
    throw new OntapConfigError(
      names.clientKey,
      `${names.clientKey}: this private key does not belong to the client certificate of ${login} (${names.clientCert}); give the key the certificate was issued for.`,
    );
  }
}

/**
 * Loads a client certificate and its key (each PEM text or the path of a PEM file) and checks them together; both or
 * neither must be given. `where` lists where the missing one can be set, for the message.
 */
export function loadClientCertificate(
  cert: { value: unknown; name: string } | undefined,
  key: { value: unknown; name: string } | undefined,
  where: { clientCert: string; clientKey: string },
  now?: Date,
): ClientCertificatePair | undefined {
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined) {
    throw new OntapConfigError(
      key!.name,
      `${key!.name} is set but no client certificate: set ${where.clientCert} to the certificate of this key (a certificate login needs both).`,
    );
  }
  if (key === undefined) {
    throw new OntapConfigError(
      cert.name,
      `${cert.name} is set but no private key: set ${where.clientKey} to the key of this certificate (a certificate login needs both).`,
    );
  }
  const pair = {
    clientCert: loadPem(cert.value, cert.name, PEM_KINDS.clientCertificate),
    clientKey: loadPem(key.value, key.name, PEM_KINDS.privateKey),
  };
  checkClientCertificate(pair, { clientCert: cert.name, clientKey: key.name }, now);
  return pair;
}

/** The same checks on PEM texts given directly (OntapClient options), named `clientCert` and `clientKey`. */
export function checkClientCertificateText(clientCert: unknown, clientKey: unknown): ClientCertificatePair {
  if (clientCert === undefined || clientKey === undefined) {
    const missing = clientCert === undefined ? "clientCert" : "clientKey";
    throw new OntapConfigError(
      missing,
      `Invalid ${missing}: a certificate login needs both clientCert and clientKey (PEM text).`,
    );
  }
  const pair = {
    clientCert: checkPemText(clientCert, "clientCert", PEM_KINDS.clientCertificate),
    clientKey: checkPemText(clientKey, "clientKey", PEM_KINDS.privateKey),
  };
  checkClientCertificate(pair, { clientCert: "clientCert", clientKey: "clientKey" });
  return pair;
}
