/**
 * SandboxNuke, planned through the real program (index.ts) on the strict fake cloud: the provider
 * that works in the sandbox, the account alias, the generated aws-nuke config, and the command that
 * runs it (its inputs and triggers decide when aws-nuke runs again).
 */
import { strict as assert } from "assert";
import { parse } from "yaml";
import { UPDATE_RUNS_NOTHING } from "../components/sandboxNuke";
import { sha256 } from "../config/sandbox/nuke";
import { DEFAULT_CLOUD, Plan, Registration } from "../plan/engine";
import { renderSandboxNuke } from "../plan/report";
import { clone, ofType, one, planFailure, planStack, stackFile, stackWith } from "./harness";

const SANDBOX_NUKE = "landing-zone:index:SandboxNuke";
const PROVIDER = "pulumi:providers:aws";
const ALIAS = "aws:iam/accountAlias:AccountAlias";
const RANDOM = "random:index/randomString:RandomString";
const COMMAND = "command:local:Command";
const MANAGEMENT = DEFAULT_CLOUD.managementAccountId;

type Filter = string | { property?: string; type: string; value: string; invert?: boolean };
interface NukeConfig {
    regions: string[];
    blocklist: string[];
    accounts: Record<string, { filters: Record<string, Filter[]> }>;
}

const accountIds = (p: Plan) => p.outputs.accountIds as Record<string, string>;
const nukeCommand = (p: Plan) => one(p, COMMAND, "sandbox-nuke");
const nukeConfig = (p: Plan) => parse(p.outputs.nukeConfig as string) as NukeConfig;
const sandboxFilters = (p: Plan) => nukeConfig(p).accounts[accountIds(p).sandbox].filters;
/** How the config keeps Identity Center's roles: the filters that name them or their path. */
const ssoKept = (p: Plan) =>
    (["IAMRole", "IAMRolePolicyAttachment", "IAMRolePolicy"] as const).flatMap((type) =>
        sandboxFilters(p)[type].filter((f) => JSON.stringify(f).includes("aws-reserved") || JSON.stringify(f).includes("AWSReservedSSO")),
    );
const SSO_BY_PATH = [
    { property: "Path", type: "regex", value: "^/aws-reserved/sso\\.amazonaws\\.com/" },
    { property: "RolePath", type: "regex", value: "^/aws-reserved/sso\\.amazonaws\\.com/" },
    { property: "role:Path", type: "regex", value: "^/aws-reserved/sso\\.amazonaws\\.com/" },
];
/** What decides whether aws-nuke runs again: the command's inputs. */
const runInputs = (r: Registration) => ({ create: r.inputs.create, stdin: r.inputs.stdin, environment: r.inputs.environment, triggers: r.inputs.triggers });

