/**
 * `npm run plan -- [stack] [--base <file or git revision>] [--json | --markdown]`
 *
 * Plans the landing-zone program offline: the real program on Pulumi's mock engine with the stack
 * config read from Pulumi.<stack>.yaml. No Pulumi CLI, no credentials, no AWS calls.
 *
 * Against a base file, both sides are planned with this checkout's program. Against a git
 * revision, the base is that revision's stack file planned with that revision's own program
 * (plan/baseRevision.ts), so program changes show too; a revision that cannot plan itself falls
 * back to this checkout's program, and every output format says which it was.
 */
import { existsSync, readFileSync, readdirSync } from "fs";
import { join, relative } from "path";
import { ConfigError, loadStackConfig } from "../config/load";
import { managementAccount } from "../config/organizationsRules";
import { StackValues, parseStackFile, stackNameProblem } from "../config/stackFile";
import { RevisionPlan, RevisionPlanError, fileAt, planAtCommit, resolveRevision } from "./baseRevision";
import { FakeCloud, Plan, PlanError, plan } from "./engine";
import { visible, visibleLines } from "./escape";
import type { Write } from "./output";
import { projectRoot } from "./projectRoot";
import { CLOCK_VARIABLE, isoSecond, parseTime, runClock } from "../config/until";
import { BaseNote, PlanSummary, diffPlans, planJson, renderDiffMarkdown, renderDiffText, renderPlanMarkdown, renderPlanText } from "./report";
import * as pulumi from "@pulumi/pulumi";
import program = require("../index");

const USAGE = `usage: npm run plan -- [stack | FILE.yaml] [--base <file or git revision>] [--at TIME] [--json | --markdown]

  stack            the stack whose Pulumi.<stack>.yaml to plan (default: dev)
  FILE.yaml        or a stack file anywhere
  --base REF       also plan a base and print the difference: resources and people's access.
                   REF is a stack file (planned with this program), or a git revision such as
                   origin/main (its stack file planned with its own program, so program changes
                   show too; with this program when it cannot plan itself, and the output says so)
  --at TIME        plan as of TIME (2027-01-01, the end of that day in UTC, or
                   2027-01-01T09:00:00Z): what the access looks like then, with every
                   until that has passed by then ended (LANDING_ZONE_NOW does the same)
  --json           machine-readable output
  --markdown       markdown, for pull-request comments
  --help           this text`;

export interface CliOptions {
    stack: string;
    /** The stack file, when given as a path rather than a stack name. */
    file?: string;
    base?: string;
    format: "text" | "json" | "markdown";
    /** `--at`: the clock to plan at (ISO 8601 UTC), instead of the machine's. */
    at?: string;
}

/** @throws Error with a usage message for bad arguments. */
export function parseArgs(argv: string[]): CliOptions | "help" {
    const options: CliOptions = { stack: "dev", format: "text" };
    const positional: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") return "help";
        else if (arg === "--json") options.format = "json";
        else if (arg === "--markdown") options.format = "markdown";
        else if (arg === "--at" || arg.startsWith("--at=")) {
            const value = arg === "--at" ? argv[++i] : arg.slice("--at=".length);
            if (!value) throw new Error("--at needs a time such as 2027-01-01 or 2027-01-01T09:00:00Z");
            const parsed = parseTime(value);
            if ("problem" in parsed) throw new Error(`--at ${JSON.stringify(value)} ${parsed.problem}`);
            options.at = isoSecond(parsed.time);
        } else if (arg === "--base") {
            const value = argv[++i];
            if (!value) throw new Error("--base needs a file or a git revision");
            options.base = value;
        } else if (arg.startsWith("--base=")) options.base = arg.slice("--base=".length);
        else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}`);
        else positional.push(arg);
    }
    if (positional.length > 1) throw new Error(`one stack at a time (got ${positional.join(", ")})`);
    const target = positional[0];
    if (target && /\.ya?ml$/.test(target)) {
        options.file = target;
        options.stack = /Pulumi\.([^/\\]+)\.ya?ml$/.exec(target)?.[1] ?? "file";
    } else if (target) options.stack = target;
    const problem = stackNameProblem(options.stack);
    if (problem) throw new Error(problem);
    return options;
}

export { projectRoot };

/**
 * Plan a stack file's values with this checkout's program.
 * @param deployed the outputs of the deployment this plan follows (a base plan's): what the stack
 *   remembers from it, such as the sandbox nuke's triggers and dry runs
 * @default deployed a stack never deployed
 */
export function planValues(values: StackValues, stack: string, deployed?: Record<string, unknown>): Promise<Plan> {
    return plan({ config: values.config, secretKeys: values.secretKeys, program, stack, cloud: { ...assumedCloud(values.config), ...(deployed && { stackOutputs: deployed }) } });
}

/** The outputs a base plan would leave the stack with. */
function outputsOf(base: Plan | PlanSummary): Record<string, unknown> | undefined {
    return base.outputs;
}

/**
 * What an offline plan assumes of AWS from the config. It cannot read the identity store, so it
 * assumes the config's external groups and users exist there (with placeholder ids); `pulumi
 * preview` looks them up for real. It runs as the management account the config names by id, or
 * as a placeholder one. An invalid config assumes nothing: the program reports it.
 */
export function assumedCloud(config: Record<string, string>): Pick<FakeCloud, "externalGroups" | "externalUsers"> & Partial<Pick<FakeCloud, "managementAccountId">> {
    try {
        const c = loadStackConfig(config);
        const external = (entries: Record<string, { external: boolean }>) => Object.keys(entries).filter((name) => entries[name].external);
        const management = managementAccount(c.accounts);
        return { externalGroups: external(c.groups), externalUsers: external(c.users), ...(management && { managementAccountId: management.id }) };
    } catch {
        return { externalGroups: [], externalUsers: [] };
    }
}

const EMPTY: Plan = { registrations: [], invocations: [], outputs: {}, warnings: [] };

/** The base of a diff and, for a git revision, what planned it. */
interface Base {
    readonly plan: Plan | PlanSummary;
    readonly note?: BaseNote;
}

/**
 * Plan the base: a stack file with this program; a git revision's stack file with that revision's
 * own program, or with this program when the revision cannot plan itself.
 */
async function planBase(root: string, base: string, stack: string): Promise<Base> {
    if (existsSync(base)) {
        return {
            plan: await planValues(parseStackFile(readFileSync(base, "utf8"), base), stack).catch(labelBase(base)),
            note: { program: "head", note: `base: the stack file ${base}, planned with this checkout's program (as the head is)` },
        };
    }
    const file = `Pulumi.${stack}.yaml`;
    const commit = resolveRevision(root, base);
    const text = fileAt(root, commit, file);
    if (text === undefined) return { plan: EMPTY, note: { program: "none", note: `base: ${base} has no ${file}, so the base is empty: everything is created, or imported where it has an import id` } };
    // Read with this program's bounded reader first: a revision's own program may predate the alias
    // budget, and would spend gigabytes on a file this one refuses in milliseconds.
    const values = await Promise.resolve()
        .then(() => parseStackFile(text, `${base}:${file}`))
        .catch(labelBase(base));
    let own: RevisionPlan;
    try {
        own = planAtCommit(root, commit, stack);
    } catch (e) {
        if (e instanceof RevisionPlanError) labelBase(base)(e);
        throw e;
    }
    if (own.kind === "own") {
        const caveats = [
            ...(own.dependenciesDiffer ? ["it ran with this checkout's node_modules, and its package-lock.json differs"] : []),
            ...(own.summary.unrecorded.length ? [`its plan does not record ${own.summary.unrecorded.join(" or ")}, so changes to them are not shown`] : []),
        ];
        const note = [`base: the program and ${file} at ${base}, each side planned with its own program`, ...caveats].join("; ");
        return { plan: own.summary, note: { program: "base", note } };
    }
    return {
        plan: await planValues(values, stack).catch(labelBase(base)),
        note: { program: "head", note: `base: the stack file at ${base} planned with this checkout's program (that revision cannot plan itself: ${own.reason})` },
    };
}

