/**
 * The optional state file: loaded at start when present, rewritten after every mutation. Writes go to a temporary
 * file in the same directory that is then renamed over the target, so a crash never leaves a half-written file. The
 * file holds password material only in derived form (scrypt hashes, HMAC keys), never a plaintext password.
 */
import * as fs from "fs";
import * as path from "path";
import type { ClusterState } from "./state";

export function loadState(file: string): ClusterState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const state = JSON.parse(text) as ClusterState;
  if (state?.version !== 1 || !Array.isArray(state.nodes) || !Array.isArray(state.svms)) {
    throw new Error(`${file} is not a simulator state file (version 1)`);
  }
  state.sessions ??= [];
  return state;
}

let counter = 0;

export function saveState(file: string, state: ClusterState): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);
  fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}
