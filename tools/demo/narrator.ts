// What the demo prints around Pulumi's own output: one short line per step (what is done and why), a check line when
// the step behaved as expected, and indented detail lines. Colours only on a terminal.

export interface Narrator {
  /** `==> [n/total] text`: the step about to run. */
  step(text: string): void;
  /** An indented line under the step (a command, an HTTP request). */
  detail(text: string): void;
  /** `    ✔ text`: what was checked after the step. */
  ok(text: string): void;
  /** `✘ text`: a step did not behave as expected. */
  fail(text: string): void;
  /** A plain line (Pulumi's output, the summary). */
  line(text?: string): void;
  /** Output of a running command, written as it arrives (chunks need not end a line). */
  stream(text: string): void;
}

export function narrator(total: number, write: (s: string) => void, color: boolean): Narrator {
  let n = 0;
  const paint = (code: string, s: string): string => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return {
    step(text) {
      n++;
      write(`\n${paint("1;36", `==> [${n}/${total}]`)} ${paint("1", text)}\n`);
    },
    detail(text) {
      write(`    ${text}\n`);
    },
    ok(text) {
      write(`${paint("32", "    ✔")} ${text}\n`);
    },
    fail(text) {
      write(`${paint("31", "✘")} ${text}\n`);
    },
    line(text = "") {
      write(`${text}\n`);
    },
    stream(text) {
      write(text);
    },
  };
}

/** The steps of the demo, narrated the same way whichever engine runs them. */
export const STEPS = {
  simulator:
    "Starting the embedded ONTAP simulator (HTTPS on an ephemeral loopback port; cluster1 with svm1 and svm2): the stand-in for a real cluster.",
  create: "pulumi up: creates the stack (NDMP mode, NDMP on svm1 and svm2, the backup password as a secret output).",
  noChange: "pulumi up again: the cluster already matches the program, so nothing should change.",
  drift: "An administrator disables NDMP on svm1 outside Pulumi (a plain HTTPS PATCH to the ONTAP REST API).",
  detect:
    "pulumi preview --refresh --expect-no-changes: reads the cluster and compares it with the program; drift makes it fail.",
  repair:
    "pulumi up --refresh: reads the cluster again (a plain up trusts the state, which still says enabled) and repairs svm1.",
  destroy:
    "pulumi destroy: removes the resources from the stack (onDelete: retain leaves ONTAP's settings as they are).",
} as const;

export const STEP_COUNT = 7;
