// Protobuf wire format of the provider RPCs the driver sends and of the answers it reads, without google-protobuf's
// message objects. Every Read or Diff carries ~5 KB states (`__provider` in inputs and outputs); building them with
// `Struct.fromJavaScript` and google-protobuf's byte-at-a-time UTF-8 writer, then decoding the answers the same way,
// was most of the driver's CPU in a 1,000-resource refresh, and its garbage.
//
// The bytes are exactly those google-protobuf 3.x writes (fields in number order, proto3 defaults omitted, map keys
// sorted, its UTF-8 encoding of unpaired surrogates, its NaN), and decoding gives exactly what `toJavaScript()`
// gives (keys in sorted order, last duplicate wins): test/engine-driver/wire.test.ts compares both with google-protobuf
// on generated values. Anything unusual (a `__proto__` key, a value `Struct.fromJavaScript` refuses, bytes that are
// not plain UTF-8, an unexpected wire shape) takes google-protobuf's own path, so edge cases behave as before,
// errors included.
import { structproto } from "./proto";
import type { PropertyMap } from "./secrets";
import { isSecret, reveal } from "./secrets";

/** Thrown inside the fast paths to hand a value over to google-protobuf. */
class Unusual extends Error {}
const UNUSUAL = new Unusual("unusual value");

const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/.test(s);

/** UTF-8 length of `s` as google-protobuf writes it. */
function utf8Length(s: string): number {
  // Pure ASCII is the common case: its length is the string's.
  if (s.length < 64) {
    let ascii = true;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) ascii = false;
    if (ascii) return s.length;
  }
  return isWellFormed(s) ? Buffer.byteLength(s, "utf8") : jspbUtf8(s).length;
}

/**
 * google-protobuf's `BinaryEncoder.writeString` (3.21): standard UTF-8 for well-formed text; an unpaired surrogate is
 * written as a 3-byte sequence, except a high surrogate followed by a non-surrogate, which is dropped.
 */
export function jspbUtf8(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 128) out.push(c);
    else if (c < 2048) out.push((c >> 6) | 192, (c & 63) | 128);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        c = 1024 * (c - 0xd800) + next - 0xdc00 + 65536;
        out.push((c >> 18) | 240, ((c >> 12) & 63) | 128, ((c >> 6) & 63) | 128, (c & 63) | 128);
        i++;
      }
    } else out.push((c >> 12) | 224, ((c >> 6) & 63) | 128, (c & 63) | 128);
  }
  return out;
}

