/**
 * PEM settings (a CA certificate, a client certificate and its private key) given either as PEM text or
 * as the path of a file holding it. The one reader of such files, bounded in every way a user's input can stretch it:
 *
 * - regular files only: a FIFO, a character device (`/dev/zero`, `/dev/urandom`, a terminal), a socket, a block
 *   device or a directory is refused from `fstat` before a byte is read. The file is opened non-blocking, so opening
 *   a FIFO nobody writes to returns at once instead of waiting for a writer;
 * - at most {@link MAX_PEM_BYTES} bytes, checked on the size `fstat` reports and again while reading (a file that
 *   grows is cut off), for PEM text given inline too;
 * - the path itself: not empty, at most 4096 characters, no control or invisible character.
 *
 * Errors are OntapConfigErrors naming the setting (`connection.caCert`, `stack config ontap:caCert`, `--ca-cert`),
 * the path (bounded and escaped: paths are not secrets) and what is allowed. PEM text is never shown: for a private
 * key it is a secret, and for any kind it is noise.
 */
import { createPrivateKey, X509Certificate } from "crypto";
import * as fs from "fs";
import { quote } from "./echo";
import { OntapConfigError } from "./errors";

/** Largest PEM file or text accepted: a CA bundle of several hundred certificates fits. */
export const MAX_PEM_BYTES = 1024 * 1024;
/** Longest path accepted (Linux PATH_MAX). */
export const MAX_PATH_LENGTH = 4096;

/** What a PEM setting holds, with how to recognise and check it. */
export interface PemKind {
  /** For messages: `CA certificate`, `client certificate`, `private key`. */
  label: string;
  /** The BEGIN line(s) of this kind, e.g. `-----BEGIN CERTIFICATE-----`. */
  begin: RegExp;
  /** An example BEGIN line for messages. */
  example: string;
  /** Throws when the text is not readable as this kind. */
  parse(text: string): void;
  /** Whether a valid text may be remembered in this process (never for secrets). */
  cacheable: boolean;
  /** Why a text of this kind is refused before parsing (e.g. an encrypted key), said in words; undefined when not. */
  refuse?(text: string): string | undefined;
}

/** The command that writes a decrypted copy of an encrypted private key (it asks for the passphrase). */
export const DECRYPT_COMMAND = "openssl pkey -in key.pem -out key-decrypted.pem";

/** PKCS#8 `ENCRYPTED PRIVATE KEY`, or a traditional OpenSSL PEM key with `Proc-Type: 4,ENCRYPTED`. */
function encryptedKeyProblem(text: string): string | undefined {
  if (!/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,\s*ENCRYPTED/.test(text)) return undefined;
  return (
    "is encrypted with a passphrase, which this package does not take: decrypt it once " +
    `(\`${DECRYPT_COMMAND}\`) and give the decrypted key, kept as a secret`
  );
}

export const PEM_KINDS = {
  caCertificate: {
    label: "CA certificate",
    begin: /-----BEGIN CERTIFICATE-----/,
    example: "-----BEGIN CERTIFICATE-----",
    parse: (text: string) => void new X509Certificate(text),
    cacheable: true,
  },
  clientCertificate: {
    label: "client certificate",
    begin: /-----BEGIN CERTIFICATE-----/,
    example: "-----BEGIN CERTIFICATE-----",
    parse: (text: string) => void new X509Certificate(text),
    cacheable: true,
  },
  privateKey: {
    label: "private key",
    begin: /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/,
    example: "-----BEGIN PRIVATE KEY-----",
    parse: (text: string) => void createPrivateKey(text),
    cacheable: false,
    refuse: encryptedKeyProblem,
  },
} as const satisfies Record<string, PemKind>;

/** PEM texts already parsed in this process, per kind (certificates only: they are public). */
const parsed = new Map<string, Set<string>>();

