// The driver's own protobuf wire code (tools/engine/wire.ts) against google-protobuf, which it replaces on the hot
// path: the same bytes for every request and Struct, the same JavaScript values (key order included) for every answer,
// on generated values covering the awkward corners (unpaired surrogates, NaN, -0, denormals, numeric-looking and
// empty keys, secrets at any depth) and on unusual values that must take google-protobuf's own path (errors included).
import { strict as assert } from "assert";
import { provproto, structproto } from "../../tools/engine/proto";
import {
  checkRequest,
  createRequest,
  deleteRequest,
  diffRequest,
  readRequest,
  updateRequest,
} from "../../tools/engine/plugin";
import { SECRET_SIG, SIG_KEY, makeSecret, reveal } from "../../tools/engine/secrets";
import {
  WireStruct,
  decodeFields,
  decodeStruct,
  encodeMessage,
  encodeRevealed,
  jspbUtf8,
} from "../../tools/engine/wire";

/** Small deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ["a", "Z", "0", "9", " ", "_", ":", "é", "ß", "€", "中", "😀", "\ud800", "\udfff", "\u0000", "\ufffd"];

function text(r: () => number, allowUnpaired: boolean): string {
  const n = Math.floor(r() * 8);
  let s = "";
  for (let i = 0; i < n; i++) {
    const c = ALPHABET[Math.floor(r() * ALPHABET.length)];
    if (!allowUnpaired && (c === "\ud800" || c === "\udfff")) continue;
    s += c;
  }
  return s;
}

function double(r: () => number): number {
  const special = [
    0,
    -0,
    NaN,
    Infinity,
    -Infinity,
    1,
    -1,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    1e300,
    0.1,
    2 ** 53,
  ];
  if (r() < 0.3) return special[Math.floor(r() * special.length)];
  if (r() < 0.5) return Math.floor(r() * 1e6) - 5e5;
  const b = Buffer.alloc(8);
  for (let i = 0; i < 8; i++) b[i] = Math.floor(r() * 256);
  return b.readDoubleLE(0);
}

function value(r: () => number, depth: number, opts: { unpaired: boolean; secrets: boolean }): unknown {
  const pick = r();
  let v: unknown;
  if (depth <= 0 || pick < 0.25) v = text(r, opts.unpaired);
  else if (pick < 0.4) v = double(r);
  else if (pick < 0.5) v = r() < 0.5;
  else if (pick < 0.55) v = null;
  else if (pick < 0.75) v = Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth - 1, opts));
  else v = object(r, depth - 1, opts);
  return opts.secrets && r() < 0.15 ? makeSecret(v) : v;
}

function object(
  r: () => number,
  depth: number,
  opts: { unpaired: boolean; secrets: boolean },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    const key = r() < 0.2 ? String(Math.floor(r() * 20)) : text(r, opts.unpaired);
    if (key === "__proto__") continue;
    out[key] = value(r, depth, opts);
  }
  return out;
}

function jspbBytes(map: Record<string, unknown>): Buffer {
  return Buffer.from(structproto.Struct.fromJavaScript(map as never).serializeBinary());
}

function jspbJs(bytes: Uint8Array): unknown {
  return structproto.Struct.deserializeBinary(bytes).toJavaScript();
}

/** Deep equality that also compares key order (decoding must give google-protobuf's order). */
function sameShape(actual: unknown, expected: unknown, at = ""): void {
  assert.deepStrictEqual(actual, expected, at);
  if (expected && typeof expected === "object") {
    assert.deepStrictEqual(Object.keys(actual as object), Object.keys(expected), `key order at ${at || "/"}`);
    for (const k of Object.keys(expected)) {
      sameShape((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${at}/${k}`);
    }
  }
}

describe("engine driver wire format", () => {
  it("encodes Structs byte for byte as google-protobuf does, secrets revealed", () => {
    const r = rng(1);
    for (let i = 0; i < 3000; i++) {
      const map = object(r, 4, { unpaired: i % 3 === 0, secrets: true });
      assert.deepStrictEqual(encodeRevealed(map), jspbBytes(reveal(map)), JSON.stringify(reveal(map)));
    }
  });

  it("keeps every encoding intact while later ones are carved from the same slabs (large ones included)", () => {
    const r = rng(6);
    const maps = Array.from({ length: 400 }, (_, i) =>
      i % 100 === 7 ? { big: "x".repeat(1_500_000 + i), n: i } : object(r, 4, { unpaired: false, secrets: true }),
    );
    const kept = maps.map((m) => WireStruct.revealed(m));
    const requests = maps.map((m, i) => readRequest(`urn:pulumi:s::p::t::r${i}`, `id${i}`, kept[i], kept[i]));
    maps.forEach((m, i) => {
      const struct = jspbBytes(reveal(m));
      assert.deepStrictEqual(kept[i].bytes, struct);
      const read = new provproto.ReadRequest();
      read.setId(`id${i}`);
      read.setUrn(`urn:pulumi:s::p::t::r${i}`);
      read.setProperties(structproto.Struct.deserializeBinary(struct));
      read.setInputs(structproto.Struct.deserializeBinary(struct));
      read.setName(`r${i}`);
      read.setType("t");
      assert.deepStrictEqual(requests[i], Buffer.from(read.serializeBinary()));
    });
  });

  it("carves encodings from shared slabs: no buffer of their own (sizes are exact, varints included)", () => {
    const map = { __provider: "p".repeat(2359), list: [1, "é", { k: null }], nested: { on: true, n: 300 } };
    const urn = "urn:pulumi:dev::p::pulumi-nodejs:dynamic:R::r";
    const allocUnsafe = Buffer.allocUnsafe;
    let allocations = 0;
    Buffer.allocUnsafe = (size: number) => (allocations++, allocUnsafe(size));
    try {
      for (let i = 0; i < 1000; i++) {
        const w = WireStruct.revealed(map);
        diffRequest(urn, "id", w, w, w);
      }
    } finally {
      Buffer.allocUnsafe = allocUnsafe;
    }
    // 1,000 × (2.4 KB + 7.3 KB) in 1 MB slabs: about 10, not 2,000.
    assert.ok(allocations <= 12, `${allocations} allocations`);
  });

  it("writes text as google-protobuf's encoder does, unpaired surrogates included", () => {
    const r = rng(2);
    for (let i = 0; i < 3000; i++) {
      const s = text(r, true) + text(r, true);
      const w = new (require("google-protobuf").BinaryWriter)();
      w.writeString(1, s);
      const jspb = Buffer.from(w.getResultBuffer());
      assert.deepStrictEqual(encodeMessage([[1, "string", s]]), s ? jspb : Buffer.alloc(0), JSON.stringify(s));
      if (!/[\ud800-\udfff]/.test(s)) assert.deepStrictEqual(Buffer.from(jspbUtf8(s)), Buffer.from(s, "utf8"));
    }
  });

  it("decodes Structs to exactly what toJavaScript() gives, key order included", () => {
    const r = rng(3);
    for (let i = 0; i < 3000; i++) {
      const bytes = jspbBytes(object(r, 4, { unpaired: i % 3 === 0, secrets: false }));
      sameShape(decodeStruct(bytes), jspbJs(bytes));
    }
  });

  it("decodes a Struct whose keys are not in google-protobuf's order (or repeated) as google-protobuf does", () => {
    const entry = (k: string, v: number): Buffer => {
      const value = Buffer.concat([Buffer.from([0x11]), Buffer.alloc(8)]);
      value.writeDoubleLE(v, 1);
      const e = Buffer.concat([
        Buffer.from([0x0a, k.length]),
        Buffer.from(k),
        Buffer.from([0x12, value.length]),
        value,
      ]);
      return Buffer.concat([Buffer.from([0x0a, e.length]), e]);
    };
    const bytes = Buffer.concat([entry("b", 1), entry("a", 2), entry("10", 3), entry("9", 4), entry("b", 5)]);
    sameShape(decodeStruct(bytes), jspbJs(bytes));
    assert.deepStrictEqual(Object.keys(decodeStruct(bytes)), ["9", "10", "a", "b"]);
  });

  it("hands unusual values to google-protobuf: its errors, its __proto__ handling, its decoding of odd bytes", () => {
    for (const bad of [{ u: undefined }, { f: () => 1 }, { l: [1, undefined] }, { n: 1n }]) {
      const w = WireStruct.revealed(bad as never);
      assert.throws(() => w.bytes, /Unexpected struct type/);
      assert.throws(() => readRequest("urn:pulumi:s::p::t::n", "id", w, WireStruct.revealed({})), /Unexpected struct/);
    }
    // eslint-disable-next-line no-sparse-arrays
    assert.throws(() => WireStruct.revealed({ l: [1, , 2] }).bytes, /Unexpected struct type/);
    const proto = JSON.parse('{"__proto__": {"x": 1}, "y": [2]}') as Record<string, unknown>;
    assert.deepStrictEqual(encodeRevealed(proto), jspbBytes(reveal(proto)));
    const secretKey = { a: { [SIG_KEY]: SECRET_SIG, value: { [SIG_KEY]: SECRET_SIG, value: "deep" } } };
    assert.deepStrictEqual(encodeRevealed(secretKey), jspbBytes({ a: "deep" }));
    // Text google-protobuf decodes its own way (CESU-8 surrogates, bad bytes), and an empty Value (it throws).
    for (const raw of [
      [0xed, 0xa0, 0x80],
      [0x80, 0x41],
      [0xe0, 0x80, 0x80],
      [0xef, 0xbf, 0xbd],
    ]) {
      const value = Buffer.from([0x1a, raw.length, ...raw]);
      const e = Buffer.concat([Buffer.from([0x0a, 1, 0x6b, 0x12, value.length]), value]);
      const bytes = Buffer.concat([Buffer.from([0x0a, e.length]), e]);
      sameShape(decodeStruct(bytes), jspbJs(bytes));
    }
    const empty = Buffer.from([0x0a, 0x05, 0x0a, 0x01, 0x6b, 0x12, 0x00]);
    assert.throws(() => decodeStruct(empty), /Unexpected struct type/);
    assert.throws(() => jspbJs(empty), /Unexpected struct type/);
  });

  it("encodes every provider request as the generated classes do", () => {
    const r = rng(4);
    for (let i = 0; i < 300; i++) {
      const urn = `urn:pulumi:dev::proj::${r() < 0.5 ? "a:b:C$" : ""}pulumi-nodejs:dynamic:Resource::${text(r, i % 5 === 0)}`;
      const id = r() < 0.2 ? "" : text(r, false);
      const [a, b, c] = [0, 1, 2].map(() => object(r, 3, { unpaired: false, secrets: true }));
      const [wa, wb, wc] = [a, b, c].map((m) => WireStruct.revealed(m));
      const [sa, sb, sc] = [a, b, c].map((m) => structproto.Struct.fromJavaScript(reveal(m) as never));
      const parts = urn.split("::");
      const name = parts.slice(3).join("::");
      const type = parts[2].slice(parts[2].lastIndexOf("$") + 1);
      const bytes = (req: { serializeBinary(): Uint8Array }): Buffer => Buffer.from(req.serializeBinary());

      const check = new provproto.CheckRequest();
      check.setUrn(urn);
      check.setName(name);
      check.setType(type);
      check.setOlds(sa);
      check.setNews(sb);
      check.setRandomseed(Buffer.alloc(32));
      assert.deepStrictEqual(checkRequest(urn, wa, wb), bytes(check));

      const diff = new provproto.DiffRequest();
      diff.setUrn(urn);
      diff.setName(name);
      diff.setType(type);
      diff.setId(id);
      diff.setOlds(sa);
      diff.setNews(sb);
      diff.setOldInputs(sc);
      assert.deepStrictEqual(diffRequest(urn, id, wa, wb, wc), bytes(diff));

      const create = new provproto.CreateRequest();
      create.setUrn(urn);
      create.setName(name);
      create.setType(type);
      create.setProperties(sa);
      assert.deepStrictEqual(createRequest(urn, wa), bytes(create));

      const read = new provproto.ReadRequest();
      read.setUrn(urn);
      read.setName(name);
      read.setType(type);
      read.setId(id);
      read.setProperties(sa);
      read.setInputs(sb);
      assert.deepStrictEqual(readRequest(urn, id, wa, wb), bytes(read));

      const update = new provproto.UpdateRequest();
      update.setUrn(urn);
      update.setName(name);
      update.setType(type);
      update.setId(id);
      update.setOlds(sa);
      update.setNews(sb);
      update.setOldInputs(sc);
      assert.deepStrictEqual(updateRequest(urn, id, wa, wb, wc), bytes(update));

      const del = new provproto.DeleteRequest();
      del.setUrn(urn);
      del.setName(name);
      del.setType(type);
      del.setId(id);
      del.setProperties(sa);
      del.setOldInputs(sb);
      assert.deepStrictEqual(deleteRequest(urn, id, wa, wb), bytes(del));
    }
  });

  it("reads the answers' fields as the generated classes do (unknown fields skipped, last one wins)", () => {
    const r = rng(5);
    for (let i = 0; i < 300; i++) {
      const props = object(r, 3, { unpaired: false, secrets: false });
      const inputs = object(r, 3, { unpaired: false, secrets: false });
      const read = new provproto.ReadResponse();
      read.setId(text(r, false));
      read.setProperties(structproto.Struct.fromJavaScript(props as never));
      if (i % 2) read.setInputs(structproto.Struct.fromJavaScript(inputs as never));
      const bytes = Buffer.from(read.serializeBinary());
      const fields = decodeFields(bytes, { 1: "string", 2: "struct", 3: "struct" });
      if (!fields) {
        // U+FFFD in the text: google-protobuf decodes these answers (the plugin falls back to it).
        assert.ok(bytes.includes(Buffer.from("\ufffd")), "only text with U+FFFD leaves the fast path");
        continue;
      }
      assert.equal(fields[1] ?? "", read.getId());
      sameShape(fields[2], read.getProperties().toJavaScript());
      if (i % 2) sameShape(fields[3], read.getInputs().toJavaScript());
      else assert.ok(!(3 in fields));
      // An unknown field (a future protocol addition) is skipped; a repeated singular field: the last one wins.
      const extra = Buffer.concat([bytes, Buffer.from([0x78, 0x01, 0x0a, 0x02, 0x69, 0x64])]);
      assert.equal(decodeFields(extra, { 1: "string", 2: "struct", 3: "struct" })![1], "id");
      assert.equal(provproto.ReadResponse.deserializeBinary(new Uint8Array(extra)).getId(), "id");
    }
    // Bytes the fast path does not expect: undefined, so the caller uses google-protobuf.
    assert.equal(decodeFields(Buffer.from([0x08, 0x01]), { 1: "string" }), undefined);
  });
});
