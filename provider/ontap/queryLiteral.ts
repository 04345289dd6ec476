/**
 * ONTAP query values treat `*`, `|`, `,`, `!`, `<`, `>`, `..` and `null` as operators, and a value is taken literally
 * only inside double quotes or braces (ONTAP REST API, "Filtering records": `"joe*"`, `{a|b}`; the global query
 * parameters say a value holding `*|,!<>..` "must be quoted to avoid their special query meaning"). A name used as an
 * exact filter (an SVM called `backup*`, say) is therefore sent in quotes, or in braces when it holds a double quote.
 *
 * Quoting is half of an exact lookup: the other half is comparing the name in the answer (readers.ts, client.ts), so
 * that no server, however it reads the query, can make a lookup return another object.
 */
import { OntapConfigError } from "./errors";
import { quote } from "./echo";

const OPERATORS = /[*|,!<>{}"]|\.\.|^\s|\s$|^!?null$/i;

/** The query value that matches exactly `value`; throws when no ONTAP query can (a `"` together with a brace). */
export function literalQueryValue(value: string, field = "name"): string {
  if (!OPERATORS.test(value)) return value;
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("{") && !value.includes("}")) return `{${value}}`;
  throw new OntapConfigError(
    field,
    `Invalid ${field} ${quote(value)}: it holds both a double quote and a brace, so no ONTAP query can match it literally.`,
  );
}
