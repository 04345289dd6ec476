/** The shape of ONTAP's object identifiers. */

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `text` is a well-formed UUID (8-4-4-4-12 hexadecimal digits), the only shape ONTAP accepts for node, SVM
 * and session-owner identifiers in NDMP paths. Arguments that take "a name or a uuid" use it to tell them apart.
 */
export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text);
}
