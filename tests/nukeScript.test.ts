/**
 * scripts/nuke-sandbox.sh, executed for real against fake `aws-nuke` and `aws` executables that
 * record their arguments and play scripted answers. PATH holds only the fakes and the few system
 * tools the script needs, so no real aws or aws-nuke can ever be reached from here.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "fs";
import { tmpdir } from "os";
import { delimiter, join } from "path";
import { accessRoleArn, generateNukeConfig } from "../config/nuke";
import { ROOT } from "./harness";

const SCRIPT = join(ROOT, "scripts", "nuke-sandbox.sh");
const SANDBOX = "333333333333";
const OTHER = "999999999999";
const SANDBOX_ALIAS = "sandbox-k3x9q2ab";
const ARN = accessRoleArn(SANDBOX);
const CONFIG = generateNukeConfig({
    sandbox: "sandbox",
    accountIds: { root: "111111111111", dev: "222222222222", sandbox: SANDBOX },
    managementAccountId: "111111111111",
    regions: ["global", "eu-central-1"],
    permissionSets: ["AdministratorAccess"],
    cdkQualifier: "hnb659fds",
});
const INVOCATION = ["aws-nuke", "run", "--config", "-", "--no-prompt", "--assume-role-arn", ARN];
/** What the script may use besides the fakes: bash builtins and these. */
const TOOLS = ["bash", "env", "cat", "grep", "sed", "awk", "tee", "mktemp", "rm", "head", "sort"];

/** Outputs of aws-nuke v3 (libnuke's line format: `owner - type - id - [props] - state`). */
const OUT = {
    dryRun: [
        "aws-nuke version v3.56.2",
        'global - IAMRole - OrganizationAccountAccessRole - [Name: "OrganizationAccountAccessRole"] - filtered by config',
        'global - IAMSAMLProvider - arn:aws:iam::333333333333:saml-provider/AWSSSO_0123abcd_DO_NOT_DELETE - [ARN: "..."] - filtered by config',
        'global - IAMRole - AWSReservedSSO_AdministratorAccess_0123456789abcdef - [Name: "AWSReserved..."] - cannot delete SSO roles',
        'eu-central-1 - S3Bucket - s3://scratch - [Name: "scratch"] - would remove',
        'eu-central-1 - EC2Instance - i-0123456789abcdef0 - [InstanceType: "t3.micro"] - would remove',
        "Scan complete: 5 total, 2 nukeable, 3 filtered.",
        "",
        "The above resources would be deleted with the supplied configuration. Provide --no-dry-run to actually destroy resources.",
    ].join("\n"),
    realRun: [
        "aws-nuke version v3.56.2",
        'eu-central-1 - S3Bucket - s3://scratch - [Name: "scratch"] - would remove',
        'eu-central-1 - EC2Instance - i-0123456789abcdef0 - [InstanceType: "t3.micro"] - would remove',
        "Scan complete: 5 total, 2 nukeable, 3 filtered.",
        'eu-central-1 - S3Bucket - s3://scratch - [Name: "scratch"] - triggered remove',
        'eu-central-1 - EC2Instance - i-0123456789abcdef0 - [InstanceType: "t3.micro"] - triggered remove',
        "Removal requested: 2 waiting, 0 failed, 3 skipped, 0 finished",
        'eu-central-1 - S3Bucket - s3://scratch - [Name: "scratch"] - removed',
        'eu-central-1 - EC2Instance - i-0123456789abcdef0 - [InstanceType: "t3.micro"] - removed',
        "Removal requested: 0 waiting, 0 failed, 3 skipped, 2 finished",
        "Nuke complete: 0 failed, 3 skipped, 2 finished.",
    ].join("\n"),
    realRunFailed: [
        'eu-central-1 - S3Bucket - s3://locked - [Name: "locked"] - would remove',
        "Scan complete: 4 total, 1 nukeable, 3 filtered.",
        'eu-central-1 - S3Bucket - s3://locked - [Name: "locked"] - failed',
        'eu-central-1 - S3Bucket - s3://locked - [Name: "locked"] - failed',
        'time="2026-11-21T10:00:00Z" level=error msg="There are resources in failed state, but none are ready for deletion, anymore."',
        'eu-central-1 - S3Bucket - s3://locked - [Name: "locked"] - failed',
    ].join("\n"),
    realRunCountsFailures: ["Scan complete: 4 total, 1 nukeable, 3 filtered.", "Nuke complete: 1 failed, 3 skipped, 0 finished."].join("\n"),
    clean: ["Scan complete: 3 total, 0 nukeable, 3 filtered.", "", "No resource to delete."].join("\n"),
    leftover: [
        'eu-central-1 - S3Bucket - s3://stuck - [Name: "stuck"] - would remove',
        "Scan complete: 4 total, 1 nukeable, 3 filtered.",
        "",
        "The above resources would be deleted with the supplied configuration. Provide --no-dry-run to actually destroy resources.",
    ].join("\n"),
};

