/** The command line of `npm run adopt` and `npm run audit`: `--stack NAME [--region REGION]` and each one's own options. */

import { visible } from "../plan/escape";
import type { Write } from "../plan/output";
import { stackNameProblem } from "../config/stackFile";

export type { Write };

export interface StackArgs {
    readonly stack: string;
    readonly region?: string;
    /** The command's own options that take a value, by name (`--out` → its value). */
    readonly values: Readonly<Record<string, string>>;
    /** The command's own switches that were given (`--force`). */
    readonly switches: ReadonlySet<string>;
}

import { EXAMPLE_REGION } from "./example";

/** The switch that reads the built-in example estate instead of AWS (estate/example.ts). */
export const EXAMPLE = "--example";
/** The stack an `--example` run names when no --stack is given. */
export const EXAMPLE_STACK = "example";

/**
 * Parse the arguments; "help" for --help. `--example` (reading the built-in example estate, not
 * AWS) makes `--stack` optional, `example` by default, and takes no `--region`.
 * @throws Error naming the bad argument.
 */
export function parseStackArgs(argv: readonly string[], own: { values?: readonly string[]; switches?: readonly string[] } = {}): StackArgs | "help" {
    const valued = new Set(["--stack", "--region", ...(own.values ?? [])]);
    const values: Record<string, string> = {};
    const switches = new Set<string>();
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--help" || a === "-h") return "help";
        if (a === EXAMPLE || own.switches?.includes(a)) switches.add(a);
        else if (valued.has(a)) {
            const v = argv[++i];
            // "-" is a value (--out - prints); any other dash-word is the next option.
            if (v === undefined || (v.startsWith("-") && v !== "-")) throw new Error(`${a} needs a value`);
            values[a] = v;
        } else throw new Error(`unknown argument ${a}`);
    }
    const example = switches.has(EXAMPLE);
    const { "--stack": stack = example ? EXAMPLE_STACK : undefined, "--region": region, ...rest } = values;
    if (example && region !== undefined) throw new Error(`--region is not for ${EXAMPLE}: the example estate's Identity Center is in ${EXAMPLE_REGION}`);
    if (!stack) throw new Error(`name the stack: --stack NAME (or try the built-in example estate: ${EXAMPLE})`);
    const problem = stackNameProblem(stack);
    if (problem) throw new Error(problem);
    return { stack, region, values: rest, switches };
}

/** The parsed options, or the exit code once the command line asked for help (0) or was wrong (2). */
export function commandLine<T>(argv: readonly string[], parse: (argv: readonly string[]) => T | "help", usage: string, out: Write, err: Write): T | number {
    try {
        const options = parse(argv);
        if (options !== "help") return options;
        out(`${usage}\n`);
        return 0;
    } catch (e) {
        err(`${visible((e as Error).message)}\n\n${usage}\n`);
        return 2;
    }
}
