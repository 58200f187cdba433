/**
 * `npm run --silent audit -- --stack NAME [--region REGION] [--json]`
 *
 * Compares the live estate (read-only: estate/reader.ts) with the stack file and prints one line per
 * difference, naming the object and how to settle it. Exit 0 when they match, 1 when they differ,
 * 2 on error.
 */
import { existsSync } from "fs";
import { join, relative } from "path";
import { ConfigError, loadStackConfig } from "../config/load";
import { readStackFile } from "../config/stackFile";
import { projectRoot } from "../plan/cli";
import { Difference, compareEstate, describeDifference } from "./compare";
import { EstateError, readEstate } from "./reader";

const USAGE = `usage: npm run --silent audit -- --stack NAME [--region REGION] [--json]

  --stack NAME     the stack whose Pulumi.NAME.yaml to compare with AWS
  --region REGION  where IAM Identity Center is enabled (default: the stack's aws:region)
  --json           machine-readable output

Exit code: 0 the estate matches the stack file, 1 they differ, 2 an error. Reads AWS with
List, Describe and Get calls only (docs/adopt-and-audit.md has the IAM policy).`;

interface AuditOptions {
    readonly stack: string;
    readonly region?: string;
    readonly json: boolean;
}

export function parseArgs(argv: string[]): AuditOptions | "help" {
    let stack: string | undefined;
    let region: string | undefined;
    let json = false;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--help" || a === "-h") return "help";
        else if (a === "--json") json = true;
        else if (a === "--stack" || a === "--region") {
            const v = argv[++i];
            if (v === undefined || v.startsWith("-")) throw new Error(`${a} needs a value`);
            if (a === "--stack") stack = v;
            else region = v;
        } else throw new Error(`unknown argument ${a}`);
    }
    if (!stack) throw new Error("name the stack: --stack NAME");
    if (!/^[\w.-]+$/.test(stack)) throw new Error(`"${stack}" is not a stack name`);
    return { stack, region, json };
}

export interface AuditReport {
    readonly stack: string;
    readonly organizationId: string;
    readonly region: string;
    readonly differences: Difference[];
}

/** Runs the command; returns the exit code. */
export async function main(
    argv: string[],
    out: (s: string) => void = (s) => void process.stdout.write(s),
    err: (s: string) => void = (s) => void process.stderr.write(s),
    root: string = projectRoot(),
): Promise<number> {
    let options: AuditOptions | "help";
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
    const file = join(root, `Pulumi.${options.stack}.yaml`);
    try {
        if (!existsSync(file)) throw new EstateError(`no stack file ${relative(process.cwd(), file) || file} (npm run adopt writes one from the estate)`);
        const config = loadStackConfig(readStackFile(file).config);
        const estate = await readEstate({ region: options.region ?? config.region });
        const report: AuditReport = {
            stack: options.stack,
            organizationId: estate.organization.id,
            region: estate.region,
            differences: compareEstate(estate, config),
        };
        out(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
        return report.differences.length === 0 ? 0 : 1;
    } catch (e) {
        err(`${e instanceof EstateError || e instanceof ConfigError ? e.message : ((e as Error).stack ?? String(e))}\n`);
        return 2;
    }
}

function renderText(r: AuditReport): string {
    const where = `organisation ${r.organizationId}, Identity Center in ${r.region}`;
    if (r.differences.length === 0) return `audit: stack ${r.stack} matches the estate (${where})\n`;
    const n = r.differences.length;
    return [`audit: stack ${r.stack} differs from the estate (${where}) in ${n} place${n === 1 ? "" : "s"}:`, ...r.differences.map(describeDifference), ""].join("\n");
}