const FAKE_AWS_NUKE = `#!/usr/bin/env bash
set -u
state="$FAKE_DIR"
n=$(( $(cat "$state/nuke.count" 2>/dev/null || echo 0) + 1 ))
echo "$n" >"$state/nuke.count"
printf '%s\\n' "$@" >"$state/nuke-$n.args"
printf '%s\\n' "AWS_ACCESS_KEY_ID=\${AWS_ACCESS_KEY_ID:-}" >"$state/nuke-$n.env"
if [[ \${1:-} == version ]]; then cat "$state/version"; exit 0; fi
prev=""
for a in "$@"; do
    if [[ $prev == --config ]]; then cat "$a" >"$state/nuke-$n.config"; fi
    prev=$a
done
r=$(( $(cat "$state/run.count" 2>/dev/null || echo 0) + 1 ))
echo "$r" >"$state/run.count"
cat "$state/run-$r.out"
exit "$(cat "$state/run-$r.rc")"
`;

const FAKE_AWS = `#!/usr/bin/env bash
set -u
state="$FAKE_DIR"
n=$(( $(cat "$state/aws.count" 2>/dev/null || echo 0) + 1 ))
echo "$n" >"$state/aws.count"
printf '%s\\n' "$@" >"$state/aws-$n.args"
printf '%s\\n' "AWS_ACCESS_KEY_ID=\${AWS_ACCESS_KEY_ID:-}" "AWS_PROFILE=\${AWS_PROFILE:-}" >"$state/aws-$n.env"
case "\${1:-} \${2:-}" in
    "sts assume-role")
        if [[ -f $state/assume-denied ]]; then
            echo "An error occurred (AccessDenied) when calling the AssumeRole operation" >&2
            exit 254
        fi
        printf 'ASIAASSUMEDKEY\\tassumed-secret\\tassumed-token\\n' ;;
    "iam list-account-aliases")
        if [[ \${AWS_ACCESS_KEY_ID:-} == ASIAASSUMEDKEY ]]; then cat "$state/assumed-alias"; else echo management-alias; fi ;;
    "sts get-caller-identity")
        if [[ \${AWS_ACCESS_KEY_ID:-} == ASIAASSUMEDKEY ]]; then cat "$state/assumed-account"; else cat "$state/caller-account"; fi ;;
    *) echo "fake aws: unexpected call: $*" >&2; exit 99 ;;
esac
`;

interface Scenario {
    /** The account the role ARN really leads to. @default the sandbox */
    assumedAccount?: string;
    /** The alias of the account the role leads to. @default the sandbox's */
    assumedAlias?: string;
    /** STS refuses the role. */
    assumeDenied?: boolean;
    /** aws-nuke's `version` output, or false for no aws-nuke on PATH. @default "aws-nuke version v3.56.2" */
    nukeVersion?: string | false;
    /** What each `aws-nuke run` prints and exits with, in order. */
    runs?: { out: string; rc?: number }[];
    /** Extra environment for the script. */
    env?: Record<string, string>;
}

