/**
 * The name and version of this package, read from its package.json. Sources run from `provider/` (tests) and from
 * `dist/provider/` (the built package), so the file is found by walking up rather than by a fixed relative path.
 */
import * as fs from "fs";
import * as path from "path";

export interface PackageInfo {
  name: string;
  version: string;
}

function findPackageInfo(): PackageInfo {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "package.json");
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, "utf8")) as PackageInfo;
      if (pkg.name === "pulumi-ontap-ndmp") return { name: pkg.name, version: pkg.version };
    }
    if (path.dirname(dir) === dir) return { name: "pulumi-ontap-ndmp", version: "0.0.0" };
  }
}

export const packageInfo: PackageInfo = findPackageInfo();
