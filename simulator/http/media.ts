/**
 * Content negotiation for answers. ONTAP answers `application/hal+json` (with HAL links) or `application/json`
 * (without them, "except a link needed to retrieve the next batch of records", ONTAP REST API documentation, "HAL
 * linking"). The `Accept` header is read as HTTP defines it (RFC 9110 §12.5.1): media ranges with `q` weights, the
 * most specific range deciding each type's weight. The type with the higher weight wins; a tie, or an `Accept` that
 * accepts neither (`application/xml`, `text/html` alone), gets `application/hal+json` (choice: ONTAP is known to
 * answer JSON to any client, a browser's `text/html,…,*\/*;q=0.8` included, and never answers 406).
 */

export type AnswerType = "application/hal+json" | "application/json";

/** At most this much of an `Accept` header is read (choice: real ones are a few hundred bytes). */
const MAX_ACCEPT_LENGTH = 4096;

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function parseRanges(header: string): MediaRange[] {
  return header
    .slice(0, MAX_ACCEPT_LENGTH)
    .split(",")
    .map((part) => {
      const [range, ...params] = part.split(";").map((p) => p.trim().toLowerCase());
      const [type = "", subtype = ""] = range.split("/");
      const qParam = params.find((p) => p.startsWith("q="));
      const q = qParam && /^[01](\.\d{0,3})?$/.test(qParam.slice(2)) ? Math.min(1, Number(qParam.slice(2))) : 1;
      return { type, subtype, q };
    })
    .filter((r) => r.type !== "" && r.subtype !== "");
}

/** The weight `ranges` give `candidate` (`application/json`): the most specific matching range's q, else 0. */
function weightOf(ranges: MediaRange[], candidate: string): number {
  const [type, subtype] = candidate.split("/");
  let best: { specificity: number; q: number } | undefined;
  for (const r of ranges) {
    const specificity =
      r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === "*" ? 1 : r.type === "*" ? 0 : -1;
    if (specificity >= 0 && (!best || specificity > best.specificity)) best = { specificity, q: r.q };
  }
  return best?.q ?? 0;
}

/** The media type of the answer to a request with this `Accept` header. */
export function negotiateAnswerType(accept: string | undefined): AnswerType {
  if (!accept) return "application/hal+json";
  const ranges = parseRanges(accept);
  const hal = weightOf(ranges, "application/hal+json");
  const json = weightOf(ranges, "application/json");
  return json > hal ? "application/json" : "application/hal+json";
}