interface Result {
    status: number | null;
    stdout: string;
    stderr: string;
    /** Arguments of each aws-nuke call, `version` included. */
    nukeCalls: string[][];
    /** Arguments of each `aws-nuke run` call. */
    runs: string[][];
    /** The config each `aws-nuke run` call read. */
    configs: string[];
    nukeEnv: string[];
    awsCalls: { args: string[]; env: string }[];
}

let sandboxDir: string;
let tools: string;
/** A scratch directory with links to the system tools the script may use. */
function setUp() {
    sandboxDir = mkdtempSync(join(tmpdir(), "nuke-script-"));
    tools = join(sandboxDir, "tools");
    mkdirSync(tools);
    const path = (process.env.PATH ?? "").split(delimiter);
    for (const tool of TOOLS) {
        const found = path.map((dir) => join(dir, tool)).find((p) => existsSync(p));
        if (!found) throw new Error(`the script test needs ${tool} on PATH`);
        symlinkSync(found, join(tools, tool));
    }
}

let runCount = 0;
function run(args: string[], scenario: Scenario = {}, stdin: string = CONFIG): Result {
    const dir = join(sandboxDir, `run-${++runCount}`);
    const bin = join(dir, "bin");
    const state = join(dir, "state");
    mkdirSync(bin, { recursive: true });
    mkdirSync(state);
    const executable = (name: string, text: string) => {
        writeFileSync(join(bin, name), text);
        chmodSync(join(bin, name), 0o755);
    };
    executable("aws", FAKE_AWS);
    if (scenario.nukeVersion !== false) executable("aws-nuke", FAKE_AWS_NUKE);
    writeFileSync(join(state, "version"), `${scenario.nukeVersion ?? "aws-nuke version v3.56.2"}\n`);
    writeFileSync(join(state, "assumed-account"), `${scenario.assumedAccount ?? SANDBOX}\n`);
    writeFileSync(join(state, "caller-account"), "111111111111\n");
    writeFileSync(join(state, "assumed-alias"), `${scenario.assumedAlias ?? SANDBOX_ALIAS}\n`);
    if (scenario.assumeDenied) writeFileSync(join(state, "assume-denied"), "");
    (scenario.runs ?? []).forEach((r, i) => {
        writeFileSync(join(state, `run-${i + 1}.out`), `${r.out}\n`);
        writeFileSync(join(state, `run-${i + 1}.rc`), `${r.rc ?? 0}\n`);
    });

    const result = spawnSync(join(tools, "bash"), [SCRIPT, ...args], {
        cwd: dir,
        input: stdin,
        encoding: "utf8",
        env: { PATH: [bin, tools].join(delimiter), HOME: dir, FAKE_DIR: state, NUKE_SANDBOX_ALIAS: SANDBOX_ALIAS, ...scenario.env },
        timeout: 20000,
    });
    const lines = (file: string) => readFileSync(file, "utf8").split("\n").slice(0, -1);
    const count = (name: string) => (existsSync(join(state, `${name}.count`)) ? Number(readFileSync(join(state, `${name}.count`), "utf8")) : 0);
    const nukeCalls = Array.from({ length: count("nuke") }, (_, i) => lines(join(state, `nuke-${i + 1}.args`)));
    const runIndexes = nukeCalls.map((c, i) => (c[0] === "run" ? i + 1 : 0)).filter((i) => i > 0);
    return {
        status: result.status,
        stdout: result.stdout,
        stderr: result.stderr,
        nukeCalls,
        runs: runIndexes.map((i) => lines(join(state, `nuke-${i}.args`))),
        configs: runIndexes.map((i) => readFileSync(join(state, `nuke-${i}.config`), "utf8")),
        nukeEnv: runIndexes.map((i) => readFileSync(join(state, `nuke-${i}.env`), "utf8")),
        awsCalls: Array.from({ length: count("aws") }, (_, i) => ({
            args: lines(join(state, `aws-${i + 1}.args`)),
            env: readFileSync(join(state, `aws-${i + 1}.env`), "utf8"),
        })),
    };
}

/** The aws-nuke run arguments, with the private config copy's path replaced by FILE. */
const shape = (args: string[]) => args.map((a, i) => (args[i - 1] === "--config" ? "FILE" : a));

