/**
 * The base of `npm run plan -- --base <git revision>`: that revision's own program planning that
 * revision's stack file, so that a pull request's diff shows what its program changes do, not only
 * what its stack file changes do.
 *
 * The revision's project is extracted into a temporary folder, compiled with this checkout's
 * TypeScript against this checkout's node_modules, and its own offline plan is run there with
 * --json; the diff compares that JSON with this checkout's plan.
 */
import { SpawnSyncReturns, execFileSync, spawnSync } from "child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { PlanSummary, summaryFromJson } from "./report";

/** What an offline plan needs in a revision's tree to plan itself. */
const OFFLINE_PLAN = ["plan/main.ts", "tsconfig.build.json"];

/** A plan's JSON of a large estate is megabytes; spawnSync's default buffer is one. */
const MAX_BUFFER = 1 << 30;

export type RevisionPlan =
    /** The revision planned itself. `dependenciesDiffer`: its package-lock.json is not this checkout's, whose node_modules it used. */
    | { readonly kind: "own"; readonly summary: PlanSummary; readonly dependenciesDiffer: boolean }
    /** The revision cannot plan itself; `reason` says why, for the reader of the diff. */
    | { readonly kind: "cannot"; readonly reason: string };

/** The revision's own plan failed: a config error, say. The message is what its plan printed. */
export class RevisionPlanError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RevisionPlanError";
    }
}

function git(cwd: string, ...args: string[]): string {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: MAX_BUFFER });
}

/**
 * The commit a revision names, for the project at `root`.
 * @throws Error when it names no commit.
 */
export function resolveRevision(root: string, revision: string): string {
    try {
        // A revision is never an option: "--output=x" would be one to git.
        if (revision.startsWith("-")) throw new Error();
        return git(root, "rev-parse", "--verify", "--quiet", `${revision}^{commit}`).trim();
    } catch {
        throw new Error(`--base ${revision}: neither a file nor a git revision`);
    }
}

/** The project's folder within its repository ("" at the top, "infra/" in a subfolder). */
export function projectPrefix(root: string): string {
    return git(root, "rev-parse", "--show-prefix").trim();
}

/** A file of the project at a commit, or undefined when the commit has no such file. */
export function fileAt(root: string, commit: string, file: string): string | undefined {
    const object = `${commit}:${projectPrefix(root)}${file}`;
    // Only a file the commit does not have is no file: any other failure (a file larger than a
    // buffer, git itself failing) is an error, never an empty base that makes everything new.
    try {
        git(root, "cat-file", "-e", object);
    } catch {
        return undefined;
    }
    return git(root, "show", object);
}

/**
 * Plan a commit's stack file with that commit's own program, in a temporary folder removed after.
 * @param root this checkout's project root: its node_modules and TypeScript build the commit's program
 * @returns the commit's plan, or why it cannot plan itself (no offline plan, or its build fails)
 * @throws RevisionPlanError when its plan fails, with what it printed (a config error, say)
 */
export function planAtCommit(root: string, commit: string, stack: string): RevisionPlan {
    const dir = mkdtempSync(join(tmpdir(), "landing-zone-base-"));
    try {
        try {
            extract(root, commit, dir);
        } catch (e) {
            return { kind: "cannot", reason: `extracting it fails: ${(e as Error).message}` };
        }
        const missing = OFFLINE_PLAN.filter((f) => !existsSync(join(dir, f)));
        if (missing.length) return { kind: "cannot", reason: `it has no ${missing.join(" or ")}` };

        // A junction needs no privilege on Windows; elsewhere the type is ignored.
        symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "junction");
        const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
        const build = spawnSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.build.json")], { cwd: dir, maxBuffer: MAX_BUFFER });
        if (build.status !== 0) return { kind: "cannot", reason: `its build fails: ${firstLine(build)}` };
        const main = join(dir, "bin", "plan", "main.js");
        if (!existsSync(main)) return { kind: "cannot", reason: "its build writes no bin/plan/main.js" };

        // Its JSON goes to a file, not a pipe: a revision from before plan/output.ts exits right
        // after writing, and a pipe would keep only its first 64 KiB.
        const jsonFile = join(dir, ".landing-zone-base-plan.json");
        const fd = openSync(jsonFile, "w");
        let run: SpawnSyncReturns<Buffer>;
        try {
            run = spawnSync(process.execPath, ["--stack-trace-limit=0", main, join(dir, `Pulumi.${stack}.yaml`), "--json"], { cwd: dir, stdio: ["ignore", fd, "pipe"], maxBuffer: MAX_BUFFER });
        } finally {
            closeSync(fd);
        }
        run.stdout = readFileSync(jsonFile);
        if (run.status !== 0) {
            const printed = run.stderr?.toString().trim() ?? "";
            // Its program needs a package this checkout's node_modules does not have: not its config's fault.
            const missingModule = /Cannot find module '([^']+)'/.exec(printed)?.[1];
            if (missingModule) return { kind: "cannot", reason: `its program needs ${missingModule}, which this checkout's node_modules lacks` };
            if (run.status === 1) throw new RevisionPlanError(printed);
            return { kind: "cannot", reason: `its plan exits with ${run.status ?? run.signal}: ${firstLine(run)}` };
        }
        let summary: PlanSummary;
        try {
            summary = summaryFromJson(JSON.parse(run.stdout.toString()));
        } catch (e) {
            return { kind: "cannot", reason: `its plan prints JSON this checkout does not read: ${(e as Error).message}` };
        }
        const lock = (folder: string) => (existsSync(join(folder, "package-lock.json")) ? readFileSync(join(folder, "package-lock.json"), "utf8") : undefined);
        return { kind: "own", summary, dependenciesDiffer: lock(dir) !== lock(root) };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** The project's files at a commit, extracted into `dir` (the project's folder only, when it is a subfolder). */
function extract(root: string, commit: string, dir: string): void {
    const top = git(root, "rev-parse", "--show-toplevel").trim();
    const tree = `${commit}:${projectPrefix(root)}`;
    const archive = spawnSync("git", ["archive", "--format=tar", tree], { cwd: top, maxBuffer: MAX_BUFFER });
    if (archive.status !== 0) throw new Error(`git archive ${tree}: ${firstLine(archive)}`);
    const untar = spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout, maxBuffer: MAX_BUFFER });
    if (untar.status !== 0) throw new Error(`tar -x: ${firstLine(untar)}`);
}

/** The first line a failed process printed (tsc prints its errors on stdout). */
function firstLine(p: SpawnSyncReturns<Buffer>): string {
    const text = `${p.stderr?.toString() ?? ""}\n${p.stdout?.toString() ?? ""}`.trim();
    return text.split("\n")[0].trim() || (p.error?.message ?? "no output");
}
