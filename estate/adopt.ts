/**
 * `npm run --silent adopt -- --stack NAME [--region REGION] [--out FILE|-] [--force]`, and
 * `npm run --silent adopt -- --example [--out FILE|-]` (the built-in example estate: estate/example.ts)
 *
 * Reads the live estate (read-only: estate/reader.ts) and writes the stack file that describes it,
 * with the import ids that make the first `pulumi up` import what exists instead of creating it.
 * What the config cannot express yet is printed on stderr as a warning naming it.
 */
import { existsSync, writeFileSync } from "fs";
import { join, relative } from "path";
import { ConfigError, loadStackConfig } from "../config/load";
import { parseStackFile } from "../config/stackFile";
import { visible, visibleLines } from "../plan/escape";
import { projectRoot } from "../plan/projectRoot";
import { EXAMPLE, EXAMPLE_STACK, Write, commandLine, parseStackArgs } from "./cli";
import { EXAMPLE_NOTE, exampleNotice, readExample, tutorialEstate } from "./example";
import { EstateError, readEstate } from "./reader";
import { renderStackFile } from "./render";
import { estateToConfig } from "./toConfig";

const USAGE = `usage: npm run --silent adopt -- --stack NAME [--region REGION] [--out FILE|-] [--force]
       npm run --silent adopt -- --example [--stack NAME] [--out FILE|-] [--force]

  --stack NAME     the stack to write (Pulumi.NAME.yaml)
  --region REGION  where IAM Identity Center is enabled (default: AWS_REGION or the profile's
                   region); it becomes aws:region
  --out FILE       write to FILE instead of Pulumi.NAME.yaml in the project; - prints it
  --force          overwrite an existing file
  --example        adopt the built-in example estate (a console-built startup organisation),
                   served by a local fake of the AWS APIs: no credentials, no network; the stack
                   is "example" unless --stack names another

Reads the organisation and Identity Center with the AWS credentials of the environment
(AWS_PROFILE, SSO profiles, environment keys; AWS_ENDPOINT_URL for a local endpoint), List,
Describe and Get calls only. The read-only IAM policy it needs is in docs/adopt-and-audit.md.`;

export interface AdoptOptions {
    readonly stack: string;
    readonly region?: string;
    readonly out?: string;
    readonly force: boolean;
    /** Adopt the built-in example estate instead of reading AWS. */
    readonly example: boolean;
}

/** @throws Error naming a bad argument. */
export function parseArgs(argv: readonly string[]): AdoptOptions | "help" {
    const args = parseStackArgs(argv, { values: ["--out"], switches: ["--force"] });
    return args === "help"
        ? args
        : { stack: args.stack, region: args.region, out: args.values["--out"], force: args.switches.has("--force"), example: args.switches.has(EXAMPLE) };
}

/** Runs the command; returns the exit code (0 written, 1 failed, 2 bad arguments). */
export async function main(
    argv: string[],
    out: Write = (s) => void process.stdout.write(s),
    err: Write = (s) => void process.stderr.write(s),
    root: string = projectRoot(),
): Promise<number> {
    const options = commandLine(argv, parseArgs, USAGE, out, err);
    if (typeof options === "number") return options;
    const file = options.out === "-" ? undefined : (options.out ?? join(root, `Pulumi.${options.stack}.yaml`));
    const shown = file && (relative(process.cwd(), file) || file);
    if (file && existsSync(file) && !options.force) {
        err(`${shown} exists: adopt never overwrites a stack file without --force (or write elsewhere with --out FILE, or print with --out -)\n`);
        return 1;
    }
    try {
        const estate = options.example ? (await readExample([tutorialEstate()], (endpoint) => err(exampleNotice(endpoint))))[0] : await readEstate({ region: options.region });
        const adoption = estateToConfig(estate);
        for (const w of adoption.warnings) err(`warning: ${visible(w)}\n`);
        const text = renderStackFile(adoption, options.stack, options.example ? EXAMPLE_NOTE : undefined);
        // The file must be one the program takes: validate it as the program will read it.
        const loaded = loadStackConfig(parseStackFile(text, shown ?? "the adopted stack file").config);
        for (const w of loaded.warnings) err(`warning: config: ${visible(w)}\n`);
        if (!file) {
            out(text);
            return 0;
        }
        writeFileSync(file, text);
        const c = adoption.config;
        err(
            `wrote ${shown}: ${Object.keys(c.accounts).length} accounts, ${c.organizationalUnits.length} OUs, ${Object.keys(c.permissionSets).length} permission sets, ` +
                `${Object.keys(c.groups).length} groups, ${Object.keys(c.users).length} users` +
                `${adoption.warnings.length ? `; ${adoption.warnings.length} warning${adoption.warnings.length === 1 ? "" : "s"} above` : ""}.\n` +
                (options.example
                    ? `Next: read it, \`npm run plan -- ${shown}\` (every resource imported, none created), then ` +
                      `\`npm run --silent audit -- --example${options.stack === EXAMPLE_STACK ? "" : ` --stack ${options.stack}`}\` (the example estate a week later, changed by hand).\n`
                    : `Next: review it, \`npm run plan -- ${options.stack}\`, \`pulumi stack init ${options.stack}\`, \`pulumi preview\`, \`pulumi up\`; ` +
                      `then \`npm run --silent audit -- --stack ${options.stack}\`.\n`),
        );
        return 0;
    } catch (e) {
        if (e instanceof ConfigError) {
            err(`the estate does not make a valid stack file; nothing written.\n${visibleLines(e.message)}\n`);
            return 1;
        }
        err(`${visibleLines(e instanceof EstateError ? e.message : ((e as Error).stack ?? String(e)))}\n`);
        return 1;
    }
}
