/**
 * The terminal as the CLI sees it: output streams, the input stream, whether each is a terminal, and the environment.
 * Commands receive a `CliIO` instead of touching `process`, so tests run them in process with fake streams and a fake
 * TTY.
 */

/** Where text goes. `isTTY` is true only when the stream is an interactive terminal. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Where answers to prompts come from. */
export interface InputStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: InputStream;
  /** Environment variables (`ONTAP_*`, `NO_COLOR`). */
  env: NodeJS.ProcessEnv;
}

/** The real process streams and environment. */
export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Colour only on a terminal, and never when `NO_COLOR` is set to a non-empty value (https://no-color.org). */
export function colorEnabled(io: CliIO): boolean {
  return io.stdout.isTTY === true && !io.env.NO_COLOR;
}

/** Longest answer read from a prompt: past it, reading stops and the answer is what came (never a "yes"). */
export const MAX_LINE = 1024;

/**
 * Reads one line (without its line break) from `input`; undefined when the input ends before any character. At most
 * {@link MAX_LINE} characters are kept: a stream that never sends a line break stops being read there. The stream is
 * paused again afterwards so that it does not keep the process alive.
 */
export function readLine(input: InputStream): Promise<string | undefined> {
  return new Promise((resolve) => {
    let buffer = "";
    const finish = (line: string | undefined): void => {
      input.removeListener("data", onData);
      input.removeListener("end", onEnd);
      input.removeListener("error", onEnd);
      input.pause();
      resolve(line);
    };
    const onData = (chunk: Buffer | string): void => {
      buffer += chunk.toString();
      const end = buffer.indexOf("\n");
      if (end >= 0) finish(buffer.slice(0, end).replace(/\r$/, ""));
      else if (buffer.length > MAX_LINE) finish(buffer.slice(0, MAX_LINE));
    };
    const onEnd = (): void => finish(buffer === "" ? undefined : buffer);
    input.on("data", onData);
    input.on("end", onEnd);
    input.on("error", onEnd);
    input.resume();
  });
}
