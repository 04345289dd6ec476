/**
 * ONTAP's rules for the identifiers users give: SVM and node names (looked up by name in ONTAP queries), user names,
 * UUIDs and session ids. Each `…Problem` function returns why a value is refused (naming the rule), or undefined;
 * the resources' `check`, the data functions and the CLI call them before any request, each in its own words, so a
 * value ONTAP itself never accepts fails at once instead of being sent.
 *
 * - SVM names: at most 47 characters, and not `all`, a reserved name (ONTAP 9.9.1 `vserver create`, parameter
 *   `-vserver`: https://docs.netapp.com/us-en/ontap-cli-991/vserver-create.html). The same page advises a fully
 *   qualified domain name (`data.example.com`), whose characters are letters, digits, `.` and `-`; ONTAP also takes the
 *   underscore (FSx for ONTAP documents SVM names as "a maximum of 47 alphanumeric characters, plus the underscore",
 *   https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/fsx_ontap_storage_virtual_machine).
 *   None of ONTAP's query operators (`* | , ! < > { } "`), no space, no control, invisible or non-ASCII character.
 * - Node names: letters, digits, `-` and `_`, starting with a letter and ending with a letter or digit, at most 47
 *   characters, and not `all`, `cluster`, `local` or `localhost` (ONTAP `system node rename`, parameter `-newname`:
 *   https://docs.netapp.com/us-en/ontap-cli/system-node-rename.html).
 * - User names (an NDMP node user, the SVM user of a password lookup): not empty, at most 256 characters, no control
 *   or invisible character. ONTAP has its own rules for accounts; these bounds only keep absurd values from requests.
 * - Session ids: `2000` (node scope) or `2000:4000` (SVM scope), digits only.
 */
import { firstUnsafeCharacter } from "./echo";
import { isUuid } from "./schema/identifiers";

/** Longest SVM or node name ONTAP accepts. */
export const MAX_OBJECT_NAME_LENGTH = 47;
/** Longest user name accepted before a request (a bound, not an ONTAP rule). */
export const MAX_USER_NAME_LENGTH = 256;

export const SVM_NAME_RULE =
  'an SVM name has at most 47 characters, all letters, digits, ".", "-" or "_", and is not "all" (ONTAP vserver create)';
export const NODE_NAME_RULE =
  'a node name has at most 47 characters, all letters, digits, "-" or "_", starts with a letter, ends with a letter or digit, and is not "all", "cluster", "local" or "localhost" (ONTAP system node rename)';

const SVM_NAME = /^[A-Za-z0-9._-]+$/;
const NODE_NAME = /^[A-Za-z](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/;
const RESERVED_SVM_NAMES: ReadonlySet<string> = new Set(["all"]);
const RESERVED_NODE_NAMES: ReadonlySet<string> = new Set(["all", "cluster", "local", "localhost"]);
const SESSION_ID = /^\d{1,20}(?::\d{1,20})?$/;

function characterProblem(text: string): string | undefined {
  const unsafe = firstUnsafeCharacter(text);
  if (unsafe)
    return `it holds an invisible or control character (${unsafe.codePoint} at position ${unsafe.position + 1})`;
  return undefined;
}

interface NameRule {
  pattern: RegExp;
  /** One allowed character. */
  character: RegExp;
  reserved: ReadonlySet<string>;
  text: string;
}

const SVM_RULE: NameRule = {
  pattern: SVM_NAME,
  character: /[A-Za-z0-9._-]/,
  reserved: RESERVED_SVM_NAMES,
  text: SVM_NAME_RULE,
};
const NODE_RULE: NameRule = {
  pattern: NODE_NAME,
  character: /[A-Za-z0-9_-]/,
  reserved: RESERVED_NODE_NAMES,
  text: NODE_NAME_RULE,
};

function nameProblem(text: string, { pattern, character, reserved, text: rule }: NameRule): string | undefined {
  if (text === "") return `it is empty; ${rule}`;
  const length = Array.from(text).length;
  if (length > MAX_OBJECT_NAME_LENGTH) return `it has ${length} characters; ${rule}`;
  const unsafe = characterProblem(text);
  if (unsafe) return `${unsafe}; ${rule}`;
  if (reserved.has(text.toLowerCase())) return `"${text}" is reserved by ONTAP; ${rule}`;
  if (!pattern.test(text)) {
    const bad = Array.from(text).find((c) => !character.test(c));
    const which = bad === undefined ? "" : ` (${JSON.stringify(bad)} is not allowed)`;
    return `it is not a name ONTAP accepts${which}; ${rule}`;
  }
  return undefined;
}

/** Why `text` cannot be the name of an SVM, or undefined. */
export function svmNameProblem(text: string): string | undefined {
  return nameProblem(text, SVM_RULE);
}

/** Why `text` cannot be the name of a node, or undefined. */
export function nodeNameProblem(text: string): string | undefined {
  return nameProblem(text, NODE_RULE);
}

/**
 * Why `text` is neither a UUID nor the name of an object of `kind`, or undefined. A text that starts like a UUID but
 * is not one is called a malformed UUID rather than a bad name.
 */
export function objectReferenceProblem(kind: "node" | "svm", text: string): string | undefined {
  if (isUuid(text)) return undefined;
  const label = kind === "node" ? "node" : "SVM";
  if (/^[0-9a-f]{8}-/i.test(text)) {
    return `it looks like a UUID but is malformed; give the ${label} name or its full UUID (8-4-4-4-12 hexadecimal digits)`;
  }
  return kind === "node" ? nodeNameProblem(text) : svmNameProblem(text);
}

/** Why `text` cannot be a user name, or undefined. */
export function userNameProblem(text: string): string | undefined {
  if (text === "") return "it is empty; give the user name";
  const length = Array.from(text).length;
  if (length > MAX_USER_NAME_LENGTH) return `it has ${length} characters; at most ${MAX_USER_NAME_LENGTH} are accepted`;
  return characterProblem(text);
}

/** Why `text` cannot be an NDMP session id, or undefined. */
export function sessionIdProblem(text: string): string | undefined {
  if (SESSION_ID.test(text)) return undefined;
  return "a session id is digits, or two groups of digits separated by a colon (2000 in node scope, 2000:4000 in SVM scope)";
}

/** Why `text` cannot be a session owner (a node or SVM UUID), or undefined. */
export function ownerUuidProblem(text: string): string | undefined {
  if (isUuid(text)) return undefined;
  return "the owner is the UUID of a node (node scope) or an SVM (SVM scope): 8-4-4-4-12 hexadecimal digits";
}