describe("scripts/nuke-sandbox.sh", () => {
    before(setUp);
    after(() => rmSync(sandboxDir, { recursive: true, force: true }));

    describe("the identity check", () => {
        it("refuses an account other than the sandbox, and never calls aws-nuke", () => {
            const r = run(INVOCATION, { assumedAccount: OTHER, runs: [{ out: OUT.dryRun }] });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /REFUSED: the assumed identity is account 999999999999, not the sandbox 333333333333/);
            assert.deepEqual(r.nukeCalls, []);
        });

        it("refuses when the role cannot be assumed, and never calls aws-nuke", () => {
            const r = run(INVOCATION, { assumeDenied: true, runs: [{ out: OUT.dryRun }] });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /REFUSED: could not assume arn:aws:iam::333333333333:role\/OrganizationAccountAccessRole/);
            assert.deepEqual(r.nukeCalls, []);
        });

        it("asks STS who the role ARN leads to, with that role's credentials, not the caller's profile", () => {
            const r = run(INVOCATION, { runs: [{ out: OUT.dryRun }], env: { AWS_PROFILE: "management" } });
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(r.awsCalls.map((c) => c.args.slice(0, 4)), [
                ["sts", "assume-role", "--role-arn", ARN],
                ["sts", "get-caller-identity", "--query", "Account"],
                ["iam", "list-account-aliases", "--query", "AccountAliases[0]"],
            ]);
            assert.match(r.awsCalls[0].env, /AWS_PROFILE=management/);
            assert.match(r.awsCalls[1].env, /AWS_ACCESS_KEY_ID=ASIAASSUMEDKEY\nAWS_PROFILE=\n/);
            assert.match(r.awsCalls[2].env, /AWS_ACCESS_KEY_ID=ASIAASSUMEDKEY\nAWS_PROFILE=\n/);
        });

        it("refuses an account that does not carry the sandbox's alias, and never calls aws-nuke", () => {
            const r = run(INVOCATION, { assumedAlias: "acme-prod", runs: [{ out: OUT.dryRun }] });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /REFUSED: account 333333333333 has the alias 'acme-prod', not the sandbox's 'sandbox-k3x9q2ab'/);
            assert.deepEqual(r.nukeCalls, []);
        });

        it("refuses to start without the sandbox's alias to check, before any AWS call", () => {
            const r = run(INVOCATION, { runs: [{ out: OUT.dryRun }], env: { NUKE_SANDBOX_ALIAS: "" } });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /REFUSED: set NUKE_SANDBOX_ALIAS to the sandbox's account alias \(pulumi stack output sandboxAlias\)/);
            assert.deepEqual(r.awsCalls, []);
            assert.deepEqual(r.nukeCalls, []);
        });

        it("leaves the check's credentials out of aws-nuke's environment: aws-nuke assumes the role itself", () => {
            const r = run(INVOCATION, { runs: [{ out: OUT.dryRun }] });
            assert.deepEqual(r.nukeEnv, ["AWS_ACCESS_KEY_ID=\n"]);
        });
    });

    describe("a dry run", () => {
        it("runs aws-nuke once with the exact invocation, and no --no-dry-run", () => {
            const r = run(INVOCATION, { runs: [{ out: OUT.dryRun }] });
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(r.runs.map(shape), [["run", "--config", "FILE", "--no-prompt", "--assume-role-arn", ARN]]);
        });

        it("hands aws-nuke the config it got on stdin, unchanged", () => {
            const r = run(INVOCATION, { runs: [{ out: OUT.dryRun }] });
            assert.deepEqual(r.configs, [CONFIG]);
        });

        it("reads the config from a file as well", () => {
            const file = join(sandboxDir, "nuke.yaml");
            writeFileSync(file, CONFIG);
            const r = run(["aws-nuke", "run", "--config", file, "--no-prompt", "--assume-role-arn", ARN], { runs: [{ out: OUT.dryRun }] }, "");
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(r.configs, [CONFIG]);
        });

        it("prints aws-nuke's output and a summary", () => {
            const r = run(INVOCATION, { runs: [{ out: OUT.dryRun }] });
            assert.match(r.stdout, /s3:\/\/scratch - \[Name: "scratch"\] - would remove/);
            assert.match(r.stdout, /summary \(dry run, account 333333333333\): would remove 2, removed 0, failed 0, filtered 3/);
        });

        it("exits with aws-nuke's own exit code through the pipe into tee", () => {
            const r = run(INVOCATION, { runs: [{ out: "level=fatal msg=\"specified account doesn't have an alias\"", rc: 7 }] });
            assert.equal(r.status, 7);
        });
    });

    describe("a real run", () => {
        const REAL = [...INVOCATION, "--no-dry-run"];

        it("passes --no-dry-run, then checks with a dry run that nothing is left", () => {
            const r = run(REAL, { runs: [{ out: OUT.realRun }, { out: OUT.clean }] });
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(r.runs.map(shape), [
                ["run", "--config", "FILE", "--no-prompt", "--assume-role-arn", ARN, "--no-dry-run"],
                ["run", "--config", "FILE", "--no-prompt", "--assume-role-arn", ARN],
            ]);
            assert.deepEqual(r.configs, [CONFIG, CONFIG]);
            assert.match(r.stdout, /summary \(REAL RUN \(deletes\), account 333333333333\): would remove 2, removed 2, failed 0, filtered 3/);
            assert.match(r.stdout, /clean: the verifying dry run finds nothing left to remove/);
        });

        it("fails when the verifying dry run still finds something to remove, naming it", () => {
            const r = run(REAL, { runs: [{ out: OUT.realRun }, { out: OUT.leftover }] });
            assert.equal(r.status, 3);
            assert.match(r.stdout, /NOT CLEAN: the verifying dry run still finds 1 resource\(s\) to remove/);
            assert.match(r.stderr, /s3:\/\/stuck .* would remove/);
        });

        it("fails with aws-nuke's exit code when the run fails, and skips the check", () => {
            const r = run(REAL, { runs: [{ out: OUT.realRunFailed, rc: 1 }, { out: OUT.clean }] });
            assert.equal(r.status, 1);
            assert.equal(r.runs.length, 1);
            assert.match(r.stdout, /would remove 1, removed 0, failed 1, filtered 3/);
            assert.match(r.stdout, /aws-nuke failed with exit code 1/);
        });

        it("fails when aws-nuke reports failed resources, even with exit code 0", () => {
            const r = run(REAL, { runs: [{ out: OUT.realRunCountsFailures }, { out: OUT.clean }] });
            assert.equal(r.status, 3);
            assert.equal(r.runs.length, 1);
            assert.match(r.stdout, /failed 1/);
        });

        it("fails when the verifying dry run gives no evidence that nothing is left", () => {
            const r = run(REAL, { runs: [{ out: OUT.realRun }, { out: "something unexpected" }] });
            assert.equal(r.status, 3);
            assert.match(r.stdout, /NOT VERIFIED: the verifying dry run printed no scan summary/);
        });

        it("is clean when there was nothing to remove in the first place", () => {
            const r = run(REAL, { runs: [{ out: OUT.clean }, { out: OUT.clean }] });
            assert.equal(r.status, 0, r.stderr);
            assert.match(r.stdout, /would remove 0, removed 0, failed 0, filtered 3/);
        });

        it("fails when the verifying dry run itself fails", () => {
            const r = run(REAL, { runs: [{ out: OUT.realRun }, { out: "level=fatal msg=boom", rc: 1 }] });
            assert.equal(r.status, 1);
            assert.match(r.stdout, /the verifying dry run failed with exit code 1/);
        });
    });

    describe("aws-nuke itself", () => {
        it("is required, with an install hint", () => {
            const r = run(INVOCATION, { nukeVersion: false });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /aws-nuke is not installed; install aws-nuke v3/);
            assert.match(r.stderr, /brew install aws-nuke/);
            assert.match(r.stderr, /github\.com\/ekristen\/aws-nuke\/releases/);
        });

        it("must be v3: a v2 is refused with the install hint, and never run", () => {
            const r = run(INVOCATION, { nukeVersion: "version:     v2.25.0\nbuild date:  2023-09-04", runs: [{ out: OUT.dryRun }] });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /aws-nuke v2\.25\.0 is not v3; install aws-nuke v3/);
            assert.deepEqual(r.runs, []);
        });

        it("accepts v3 however it spells its version", () => {
            const r = run(INVOCATION, { nukeVersion: "aws-nuke version 3.51.0", runs: [{ out: OUT.dryRun }] });
            assert.equal(r.status, 0, r.stderr);
        });
    });

    describe("the config it is given", () => {
        const refused = (config: string, pattern: RegExp) => {
            const r = run(INVOCATION, { runs: [{ out: OUT.dryRun }] }, config);
            assert.equal(r.status, 2);
            assert.match(r.stderr, pattern);
            assert.deepEqual(r.awsCalls, [], "no AWS call before the config is checked");
            assert.deepEqual(r.nukeCalls, []);
        };

        it("must list the role ARN's account and no other", () => {
            refused(CONFIG.replace(`"${SANDBOX}":`, `"${OTHER}":`), /accounts \(999999999999\) must be exactly the role ARN's account 333333333333/);
            refused(`${CONFIG.replace(/\n$/, "")}\n  "${OTHER}":\n    filters: {}\n`, /must be exactly the role ARN's account/);
        });

        it("must not blocklist the sandbox", () => {
            refused(CONFIG.replace('  - "222222222222"', `  - "${SANDBOX}"`), /account 333333333333 is in the config's blocklist/);
        });

        it("must have a blocklist", () => {
            refused(CONFIG.replace(/blocklist:\n( {2}- .*\n)+/, ""), /blocklist is empty/);
        });

        it("must not be empty", () => {
            refused("", /the config is empty/);
        });

        it("must be in the generated block style, or it cannot be checked", () => {
            refused(`regions: [global]\nblocklist: ["111111111111"]\naccounts: {"${SANDBOX}": {}}\n`, /lists no account under accounts/);
        });
    });

    describe("its arguments", () => {
        const refusedArgs = (args: string[], pattern: RegExp) => {
            const r = run(args, { runs: [{ out: OUT.dryRun }] });
            assert.equal(r.status, 2);
            assert.match(r.stderr, pattern);
            assert.deepEqual(r.nukeCalls, []);
        };

        it("must be the aws-nuke run invocation", () => {
            refusedArgs(INVOCATION.slice(1), /must start with: aws-nuke run/);
        });

        it("let no other aws-nuke flag through", () => {
            refusedArgs([...INVOCATION, "--no-alias-check"], /unsupported argument '--no-alias-check'/);
        });

        it("need --no-prompt, since nothing answers prompts", () => {
            refusedArgs(INVOCATION.filter((a) => a !== "--no-prompt"), /--no-prompt is required/);
        });

        it("need a role ARN in one account", () => {
            refusedArgs([...INVOCATION.slice(0, -1), "arn:aws:iam::*:role/OrganizationAccountAccessRole"], /is not an IAM role ARN/);
            refusedArgs([...INVOCATION, "--assume-role-arn", accessRoleArn(OTHER)], /--assume-role-arn needs one ARN, given once/);
        });
    });

    // CI (.ci/run) installs shellcheck and must run this; a newcomer's machine with only Node and
    // npm may lack it, and then the lint is skipped there, saying so, rather than failing `npm test`.
    it("passes shellcheck", function () {
        const r = spawnSync("shellcheck", ["--shell=bash", "--severity=style", SCRIPT], { encoding: "utf8" });
        if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
            const hint =
                "shellcheck is not installed, so scripts/nuke-sandbox.sh cannot be linted: install it " +
                "(Debian/Ubuntu: apt-get install -y shellcheck; macOS: brew install shellcheck)";
            if (process.env.CI) assert.fail(hint);
            console.warn(`      (skipped: ${hint})`);
            this.skip();
        }
        assert.equal(r.status, 0, `shellcheck found problems:\n${r.stdout}${r.stderr}`);
    });
});
