/**
 * Bounds of the values the test knobs take (control handle, control API, start options). A delay must fit a Node.js
 * timer: `setTimeout` holds at most 2,147,483,647 ms (about 24.8 days) and silently fires after 1 ms for anything
 * larger, so a larger latency would turn into none at all. Values outside their bounds are refused with 262197.
 */
import { errors } from "../errors";

/** The longest delay a Node.js timer can hold, in milliseconds. */
export const MAX_TIMER_MS = 2_147_483_647;

/** An integer in `min..max`, or a 262197 error naming `field`. */
export function checkedInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw errors.invalidValue(field, value);
  }
  return value;
}

/** A delay in milliseconds that a timer can hold (0..{@link MAX_TIMER_MS}). */
export function checkedDelay(value: unknown, field: string): number {
  return checkedInteger(value, field, 0, MAX_TIMER_MS);
}
