// `npm run validators`: writes provider/ontap/schema/precompiled/{open,closed}.ts, Ajv's standalone code for every
// schema the package compiles (tools/validators/precompile.ts). Run it after changing spec/definitions.ts, a PATCH
// schema or a resource kind's arguments; test/schema/precompiled.test.ts fails until then. `--check` writes nothing
// and exits 1 when a file differs from what it would write.
import * as fs from "fs";
import * as path from "path";
import { precompiledFiles } from "./validators/precompile";

const check = process.argv.includes("--check");
let stale = 0;
for (const [file, text] of Object.entries(precompiledFiles())) {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) continue;
  stale++;
  if (!check) fs.writeFileSync(file, text);
  process.stdout.write(`${check ? "stale" : "wrote"}: ${path.relative(process.cwd(), file)}\n`);
}
process.exitCode = check && stale > 0 ? 1 : 0;