describe("SandboxNuke", () => {
    let dev: Plan;
    let prod: Plan;
    before(async () => {
        dev = await planStack(stackFile("dev"));
        prod = await planStack(stackFile("prod"));
    });

    describe("the way into the sandbox", () => {
        it("is an AWS provider assuming OrganizationAccountAccessRole in the sandbox, in the stack's region", () => {
            const provider = one(dev, PROVIDER, "sandbox-provider");
            assert.deepEqual(JSON.parse(provider.inputs.assumeRoles as string), [
                { roleArn: `arn:aws:iam::${accountIds(dev).sandbox}:role/OrganizationAccountAccessRole`, sessionName: "landing-zone" },
            ]);
            assert.equal(provider.inputs.region, "eu-central-1");
            assert.equal(one(prod, PROVIDER, "sandbox-provider").inputs.region, "eu-west-1");
        });

        it("assumes the role with the default provider's profile and retry settings, and runs the script with that profile", async () => {
            assert.equal(one(dev, PROVIDER, "sandbox-provider").inputs.profile, undefined);
            assert.equal(one(dev, PROVIDER, "sandbox-provider").inputs.retryMode, "adaptive");
            assert.equal(one(dev, PROVIDER, "sandbox-provider").inputs.maxRetries, "10");
            const withProfile = await planStack({ ...stackFile("dev"), "aws:profile": "management" });
            assert.equal(one(withProfile, PROVIDER, "sandbox-provider").inputs.profile, "management");
            assert.equal((nukeCommand(withProfile).inputs.environment as Record<string, string>).AWS_PROFILE, "management");
        });

        it("assumes the role in the imported sandbox of an adopted organisation", () => {
            const config = stackWith("prod", { accounts: (a) => ((a.sandbox.id = "555555555555"), a) });
            return planStack(config).then((p) => {
                const [role] = JSON.parse(one(p, PROVIDER, "sandbox-provider").inputs.assumeRoles as string);
                assert.equal(role.roleArn, "arn:aws:iam::555555555555:role/OrganizationAccountAccessRole");
            });
        });

        it("puts every child under the component", () => {
            const component = one(dev, SANDBOX_NUKE, "sandbox");
            for (const [type, name] of [[PROVIDER, "sandbox-provider"], [RANDOM, "sandbox-alias-suffix"], [ALIAS, "sandbox-alias"], [COMMAND, "sandbox-nuke"]]) {
                assert.equal(one(dev, type, name).parent, component.urn, `${type} ${name}`);
            }
        });
    });

    describe("the account alias", () => {
        it("is created in the sandbox, through the sandbox's provider", () => {
            const provider = one(dev, PROVIDER, "sandbox-provider");
            assert.ok(one(dev, ALIAS, "sandbox-alias").provider?.startsWith(`${provider.urn}::`));
        });

        it("is the account key and a random suffix of lowercase letters and digits", () => {
            assert.deepEqual(one(dev, RANDOM, "sandbox-alias-suffix").inputs, { length: 8, lower: true, upper: false, numeric: true, special: false });
            const suffix = one(dev, RANDOM, "sandbox-alias-suffix").outputs.result as string;
            assert.equal(one(dev, ALIAS, "sandbox-alias").inputs.accountAlias, `sandbox-${suffix}`);
            assert.match(dev.outputs.sandboxAlias as string, /^sandbox-[a-z0-9]{8}$/);
        });

        it("starts with sandbox.alias when the config sets one", () => {
            assert.match(one(prod, ALIAS, "sandbox-alias").inputs.accountAlias as string, /^example-sandbox-[a-z0-9]{8}$/);
        });

        it("never contains prod", () => {
            for (const p of [dev, prod]) assert.ok(!(one(p, ALIAS, "sandbox-alias").inputs.accountAlias as string).includes("prod"));
        });

        it("is deleted before its replacement is created, since an account has one alias", () => {
            assert.equal(one(dev, ALIAS, "sandbox-alias").deleteBeforeReplace, true);
        });
    });

    describe("the generated aws-nuke config of the dev example", () => {
        it("names only the sandbox under accounts", () => {
            assert.deepEqual(Object.keys(nukeConfig(dev).accounts), [accountIds(dev).sandbox]);
        });

        it("blocklists the management account and the dev account", () => {
            assert.deepEqual(nukeConfig(dev).blocklist, [MANAGEMENT, accountIds(dev).dev].sort());
        });

        it("nukes the configured regions", () => {
            assert.deepEqual(nukeConfig(dev).regions, ["global", "eu-central-1"]);
        });

        it("keeps the Identity Center roles by their path, naming none", () => {
            assert.deepEqual(ssoKept(dev), SSO_BY_PATH);
        });

        it("keeps the access role, the SAML provider and the default CDK bootstrap", () => {
            const f = sandboxFilters(dev);
            assert.ok(f.IAMRole.includes("OrganizationAccountAccessRole"));
            assert.deepEqual(f.IAMRolePolicyAttachment[0], { property: "RoleName", type: "exact", value: "OrganizationAccountAccessRole" });
            assert.deepEqual(f.IAMRolePolicy[0], { property: "role:RoleName", type: "exact", value: "OrganizationAccountAccessRole" });
            assert.deepEqual(f.IAMSAMLProvider, [{ type: "glob", value: `arn:aws:iam::${accountIds(dev).sandbox}:saml-provider/AWSSSO_*_DO_NOT_DELETE` }]);
            assert.deepEqual(f.SSMParameter, ["/cdk-bootstrap/hnb659fds/version"]);
        });
    });

    describe("the generated aws-nuke config of the prod example", () => {
        it("blocklists every other account, production and the management account included", () => {
            const ids = accountIds(prod);
            assert.deepEqual(nukeConfig(prod).blocklist, [ids.management, ids.dev, ids.test, ids.prod, ids.pipeline].sort());
            assert.ok(nukeConfig(prod).blocklist.includes("444444444444"), "the production account");
            assert.ok(!nukeConfig(prod).blocklist.includes(ids.sandbox));
        });

        it("names only the sandbox under accounts", () => {
            assert.deepEqual(Object.keys(nukeConfig(prod).accounts), [accountIds(prod).sandbox]);
        });

        it("keeps the Identity Center roles by their path, and names no permission set", () => {
            assert.deepEqual(ssoKept(prod), SSO_BY_PATH);
            for (const ps of ["AdministratorAccess", "DeveloperUserAccess", "ReadOnlyAccess", "BillingAccess"]) {
                assert.ok(!(prod.outputs.nukeConfig as string).includes(ps), ps);
            }
        });

        it("generates the same config, so runs nothing again, when a group gets another permission set on the sandbox", async () => {
            const config = stackWith("prod", { groups: (g) => (g.Finance.access.BillingAccess.push("sandbox"), g) });
            assert.equal((await planStack(config)).outputs.nukeConfig, prod.outputs.nukeConfig);
        });

        it("keeps the CDK bootstrap of the configured qualifier", async () => {
            const config = stackWith("prod", { sandbox: (s) => ((s.nuke.cdkQualifier = "acme42"), s) });
            const f = sandboxFilters(await planStack(config));
            const sandbox = accountIds(prod).sandbox;
            assert.ok(f.IAMRole.includes(`cdk-acme42-deploy-role-${sandbox}-eu-west-1`) && f.IAMRole.includes(`cdk-acme42-lookup-role-${sandbox}-us-east-1`));
            assert.ok(!f.IAMRole.some((x) => JSON.stringify(x).includes("cdk-acme42-*")), "no pattern keeps look-alikes");
            assert.deepEqual(f.S3Bucket, [`s3://cdk-acme42-assets-${sandbox}-eu-west-1`, `s3://cdk-acme42-assets-${sandbox}-us-east-1`, ...f.S3Bucket.slice(2)]);
            assert.deepEqual(f.SSMParameter, ["/cdk-bootstrap/acme42/version"]);
        });
    });

    describe("the command that runs aws-nuke", () => {
        it("runs what nukeCommand shows: the config written to a private file, then the script with the aws-nuke invocation, a dry run by default", () => {
            const arn = `arn:aws:iam::${accountIds(dev).sandbox}:role/OrganizationAccountAccessRole`;
            assert.equal(
                nukeCommand(dev).inputs.create,
                `config=$(mktemp) && trap 'rm -f "$config"' EXIT && cat >"$config" && ` +
                    `bash scripts/nuke-sandbox.sh aws-nuke run --config "$config" --no-prompt --prompt-delay 3 --max-wait-retries 360 ` +
                    `--log-level info --log-format standard --assume-role-arn ${arn}; ` +
                    `echo "landing-zone: nuke-sandbox exited with $? after a dry run of ${accountIds(dev).sandbox} with config sha256 ${sha256(dev.outputs.nukeConfig as string)}"`,
            );
            assert.equal(dev.outputs.nukeCommand, nukeCommand(dev).inputs.create);
        });

        it("passes --no-dry-run when the config says dryRun: false and this stack has dry-run the account with this config", async () => {
            const config = stackWith("dev", { sandbox: (s) => ((s.nuke.dryRun = false), s) });
            const first = nukeCommand(await planStack(config));
            assert.doesNotMatch(first.inputs.create as string, / --no-dry-run; echo /, "not before that dry run");
            const configSha256 = sha256(dev.outputs.nukeConfig as string);
            const dryRuns = [{ accountId: accountIds(dev).sandbox, configSha256, run: "2026-11-21" }];
            const real = nukeCommand(await planStack(config, { stackOutputs: { nukeDryRuns: dryRuns } }));
            assert.match(real.inputs.create as string, new RegExp(` --no-dry-run; echo "landing-zone: nuke-sandbox exited with \\$\\? after a real run of \\d{12} with config sha256 ${configSha256}"$`));
            assert.deepEqual(real.inputs.triggers, ["2026-11-21", "dryRun: false"], "a trigger, so flipping dryRun runs aws-nuke");
        });

        it("gets the generated config on stdin, the same text as the nukeConfig output", () => {
            for (const p of [dev, prod]) assert.equal(nukeCommand(p).inputs.stdin, p.outputs.nukeConfig);
        });

        it("is triggered by the run value and the kind of run, nothing else (tests/nukeRuns.test.ts: up after up)", () => {
            assert.deepEqual(nukeCommand(dev).inputs.triggers, ["2026-11-21", "dryRun: true"]);
            assert.deepEqual(nukeCommand(prod).inputs.triggers, ["1", "dryRun: true"]);
            assert.deepEqual(dev.outputs.nukeTriggers, nukeCommand(dev).inputs.triggers, "exported, so the next deployment keeps them");
        });

        it("is replaced when a trigger changes, which is what runs create again", () => {
            assert.deepEqual(nukeCommand(dev).replaceOnChanges, ["triggers[*]"]);
        });

        it("has no delete command, so deleting it deletes nothing", () => {
            assert.equal(nukeCommand(dev).inputs.delete, undefined);
        });

        it("runs nothing on an update, so a change that is no trigger does not run aws-nuke", async () => {
            assert.equal(nukeCommand(dev).inputs.update, UPDATE_RUNS_NOTHING);
            assert.match(UPDATE_RUNS_NOTHING, /^echo '[^']*'$/);
            const withProfile = nukeCommand(await planStack({ ...stackFile("dev"), "aws:profile": "management" }));
            assert.notDeepEqual(withProfile.inputs.environment, nukeCommand(dev).inputs.environment);
            assert.deepEqual(withProfile.inputs.triggers, nukeCommand(dev).inputs.triggers);
        });

        it("does not hand the previous run's output to the next one", () => {
            assert.equal(nukeCommand(dev).inputs.addPreviousOutputInEnv, false);
        });

        it("runs in the stack's region, telling the script the sandbox's alias to check", () => {
            assert.deepEqual(nukeCommand(dev).inputs.environment, {
                AWS_REGION: "eu-central-1",
                AWS_DEFAULT_REGION: "eu-central-1",
                NUKE_SANDBOX_ALIAS: one(dev, ALIAS, "sandbox-alias").inputs.accountAlias,
            });
            assert.match(String(dev.outputs.sandboxAlias), /^sandbox-[a-z0-9]{8}$/);
        });

        it("depends on the alias, which aws-nuke requires", () => {
            assert.ok(nukeCommand(dev).dependencies.includes(one(dev, ALIAS, "sandbox-alias").urn));
        });

        it("changes only its run trigger when run changes", async () => {
            const config = stackWith("dev", { sandbox: (s) => ((s.nuke.run = "2026-12-01"), s) });
            const again = nukeCommand(await planStack(config));
            assert.deepEqual(again.inputs.triggers, ["2026-12-01", "dryRun: true"]);
            assert.deepEqual({ ...runInputs(again), triggers: undefined }, { ...runInputs(nukeCommand(dev)), triggers: undefined });
        });

        it("keeps its triggers when the config changes: the new config is its stdin, for the next run", async () => {
            const config = stackWith("dev", { sandbox: (s) => (s.nuke.regions.push("us-east-1"), s) });
            const again = await planStack(config, { stackOutputs: dev.outputs });
            assert.notEqual(nukeCommand(again).inputs.stdin, nukeCommand(dev).inputs.stdin);
            assert.deepEqual(nukeCommand(again).inputs.triggers, nukeCommand(dev).inputs.triggers);
        });

        it("keeps its inputs and triggers when the config is only reordered, so aws-nuke does not run again", async () => {
            const config = stackWith("prod", {
                accounts: (a) => Object.fromEntries(Object.entries(a).reverse()),
                organizationalUnits: (o) => [...o].reverse(),
                permissionSets: (p) => Object.fromEntries(Object.entries(p).reverse()),
                groups: (g) =>
                    Object.fromEntries(
                        Object.entries(g)
                            .reverse()
                            .map(([name, group]: [string, any]) => [
                                name,
                                { ...group, access: Object.fromEntries(Object.entries(group.access as Record<string, string[]>).reverse().map(([ps, accts]) => [ps, [...accts].reverse()])) },
                            ]),
                    ),
                sandbox: (s) => ((s.nuke.regions = [...s.nuke.regions].reverse()), s),
            });
            const reordered = await planStack(config);
            assert.deepEqual(runInputs(nukeCommand(reordered)), runInputs(nukeCommand(prod)));
            assert.equal(one(reordered, ALIAS, "sandbox-alias").inputs.accountAlias, one(prod, ALIAS, "sandbox-alias").inputs.accountAlias);
            assert.equal(reordered.outputs.nukeConfig, prod.outputs.nukeConfig);
        });
    });

    describe("sandbox.nuke.keep", () => {
        it("adds the prod example's filters after the program's own, so the organisation trail and the state bucket stay", () => {
            const f = sandboxFilters(prod);
            assert.deepEqual(f.CloudTrailTrail, ["example-org-trail"]);
            const sandbox = accountIds(prod).sandbox;
            assert.deepEqual(f.S3Bucket, [
                `s3://cdk-hnb659fds-assets-${sandbox}-eu-west-1`,
                `s3://cdk-hnb659fds-assets-${sandbox}-us-east-1`,
                { property: "Name", type: "exact", value: "example-sandbox-tf-state" },
            ]);
            assert.deepEqual(f.S3Object.at(-1), { property: "Bucket", type: "exact", value: "example-sandbox-tf-state" });
        });

        it("changes the config, not the triggers, when a filter is added", async () => {
            const more = await planStack(stackWith("prod", { sandbox: (s) => ((s.nuke.keep.GuardDutyDetector = [{ type: "regex", value: "^[0-9a-f]{32}$" }]), s) }), { stackOutputs: prod.outputs });
            assert.deepEqual(sandboxFilters(more).GuardDutyDetector, [{ type: "regex", value: "^[0-9a-f]{32}$" }]);
            assert.notEqual(nukeCommand(more).inputs.stdin, nukeCommand(prod).inputs.stdin);
            assert.deepEqual(nukeCommand(more).inputs.triggers, nukeCommand(prod).inputs.triggers);
        });

        it("refuses a resource type aws-nuke does not know, naming the one meant, before anything registers", async () => {
            const err = await planFailure(stackWith("prod", { sandbox: (s) => ((s.nuke.keep = { S3Buckets: ["x"] }), s) }));
            assert.match(err.message, /sandbox\.nuke\.keep\.S3Buckets: not a resource type aws-nuke v3\.64\.3 knows \(did you mean S3Bucket\?/);
            assert.deepEqual(err.registrations, []);
        });

        it("refuses a bucket's plain name, which aws-nuke never matches (S3Bucket prints s3://NAME), with the forms that work, before anything registers", async () => {
            const err = await planFailure(stackWith("prod", { sandbox: (s) => ((s.nuke.keep = { S3Bucket: ["tf-state-1"] }), s) }));
            assert.match(err.message, /sandbox\.nuke\.keep\.S3Bucket\[0\]: can never match: .* write "s3:\/\/tf-state-1", or \{type: exact, property: Name, value: "tf-state-1"\}/);
            assert.deepEqual(err.registrations, []);
        });

        it("warns in the plan about a bucket kept without its objects", async () => {
            const p = await planStack(stackWith("prod", { sandbox: (s) => ((s.nuke.keep = { S3Bucket: ["s3://tf-state-1"] }), s) }));
            assert.ok(
                p.warnings.some((w) => w.includes('config: sandbox.nuke.keep.S3Bucket[0]: keeps the bucket but not its objects') && w.includes('{type: exact, property: Bucket, value: "tf-state-1"}')),
                p.warnings.join("\n"),
            );
            assert.ok(!prod.warnings.some((w) => w.includes("keeps the bucket but not its objects")), "the prod example keeps its bucket's objects");
        });

        it("shows in the offline plan what aws-nuke keeps", () => {
            const text = renderSandboxNuke(prod).join("\n");
            assert.match(text, /^ {2}CloudTrailTrail\n {4}"example-org-trail"$/m);
            assert.match(text, /^ {4}exact "example-sandbox-tf-state" on Name$/m);
            assert.match(text, /^dry run: aws-nuke lists what it would delete in account \d{12}, and deletes nothing$/m);
        });
    });

    describe("a real run, and one that failed", () => {
        let warnings: string[];
        let original: typeof console.warn;
        beforeEach(() => {
            warnings = [];
            original = console.warn;
            console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
        });
        afterEach(() => (console.warn = original));

        it("warns on every preview and up while dryRun is false that replacing the command, or creating it with new triggers, deletes", async () => {
            const config = stackWith("dev", { sandbox: (s) => ((s.nuke.dryRun = false), s) });
            const dryRuns = [{ accountId: accountIds(dev).sandbox, configSha256: sha256(dev.outputs.nukeConfig as string), run: "2026-11-21" }];
            const p = await planStack(config, { stackOutputs: { nukeDryRuns: dryRuns } });
            assert.ok(
                warnings.some((w) => /sandbox\.nuke\.dryRun is false: whenever a preview shows sandbox-nuke \(command:local:Command\) being replaced, or created with a sandbox\.nuke\.run or dryRun this stack has not registered, `pulumi up` runs a REAL aws-nuke/.test(w)),
                warnings.join("\n"),
            );
            assert.match(renderSandboxNuke(p)[0], /^REAL RUN: when the command runs, aws-nuke DELETES everything in account \d{12}/);
        });

        it("gives no such warning for a dry run", async () => {
            await planStack(stackFile("dev"));
            assert.deepEqual(warnings.filter((w) => /REAL aws-nuke/.test(w)), []);
        });

        it("reads a failed run back from the state, and warns that it will not run again by itself", async () => {
            const stdout = ["nuke-sandbox: summary (REAL RUN (deletes), account 111759676004): would remove 2, removed 1, failed 1, filtered 3",
                "nuke-sandbox: NOT CLEAN: aws-nuke stopped with 1 resource(s) it could not remove (exit code 1)", "landing-zone: nuke-sandbox exited with 3", ""].join("\n");
            const p = await planStack(stackFile("dev"), { commandStdout: stdout });
            assert.deepEqual(p.outputs.nukeOutcome, { exitCode: 3, summary: stdout.split("\n").slice(0, 2) });
            assert.ok(warnings.some((w) => /The last sandbox nuke \(sandbox\.nuke\.run "2026-11-21"\) left resources behind\. It is recorded and will not run again by itself/.test(w)), warnings.join("\n"));
        });

        it("has no outcome and no warning before the first run", async () => {
            const p = await planStack(stackFile("dev"));
            assert.equal(p.outputs.nukeOutcome, undefined);
            assert.deepEqual(warnings.filter((w) => /The last sandbox nuke/.test(w)), []);
        });
    });

    describe("what no stack config can do", () => {
        it("plans no nuke when the config has no sandbox", async () => {
            const config = clone(stackFile("dev"));
            delete config["landing-zone:sandbox"];
            const p = await planStack(config);
            assert.deepEqual(ofType(p, SANDBOX_NUKE), []);
            assert.deepEqual(ofType(p, COMMAND), []);
            assert.equal(p.outputs.nukeConfig, undefined);
        });

        it("aims no nuke at the management account", async () => {
            const err = await planFailure(stackWith("dev", { sandbox: (s) => ((s.account = "root"), s) }));
            assert.match(err.message, /sandbox\.account: "root" is the management account/);
            assert.deepEqual(ofType(err, COMMAND), []);
        });

        it("aims no nuke at an account that looks like production", async () => {
            const err = await planFailure(stackWith("prod", { sandbox: (s) => ((s.account = "prod"), s) }));
            assert.match(err.message, /sandbox\.account: "prod" looks like a production account/);
            assert.deepEqual(ofType(err, COMMAND), []);
        });

        it("refuses a sandbox that is the management account by id, by path, before anything registers", async () => {
            const config = stackWith("prod", { accounts: (a) => ((a.sandbox.id = a.management.id), a) });
            const err = await planFailure(config);
            assert.match(err.message, /accounts\.sandbox\.id: "111111111111" is also the id of accounts\.management/);
            assert.deepEqual(err.registrations, []);
        });

        it("refuses a sandbox that turns out to be the management account once ids are known", async () => {
            // Validation cannot see this when the config does not name the management account's
            // id: it comes from the organisation.
            const config = stackWith("prod", { accounts: (a) => (delete a.management.id, (a.sandbox.id = MANAGEMENT), a) });
            const err = await planFailure(config);
            assert.match(err.message, /Refusing to generate the aws-nuke config[\s\S]*is the management account/);
            assert.deepEqual(ofType(err, COMMAND), []);
        });
    });
});
