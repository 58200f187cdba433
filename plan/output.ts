/**
 * How every command line tool of the project (plan, adopt, audit, aws-config, the bench) writes
 * and exits: one writer for all of them.
 *
 * Two things go wrong with a pipe that do not with a terminal or a file:
 * - A pipe takes 64 KiB at a time; Node queues the rest and writes it as the reader reads. A
 *   process that calls `process.exit` right after a large write loses what was still queued, and
 *   exits 0: `plan --json | jq` read exactly 65,536 bytes. So a command returns its exit code and
 *   the process exits only once stdout and stderr have handed everything to the pipe.
 * - A reader may go away before it has read everything (`plan | head -c 100`). The next write then
 *   fails with EPIPE, which Node raises as an unhandled 'error' event: a stack trace on stderr.
 *   Here the command writes nothing more, says nothing, and exits with 141, the status a shell
 *   reports for a process killed by SIGPIPE (128 + 13), which is what `head` does to `cat` or `git`.
 */

/** A command's output channel: stdout or stderr, or a string in tests. */
export type Write = (text: string) => void;

/** A command line tool: its arguments and output channels in, its exit code out. */
export type Command = (argv: string[], out: Write, err: Write) => Promise<number>;

/** The exit code when the reader of stdout or stderr went away early: 128 + SIGPIPE, as a shell reports `cat` killed by `head`. */
export const READER_GONE = 128 + 13;

interface Stream {
    write(chunk: string, callback: (error?: Error | null) => void): boolean;
    on(event: "error", listener: (error: Error) => void): unknown;
}

/**
 * One output stream of the process, with what became of it: written whole, left by its reader
 * (EPIPE), or failed otherwise.
 */
export class StreamWriter {
    /** Why writing stopped, if it did. */
    private failure: NodeJS.ErrnoException | undefined;

    constructor(private readonly stream: Stream) {
        // Without a listener, a failed write (EPIPE) is an uncaught exception with a stack trace.
        stream.on("error", (e) => this.fail(e));
    }

    /** Writes `text`; nothing once the stream has failed (its reader went away). */
    readonly write: Write = (text) => {
        if (this.failure || text === "") return;
        this.stream.write(text, (e) => e && this.fail(e));
    };

    /** The reader went away before it took everything: EPIPE (or, on Windows, EOF). */
    get readerGone(): boolean {
        return this.failure?.code === "EPIPE" || this.failure?.code === "EOF";
    }

    /** A failure other than the reader going away (a full disk, say), if there was one. */
    get error(): NodeJS.ErrnoException | undefined {
        return this.readerGone ? undefined : this.failure;
    }

    /**
     * Resolves once everything written to the stream so far, by this writer or anyone else
     * (console.warn), has been handed to the operating system, or the stream has failed. Writes
     * complete in order, so an empty write's callback comes after all the earlier ones.
     */
    flushed(): Promise<void> {
        if (this.failure) return Promise.resolve();
        return new Promise((resolve) => this.stream.write("", () => resolve()));
    }

    private fail(e: NodeJS.ErrnoException): void {
        this.failure ??= e;
    }
}

/**
 * Runs a command as the process's entry point: writes through stdout and stderr, then exits with
 * the command's code once both are flushed; with READER_GONE when a reader went away first, and
 * with 1 when the output could not be written (the reason on stderr if it still works).
 */
export function runCommand(command: Command, argv: string[] = process.argv.slice(2)): Promise<void> {
    const out = new StreamWriter(process.stdout);
    const err = new StreamWriter(process.stderr);
    return finish(command, argv, out, err).then((code) => {
        // Safe now: stdout and stderr hold nothing more for their readers. Exiting explicitly
        // also ends a command whose SDK clients keep sockets open.
        process.exit(code);
    });
}

/** The command's exit code once its output is flushed, as runCommand exits with it. */
export async function finish(command: Command, argv: string[], out: StreamWriter, err: StreamWriter): Promise<number> {
    let code: number;
    try {
        code = await command(argv, out.write, err.write);
    } catch (e) {
        // The commands catch what they expect; this is a bug, shown as one.
        err.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        code = 1;
    }
    await Promise.all([out.flushed(), err.flushed()]);
    if (out.readerGone || err.readerGone) return READER_GONE;
    const failed = out.error ?? err.error;
    if (failed) {
        err.write(`could not write the output: ${failed.message}\n`);
        await err.flushed();
        return 1;
    }
    return code;
}