function varintLength(n: number): number {
  let len = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

/**
 * Encodings are carved from 1 MB slabs, as Buffer's own pool does for small buffers: a separate ArrayBuffer per
 * request (2,000-4,000 per 1,000-resource operation, 5-15 KB each) cost more in allocation and GC than encoding.
 * A slab is freed when no encoding in it is referenced (grpc-js copies each request into its own frame).
 */
const SLAB_BYTES = 1024 * 1024;
let slab = Buffer.allocUnsafe(0);
let slabUsed = 0;

/** Writes into the current slab from where it is free (at least `size` bytes there); `finish()` keeps only what was written. */
class Writer {
  private buf: Buffer;
  private start: number;
  private pos: number;

  constructor(size: number) {
    if (slabUsed + size > slab.length) {
      slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, size));
      slabUsed = 0;
    }
    this.buf = slab;
    this.start = this.pos = slabUsed;
    slabUsed += size;
  }

  /** Only when `size` was too small (it is exact or an overestimate): continue in a buffer of its own. */
  private room(n: number): void {
    if (this.pos + n <= (this.buf === slab ? slabUsed : this.buf.length)) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * (this.pos - this.start), this.pos - this.start + n, 64));
    this.buf.copy(bigger, 0, this.start, this.pos);
    this.pos -= this.start;
    this.start = 0;
    this.buf = bigger;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  varint(n: number): void {
    this.room(n < 128 ? 1 : varintLength(n)); // exactly: the reservation is exact, a spare byte would not be there
    while (n >= 128) {
      this.buf[this.pos++] = (n % 128) | 128;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  /** Length-prefixed text, `len` being its UTF-8 length as `utf8Length` computed it. */
  string(s: string, len: number): void {
    this.varint(len);
    this.room(len);
    if (isWellFormed(s)) this.pos += this.buf.write(s, this.pos, len, "utf8");
    else for (const b of jspbUtf8(s)) this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  double(v: number): void {
    this.room(8);
    if (Number.isNaN(v)) {
      // google-protobuf's canonical NaN (splitFloat64): 0x7FFFFFFF_FFFFFFFF.
      this.buf.writeUInt32LE(0xffffffff, this.pos);
      this.buf.writeUInt32LE(0x7fffffff, this.pos + 4);
    } else this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  finish(): Buffer {
    // Give back what was reserved and not written (writers are used one at a time, synchronously).
    if (this.buf === slab && slabUsed > this.pos) slabUsed = this.pos;
    return this.buf.subarray(this.start, this.pos);
  }
}

/**
 * Sizes of a Struct's nested messages and strings, in the order the writer needs them (each recorded before its
 * contents), and each object's sorted keys. `reveal`: secrets are written as their plaintext, and objects contribute
 * their own enumerable keys, exactly as `Struct.fromJavaScript(reveal(v))` sees them.
 */
class Plan {
  readonly sizes: number[] = [];
  readonly keys: string[][] = [];

  struct(obj: Record<string, unknown>): number {
    const keys = Object.keys(obj).sort();
    this.keys.push(keys);
    let total = 0;
    for (const key of keys) {
      if (key === "__proto__") throw UNUSUAL;
      const at = this.sizes.length;
      this.sizes.push(0, 0, 0);
      const keyLen = utf8Length(key);
      const valueLen = this.value(obj[key]);
      const entry = 1 + varintLength(keyLen) + keyLen + 1 + varintLength(valueLen) + valueLen;
      this.sizes[at] = entry;
      this.sizes[at + 1] = keyLen;
      this.sizes[at + 2] = valueLen;
      total += 1 + varintLength(entry) + entry;
    }
    return total;
  }

  /** Size of a `Value` message holding `v`. */
  value(v: unknown): number {
    while (isSecret(v)) v = v.value;
    switch (typeof v) {
      case "string": {
        const len = utf8Length(v);
        this.sizes.push(len);
        return 1 + varintLength(len) + len;
      }
      case "number":
        return 9;
      case "boolean":
        return 2;
      case "object": {
        if (v === null) return 2;
        const at = this.sizes.length;
        this.sizes.push(0);
        let inner = 0;
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) {
            // A hole: google-protobuf refuses `undefined`; let it say so.
            if (!(i in v)) throw UNUSUAL;
            const at2 = this.sizes.length;
            this.sizes.push(0);
            const len = this.value(v[i]);
            this.sizes[at2] = len;
            inner += 1 + varintLength(len) + len;
          }
        } else inner = this.struct(v as Record<string, unknown>);
        this.sizes[at] = inner;
        return 1 + varintLength(inner) + inner;
      }
      default:
        throw UNUSUAL; // undefined, functions, symbols, bigints: `Value.fromJavaScript` throws
    }
  }
}

/** Writes what `Plan` measured, in the same order. */
class StructWriter {
  private s = 0;
  private k = 0;

  constructor(
    private readonly plan: Plan,
    private readonly w: Writer,
  ) {}

  struct(obj: Record<string, unknown>): void {
    const { sizes, keys } = this.plan;
    const w = this.w;
    for (const key of keys[this.k++]) {
      const entry = sizes[this.s++];
      const keyLen = sizes[this.s++];
      const valueLen = sizes[this.s++];
      w.byte(0x0a); // fields: map entry
      w.varint(entry);
      w.byte(0x0a); // key
      w.string(key, keyLen);
      w.byte(0x12); // value
      w.varint(valueLen);
      this.value(obj[key]);
    }
  }

  value(v: unknown): void {
    const w = this.w;
    while (isSecret(v)) v = v.value;
    switch (typeof v) {
      case "string":
        w.byte(0x1a); // string_value
        w.string(v, this.plan.sizes[this.s++]);
        return;
      case "number":
        w.byte(0x11); // number_value
        w.double(v);
        return;
      case "boolean":
        w.byte(0x20); // bool_value
        w.byte(v ? 1 : 0);
        return;
      default: {
        if (v === null) {
          w.byte(0x08); // null_value: NULL_VALUE
          w.byte(0);
          return;
        }
        const inner = this.plan.sizes[this.s++];
        if (Array.isArray(v)) {
          w.byte(0x32); // list_value
          w.varint(inner);
          for (const item of v) {
            w.byte(0x0a); // values
            w.varint(this.plan.sizes[this.s++]);
            this.value(item);
          }
        } else {
          w.byte(0x2a); // struct_value
          w.varint(inner);
          this.struct(v as Record<string, unknown>);
        }
      }
    }
  }
}

/**
 * A property map as the plugin receives it: `google.protobuf.Struct` bytes with secrets revealed (the plugin does not
 * accept secrets). Encoded once, sent as often as needed; an encoding error is kept and thrown where the request is
 * built, as `Struct.fromJavaScript` threw there.
 */
export class WireStruct {
  private constructor(
    private readonly encoded?: Buffer,
    private readonly error?: unknown,
  ) {}

  /** `Struct.fromJavaScript(reveal(map)).serializeBinary()`. */
  static revealed(map: PropertyMap): WireStruct {
    try {
      return new WireStruct(encodeRevealed(map));
    } catch (e) {
      return new WireStruct(undefined, e);
    }
  }

  /** `Struct.fromJavaScript(map).serializeBinary()` (no reveal; for callers that pass plain maps). */
  static plain(map: PropertyMap): WireStruct {
    try {
      return new WireStruct(Buffer.from(structproto.Struct.fromJavaScript(map as never).serializeBinary()));
    } catch (e) {
      return new WireStruct(undefined, e);
    }
  }

  static of(v: PropertyMap | WireStruct): WireStruct {
    return v instanceof WireStruct ? v : WireStruct.plain(v);
  }

  get bytes(): Buffer {
    if (this.error !== undefined) throw this.error;
    return this.encoded!;
  }
}

export function encodeRevealed(map: PropertyMap): Buffer {
  try {
    if (typeof map !== "object" || map === null || Array.isArray(map) || isSecret(map)) throw UNUSUAL;
    const plan = new Plan();
    const size = plan.struct(map);
    const w = new Writer(size);
    new StructWriter(plan, w).struct(map);
    return w.finish();
  } catch (e) {
    if (!(e instanceof Unusual)) throw e;
    return Buffer.from(structproto.Struct.fromJavaScript(reveal(map) as never).serializeBinary());
  }
}

// ---- requests --------------------------------------------------------------------------------------------------

/** One field of a request message: proto3 defaults (empty string, false, empty list) are not written. */
export type Field =
  | [number, "string", string]
  | [number, "strings", string[]]
  | [number, "struct", WireStruct]
  | [number, "bytes", Uint8Array]
  | [number, "bool", boolean];

/** A request message from its fields in field-number order, as the generated `serializeBinaryToWriter` writes it. */
export function encodeMessage(fields: Field[]): Buffer {
  // Struct bytes first: an encoding error surfaces here, before anything is sent. The size is an upper bound (a tag
  // and a length take at most 5 bytes each here; a UTF-16 code unit at most 3 UTF-8 bytes).
  let size = 0;
  for (const [, kind, value] of fields) {
    if (kind === "struct") size += 10 + value.bytes.length;
    else if (kind === "string") size += 10 + value.length * 3;
    else if (kind === "strings") for (const s of value) size += 10 + s.length * 3;
    else if (kind === "bytes") size += 10 + value.length;
    else size += 6;
  }
  const w = new Writer(size);
  for (const [no, kind, value] of fields) {
    switch (kind) {
      case "string":
        if (value.length > 0) {
          w.varint(no * 8 + 2);
          w.string(value, utf8Length(value));
        }
        break;
      case "strings":
        for (const s of value) {
          w.varint(no * 8 + 2);
          w.string(s, utf8Length(s));
        }
        break;
      case "struct":
        w.varint(no * 8 + 2);
        w.bytes(value.bytes);
        break;
      case "bytes":
        if (value.length > 0) {
          w.varint(no * 8 + 2);
          w.bytes(value);
        }
        break;
      case "bool":
        if (value) {
          w.varint(no * 8);
          w.byte(1);
        }
        break;
    }
  }
  return w.finish();
}

// ---- answers ---------------------------------------------------------------------------------------------------

class Reader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
  ) {}

  varint(end: number): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= end) throw UNUSUAL;
      const b = this.buf[this.pos++];
      result += (b & 127) * mul;
      if (b < 128) return result;
      mul *= 128;
    }
    throw UNUSUAL;
  }

  /** End of a length-delimited field's contents (the reader is at their start). */
  delimited(end: number): number {
    const len = this.varint(end);
    if (this.pos + len > end) throw UNUSUAL;
    return this.pos + len;
  }

  skip(wireType: number, end: number): void {
    if (wireType === 0) this.varint(end);
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.pos = this.delimited(end);
    else if (wireType === 5) this.pos += 4;
    else throw UNUSUAL; // groups
    if (this.pos > end) throw UNUSUAL;
  }

  /** Text as google-protobuf decodes it; anything but well-formed UTF-8 goes to google-protobuf. */
  text(end: number): string {
    const stop = this.delimited(end);
    const s = this.buf.toString("utf8", this.pos, stop);
    if (s.includes("\ufffd")) throw UNUSUAL;
    this.pos = stop;
    return s;
  }
}

