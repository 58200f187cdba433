/**
 * `npm run plan -- [stack] [--base <file or git revision>] [--json | --markdown]`
 *
 * Plans the landing-zone program offline: the real program on Pulumi's mock engine with the stack
 * config read from Pulumi.<stack>.yaml. No Pulumi CLI, no credentials, no AWS calls.
 */
import { execFileSync } from "child_process";
import { existsSync, readFileSync, readdirSync } from "fs";
import { dirname, join, relative } from "path";
import { ConfigError } from "../config/load";
import { StackValues, parseStackFile } from "../config/stackFile";
import { Plan, PlanError, plan } from "./engine";
import { diffPlans, planJson, renderDiffMarkdown, renderDiffText, renderPlanMarkdown, renderPlanText } from "./report";
import * as pulumi from "@pulumi/pulumi";
import program = require("../index");

const USAGE = `usage: npm run plan -- [stack | FILE.yaml] [--base <file or git revision>] [--json | --markdown]

  stack            the stack whose Pulumi.<stack>.yaml to plan (default: dev)
  FILE.yaml        or a stack file anywhere
  --base REF       also plan the stack file from REF (a file path, or a git revision such as
                   origin/main) and print the difference: resources and people's access
  --json           machine-readable output
  --markdown       markdown, for pull-request comments
  --help           this text`;

export interface CliOptions {
    stack: string;
    /** The stack file, when given as a path rather than a stack name. */
    file?: string;
    base?: string;
    format: "text" | "json" | "markdown";
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
        else if (arg === "--base") {
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
    if (!/^[\w.-]+$/.test(options.stack)) throw new Error(`"${options.stack}" is not a stack name`);
    return options;
}

/** The project root: the nearest folder above this file with a Pulumi.yaml. */
export function projectRoot(from = __dirname): string {
    let dir = from;
    while (!existsSync(join(dir, "Pulumi.yaml"))) {
        const up = dirname(dir);
        if (up === dir) throw new Error("no Pulumi.yaml found above the plan tool");
        dir = up;
    }
    return dir;
}

/** The stack file at a git revision, or undefined when the revision has no such file. */
function stackFileAt(root: string, revision: string, file: string): string | undefined {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    try {
        git("rev-parse", "--verify", "--quiet", `${revision}^{commit}`);
    } catch {
        throw new Error(`--base ${revision}: neither a file nor a git revision`);
    }
    const prefix = git("rev-parse", "--show-prefix").trim();
    try {
        return git("show", `${revision}:${prefix}${file}`);
    } catch {
        return undefined;
    }
}

/** The base stack file: a path, or the stack file at a git revision (undefined when it had none). */
export function readBase(root: string, base: string, stack: string): StackValues | undefined {
    const file = `Pulumi.${stack}.yaml`;
    if (existsSync(base)) return parseStackFile(readFileSync(base, "utf8"), base);
    const text = stackFileAt(root, base, file);
    return text === undefined ? undefined : parseStackFile(text, `${base}:${file}`);
}

function planValues(values: StackValues, stack: string): Promise<Plan> {
    return plan({ config: values.config, secretKeys: values.secretKeys, program, stack });
}

const EMPTY: Plan = { registrations: [], invocations: [], outputs: {} };

/** Runs the CLI; returns the exit code. Output goes through `out` and `err`. */
export async function main(argv: string[], out: (s: string) => void = (s) => void process.stdout.write(s), err: (s: string) => void = (s) => void process.stderr.write(s)): Promise<number> {
    let options: CliOptions | "help";
    try {
        options = parseArgs(argv);
    } catch (e) {
        err(`${(e as Error).message}\n\n${USAGE}\n`);
        return 2;
    }
    if (options === "help") {
        out(`${USAGE}\n`);
        return 0;
    }
    const root = projectRoot();
    const file = options.file ?? join(root, `Pulumi.${options.stack}.yaml`);
    try {
        if (!existsSync(file)) throw new Error(`no stack file ${relative(process.cwd(), file) || file} (stacks: ${stacks(root).join(", ")})`);
        const head = await planValues(parseStackFile(readFileSync(file, "utf8"), file), options.stack);
        if (options.base === undefined) {
            out(
                options.format === "json"
                    ? `${JSON.stringify(planJson(options.stack, head), null, 2)}\n`
                    : options.format === "markdown"
                      ? renderPlanMarkdown(options.stack, head)
                      : renderPlanText(options.stack, head),
            );
            return 0;
        }
        const baseValues = readBase(root, options.base, options.stack);
        const base = baseValues ? await planValues(baseValues, options.stack).catch(labelBase(options.base)) : EMPTY;
        const diff = diffPlans(base, head);
        out(
            options.format === "json"
                ? `${JSON.stringify(planJson(options.stack, head, { base: options.base, diff }), null, 2)}\n`
                : options.format === "markdown"
                  ? renderDiffMarkdown(options.stack, options.base, diff)
                  : renderDiffText(options.stack, options.base, diff),
        );
        return 0;
    } catch (e) {
        err(`${describe(e)}\n`);
        return 1;
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
