/**
 * `npm run aws-config -- <user> [--stack NAME] [--outputs FILE | --offline] [--out FILE]`
 *
 * Prints the AWS CLI v2 config of one user: an [sso-session] for the portal and a profile per
 * account and permission set they can reach. It reads the stack output `awsCliConfig`:
 * from `pulumi stack output --json` (the Pulumi CLI, logged in to the stack's backend), from a
 * file holding that JSON (--outputs), or from the offline plan (--offline: placeholder ids).
 */
import { execFileSync } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { parseStackFile, stackNameProblem } from "../config/stackFile";
import { planValues, projectRoot } from "../plan/cli";
import { visible, visibleLines } from "../plan/escape";
import type { Write } from "../plan/output";
import { own } from "../config/keys";

const USAGE = `usage: npm run aws-config -- <user> [--stack NAME] [--outputs FILE | --offline] [--out FILE]

  user             the user's key in landing-zone:users (their sign-in name)
  --stack NAME     the stack (default: dev)
  --outputs FILE   read \`pulumi stack output --json\` saved in FILE instead of calling the Pulumi CLI
  --offline        use the offline plan (no AWS, no Pulumi CLI): account ids of accounts not yet
                   created and the portal address are placeholders
  --out FILE       write the config to FILE instead of printing it`;

interface Options {
    user: string;
    stack: string;
    outputs?: string;
    offline: boolean;
    out?: string;
}

export function parseArgs(argv: string[]): Options | "help" {
    const o: Partial<Options> & { offline: boolean; stack: string } = { offline: false, stack: "dev" };
    const take = (i: number, flag: string) => {
        if (!argv[i]) throw new Error(`${flag} needs a value`);
        return argv[i];
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--help" || a === "-h") return "help";
        else if (a === "--stack") o.stack = take(++i, a);
        else if (a === "--outputs") o.outputs = take(++i, a);
        else if (a === "--out") o.out = take(++i, a);
        else if (a === "--offline") o.offline = true;
        else if (a.startsWith("-")) throw new Error(`unknown option ${a}`);
        else if (o.user) throw new Error(`one user at a time (got ${o.user} and ${a})`);
        else o.user = a;
    }
    if (!o.user) throw new Error("name the user");
    const problem = stackNameProblem(o.stack);
    if (problem) throw new Error(`--stack ${problem}`);
    if (o.outputs && o.offline) throw new Error("--outputs and --offline exclude each other");
    return o as Options;
}

async function stackOutputs(o: Options): Promise<Record<string, unknown>> {
    if (o.outputs) return JSON.parse(readFileSync(o.outputs, "utf8"));
    if (o.offline) {
        const file = `Pulumi.${o.stack}.yaml`;
        return (await planValues(parseStackFile(readFileSync(join(projectRoot(), file), "utf8"), file), o.stack)).outputs;
    }
    try {
        return JSON.parse(execFileSync("pulumi", ["stack", "output", "--json", "--stack", o.stack], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
    } catch (e) {
        throw new Error(
            `could not read the outputs of stack ${o.stack} with the Pulumi CLI (${(e as Error).message.split("\n")[0]}); ` +
                "log in to its backend, save `pulumi stack output --json` to a file and pass --outputs FILE, or use --offline",
            { cause: e },
        );
    }
}

export async function main(argv: string[], out: Write = (s) => void process.stdout.write(s), err: Write = (s) => void process.stderr.write(s)): Promise<number> {
    let o: Options | "help";
    try {
        o = parseArgs(argv);
    } catch (e) {
        err(`${visible((e as Error).message)}\n\n${USAGE}\n`);
        return 2;
    }
    if (o === "help") {
        out(`${USAGE}\n`);
        return 0;
    }
    try {
        const outputs = await stackOutputs(o);
        const configs = outputs.awsCliConfig as Record<string, string> | undefined;
        const nextSteps = outputs.nextSteps as string[] | undefined;
        if (!configs && nextSteps) throw new Error(`stack ${o.stack} has no sign-in yet: ${nextSteps.join(" ")}`);
        if (!configs) throw new Error(`stack ${o.stack} has no output awsCliConfig: run \`pulumi up\` with this version of the program first`);
        const text = own(configs, o.user);
        if (text === undefined) throw new Error(`${JSON.stringify(o.user)} is not a user of stack ${o.stack} (known: ${Object.keys(configs).sort().join(", ")})`);
        const header = o.offline ? "# Offline plan: account ids of accounts not yet created and the portal address are placeholders.\n" : "";
        if (o.out) {
            writeFileSync(o.out, header + text);
            err(`wrote ${o.out}: \`aws sso login --sso-session landing-zone\`, then \`aws --profile <account>-<permission set> sts get-caller-identity\`\n`);
        } else out(header + text);
        return 0;
    } catch (e) {
        err(`${visibleLines((e as Error).message)}\n`);
        return 1;
    }
}