/**
 * `Struct.toJavaScript()` of the Struct in `r.buf` up to `end`: keys in sorted order (google-protobuf's map iterates
 * sorted keys). Only the shapes google-protobuf writes are decoded here (each entry a key then a value, each Value one
 * field); anything else is `Unusual`.
 */
function readStruct(r: Reader, end: number): Record<string, unknown> {
  const keys: string[] = [];
  const values: unknown[] = [];
  let sorted = true;
  while (r.pos < end) {
    if (r.varint(end) !== 0x0a) throw UNUSUAL;
    const entryEnd = r.delimited(end);
    if (r.varint(entryEnd) !== 0x0a) throw UNUSUAL;
    const key = r.text(entryEnd);
    if (r.varint(entryEnd) !== 0x12) throw UNUSUAL;
    const valueEnd = r.delimited(entryEnd);
    values.push(readValue(r, valueEnd));
    if (r.pos !== entryEnd || key === "__proto__") throw UNUSUAL;
    if (keys.length > 0 && !(keys[keys.length - 1] < key)) sorted = false;
    keys.push(key);
  }
  const out: Record<string, unknown> = {};
  if (sorted) {
    for (let i = 0; i < keys.length; i++) out[keys[i]] = values[i];
  } else {
    // Not written by google-protobuf: the last of duplicate keys wins, then keys in sorted order.
    const byKey = new Map<string, unknown>();
    keys.forEach((k, i) => byKey.set(k, values[i]));
    for (const k of [...byKey.keys()].sort()) out[k] = byKey.get(k);
  }
  return out;
}

