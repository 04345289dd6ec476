/**
 * ONTAP query values treat `*`, `|`, `!`, `<`, `>`, `..` and `null` as operators. A name used as an exact filter
 * (an SVM called `backup*`, say) must be quoted to be taken literally, as the API's query syntax allows.
 */
const OPERATORS = /[*|!<>{}"]|\.\.|^null$/;

/** The query value that matches exactly `value`. */
export function literalQueryValue(value: string): string {
  return OPERATORS.test(value) ? `"${value}"` : value;
}
