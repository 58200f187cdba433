/**
 * scripts/nuke-sandbox.sh, executed for real against fake `aws-nuke` and `aws` executables that
 * record their arguments and play scripted answers. PATH holds only the fakes and the few system
 * tools the script needs, so no real aws or aws-nuke can ever be reached from here.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "fs";
import { tmpdir } from "os";
import { delimiter, join } from "path";
import { accessRoleArn, generateNukeConfig, nukeArguments } from "../config/sandbox/nuke";
import { FakeRun, fakeAwsNukeProgram } from "./fakeAwsNuke";
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
    cdkQualifier: "hnb659fds",
});
/** The invocation the program builds (config/sandbox/nuke.ts), with the config in a file the test writes. */
const invocation = (file: string, dryRun = true) => nukeArguments({ roleArn: ARN, dryRun, configFile: file });
/** What the script may use besides the fakes: bash builtins and these. */
const TOOLS = ["bash", "env", "cat", "grep", "sed", "awk", "tee", "mktemp", "rm", "head", "sort"];

/** Resources as aws-nuke v3 lists them (names from resources/*.go String()). */
const R = {
    accessRole: { region: "global", type: "IAMRole", name: "OrganizationAccountAccessRole", props: { Name: "OrganizationAccountAccessRole", Path: "/" }, filtered: "filtered by config" },
    accessPolicy: { region: "global", type: "IAMRolePolicy", name: "OrganizationAccountAccessRole -> AdministratorAccess", props: { PolicyName: "AdministratorAccess", "role:RoleName": "OrganizationAccountAccessRole" }, filtered: "filtered by config" },
    ssoRole: { region: "global", type: "IAMRole", name: "AWSReservedSSO_AdministratorAccess_0123456789abcdef", props: { Path: "/aws-reserved/sso.amazonaws.com/" }, filtered: "cannot delete SSO roles" },
    scratch: { region: "eu-central-1", type: "S3Bucket", name: "s3://scratch", props: { Name: "scratch" } },
    instance: { region: "eu-central-1", type: "EC2Instance", name: "i-0123456789abcdef0", props: { InstanceType: "t3.micro" } },
    orgTrail: { region: "eu-central-1", type: "CloudTrailTrail", name: "org-trail", props: { Name: "org-trail" }, fails: "TrailNotFoundException: Unknown trail: arn:aws:cloudtrail:eu-central-1:111111111111:trail/org-trail for the user: 333333333333" },
    noString: { region: "eu-central-1", type: "SomeNewThing", props: { Id: "x-1" } },
    stuckCluster: { region: "eu-central-1", type: "RDSDBCluster", name: "app-db", props: { Identifier: "app-db" }, stuck: true },
};
const KEPT = [R.accessRole, R.accessPolicy, R.ssoRole];

const FAKE_AWS = `#!/usr/bin/env bash
set -u
state="$FAKE_DIR"
n=$(( $(cat "$state/aws.count" 2>/dev/null || echo 0) + 1 ))
echo "$n" >"$state/aws.count"
printf '%s\\n' "$@" >"$state/aws-$n.args"
printf '%s\\n' "AWS_ACCESS_KEY_ID=\${AWS_ACCESS_KEY_ID:-}" "AWS_PROFILE=\${AWS_PROFILE:-}" >"$state/aws-$n.env"
case "\${1:-} \${2:-}" in
    "sts assume-role")
        # AWS CLI v2: a service error is printed to stderr and exits 254
        # (https://docs.aws.amazon.com/cli/latest/userguide/cli-chap-returncodes.html).
        if [[ -f $state/assume-denied ]]; then
            printf '\nAn error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111111111111:user/ci is not authorized to perform: sts:AssumeRole on resource: %s\n' "$4" >&2
            exit 254
        fi
        printf 'ASIAASSUMEDKEY\\tassumed-secret\\tassumed-token\\n' ;;
    "iam list-account-aliases")
        # --query 'AccountAliases[0]' --output text prints JMESPath null as None (no alias), see
        # github.com/prowler-cloud/prowler/pull/527 and the CLI's text formatter.
        if [[ \${AWS_ACCESS_KEY_ID:-} == ASIAASSUMEDKEY ]]; then cat "$state/assumed-alias"; else echo management-alias; fi ;;
    "sts get-caller-identity")
        if [[ \${AWS_ACCESS_KEY_ID:-} == ASIAASSUMEDKEY ]]; then cat "$state/assumed-account"; else cat "$state/caller-account"; fi ;;
    *) echo "fake aws: unexpected call: $*" >&2; exit 99 ;;
esac
`;

