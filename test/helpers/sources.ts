// The repository's TypeScript sources and what they import, for the layering tests (test/spec/independence.test.ts,
// test/program/layering.test.ts).
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");

export function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(relative);
    return entry.name.endsWith(".ts") ? [relative] : [];
  });
}

/** Every module specifier a file imports or re-exports (static, dynamic and `require`). */
export function specifiers(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const found = [
    ...text.matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"/g),
    ...text.matchAll(/(?:import|require)\(\s*"([^"]+)"\s*\)/g),
  ];
  return found.map((m) => m[1]);
}

export const resolved = (file: string, specifier: string): string =>
  specifier.startsWith(".") ? path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier)) : specifier;