function readValue(r: Reader, end: number): unknown {
  if (r.pos >= end) throw UNUSUAL; // KIND_NOT_SET: toJavaScript throws
  let value: unknown;
  switch (r.varint(end)) {
    case 0x08: // null_value
      r.varint(end);
      value = null;
      break;
    case 0x11: // number_value
      if (r.pos + 8 > end) throw UNUSUAL;
      value = r.buf.readDoubleLE(r.pos);
      r.pos += 8;
      break;
    case 0x1a: // string_value
      value = r.text(end);
      break;
    case 0x20: // bool_value
      value = r.varint(end) !== 0;
      break;
    case 0x2a: // struct_value
      value = readStruct(r, r.delimited(end));
      break;
    case 0x32: {
      // list_value
      const listEnd = r.delimited(end);
      const list: unknown[] = [];
      while (r.pos < listEnd) {
        if (r.varint(listEnd) !== 0x0a) throw UNUSUAL;
        list.push(readValue(r, r.delimited(listEnd)));
      }
      value = list;
      break;
    }
    default:
      throw UNUSUAL;
  }
  if (r.pos !== end) throw UNUSUAL;
  return value;
}

/** `Struct.deserializeBinary(bytes).toJavaScript()`. */
export function decodeStruct(buf: Buffer, start = 0, end = buf.length): Record<string, unknown> {
  try {
    const r = new Reader(buf, start);
    const out = readStruct(r, end);
    if (r.pos !== end) throw UNUSUAL;
    return out;
  } catch (e) {
    if (!(e instanceof Unusual)) throw e;
    return structproto.Struct.deserializeBinary(new Uint8Array(buf.subarray(start, end))).toJavaScript() as Record<
      string,
      unknown
    >;
  }
}

/** How a response field is read: text, a Struct (decoded), or a nested message (its bytes, for another `decodeFields`). */
export type FieldKind = "string" | "strings" | "struct" | "messages";

/**
 * The fields of a response message named in `shape` (others skipped, as google-protobuf skips unknown fields; the last
 * occurrence of a singular field wins), or `undefined` when the bytes are not what google-protobuf writes: the caller
 * then decodes them with google-protobuf itself.
 */
export function decodeFields(
  buf: Buffer,
  shape: Record<number, FieldKind>,
  start = 0,
  end = buf.length,
): Record<number, unknown> | undefined {
  try {
    const r = new Reader(buf, start);
    const out: Record<number, unknown> = {};
    while (r.pos < end) {
      const tag = r.varint(end);
      const no = Math.floor(tag / 8);
      const kind = shape[no];
      if (!kind) {
        r.skip(tag & 7, end);
        continue;
      }
      if ((tag & 7) !== 2) throw UNUSUAL;
      if (kind === "string") out[no] = r.text(end);
      else if (kind === "strings") ((out[no] ??= []) as string[]).push(r.text(end));
      else {
        const stop = r.delimited(end);
        if (kind === "struct") out[no] = readStruct(r, stop);
        else ((out[no] ??= []) as [number, number][]).push([r.pos, stop]);
        r.pos = stop;
      }
    }
    return out;
  } catch (e) {
    if (!(e instanceof Unusual)) throw e;
    return undefined;
  }
}
