/**
 * What a command runs with: the terminal (io.ts), its options, and the ONTAP client, created on first use from the
 * shared connection settings (provider/connection.ts): the flags first, then the `ONTAP_*` environment variables.
 */
import { argumentLayer, ConnectionArgs, ConnectionLayer, environmentLayer, resolveConnection } from "../connection";
import { OntapClient } from "../ontap";
import type { OptionValues } from "./args";
import { shownWord } from "./errors";
import { colorEnabled, CliIO } from "./io";

/** How the settings are named in errors: the flag (the environment layer names its variable). */
export const FLAG_NAMES: Record<keyof ConnectionArgs, string> = {
  host: "--host",
  username: "--username",
  password: "--password",
  insecure: "--insecure",
  caCert: "--ca-cert",
  clientCert: "--client-cert",
  clientKey: "--client-key",
};

/** A short wait for an operator: three attempts within 15 s rather than the library's one minute. */
const CLI_RETRY = { maxAttempts: 3, maxElapsedMs: 15_000 };

export function flagLayer(options: OptionValues): ConnectionLayer {
  const { settings } = argumentLayer({
    host: options.host,
    username: options.username,
    password: options.password,
    insecure: options.insecure,
    caCert: options["ca-cert"],
    clientCert: options["client-cert"],
    clientKey: options["client-key"],
  });
  return { settings, names: FLAG_NAMES };
}

export class Context {
  readonly json: boolean;
  readonly color: boolean;
  #client: OntapClient | undefined;

  constructor(
    readonly io: CliIO,
    readonly options: OptionValues,
    /**
     * The passwords and client keys given on this command line or in `ONTAP_PASSWORD` / `ONTAP_CLIENT_KEY`: never
     * shown (errors.ts shownWord).
     */
    readonly secrets: ReadonlySet<string> = new Set(),
  ) {
    this.json = options.json === true;
    this.color = colorEnabled(io);
  }

  /** The ONTAP client; throws OntapConfigError naming the flag and variable of a missing or invalid setting. */
  client(): OntapClient {
    if (!this.#client) {
      const connection = resolveConnection([flagLayer(this.options), environmentLayer(this.io.env)]);
      this.#client = new OntapClient({ ...connection, retry: CLI_RETRY });
    }
    return this.#client;
  }

  /** A word of the command line as a message shows it (quoted, escaped, bounded; never a password). */
  word(text: string): string {
    return shownWord(text, this.secrets);
  }

  out(text: string): void {
    this.io.stdout.write(text);
  }

  /** Messages for the person at the terminal (prompts, notes): stderr, so stdout stays parseable. */
  note(text: string): void {
    this.io.stderr.write(text);
  }

  close(): void {
    this.#client?.close();
  }
}
