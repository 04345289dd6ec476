import * as assert from "assert";
import { flatten, keyValues, show, table, yesNo } from "../../provider/cli/output";
import { parseSessionRef } from "../../provider/cli/commands/sessions";
import { stripAnsi } from "./helpers";

describe("cli: output", () => {
  it("aligns columns, right-aligns numbers and leaves no trailing spaces", () => {
    const text = table(
      [{ header: "NAME" }, { header: "BYTES", align: "right" }, { header: "NOTE" }],
      [
        ["a", "5", "x"],
        ["longer-name", "12345", ""],
      ],
      false,
    );
    assert.strictEqual(text, "NAME         BYTES  NOTE\na                5  x\nlonger-name  12345\n");
  });

  it("applies colour after padding so alignment is the same with and without it", () => {
    const rows = [
      ["svm1", yesNo(true)],
      ["svm22", yesNo(false)],
    ];
    const columns = [{ header: "SVM" }, { header: "ENABLED" }, { header: "X" }];
    const coloured = table(
      columns,
      rows.map((r) => [...r, "z"]),
      true,
    );
    assert.ok(coloured.includes("\u001b[32myes\u001b[0m"));
    assert.strictEqual(
      stripAnsi(coloured),
      table(
        columns,
        rows.map((r) => [...r, "z"]),
        false,
      ),
    );
  });

  it("renders key/value blocks, absent values and lists", () => {
    assert.strictEqual(
      keyValues(
        [
          ["a", "1"],
          ["long.key", "2"],
        ],
        false,
      ),
      "a:         1\nlong.key:  2\n",
    );
    assert.strictEqual(show(undefined), "-");
    assert.strictEqual(show(["plaintext", "challenge"]), "plaintext,challenge");
    assert.deepStrictEqual(flatten({ a: { b: 1, c: { d: "x" } }, e: [1, 2] }), [
      ["a.b", 1],
      ["a.c.d", "x"],
      ["e", [1, 2]],
    ]);
  });

  it("splits a session reference at its first slash, keeping a colon in the id", () => {
    assert.deepStrictEqual(parseSessionRef("8c4e2cf2-0c1d-4c9b-9a52-7f0c8f7bb2a1/2000:4000"), {
      owner: "8c4e2cf2-0c1d-4c9b-9a52-7f0c8f7bb2a1",
      id: "2000:4000",
    });
  });
});