interface Scenario {
    /** The account the role ARN really leads to. @default the sandbox */
    assumedAccount?: string;
    /** The alias of the account the role leads to; `None` is what the CLI prints for none. @default the sandbox's */
    assumedAlias?: string;
    /** STS refuses the role. */
    assumeDenied?: boolean;
    /**
     * Another aws-nuke: the text its `version` prints (a v2, say), or false for none on PATH.
     * @default the fake v3 (tests/fakeAwsNuke.ts)
     */
    nukeVersion?: string | false;
    /** What each `aws-nuke run` finds, in order. */
    runs?: FakeRun[];
    /** Extra environment for the script. */
    env?: Record<string, string>;
    /** Record the arguments of every program the script starts, system tools included (slower). */
    watchArgv?: boolean;
}

interface NukeCall {
    args: string[];
    env: Record<string, string>;
    config?: string;
    promptDelay?: number;
    maxWait?: number;
    format?: string;
    level?: string;
}

interface Result {
    status: number | null;
    /** With watchArgv: the arguments of every system tool the script started, program name first. */
    started: string[][];
    stdout: string;
    stderr: string;
    /** Every aws-nuke call, `version` included. */
    nukeCalls: NukeCall[];
    /** The `aws-nuke run` calls. */
    runs: NukeCall[];
    awsCalls: { args: string[]; env: string }[];
}

let sandboxDir: string;
let tools: string;
let configFile: string;
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
    configFile = join(sandboxDir, "nuke.yaml");
    writeFileSync(configFile, CONFIG);
}

let runCount = 0;
function run(args: string[], scenario: Scenario = {}): Result {
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
    if (typeof scenario.nukeVersion === "string") {
        const version = scenario.nukeVersion;
        executable("aws-nuke", `#!${process.execPath}\nrequire("fs").appendFileSync(process.env.FAKE_DIR + "/calls.jsonl", JSON.stringify({ args: process.argv.slice(2), env: {} }) + "\\n");\nconsole.log(${JSON.stringify(version)});\n`);
    } else if (scenario.nukeVersion !== false) {
        executable("aws-nuke", fakeAwsNukeProgram(process.execPath));
    }
    writeFileSync(join(state, "runs.json"), JSON.stringify(scenario.runs ?? []));
    writeFileSync(join(state, "assumed-account"), `${scenario.assumedAccount ?? SANDBOX}\n`);
    writeFileSync(join(state, "caller-account"), "111111111111\n");
    writeFileSync(join(state, "assumed-alias"), `${scenario.assumedAlias ?? SANDBOX_ALIAS}\n`);
    if (scenario.assumeDenied) writeFileSync(join(state, "assume-denied"), "");

    let system = tools;
    if (scenario.watchArgv) {
        // Each system tool behind a wrapper that logs its arguments (NUL-separated, one program per
        // record) and then runs it: what `ps` would show of every process the script starts.
        system = join(dir, "watched");
        mkdirSync(system);
        const shell = realpathSync(join(tools, "bash"));
        for (const tool of TOOLS) {
            const wrapper = `#!${shell}\nprintf '%s\\0' ${tool} "$@" >>"$FAKE_DIR/argv"\nprintf '\\n' >>"$FAKE_DIR/argv"\nexec ${realpathSync(join(tools, tool))} "$@"\n`;
            writeFileSync(join(system, tool), wrapper);
            chmodSync(join(system, tool), 0o755);
        }
    }
    const result = spawnSync(join(tools, "bash"), [SCRIPT, ...args], {
        cwd: dir,
        input: "",
        encoding: "utf8",
        env: { PATH: [bin, system].join(delimiter), HOME: dir, FAKE_DIR: state, NUKE_SANDBOX_ALIAS: SANDBOX_ALIAS, ...scenario.env },
        timeout: 20000,
    });
    const lines = (file: string) => readFileSync(file, "utf8").split("\n").slice(0, -1);
    const count = (name: string) => (existsSync(join(state, `${name}.count`)) ? Number(readFileSync(join(state, `${name}.count`), "utf8")) : 0);
    const calls = join(state, "calls.jsonl");
    const nukeCalls: NukeCall[] = existsSync(calls) ? lines(calls).map((l) => JSON.parse(l) as NukeCall) : [];
    const argv = join(state, "argv");
    return {
        status: result.status,
        stdout: result.stdout,
        stderr: result.stderr,
        started: existsSync(argv) ? readFileSync(argv, "utf8").split("\n").filter(Boolean).map((record) => record.split("\0").slice(0, -1)) : [],
        nukeCalls,
        runs: nukeCalls.filter((c) => c.args[0] === "run"),
        awsCalls: Array.from({ length: count("aws") }, (_, i) => ({
            args: lines(join(state, `aws-${i + 1}.args`)),
            env: readFileSync(join(state, `aws-${i + 1}.env`), "utf8"),
        })),
    };
}

