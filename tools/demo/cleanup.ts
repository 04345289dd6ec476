// Cleanup for the demo and the bench: registered actions (stop the simulator, remove temporary directories) run on
// the way out, also on Ctrl-C (SIGINT), SIGTERM or a crash, and any child process still running is ended by its id
// (a Pulumi CLI mid-command, its plugins and the program host).
import * as cp from "child_process";
import * as fs from "fs";

type Action = () => unknown;

const actions: Action[] = [];
let installed = false;
let interruptedBy: NodeJS.Signals | undefined;

/**
 * The signal that interrupted the process, if one did. Work that fails because its child processes were ended
 * should then not report a failure of its own: the signal handler cleans up and exits (130 for SIGINT).
 */
export function interrupted(): NodeJS.Signals | undefined {
  return interruptedBy;
}

/** Never settles: for the main flow to wait while the signal handler cleans up and exits. */
export function untilExit(): Promise<never> {
  return new Promise<never>(() => undefined);
}

/** The ids of every process below `root` (children, grandchildren, …), deepest first. */
export function descendants(root: number = process.pid): number[] {
  let table: [number, number][] = [];
  try {
    table = fs
      .readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .flatMap((d): [number, number][] => {
        try {
          // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces and parentheses.
          const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
          const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
          return [[Number(d), ppid]];
        } catch {
          return [];
        }
      });
  } catch {
    // No /proc (macOS): ask ps.
    const out = cp.spawnSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" }).stdout ?? "";
    table = out
      .split("\n")
      .map((l) => l.trim().split(/\s+/).map(Number) as [number, number])
      .filter(([pid, ppid]) => Number.isInteger(pid) && Number.isInteger(ppid));
  }
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      walk(child);
      found.push(child);
    }
  };
  walk(root);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends every process this one started (by id): SIGTERM, then SIGKILL for those still there after `graceMs`. */
export async function endChildProcesses(graceMs = 2000): Promise<void> {
  const pids = descendants();
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const pid of pids.filter(alive)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

async function runAll(): Promise<void> {
  while (actions.length > 0) {
    const action = actions.pop()!;
    try {
      await action();
    } catch {
      // keep cleaning
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  const onSignal = (signal: NodeJS.Signals, code: number) => () => {
    interruptedBy = signal;
    process.stderr.write(`\n${signal}: cleaning up…\n`);
    void (async () => {
      await endChildProcesses();
      await runAll();
      process.exit(code);
    })();
  };
  process.once("SIGINT", onSignal("SIGINT", 130));
  process.once("SIGTERM", onSignal("SIGTERM", 143));
  // Last resort on a synchronous exit: temporary directories registered with removeOnExit.
  process.once("exit", () => {
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * Registers a cleanup action, run on Ctrl-C/SIGTERM; the returned function runs it now (once) and unregisters it,
 * for the normal way out.
 */
export function onExit(action: Action): () => Promise<void> {
  install();
  let done = false;
  const run = async (): Promise<void> => {
    if (done) return;
    done = true;
    const i = actions.indexOf(wrapped);
    if (i >= 0) actions.splice(i, 1);
    await action();
  };
  const wrapped: Action = () => run();
  actions.push(wrapped);
  return run;
}

const tempDirs = new Set<string>();

/** A directory removed whatever happens (normal end, failure, signal, process.exit). */
export function removeOnExit(dir: string): () => void {
  install();
  tempDirs.add(dir);
  return () => {
    fs.rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  };
}
