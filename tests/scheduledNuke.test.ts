/**
 * The scheduled nuke: the runner's build definition (config/sandbox/runner.ts) and the resources the
 * program registers for it (components/scheduledNuke.ts), planned from Pulumi.prod.yaml, whose
 * sandbox runs a dry run every Friday. The buildspec's own shell is run here with bash, with fakes
 * of `curl` and `aws` on PATH, to prove it delivers the script and the config byte for byte and
 * refuses an archive whose checksum is wrong.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse } from "yaml";
import { CONFIG_VAR, nukeCommandLine, sha256 } from "../config/sandbox/nuke";
import {
    AWS_NUKE_RELEASE,
    BUILDSPEC_MAX_CHARACTERS,
    RUNNER_IMAGE,
    filteredResourceTypes,
    nukeBuildspec,
    readNukeScript,
    runSummaryRecipients,
    runnerProjectArn,
    runnerScheduleGroupArn,
} from "../config/sandbox/runner";
import { Plan, Registration } from "../plan/engine";
import { sandboxNotes } from "../plan/report";
import { ROOT, one, ofType, planFailure, planStack, stackFile, stackWith } from "./harness";

const PROJECT = "aws:codebuild/project:Project";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
const SCHEDULE_GROUP = "aws:scheduler/scheduleGroup:ScheduleGroup";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const TOPIC = "aws:sns/topic:Topic";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const ACCOUNT = "aws:organizations/account:Account";
const COMMAND = "command:local:Command";
const MANAGEMENT = "111111111111";

interface Buildspec {
    version: number;
    env: { shell: string };
    phases: { build: { commands: string[]; finally: string[] } };
}
const buildspecOf = (plan: Plan): Buildspec => parse(String((one(plan, PROJECT, "sandbox-runner").inputs.source as { buildspec: string }).buildspec));
const policyOf = (r: Registration) => JSON.parse(String(r.inputs.policy)) as { Statement: { Sid: string; Action: string | string[]; Resource: unknown }[] };

function bash(script: string, cwd: string, env: Record<string, string> = {}) {
    return spawnSync("bash", ["-c", script], { cwd, env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" });
}

/** A fresh directory with fake commands (name → bash body) in its bin/, and the PATH that finds them first. */
function withFakes(fakes: Record<string, (dir: string) => string>): { dir: string; path: string } {
    const dir = mkdtempSync(join(tmpdir(), "runner-"));
    const bin = join(dir, "bin");
    mkdirSync(bin);
    for (const [name, body] of Object.entries(fakes)) {
        writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body(dir)}`);
        chmodSync(join(bin, name), 0o755);
    }
    return { dir, path: `${bin}:${process.env.PATH}` };
}
const recordingAws = (dir: string) => `printf '%s\\n' "$@" > "${dir}/aws-args"\n`;

describe("scheduled nuke", () => {
    let plan: Plan;
    before(async () => (plan = await planStack(stackFile("prod"))));

    describe("the build definition", () => {
        it("pins aws-nuke v3.60.0's linux-amd64 release and checks its SHA-256 before anything runs it", () => {
            const [download, check, install, version] = buildspecOf(plan).phases.build.commands;
            assert.equal(AWS_NUKE_RELEASE.version, "3.60.0");
            assert.equal(AWS_NUKE_RELEASE.sha256, "13c883999bcf3fbd1cfc36a4f45059d3a7ccdb88283285a1b79d06872184ac68");
            assert.equal(download, `curl -fsSL --retry 3 -o "/tmp/aws-nuke-v3.60.0-linux-amd64.tar.gz" "https://github.com/ekristen/aws-nuke/releases/download/v3.60.0/aws-nuke-v3.60.0-linux-amd64.tar.gz"`);
            assert.equal(check, `echo "${AWS_NUKE_RELEASE.sha256}  /tmp/aws-nuke-v3.60.0-linux-amd64.tar.gz" | sha256sum --check --strict -`);
            assert.match(install, /tar -xzf "\/tmp\/aws-nuke-v3\.60\.0-linux-amd64\.tar\.gz" .* install -m 0755 \/tmp\/aws-nuke\/aws-nuke \/usr\/local\/bin\/aws-nuke$/);
            assert.equal(version, "aws-nuke version");
        });

        it("refuses to run when the pinned aws-nuke does not know a resource type the config keeps (run with bash, a fake aws-nuke)", () => {
            const config = String(one(plan, COMMAND, "sandbox-nuke").inputs.stdin);
            const types = filteredResourceTypes(config);
            assert.ok(types.includes("IAMRole") && types.includes("CloudTrailTrail"), types.join(", "));
            const check = buildspecOf(plan).phases.build.commands[4];
            const run = (known: string[]) => {
                // As aws-nuke prints it without a terminal: the name padded to 59 columns, then its kind.
                const listing = known.map((t) => `${t.padEnd(59)}native resource`).join("\n");
                const { dir, path } = withFakes({ "aws-nuke": () => `[ "$1" = resource-types ] && cat <<'EOF'\n${listing}\nEOF\n` });
                return bash(`set -e\n${check}\necho CHECKED\n`, dir, { PATH: path });
            };
            const all = run([...types, "EC2Instance"]);
            assert.equal(all.status, 0, all.stderr);
            assert.match(all.stdout, /CHECKED/);
            const missing = run(types.filter((t) => t !== "CloudTrailTrail"));
            assert.notEqual(missing.status, 0);
            assert.ok(!missing.stdout.includes("CHECKED"));
            assert.match(missing.stderr, /aws-nuke v3\.60\.0 does not know the resource type CloudTrailTrail, which the config keeps/);
        });

        it("runs the exact invocation of the workstation path (nukeCommandLine), a dry run by default, on the generated config", () => {
            const sandboxId = one(plan, ACCOUNT, "sandbox").id;
            const invocation = { roleArn: `arn:aws:iam::${sandboxId}:role/OrganizationAccountAccessRole`, dryRun: true };
            const expected = nukeCommandLine({ ...invocation, configFile: "nuke-config.yaml" });
            const commands = buildspecOf(plan).phases.build.commands;
            assert.equal(commands[commands.length - 1], `set -o pipefail; timeout --kill-after=1m 110m ${expected} 2>&1 | tee nuke.log`);
            assert.ok(!commands.join("\n").includes("--no-dry-run"));
            const local = String(one(plan, COMMAND, "sandbox-nuke").inputs.create);
            assert.ok(local.includes(nukeCommandLine({ ...invocation, configFile: CONFIG_VAR })), "the same invocation the local command runs, but for the config file");
        });

        it("runs a real nuke only with dryRun: false, once the stack has dry-run the sandbox with this config", async () => {
            const config = stackWith("prod", { sandbox: (s) => ({ ...s, nuke: { ...s.nuke, dryRun: false } }) });
            const accountId = String(plan.outputs.sandboxAccountId);
            const dryRuns = [{ accountId, configSha256: sha256(String(plan.outputs.nukeConfig)), run: "1" }];
            const first = await planStack(config);
            assert.ok(!buildspecOf(first).phases.build.commands.join("\n").includes("--no-dry-run"), "no real run before that dry run");
            const real = await planStack(config, { stackOutputs: { nukeDryRuns: dryRuns } });
            const commands = buildspecOf(real).phases.build.commands;
            assert.match(commands[commands.length - 1], / --no-dry-run 2>&1 \| tee nuke\.log$/);
            assert.match(sandboxNotes(real).find((n) => n.startsWith("Scheduled nuke")) ?? "", /a REAL RUN that deletes/);
        });

        it("uses bash on a pinned CodeBuild image, small, one build at a time, stopped after two hours", () => {
            const project = one(plan, PROJECT, "sandbox-runner");
            assert.equal(buildspecOf(plan).env.shell, "bash");
            assert.deepEqual(project.inputs.source, { type: "NO_SOURCE", buildspec: (project.inputs.source as { buildspec: string }).buildspec });
            assert.deepEqual(project.inputs.artifacts, { type: "NO_ARTIFACTS" });
            const environment = project.inputs.environment as Record<string, unknown>;
            assert.equal(environment.image, RUNNER_IMAGE);
            assert.equal(environment.computeType, "BUILD_GENERAL1_SMALL");
            assert.equal(project.inputs.concurrentBuildLimit, 1);
            assert.equal(project.inputs.buildTimeout, 120);
        });

        it("gives the script the sandbox's alias and the stack's region", () => {
            const alias = one(plan, "aws:iam/accountAlias:AccountAlias", "sandbox-alias").inputs.accountAlias;
            const variables = (one(plan, PROJECT, "sandbox-runner").inputs.environment as { environmentVariables: { name: string; value: string }[] }).environmentVariables;
            assert.deepEqual(
                Object.fromEntries(variables.map((v) => [v.name, v.value])),
                { NUKE_SANDBOX_ALIAS: alias, AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-west-1" },
            );
        });

        it("delivers the checked-in script and the generated config byte for byte (run with bash)", () => {
            const dir = mkdtempSync(join(tmpdir(), "runner-"));
            const commands = buildspecOf(plan).phases.build.commands;
            const result = bash(commands.slice(5, 9).join("\n") + "\n", dir);
            assert.equal(result.status, 0, result.stderr);
            assert.equal(readFileSync(join(dir, "scripts", "nuke-sandbox.sh"), "utf8"), readFileSync(join(ROOT, "scripts", "nuke-sandbox.sh"), "utf8"));
            assert.equal(readFileSync(join(dir, "nuke-config.yaml"), "utf8"), one(plan, COMMAND, "sandbox-nuke").inputs.stdin);
        });

        it("refuses an archive whose SHA-256 is not the pinned one (run with bash, a fake curl on PATH)", () => {
            const { dir, path } = withFakes({ curl: () => 'while [ $# -gt 0 ]; do [ "$1" = -o ] && { echo tampered > "$2"; shift; }; shift; done\n' });
            const [download, check] = buildspecOf(plan).phases.build.commands;
            const result = bash(`set -e\n${download}\n${check}\necho INSTALLED\n`, dir, { PATH: path });
            assert.notEqual(result.status, 0);
            assert.ok(!result.stdout.includes("INSTALLED"));
            assert.match(result.stdout + result.stderr, /FAILED/);
        });

        it("publishes the script's last report lines, the outcome and the build's link, whatever happened (run with bash, a fake aws)", () => {
            const { dir, path } = withFakes({ aws: recordingAws });
            writeFileSync(
                join(dir, "nuke.log"),
                [
                    "nuke-sandbox: checking that arn:... leads to account 1",
                    "eu-west-1 - S3Bucket - s3://x - [] - would remove",
                    "nuke-sandbox: summary (dry run, account 123456789012): would remove 14, removed 0, failed 0, filtered 9",
                ].join("\n"),
            );
            const topic = String(one(plan, TOPIC, "sandbox-runs").outputs.arn);
            const env = { PATH: path, CODEBUILD_BUILD_SUCCEEDING: "0", CODEBUILD_BUILD_ID: "sandbox-sandbox-nuke:1", CODEBUILD_BUILD_URL: "https://console/build/1" };
            const result = bash(buildspecOf(plan).phases.build.finally.join("\n"), dir, env);
            assert.equal(result.status, 0, result.stderr);
            const args = readFileSync(join(dir, "aws-args"), "utf8").split("\n");
            assert.deepEqual(args.slice(0, 6), ["sns", "publish", "--topic-arn", topic, "--subject", "landing-zone scheduled sandbox nuke: FAILED"]);
            assert.equal(args[6], "--message");
            assert.equal(
                args.slice(7).join("\n"),
                "nuke-sandbox: summary (dry run, account 123456789012): would remove 14, removed 0, failed 0, filtered 9\n\nBuild sandbox-sandbox-nuke:1: https://console/build/1\n",
            );
        });

        it("stops a run that hangs, with aws-nuke under it, and still reports (run with bash: the pipeline's own timeout)", () => {
            const dir = mkdtempSync(join(tmpdir(), "runner-"));
            writeFileSync(join(dir, "nuke-config.yaml"), "x: 1\n");
            // A stand-in for the script whose child (aws-nuke) hangs: the timeout must end both.
            const hang = `bash -c 'echo "nuke-sandbox: running: aws-nuke run"; sleep 30 & wait'`;
            const last = buildspecOf(plan).phases.build.commands.at(-1) ?? "";
            const run = last.replace(/timeout --kill-after=1m 110m .* 2>&1/, `timeout --kill-after=1s 1s ${hang} 2>&1`);
            assert.notEqual(run, last, "the test rewrote the timeout");
            const started = Date.now();
            const result = bash(run, dir);
            assert.ok(Date.now() - started < 10_000, "the pipeline ended within seconds, not after the sleep");
            assert.equal(result.status, 124, "timeout's exit status passes through pipefail");
            assert.match(readFileSync(join(dir, "nuke.log"), "utf8"), /^nuke-sandbox: running: aws-nuke run$/m);
        });

        it("says so when the run stopped before the script reported anything", () => {
            const build = nukeBuildspec({ script: "#!/bin/sh\n", config: "x: 1\n", roleArn: "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole", dryRun: true, topicArn: "arn:aws:sns:eu-west-1:1:t" });
            const { dir, path } = withFakes({ aws: recordingAws });
            const result = bash((parse(build) as Buildspec).phases.build.finally.join("\n"), dir, { PATH: path, CODEBUILD_BUILD_SUCCEEDING: "0" });
            assert.equal(result.status, 0, result.stderr);
            assert.match(readFileSync(join(dir, "aws-args"), "utf8"), /^nuke-sandbox: no summary: the run stopped before the script reported/m);
        });
    });

    describe("permissions", () => {
        it("lets the build assume exactly the sandbox's access role, write its own log and publish its own summary", () => {
            const sandboxId = one(plan, ACCOUNT, "sandbox").id;
            const logArn = String(one(plan, LOG_GROUP, "sandbox-log").outputs.arn);
            const statements = policyOf(one(plan, ROLE_POLICY, "sandbox-build-policy")).Statement;
            assert.deepEqual(statements, [
                { Sid: "AssumeTheSandboxAccessRoleOnly", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${sandboxId}:role/OrganizationAccountAccessRole` },
                { Sid: "WriteItsOwnLog", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [logArn, `${logArn}:*`] },
                { Sid: "PublishItsSummary", Effect: "Allow", Action: "sns:Publish", Resource: String(one(plan, TOPIC, "sandbox-runs").outputs.arn) },
            ]);
            assert.ok(!JSON.stringify(statements).includes('"*"'), "no wildcard resource");
            assert.equal(one(plan, ROLE_POLICY, "sandbox-build-policy").inputs.role, one(plan, ROLE, "sandbox-build-role").inputs.name);
            assert.equal(one(plan, PROJECT, "sandbox-runner").inputs.serviceRole, one(plan, ROLE, "sandbox-build-role").outputs.arn);
        });

        it("lets the scheduler start exactly this project", () => {
            const statements = policyOf(one(plan, ROLE_POLICY, "sandbox-scheduler-policy")).Statement;
            assert.deepEqual(statements, [
                { Sid: "StartThisProjectOnly", Effect: "Allow", Action: "codebuild:StartBuild", Resource: String(one(plan, PROJECT, "sandbox-runner").outputs.arn) },
            ]);
        });

        it("trusts each role's service for the management account and its own project or schedule group only", () => {
            const project = one(plan, PROJECT, "sandbox-runner");
            const group = one(plan, SCHEDULE_GROUP, "sandbox-schedule-group");
            const region = "eu-west-1";
            assert.equal(project.inputs.name, "sandbox-sandbox-nuke");
            assert.equal(group.inputs.name, "sandbox-sandbox-nuke");
            for (const [role, service, sourceArn] of [
                ["sandbox-build-role", "codebuild.amazonaws.com", `arn:aws:codebuild:${region}:${MANAGEMENT}:project/sandbox-sandbox-nuke`],
                ["sandbox-scheduler-role", "scheduler.amazonaws.com", `arn:aws:scheduler:${region}:${MANAGEMENT}:schedule-group/sandbox-sandbox-nuke`],
            ]) {
                assert.deepEqual(JSON.parse(String(one(plan, ROLE, role).inputs.assumeRolePolicy)), {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: service },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": MANAGEMENT, "aws:SourceArn": sourceArn } },
                        },
                    ],
                });
            }
            // The ARNs the roles trust are the ones AWS gives the project and the group (the mocks play
            // CodeBuild's and Scheduler's ARN forms), though built before either exists.
            assert.equal(project.outputs.arn, runnerProjectArn(region, MANAGEMENT, "sandbox-sandbox-nuke"));
            assert.equal(group.outputs.arn, runnerScheduleGroupArn(region, MANAGEMENT, "sandbox-sandbox-nuke"));
        });

        it("puts the schedule alone in its own group, which its role trusts, and creates the group first", () => {
            const schedule = one(plan, SCHEDULE, "sandbox-schedule");
            const group = one(plan, SCHEDULE_GROUP, "sandbox-schedule-group");
            assert.equal(schedule.inputs.groupName, group.outputs.name ?? group.inputs.name);
            assert.ok(schedule.dependencies.includes(group.urn));
            assert.equal(ofType(plan, SCHEDULE).filter((s) => s.inputs.groupName === group.inputs.name).length, 1);
        });

        it("creates the project and the schedule only once their roles' policies exist", () => {
            assert.ok(one(plan, PROJECT, "sandbox-runner").dependencies.includes(one(plan, ROLE_POLICY, "sandbox-build-policy").urn));
            assert.ok(one(plan, SCHEDULE, "sandbox-schedule").dependencies.includes(one(plan, ROLE_POLICY, "sandbox-scheduler-policy").urn));
        });
    });

    describe("the schedule, the log and the summaries", () => {
        it("starts the project with CodeBuild StartBuild on the configured expression, in UTC", () => {
            const schedule = one(plan, SCHEDULE, "sandbox-schedule");
            assert.equal(schedule.inputs.scheduleExpression, "cron(0 18 ? * FRI *)");
            assert.equal(schedule.inputs.scheduleExpressionTimezone, "UTC");
            assert.equal(schedule.inputs.state, "ENABLED");
            assert.deepEqual(schedule.inputs.flexibleTimeWindow, { mode: "OFF" });
            const target = schedule.inputs.target as Record<string, unknown>;
            // The templated target "CodeBuild - StartBuild" is the project's ARN.
            assert.equal(target.arn, one(plan, PROJECT, "sandbox-runner").outputs.arn);
            assert.equal(target.roleArn, one(plan, ROLE, "sandbox-scheduler-role").outputs.arn);
            assert.equal(target.input, undefined);
        });

        it("is DISABLED, the runner kept, with paused: true", async () => {
            const paused = await planStack(stackWith("prod", { sandbox: (s) => ({ ...s, nuke: { ...s.nuke, paused: true } }) }));
            assert.equal(one(paused, SCHEDULE, "sandbox-schedule").inputs.state, "DISABLED");
            assert.equal(ofType(paused, PROJECT).length, 1);
        });

        it("keeps the runs' log for 30 days in the project's own log group", () => {
            const log = one(plan, LOG_GROUP, "sandbox-log");
            assert.deepEqual(log.inputs, { name: "/aws/codebuild/sandbox-sandbox-nuke", retentionInDays: 30 });
            assert.deepEqual(one(plan, PROJECT, "sandbox-runner").inputs.logsConfig, {
                cloudwatchLogs: { status: "ENABLED", groupName: "/aws/codebuild/sandbox-sandbox-nuke" },
                s3Logs: { status: "DISABLED" },
            });
        });

        it("e-mails each run's summary to nuke.notify, one subscription per address", () => {
            const topic = String(one(plan, TOPIC, "sandbox-runs").outputs.arn);
            assert.deepEqual(
                ofType(plan, SUBSCRIPTION).map((s) => s.inputs),
                [{ endpoint: "platform@example.com", protocol: "email", topic }],
            );
        });

        it("e-mails the budget's addresses when the nuke names none", async () => {
            const p = await planStack(stackWith("prod", { sandbox: (s) => ({ ...s, nuke: { ...s.nuke, notify: undefined } }) }));
            assert.deepEqual(ofType(p, SUBSCRIPTION).map((s) => s.inputs.endpoint), ["finance@example.com", "platform@example.com"]);
            assert.deepEqual(runSummaryRecipients({ nuke: {}, budget: { notify: ["b@example.org"] } }), ["b@example.org"]);
        });

        it("is not planned without a schedule", async () => {
            const p = await planStack(stackFile("dev"));
            for (const type of [PROJECT, SCHEDULE, ROLE, TOPIC, LOG_GROUP]) assert.deepEqual(ofType(p, type), [], type);
        });

        it("is summed up in the offline plan, with the buildspec's size against CodeBuild's limit", () => {
            const size = String((one(plan, PROJECT, "sandbox-runner").inputs.source as { buildspec: string }).buildspec).length;
            assert.ok(
                sandboxNotes(plan).includes(
                    "Scheduled nuke cron(0 18 ? * FRI *) (UTC, ENABLED): a dry run, by CodeBuild project sandbox-sandbox-nuke with aws-nuke v3.60.0 " +
                        `(SHA-256 checked; inline buildspec of ${size} of 25600 characters); summaries to platform@example.com.`,
                ),
                sandboxNotes(plan).join("\n"),
            );
            assert.ok(size > 5000 && size < BUILDSPEC_MAX_CHARACTERS, `${size}`);
        });

        it("fails the plan, before the project is registered, when the buildspec is over CodeBuild's inline limit, naming its size and what makes it grow", async () => {
            // Keep filters go into the aws-nuke config the buildspec carries: enough distinct ones overflow it.
            const keep = { IAMRole: Array.from({ length: 2000 }, (_, i) => `keep-role-${createHash("sha256").update(String(i)).digest("hex").slice(0, 16)}`) };
            const err = await planFailure(stackWith("prod", { sandbox: (s) => ({ ...s, nuke: { ...s.nuke, keep } }) }));
            assert.match(err.message, /the scheduled nuke's buildspec is (\d+) characters, over CodeBuild's 25600 for an inline buildspec: .*sandbox\.nuke\.keep/);
            assert.ok(Number(/buildspec is (\d+)/.exec(err.message)?.[1]) > BUILDSPEC_MAX_CHARACTERS);
            assert.deepEqual(err.registrations.filter((r) => r.type === PROJECT), []);
        });

        it("takes a buildspec of exactly the limit and refuses one character more", () => {
            const build = { script: "", roleArn: "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole", dryRun: true, topicArn: "arn:aws:sns:eu-west-1:111111111111:t" };
            const size = (config: string) => {
                try {
                    return nukeBuildspec({ ...build, config }).length;
                } catch (err) {
                    return Number(/buildspec is (\d+)/.exec(String(err))?.[1]);
                }
            };
            // Incompressible config text, grown until the buildspec crosses the limit.
            let config = "";
            for (let i = 0; size(config) <= BUILDSPEC_MAX_CHARACTERS; i++) config += createHash("sha256").update(String(i)).digest("base64");
            let under = config;
            while (size(under) > BUILDSPEC_MAX_CHARACTERS) under = under.slice(0, -1);
            assert.equal(nukeBuildspec({ ...build, config: under }).length, size(under));
            assert.ok(size(under) <= BUILDSPEC_MAX_CHARACTERS);
            assert.throws(() => nukeBuildspec({ ...build, config }), /over CodeBuild's 25600/);
        });

        it("reads the guard script from the project", () => {
            assert.equal(readNukeScript(), readFileSync(join(ROOT, "scripts", "nuke-sandbox.sh"), "utf8"));
        });
    });
});

describe("scheduled nuke buildspec shell", () => {
    // As for scripts/nuke-sandbox.sh: CI installs shellcheck; without it locally the lint is skipped, saying so.
    it("passes shellcheck, commands and finally block", function () {
        const build = nukeBuildspec({ script: "#!/bin/sh\n", config: "x: 1\n", roleArn: "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole", dryRun: false, topicArn: "arn:aws:sns:eu-west-1:111111111111:t" });
        const phase = (parse(build) as Buildspec).phases.build;
        const dir = mkdtempSync(join(tmpdir(), "runner-"));
        const file = join(dir, "buildspec.sh");
        writeFileSync(file, [...phase.commands, ...phase.finally].join("\n") + "\n");
        const r = spawnSync("shellcheck", ["--shell=bash", "--severity=style", file], { encoding: "utf8" });
        if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
            if (process.env.CI) assert.fail("shellcheck is not installed");
            console.warn("      (skipped: shellcheck is not installed)");
            this.skip();
        }
        assert.equal(r.status, 0, `shellcheck found problems:\n${r.stdout}${r.stderr}`);
    });
});
