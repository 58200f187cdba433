/**
 * `npm run --silent audit -- --stack NAME [--region REGION] [--json]`, and
 * `npm run --silent audit -- --example [--stack NAME] [--json]` (the built-in example estate: estate/example.ts)
 *
 * Compares the live estate (read-only: estate/reader.ts) with the stack file and prints one line per
 * difference, naming the object and how to settle it. Exit 0 when they match, 1 when they differ,
 * 2 on error.
 */
import { existsSync } from "fs";
import { join, relative } from "path";
import { ConfigError, loadStackConfig } from "../config/load";
import type { LandingZoneConfig } from "../config/schema";
import { parseStackFile, readStackFile } from "../config/stackFile";
import { visible, visibleLines } from "../plan/escape";
import { projectRoot } from "../plan/projectRoot";
import { Difference, compareEstate, describeDifference } from "./compare";
import { EXAMPLE, Write, commandLine, parseStackArgs } from "./cli";
import { EXAMPLE_NOTE, driftedEstate, exampleNotice, readExample, tutorialEstate } from "./example";
import { Estate, EstateError, readEstate } from "./reader";
import { renderStackFile } from "./render";
import { estateToConfig } from "./toConfig";

const USAGE = `usage: npm run --silent audit -- --stack NAME [--region REGION] [--json]
       npm run --silent audit -- --example [--stack NAME] [--json]

  --stack NAME     the stack whose Pulumi.NAME.yaml to compare with AWS
  --region REGION  where IAM Identity Center is enabled (default: the stack's aws:region)
  --json           machine-readable output
  --example        audit the built-in example estate a week after adoption, changed by hand,
                   served by a local fake of the AWS APIs (no credentials, no network), against
                   Pulumi.example.yaml (or the --stack named) when there is one, else against the
                   file \`npm run adopt -- --example\` writes

Exit code: 0 the estate matches the stack file, 1 they differ, 2 an error. Reads AWS with
List, Describe and Get calls only (docs/adopt-and-audit.md has the IAM policy).`;

interface AuditOptions {
    readonly stack: string;
    readonly region?: string;
    readonly json: boolean;
    /** Audit the built-in example estate instead of reading AWS. */
    readonly example: boolean;
}

/** @throws Error naming a bad argument. */
export function parseArgs(argv: readonly string[]): AuditOptions | "help" {
    const args = parseStackArgs(argv, { switches: ["--json"] });
    return args === "help" ? args : { stack: args.stack, region: args.region, json: args.switches.has("--json"), example: args.switches.has(EXAMPLE) };
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
    out: Write = (s) => void process.stdout.write(s),
    err: Write = (s) => void process.stderr.write(s),
    root: string = projectRoot(),
): Promise<number> {
    const options = commandLine(argv, parseArgs, USAGE, out, err);
    if (typeof options === "number") return options;
    const file = join(root, `Pulumi.${options.stack}.yaml`);
    try {
        let config: LandingZoneConfig;
        let estate: Estate;
        if (options.example) {
            // The example as adopted (the file adopt --example writes, or that file as the user edited
            // it), then the same estate a week later.
            const [adopted, drifted] = await readExample([tutorialEstate(), driftedEstate()], (endpoint) => err(exampleNotice(endpoint)));
            if (existsSync(file)) config = loadStackConfig(readStackFile(file).config);
            else {
                err(`example: no ${relative(process.cwd(), file) || file}: comparing with the stack file \`npm run --silent adopt -- --example\` writes\n`);
                config = loadStackConfig(parseStackFile(renderStackFile(estateToConfig(adopted), options.stack, EXAMPLE_NOTE), "the adopted example").config);
            }
            estate = drifted;
        } else {
            if (!existsSync(file)) throw new EstateError(`no stack file ${relative(process.cwd(), file) || file} (npm run adopt writes one from the estate)`);
            config = loadStackConfig(readStackFile(file).config);
            estate = await readEstate({ region: options.region ?? config.region });
        }
        const report: AuditReport = {
            stack: options.stack,
            organizationId: estate.organization.id,
            region: estate.region,
            differences: compareEstate(estate, config),
        };
        out(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
        return report.differences.length === 0 ? 0 : 1;
    } catch (e) {
        err(`${visibleLines(e instanceof EstateError || e instanceof ConfigError ? e.message : ((e as Error).stack ?? String(e)))}\n`);
        return 2;
    }
}

/** The report as text: one line per difference, every name in it made visible. */
export function renderText(r: AuditReport): string {
    const where = visible(`organisation ${r.organizationId}, Identity Center in ${r.region}`);
    if (r.differences.length === 0) return `audit: stack ${r.stack} matches the estate (${where})\n`;
    const n = r.differences.length;
    return [`audit: stack ${r.stack} differs from the estate (${where}) in ${n} place${n === 1 ? "" : "s"}:`, ...r.differences.map((d) => visible(describeDifference(d))), ""].join("\n");
}