const FILE_TYPES: Array<[(s: fs.Stats) => boolean, string]> = [
  [(s) => s.isDirectory(), "a directory"],
  [(s) => s.isFIFO(), "a FIFO (named pipe)"],
  [(s) => s.isCharacterDevice(), "a character device"],
  [(s) => s.isBlockDevice(), "a block device"],
  [(s) => s.isSocket(), "a socket"],
];

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${bytes} bytes`;
}

/**
 * The text of the regular file at `path`, at most `maxBytes` bytes; throws an OntapConfigError naming `setting` for
 * anything else (missing, unreadable, not a regular file, too large, not UTF-8 text).
 */
export function readBoundedFile(path: string, setting: string, what: string, maxBytes = MAX_PEM_BYTES): string {
  const fail = (reason: string): never => {
    throw new OntapConfigError(setting, `${setting}: cannot read ${what} file ${quote(path)} (${reason}).`);
  };
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO without a writer returns at once; fstat then refuses it.
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return fail((err as NodeJS.ErrnoException).code ?? "unreadable");
  }
  try {
    const stats = fs.fstatSync(fd);
    for (const [test, kind] of FILE_TYPES) if (test(stats)) fail(`${kind}, not a regular file`);
    if (!stats.isFile()) fail("not a regular file");
    if (stats.size > maxBytes) fail(`${sizeText(stats.size)}, more than the ${sizeText(maxBytes)} allowed`);
    // Read in chunks until the end, never past maxBytes + 1 (the file may grow while it is read).
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - length));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > maxBytes) fail(`more than the ${sizeText(maxBytes)} allowed`);
    }
    return Buffer.concat(chunks, length).toString("utf8");
  } catch (err) {
    if (err instanceof OntapConfigError) throw err;
    return fail((err as NodeJS.ErrnoException).code ?? "unreadable");
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Checks PEM text of `kind`; returns it. Throws an OntapConfigError naming `setting` when it is too large, holds no
 * BEGIN line of that kind, or does not parse. `source` says where the text came from in messages (`the PEM text`, or
 * `the PEM in "<path>"`).
 */
export function checkPemText(text: unknown, setting: string, kind: PemKind, source = "the PEM text"): string {
  const expected = `give the PEM of the ${kind.label} (${kind.example} …), or the path of a file holding it`;
  if (typeof text !== "string") {
    throw new OntapConfigError(
      setting,
      `${setting}: must be PEM text or the path of a PEM file, not ${text === null ? "null" : typeof text}; ${expected}.`,
    );
  }
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_PEM_BYTES) {
    throw new OntapConfigError(
      setting,
      `${setting}: ${source} has ${sizeText(bytes)}, more than the ${sizeText(MAX_PEM_BYTES)} allowed; ${expected}.`,
    );
  }
  if (!kind.begin.test(text)) {
    throw new OntapConfigError(setting, `${setting}: ${source} does not contain a PEM ${kind.label}; ${expected}.`);
  }
  const refused = kind.refuse?.(text);
  if (refused) throw new OntapConfigError(setting, `${setting}: the ${kind.label} in ${source} ${refused}.`);
  const known = parsed.get(kind.label);
  if (known?.has(text)) return text;
  try {
    kind.parse(text);
  } catch {
    throw new OntapConfigError(setting, `${setting}: ${source} is not a readable ${kind.label}; ${expected}.`);
  }
  if (kind.cacheable) {
    if (known) known.add(text);
    else parsed.set(kind.label, new Set([text]));
  }
  return text;
}

/**
 * A PEM setting's value: PEM text (recognised by a `-----BEGIN …-----` line) or the path of a file holding it, read
 * with {@link readBoundedFile}. Returns the checked PEM text; throws an OntapConfigError naming `setting`.
 */
export function loadPem(value: unknown, setting: string, kind: PemKind): string {
  if (typeof value !== "string") return checkPemText(value, setting, kind);
  if (/-----BEGIN [A-Z0-9 ]+-----/.test(value)) return checkPemText(value, setting, kind);
  const path = value.trim();
  const length = Array.from(path).length;
  // A value with a line break, a control character or of absurd length is not a path: probably broken PEM text.
  if (path === "" || length > MAX_PATH_LENGTH || /[\p{Cc}\p{Cf}]/u.test(path)) {
    throw new OntapConfigError(
      setting,
      `${setting}: is neither PEM text (${kind.example} …) nor the path of a file (${path === "" ? "it is blank" : `${length} characters${/[\p{Cc}\p{Cf}]/u.test(path) ? " with control or invisible characters" : ""}`}); give the PEM of the ${kind.label} or the path of a file holding it.`,
    );
  }
  const text = readBoundedFile(path, setting, kind.label);
  return checkPemText(text, setting, kind, `the PEM in ${quote(path)}`);
}