/**
 * Runs the CLI; returns the exit code. Output goes through `out` and `err`.
 * @param root the project whose stack files and git history to read
 * @default root projectRoot(), this plan tool's project
 */
export async function main(
    argv: string[],
    out: Write = (s) => void process.stdout.write(s),
    err: Write = (s) => void process.stderr.write(s),
    root: string = projectRoot(),
): Promise<number> {
    let options: CliOptions | "help";
    try {
        options = parseArgs(argv);
    } catch (e) {
        err(`${visible((e as Error).message)}\n\n${USAGE}\n`);
        return 2;
    }
    if (options === "help") {
        out(`${USAGE}\n`);
        return 0;
    }
    const file = options.file ?? join(root, `Pulumi.${options.stack}.yaml`);
    // One clock for the whole run, the base's own program (another process) included.
    const clock = process.env[CLOCK_VARIABLE];
    try {
        process.env[CLOCK_VARIABLE] = options.at ?? isoSecond(runClock());
        if (!existsSync(file)) throw new Error(`no stack file ${relative(process.cwd(), file) || file} (stacks: ${stacks(root).join(", ")})`);
        const values = parseStackFile(readFileSync(file, "utf8"), file);
        if (options.base === undefined) {
            const head = await planValues(values, options.stack);
            out(
                options.format === "json"
                    ? `${JSON.stringify(planJson(options.stack, head), null, 2)}\n`
                    : options.format === "markdown"
                      ? renderPlanMarkdown(options.stack, head)
                      : renderPlanText(options.stack, head),
            );
            return 0;
        }
        // The head follows the base as an `up` follows the deployment before it: with what the
        // stack remembers from the base (the nuke's triggers and dry runs), so the diff shows
        // whether aws-nuke would run.
        const base = await planBase(root, options.base, options.stack);
        const head = await planValues(values, options.stack, outputsOf(base.plan));
        const diff = diffPlans(base.plan, head);
        out(
            options.format === "json"
                ? `${JSON.stringify(planJson(options.stack, head, { base: options.base, diff, note: base.note }), null, 2)}\n`
                : options.format === "markdown"
                  ? renderDiffMarkdown(options.stack, options.base, diff, base.note)
                  : renderDiffText(options.stack, options.base, diff, base.note),
        );
        return 0;
    } catch (e) {
        err(`${visibleLines(describe(e))}\n`);
        return 1;
    } finally {
        if (clock === undefined) delete process.env[CLOCK_VARIABLE];
        else process.env[CLOCK_VARIABLE] = clock;
    }
}

function labelBase(base: string) {
    return (e: unknown): never => {
        throw new Error(`the stack file at --base ${base} does not plan:\n${describe(e)}`);
    };
}

/** Config errors print exactly as the program reports them; other failures with their message. */
function describe(e: unknown): string {
    const cause = e instanceof PlanError ? e.cause : e;
    if (cause instanceof ConfigError || cause instanceof pulumi.RunError) return cause.message;
    return cause instanceof Error ? cause.message : String(cause);
}

function stacks(root: string): string[] {
    return readdirSync(root)
        .map((f: string) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => Boolean(s));
}