let fakeCount = 0;
/** Runs the fake aws-nuke directly, without the script: what the real tool does on its own. */
function runFake(args: string[], options: { runs?: FakeRun[]; env?: Record<string, string>; input?: string } = {}) {
    const fake = join(sandboxDir, `aws-nuke-${++fakeCount}`);
    writeFileSync(fake, fakeAwsNukeProgram(process.execPath));
    chmodSync(fake, 0o755);
    const state = mkdtempSync(join(sandboxDir, "fake-"));
    writeFileSync(join(state, "runs.json"), JSON.stringify(options.runs ?? []));
    return spawnSync(fake, args, { encoding: "utf8", input: options.input, env: { FAKE_DIR: state, ...options.env } });
}

/** The aws-nuke run arguments, with the private config copy's path replaced by FILE. */
const shape = (call: NukeCall) => call.args.map((a, i) => (call.args[i - 1] === "--config" ? "FILE" : a));

describe("scripts/nuke-sandbox.sh", () => {
    before(setUp);
    after(() => rmSync(sandboxDir, { recursive: true, force: true }));
    const DRY = () => invocation(configFile);
    const REAL = () => invocation(configFile, false);

    describe("the identity check", () => {
        it("refuses an account other than the sandbox, and never calls aws-nuke", () => {
            const r = run(DRY(), { assumedAccount: OTHER, runs: [{ resources: [R.scratch] }] });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /REFUSED: the assumed identity is account 999999999999, not the sandbox 333333333333/);
            assert.deepEqual(r.nukeCalls, []);
        });

        it("refuses when the role cannot be assumed, and never calls aws-nuke", () => {
            const r = run(DRY(), { assumeDenied: true });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /AccessDenied/);
            assert.match(r.stderr, /REFUSED: could not assume arn:aws:iam::333333333333:role\/OrganizationAccountAccessRole/);
            assert.deepEqual(r.nukeCalls, []);
        });

        it("asks STS who the role ARN leads to, with that role's credentials, not the caller's profile", () => {
            const r = run(DRY(), { runs: [{ resources: [R.scratch] }], env: { AWS_PROFILE: "management" } });
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
            const r = run(DRY(), { assumedAlias: "acme-prod" });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /REFUSED: account 333333333333 has the alias 'acme-prod', not the sandbox's 'sandbox-k3x9q2ab'/);
            assert.deepEqual(r.nukeCalls, []);
        });

        it("reads the CLI's None as no alias at all", () => {
            const r = run(DRY(), { assumedAlias: "None" });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /REFUSED: account 333333333333 has the alias 'none', not the sandbox's 'sandbox-k3x9q2ab'/);
        });

        it("refuses to start without the sandbox's alias to check, before any AWS call", () => {
            const r = run(DRY(), { env: { NUKE_SANDBOX_ALIAS: "" } });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /REFUSED: set NUKE_SANDBOX_ALIAS to the sandbox's account alias \(pulumi stack output sandboxAlias\)/);
            assert.deepEqual(r.awsCalls, []);
            assert.deepEqual(r.nukeCalls, []);
        });

        it("never puts the assumed role's keys on a command line, where the process list shows them", () => {
            const r = run(DRY(), { runs: [{ resources: [R.scratch] }], watchArgv: true });
            assert.equal(r.status, 0, r.stderr);
            assert.ok(r.started.some((argv) => argv[0] === "awk"), "the wrapped tools were used");
            const everyArgv = [...r.started, ...r.awsCalls.map((c) => c.args), ...r.nukeCalls.map((c) => c.args)];
            for (const argv of everyArgv) {
                for (const secret of ["ASIAASSUMEDKEY", "assumed-secret", "assumed-token"]) {
                    assert.ok(!argv.some((a) => a.includes(secret)), `${secret} in the arguments of ${argv.join(" ")}`);
                }
            }
            // They reach the two checks through the environment all the same.
            assert.match(r.awsCalls[1].env, /AWS_ACCESS_KEY_ID=ASIAASSUMEDKEY\n/);
            assert.match(r.awsCalls[2].env, /AWS_ACCESS_KEY_ID=ASIAASSUMEDKEY\n/);
        });

        it("leaves the check's credentials out of aws-nuke's environment: aws-nuke assumes the role itself", () => {
            const r = run(DRY(), { runs: [{ resources: [R.scratch] }] });
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(r.runs.map((c) => c.env.AWS_ACCESS_KEY_ID), [undefined]);
        });
    });

    describe("its environment", () => {
        it("refuses AWS_PROFILE together with keys, as aws-nuke does, before any AWS call", () => {
            for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) {
                const r = run(DRY(), { env: { AWS_PROFILE: "management", [key]: "x" } });
                assert.equal(r.status, 2, key);
                assert.match(r.stderr, new RegExp(`REFUSED: AWS_PROFILE \\('management'\\) and ${key} are both set, and aws-nuke refuses a profile together with keys`));
                assert.deepEqual(r.awsCalls, []);
            }
        });

        it("is refused by the fake aws-nuke the same way, so the rule is the real tool's", () => {
            const r = runFake(["run", "--config", configFile, "--no-prompt"], { env: { AWS_PROFILE: "management", AWS_ACCESS_KEY_ID: "AKIA" } });
            assert.equal(r.status, 1);
            assert.match(r.stdout, /level=fatal msg="specify either the --profile flag or --access-key-id/);
        });

        it("clears what would change aws-nuke's output, so the summary still reads it", () => {
            const env = { LOGLEVEL: "error", AWS_NUKE_LOG_LEVEL: "warn", AWS_NUKE_LOG_FORMAT: "json", AWS_NUKE_LOG_FORMAT_JSON: "true" };
            const r = run(DRY(), { runs: [{ resources: [...KEPT, R.scratch] }], env });
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(r.runs.map((c) => [c.format, c.level]), [["standard", "info"]]);
            assert.deepEqual(Object.keys(r.runs[0].env), []);
            for (const name of Object.keys(env)) assert.match(r.stdout, new RegExp(`ignoring ${name} from the environment`));
            assert.match(r.stdout, /summary \(dry run, account 333333333333\): would remove 1, removed 0, failed 0, filtered 3/);
        });

        it("clears what would change how aws-nuke assumes the role or paces its run", () => {
            const env = { AWS_ASSUME_ROLE_SESSION_NAME: "x", AWS_ASSUME_ROLE_EXTERNAL_ID: "y", AWS_NUKE_RUN_SLEEP_DELAY: "1h" };
            const r = run(DRY(), { runs: [{ resources: [R.scratch] }], env });
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(r.runs[0].env, {});
        });

        it("without clearing, the fake's output would indeed change: JSON has no resource lines", () => {
            const r = runFake(["run", "--config", configFile, "--no-prompt", "--prompt-delay", "3", "--log-format", "standard"], { runs: [{ resources: [R.scratch] }], env: { AWS_NUKE_LOG_FORMAT_JSON: "true" } });
            assert.equal(r.status, 0);
            assert.doesNotMatch(r.stdout, / - would remove$/m);
            assert.match(r.stdout, /"msg":"would remove"/);
        });
    });

    describe("a dry run", () => {
        it("runs aws-nuke once with the exact invocation, the private copy of the config its only change", () => {
            const r = run(DRY(), { runs: [{ resources: [R.scratch] }] });
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(r.runs.map(shape), [shape({ args: DRY().slice(1), env: {} })]);
            assert.deepEqual(r.runs.map((c) => [c.promptDelay, c.maxWait]), [[3, 360]]);
            assert.doesNotMatch(r.runs[0].args.join(" "), /--no-dry-run/);
        });

        it("hands aws-nuke the config file's content, unchanged", () => {
            const r = run(DRY(), { runs: [{ resources: [R.scratch] }] });
            assert.deepEqual(r.runs.map((c) => c.config), [CONFIG]);
        });

        it("prints aws-nuke's output and a summary from its Scan complete line", () => {
            const r = run(DRY(), { runs: [{ resources: [...KEPT, R.scratch, R.instance] }] });
            assert.match(r.stdout, /^aws-nuke - v3\.64\.3 - fd1d702d/m);
            assert.match(r.stdout, /^eu-central-1 - S3Bucket - s3:\/\/scratch - \[Name: "scratch"\] - would remove$/m);
            assert.match(r.stdout, /^global - IAMRole - AWSReservedSSO_AdministratorAccess_0123456789abcdef - \[Path: "\/aws-reserved\/sso.amazonaws.com\/"\] - filtered: cannot delete SSO roles$/m);
            assert.match(r.stdout, /^Scan complete: 5 total, 2 nukeable, 3 filtered\.$/m);
            assert.match(r.stdout, /summary \(dry run, account 333333333333\): would remove 2, removed 0, failed 0, filtered 3/);
        });

        it("exits with aws-nuke's own exit code through the pipe into tee", () => {
            const r = run(DRY(), { runs: [{ refuse: "specified account doesn't have an alias" }] });
            assert.equal(r.status, 1);
            assert.match(r.stdout, /level=fatal msg="specified account doesn't have an alias"/);
            assert.match(r.stdout, /aws-nuke failed with exit code 1/);
        });
    });

    describe("a real run", () => {
        it("passes --no-dry-run, then checks with a dry run that nothing is left", () => {
            const r = run(REAL(), { runs: [{ resources: [...KEPT, R.scratch, R.instance] }, { resources: KEPT }] });
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(r.runs.map(shape), [shape({ args: REAL().slice(1), env: {} }), shape({ args: DRY().slice(1), env: {} })]);
            assert.deepEqual(r.runs.map((c) => c.config), [CONFIG, CONFIG]);
            assert.match(r.stdout, /^Nuke complete: 0 failed, 3 skipped, 2 finished\.$/m);
            assert.match(r.stdout, /summary \(REAL RUN \(deletes\), account 333333333333\): would remove 2, removed 2, failed 0, filtered 3/);
            assert.match(r.stdout, /clean: the verifying dry run finds nothing left to remove/);
        });

        it("exits 3 when aws-nuke stops on resources it cannot remove (its exit 1, no Nuke complete), naming them", () => {
            const r = run(REAL(), { runs: [{ resources: [...KEPT, R.scratch, R.orgTrail] }, { resources: KEPT }] });
            assert.equal(r.status, 3);
            assert.equal(r.runs.length, 1, "no verifying dry run after a failure");
            assert.doesNotMatch(r.stdout, /Nuke complete:/);
            assert.match(r.stdout, /^There are resources in failed state, but none are ready for deletion, anymore\.$/m);
            assert.match(r.stdout, /^eu-central-1 - CloudTrailTrail - org-trail - \[Name: "org-trail"\] - failed$/m);
            assert.match(r.stdout, /level=fatal msg=failed/);
            assert.match(r.stdout, /would remove 2, removed 1, failed 1, filtered 3/);
            assert.match(r.stdout, /NOT CLEAN: aws-nuke stopped with 1 resource\(s\) it could not remove \(exit code 1\); keep what the organisation runs in the sandbox with sandbox\.nuke\.keep/);
        });

        it("exits 3 when aws-nuke gives up waiting after --max-wait-retries rounds", () => {
            const r = run(REAL(), { runs: [{ resources: [R.stuckCluster] }] });
            assert.equal(r.status, 3);
            assert.match(r.stdout, /level=fatal msg="max wait retries of 360 exceeded"/);
            assert.match(r.stdout, /NOT CLEAN: aws-nuke stopped waiting for resources to go after --max-wait-retries 360 rounds/);
        });

        it("passes aws-nuke's exit code through when it fails before removing anything", () => {
            const r = run(REAL(), { runs: [{ refuse: "specified account doesn't have an alias" }] });
            assert.equal(r.status, 1);
            assert.match(r.stdout, /aws-nuke failed with exit code 1 before removing anything/);
        });

        it("fails when the verifying dry run still finds something to remove, naming it", () => {
            const r = run(REAL(), { runs: [{ resources: [R.scratch] }, { resources: [{ ...R.scratch, name: "s3://stuck", props: { Name: "stuck" } }] }] });
            assert.equal(r.status, 3);
            assert.match(r.stdout, /NOT CLEAN: the verifying dry run still finds 1 resource\(s\) to remove/);
            assert.match(r.stderr, /s3:\/\/stuck .* would remove/);
        });

        it("counts resources without a String(), which aws-nuke logs as logrus lines, as left to remove", () => {
            const r = run(REAL(), { runs: [{ resources: [R.scratch] }, { resources: [R.noString] }] });
            assert.equal(r.status, 3);
            assert.match(r.stderr, /msg="would remove" owner=eu-central-1 state=new type=SomeNewThing/);
        });

        it("is clean when there was nothing to remove in the first place", () => {
            const r = run(REAL(), { runs: [{ resources: KEPT }, { resources: KEPT }] });
            assert.equal(r.status, 0, r.stderr);
            assert.match(r.stdout, /^No resource to delete\.$/m);
            assert.match(r.stdout, /would remove 0, removed 0, failed 0, filtered 3/);
        });

        it("exits 3 when the verifying dry run itself fails", () => {
            const r = run(REAL(), { runs: [{ resources: [R.scratch] }, { refuse: "boom" }] });
            assert.equal(r.status, 3);
            assert.match(r.stdout, /NOT VERIFIED: the verifying dry run failed with exit code 1/);
        });
    });

    describe("aws-nuke itself", () => {
        it("is required, with an install hint", () => {
            const r = run(DRY(), { nukeVersion: false });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /aws-nuke is not installed; install aws-nuke v3/);
            assert.match(r.stderr, /brew install aws-nuke/);
            assert.match(r.stderr, /github\.com\/ekristen\/aws-nuke\/releases/);
        });

        it("must be v3: a v2 is refused with the install hint, and never run", () => {
            const r = run(DRY(), { nukeVersion: "version:     v2.25.0\nbuild date:  2023-09-04" });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /aws-nuke v2\.25\.0 is not v3; install aws-nuke v3/);
            assert.deepEqual(r.runs, []);
        });

        it("is asked for its version the way v3 answers it", () => {
            const r = run(DRY(), { runs: [{ resources: [] }] });
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(r.nukeCalls[0].args, ["version"]);
            assert.match(r.stdout, /identity checked, aws-nuke v3\.64\.3/);
        });
    });

    describe("the config it is given", () => {
        const refused = (config: string, pattern: RegExp) => {
            const file = join(sandboxDir, `config-${++runCount}.yaml`);
            writeFileSync(file, config);
            const r = run(invocation(file), { runs: [{ resources: [R.scratch] }] });
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

        it("must be a file that exists", () => {
            const r = run(invocation(join(sandboxDir, "missing.yaml")));
            assert.equal(r.status, 2);
            assert.match(r.stderr, /config file '.*missing\.yaml' does not exist or cannot be read/);
        });

        it("is never -, which aws-nuke v3 would stat as a file, not read from stdin", () => {
            const r = run(invocation("-"));
            assert.equal(r.status, 2);
            assert.match(r.stderr, /--config - is not standard input to aws-nuke v3, which reads a file: pulumi stack output nukeConfig > nuke\.yaml/);
        });

        it("is refused by the fake aws-nuke as - too, as the real one stats the path", () => {
            const r = runFake(["run", "--config", "-", "--no-prompt"], { input: CONFIG });
            assert.equal(r.status, 1);
            assert.match(r.stdout, /level=fatal msg="stat -: no such file or directory"/);
        });
    });

    describe("its arguments", () => {
        const refusedArgs = (args: string[], pattern: RegExp) => {
            const r = run(args, { runs: [{ resources: [R.scratch] }] });
            assert.equal(r.status, 2, r.stdout);
            assert.match(r.stderr, pattern);
            assert.deepEqual(r.nukeCalls, []);
        };
        const without = (flag: string, hasValue = true) => {
            const args = DRY();
            const at = args.indexOf(flag);
            return [...args.slice(0, at), ...args.slice(at + (hasValue ? 2 : 1))];
        };
        const replaced = (flag: string, value: string) => DRY().map((a, i, all) => (all[i - 1] === flag ? value : a));

        it("must be the aws-nuke run invocation", () => {
            refusedArgs(DRY().slice(1), /must start with: aws-nuke run/);
        });

        it("let no other aws-nuke flag through", () => {
            refusedArgs([...DRY(), "--no-alias-check"], /unsupported argument '--no-alias-check'/);
            refusedArgs([...DRY(), "--quiet"], /unsupported argument '--quiet'/);
        });

        it("need --no-prompt, since nothing answers prompts", () => {
            refusedArgs(without("--no-prompt", false), /--no-prompt is required/);
        });

        it("need --prompt-delay of at least aws-nuke's minimum of 3 seconds", () => {
            refusedArgs(without("--prompt-delay"), /--prompt-delay must be a number of seconds from 3 \(aws-nuke's minimum\)/);
            refusedArgs(replaced("--prompt-delay", "2"), /--prompt-delay must be a number of seconds from 3/);
        });

        it("need a bounded --max-wait-retries: 0 waits forever", () => {
            refusedArgs(without("--max-wait-retries"), /--max-wait-retries must be from 1 to 100000 \(0, aws-nuke's default, waits forever/);
            refusedArgs(replaced("--max-wait-retries", "0"), /--max-wait-retries must be from 1/);
        });

        it("need the pinned log level and format", () => {
            refusedArgs(replaced("--log-level", "debug"), /--log-level info is required/);
            refusedArgs(without("--log-format"), /--log-format standard is required/);
            refusedArgs(replaced("--log-format", "json"), /--log-format standard is required/);
        });

        it("need a role ARN in one account", () => {
            refusedArgs(replaced("--assume-role-arn", "arn:aws:iam::*:role/OrganizationAccountAccessRole"), /is not an IAM role ARN/);
            refusedArgs([...DRY(), "--assume-role-arn", accessRoleArn(OTHER)], /--assume-role-arn needs one value, given once/);
        });

        it("that aws-nuke does not define are refused by the fake aws-nuke too, as urfave/cli does", () => {
            const r = runFake(["run", "--config", configFile, "--no-prompt", "--max-wait", "3"]);
            assert.equal(r.status, 1);
            assert.match(r.stdout, /msg="flag provided but not defined: -max-wait"/);
        });

        it("with a prompt delay below 3, the fake aws-nuke refuses too, as the real one does", () => {
            const r = runFake(["run", "--config", configFile, "--no-prompt", "--prompt-delay", "2"]);
            assert.equal(r.status, 1);
            assert.match(r.stdout, /^aws-nuke - v3\.64\.3 - /);
            assert.match(r.stdout, /msg="value for --force-sleep cannot be less than 3 seconds/);
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
