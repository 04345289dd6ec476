// Shared helpers of the engine-driver tests: a driver on the fixture project with its own store file.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineDriver, isSecret } from "../../tools/engine";
import type { EngineOptions, StepResult } from "../../tools/engine";
import type { Spec, StoreFile } from "./fixture/contract";

export const FIXTURE = path.join(__dirname, "fixture");

export type { Spec, StoreFile } from "./fixture/contract";

export class Fixture {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-driver-"));
  readonly storePath = path.join(this.dir, "store.json");
  readonly driver: EngineDriver;

  constructor(specs: Spec[], opts: { password?: string } & Partial<EngineOptions> = {}) {
    const { password, ...rest } = opts;
    this.driver = new EngineDriver({ projectDir: FIXTURE, color: false, ...rest });
    this.driver.setConfig("storePath", this.storePath);
    if (password !== undefined) this.driver.setConfig("password", password, true);
    this.setResources(specs);
  }

  setResources(specs: Spec[]): void {
    this.driver.setConfig("resources", JSON.stringify(specs));
  }

  store(): StoreFile {
    return fs.existsSync(this.storePath)
      ? (JSON.parse(fs.readFileSync(this.storePath, "utf8")) as StoreFile)
      : { objects: {} };
  }

  /** Changes the store "out of band", as someone editing the appliance would. */
  editStore(fn: (s: StoreFile) => void): void {
    const s = this.store();
    fn(s);
    fs.writeFileSync(this.storePath, JSON.stringify(s, null, 2));
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function stepOf(steps: StepResult[], name: string): StepResult {
  const s = steps.find((x) => x.name === name && x.op !== "refresh");
  if (!s) throw new Error(`no step for ${name} in ${JSON.stringify(steps.map((x) => [x.name, x.op]))}`);
  return s;
}

/** Paths (JSON pointers) at which `needle` occurs in `value`, with whether each lies inside a secret-marked value. */
export function occurrences(
  value: unknown,
  needle: string,
  at = "",
  inSecret = false,
): { path: string; secret: boolean }[] {
  if (typeof value === "string") return value.includes(needle) ? [{ path: at, secret: inSecret }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => occurrences(v, needle, `${at}/${i}`, inSecret));
  if (value && typeof value === "object") {
    const secret = inSecret || isSecret(value);
    return Object.entries(value).flatMap(([k, v]) => occurrences(v, needle, `${at}/${k}`, secret));
  }
  return [];
}
