/**
 * The offline plan (`npm run plan`) and the AWS CLI profiles (`npm run aws-config`).
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";
import { parse, stringify } from "yaml";
import { awsCliConfig } from "../config/awsCliConfig";
import { fileAt, resolveRevision } from "../plan/baseRevision";
import { main, parseArgs } from "../plan/cli";
import { accessMatrix, diffPlans, isEmpty, planJson, summaryFromJson, wayText } from "../plan/report";
import { main as awsConfigMain } from "../scripts/awsConfig";
import { main as adoptMain } from "../estate/adopt";
import { main as auditMain } from "../estate/audit";
import { ROOT, planStack, stackFile } from "./harness";

/** Run a CLI's main and capture what it prints. */
async function run(entry: typeof main, ...argv: string[]) {
    return runIn(undefined, entry, ...argv);
}

/** Run a CLI's main on the project at `root` (undefined: this one) and capture what it prints. */
async function runIn(root: string | undefined, entry: typeof main, ...argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await entry(argv, (s) => void (stdout += s), (s) => void (stderr += s), root);
    return { code, stdout, stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "landing-zone-plan-"));
const repos: string[] = [];
after(() => [tmp, ...repos].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * A git repository in a temporary folder holding a project in `folder` ("" for the top), with
 * this checkout's node_modules linked in and ignored. `commit` commits whatever the project holds.
 */
function projectRepo(folder = "") {
    const repo = mkdtempSync(join(tmpdir(), "landing-zone-git-"));
    repos.push(repo);
    const project = join(repo, folder);
    mkdirSync(project, { recursive: true });
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" });
    git("init", "-q");
    writeFileSync(join(repo, ".gitignore"), "node_modules\nbin\n");
    symlinkSync(join(ROOT, "node_modules"), join(project, "node_modules"), "junction");
    const write = (file: string, text: string) => {
        mkdirSync(dirname(join(project, file)), { recursive: true });
        writeFileSync(join(project, file), text);
    };
    const commit = (message: string) => {
        git("add", "-A");
        git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", message);
    };
    return { project, write, commit };
}

/** What a project needs to plan itself offline: the program, the plan tool and their configs. */
const SOURCES = ["index.ts", "components", "config", "plan", "scripts", "tsconfig.json", "tsconfig.build.json", "package.json", "Pulumi.yaml", "Pulumi.dev.yaml"];

/** A stand-in offline plan: its plan/main.ts is `main`, built by a minimal tsconfig.build.json. */
function stubPlan(write: (file: string, text: string) => void, main: string) {
    write("tsconfig.build.json", JSON.stringify({ compilerOptions: { outDir: "bin", rootDir: ".", noCheck: true, types: [] }, files: ["plan/main.ts"] }));
    write("plan/main.ts", main);
}

/** Write an edited copy of an example stack file and return its path. */
function editedStack(stack: "dev" | "prod", name: string, edit: (config: Record<string, any>) => void): string {
    const doc = parse(readFileSync(join(ROOT, `Pulumi.${stack}.yaml`), "utf8"));
    edit(doc.config);
    const path = join(tmp, `Pulumi.${name}.yaml`);
    writeFileSync(path, stringify(doc));
    return path;
}

const onboardBsilva = (c: Record<string, any>) => {
    c["landing-zone:users"].bsilva = { givenName: "Beatriz", familyName: "Silva", email: "beatriz@example.org", groups: ["DeveloperGroup"] };
};

describe("offline plan", () => {
    describe("arguments", () => {
        it("plans the dev stack by default", () => {
            assert.deepEqual(parseArgs([]), { stack: "dev", format: "text" });
        });

        it("takes a stack name, a stack file, a base and a format", () => {
            assert.deepEqual(parseArgs(["prod", "--base", "origin/main", "--markdown"]), { stack: "prod", base: "origin/main", format: "markdown" });
            assert.deepEqual(parseArgs(["x/Pulumi.team.yaml", "--json"]), { stack: "team", file: "x/Pulumi.team.yaml", format: "json" });
        });

        it("refuses a stack name that is not one, in plan, adopt, audit and aws-config alike, exit 2", async () => {
            const message = '"../../tmp/x" is not a stack name (letters, digits, _, . and -)';
            const planned = await run(main, "../../tmp/x");
            assert.equal(planned.code, 2);
            assert.ok(planned.stderr.startsWith(`${message}\n\nusage: npm run plan`), planned.stderr);
            for (const command of [adoptMain, auditMain]) {
                let err = "";
                assert.equal(await command(["--stack", "../../tmp/x"], () => undefined, (s) => void (err += s)), 2);
                assert.ok(err.startsWith(message), err);
            }
            let err = "";
            assert.equal(await awsConfigMain(["jane.doe", "--stack", "../../tmp/x", "--offline"], () => undefined, (s) => void (err += s)), 2);
            assert.ok(err.startsWith(`--stack ${message}`), err);
        });

        it("refuses an unknown option with the usage, exit 2", async () => {
            const { code, stderr } = await run(main, "--bsae", "x");
            assert.equal(code, 2);
            assert.match(stderr, /unknown option --bsae\n\nusage: npm run plan/);
        });

        it("names the stacks there are when the stack file is missing", async () => {
            const { code, stderr } = await run(main, "staging");
            assert.equal(code, 1);
            assert.match(stderr, /no stack file .*Pulumi\.staging\.yaml \(stacks: dev, prod\)/);
        });
    });

    describe("a plan", () => {
        it("prints the tree with key inputs and flags, counts by type, and the access matrix", async () => {
            const { code, stdout } = await run(main, "dev");
            assert.equal(code, 0);
            assert.match(stdout, /It does not read AWS, so it cannot see drift/);
            assert.match(stdout, /\n[├└]─ landing-zone:index:Organization organization\n/);
            assert.match(stdout, /aws:organizations\/account:Account sandbox \[protected; ignores roleName,iamUserAccessToBilling,closeOnDeletion,createGovcloud\] {2}name="Sandbox"/);
            assert.match(stdout, /\n {5}2 {2}aws:organizations\/account:Account\n/);
            assert.match(stdout, /\nbob\.smith +sandbox \(\d{12}\) +DeveloperUserAccess +group DeveloperGroup\n/);
        });

        it("reads the access matrix from what the program registers", async () => {
            const plan = await planStack(stackFile("prod"));
            const rows = accessMatrix(plan).filter((r) => r.user === "bsilva");
            assert.deepEqual(
                rows.map((r) => `${r.account}/${r.permissionSet}/${wayText(r)}`),
                [
                    "dev/DeveloperUserAccess/group DeveloperGroup",
                    "pipeline/ReadOnlyAccess/group DeveloperGroup through ou:Infrastructure",
                    "prod/ReadOnlyAccess/group DeveloperGroup",
                    "sandbox/DeveloperUserAccess/group DeveloperGroup",
                    "test/DeveloperUserAccess/group DeveloperGroup",
                ],
            );
            assert.equal(rows.find((r) => r.account === "prod")?.accountId, "444444444444");
        });

        it("gives machines JSON with resources, counts, access and outputs", async () => {
            const { code, stdout } = await run(main, "prod", "--json");
            assert.equal(code, 0);
            const json = JSON.parse(stdout);
            assert.equal(json.stack, "prod");
            assert.equal(json.counts["aws:organizations/account:Account"], 5);
            assert.equal(json.resources.find((r: any) => r.name === "prod" && r.type === "aws:organizations/account:Account").importId, "444444444444");
            assert.ok(json.access.some((r: any) => r.user === "dana.fin" && r.permissionSet === "BillingAccess" && r.account === "management"));
            assert.equal(json.outputs.organizationId, "o-exampleorg1");
        });

        it("prints config errors exactly as the program reports them, exit 1", async () => {
            const file = editedStack("dev", "bad", (c) => {
                c["landing-zone:users"]["jane.doe"].email = "jane-at-example.org";
                c["landing-zone:users"]["jane.doe"].groups = ["Developers"];
            });
            const { code, stdout, stderr } = await run(main, file);
            assert.equal(code, 1);
            assert.equal(stdout, "");
            assert.equal(
                stderr,
                [
                    "The stack config has 2 problems:",
                    '  - users.jane.doe.email: "jane-at-example.org" is not an email address',
                    '  - users.jane.doe.groups: "Developers" is not a group (known: Administrators, DeveloperGroup)',
                    "",
                ].join("\n"),
            );
        });
    });

    describe("a diff against a base", () => {
        it("shows an onboarding as one person gaining access, one user and one membership, and nothing else", async () => {
            const head = editedStack("dev", "onboard", onboardBsilva);
            const { code, stdout } = await run(main, head, "--base", join(ROOT, "Pulumi.dev.yaml"));
            assert.equal(code, 0);
            // With a file as the base, the output says which program planned it (this one, both sides).
            assert.equal(stdout.split("\n")[2], `base: the stack file ${join(ROOT, "Pulumi.dev.yaml")}, planned with this checkout's program (as the head is)`);
            assert.equal(
                stdout.split("\n").slice(4).join("\n"),
                [
                    "Access",
                    "  + bsilva gains DeveloperUserAccess on dev (via group DeveloperGroup)",
                    "  + bsilva gains DeveloperUserAccess on sandbox (via group DeveloperGroup)",
                    "",
                    "Resources: 2 to add, 0 to change, 0 to remove",
                    "  + aws:identitystore/groupMembership:GroupMembership bsilva/DeveloperGroup",
                    "  + aws:identitystore/user:User bsilva",
                    "",
                ].join("\n"),
            );
        });

        it("shows an offboarding as access lost and the person's resources removed", async () => {
            const plan = await planStack(stackFile("dev"));
            const config = stackFile("dev");
            const users = JSON.parse(config["landing-zone:users"]);
            delete users["bob.smith"];
            const after = await planStack({ ...config, "landing-zone:users": JSON.stringify(users) });
            const diff = diffPlans(plan, after);
            assert.deepEqual(diff.added, []);
            assert.deepEqual(diff.changed, []);
            assert.deepEqual(diff.removed.map((r) => `${r.type} ${r.name}`).sort(), [
                "aws:identitystore/groupMembership:GroupMembership bob.smith/DeveloperGroup",
                "aws:identitystore/user:User bob.smith",
            ]);
            assert.deepEqual(diff.accessLost.map((c) => `${c.user} ${c.permissionSet} ${c.account}`), [
                "bob.smith DeveloperUserAccess dev",
                "bob.smith DeveloperUserAccess sandbox",
            ]);
            assert.deepEqual(diff.accessGained, []);
        });

        it("reads back from a plan's JSON everything a diff compares", async () => {
            const plan = await planStack(stackFile("prod"));
            const summary = summaryFromJson(JSON.parse(JSON.stringify(planJson("prod", plan))));
            assert.deepEqual(summary.unrecorded, []);
            assert.ok(summary.resources.some((r) => r.provider));
            assert.ok(isEmpty(diffPlans(summary, plan)));
        });

        it("does not compare the options an older revision's JSON does not record", async () => {
            const plan = await planStack(stackFile("dev"));
            const json = JSON.parse(JSON.stringify(planJson("dev", plan)));
            for (const r of json.resources) {
                delete r.retainOnDelete;
                delete r.provider;
            }
            assert.ok(plan.registrations.some((r) => r.provider), "the dev plan has a resource with an explicit provider");
            const summary = summaryFromJson(json);
            assert.deepEqual(summary.unrecorded, ["retainOnDelete", "provider"]);
            assert.ok(isEmpty(diffPlans(summary, plan)));
        });

        it("reads an older revision's access rows, whose via was called group, and finds no access change against them", async () => {
            const plan = await planStack(stackFile("dev"));
            const json = JSON.parse(JSON.stringify(planJson("dev", plan)));
            for (const row of json.access) {
                row.group = row.via;
                delete row.via;
                delete row.kind;
                delete row.targets;
            }
            const summary = summaryFromJson(json);
            assert.deepEqual(summary.access, accessMatrix(plan));
            assert.ok(isEmpty(diffPlans(summary, plan)));
        });

        it("reads an older revision's access rows that give the way only as via, and finds no access change against them", async () => {
            const plan = await planStack(stackFile("prod"));
            const json = JSON.parse(JSON.stringify(planJson("prod", plan)));
            for (const row of json.access) {
                delete row.kind;
                delete row.group;
                delete row.targets;
            }
            assert.ok(json.access.some((r: { via: string }) => r.via === "DeveloperGroup, ou:Infrastructure"));
            const summary = summaryFromJson(json);
            assert.deepEqual(summary.access, accessMatrix(plan));
            assert.ok(isEmpty(diffPlans(summary, plan)));
        });

        it("lists the changed inputs of a changed resource", async () => {
            const head = editedStack("dev", "longer", (c) => (c["landing-zone:permissionSets"].AdministratorAccess.sessionDuration = "PT2H"));
            const { stdout } = await run(main, head, "--base", join(ROOT, "Pulumi.dev.yaml"));
            assert.match(stdout, /Resources: 0 to add, 1 to change, 0 to remove\n {2}~ aws:ssoadmin\/permissionSet:PermissionSet AdministratorAccess\n {6}sessionDuration: "PT1H" → "PT2H"\n/);
            assert.match(stdout, /\(no one gains or loses access\)/);
        });

        it("says so when nothing changes, for a reordered stack file", async () => {
            const head = editedStack("dev", "reordered", (c) => {
                c["landing-zone:organizationalUnits"].reverse();
                c["landing-zone:groups"].Administrators.access.AdministratorAccess.reverse();
                c["landing-zone:users"] = Object.fromEntries(Object.entries(c["landing-zone:users"]).reverse());
            });
            const { stdout } = await run(main, head, "--base", join(ROOT, "Pulumi.dev.yaml"));
            assert.match(stdout, /\nNo changes\.\n$/);
        });

        it("writes markdown for a pull-request comment, flagging protected removals", async () => {
            const head = editedStack("dev", "md", (c) => {
                onboardBsilva(c);
                delete c["landing-zone:accounts"].dev;
                c["landing-zone:groups"].Administrators.access.AdministratorAccess = ["root", "sandbox"];
                c["landing-zone:groups"].DeveloperGroup.access.DeveloperUserAccess = ["sandbox"];
            });
            const { stdout } = await run(main, head, "--base", join(ROOT, "Pulumi.dev.yaml"), "--markdown");
            assert.match(stdout, /^### landing-zone plan: `md` against `.*Pulumi\.dev\.yaml`\n/);
            assert.match(stdout, /- 🟢 \*\*`bsilva`\*\* gains \*\*`DeveloperUserAccess`\*\* on \*\*`sandbox`\*\* \(`\d{12}`, via group `DeveloperGroup`\)/);
            assert.match(stdout, /- 🔴 \*\*`jane\.doe`\*\* loses \*\*`AdministratorAccess`\*\* on \*\*`dev`\*\*/);
            assert.match(stdout, /\| - \| `aws:organizations\/account:Account` \| `dev` \| \*\*protected: `pulumi up` will refuse to delete it\*\* \|/);
        });

        it("plans the head after the base's outputs, so a new keep filter shows as stored for the next run and a new run value as a run", async () => {
            const keep = editedStack("prod", "keep", (c) => (c["landing-zone:sandbox"].nuke.keep.GuardDutyDetector = [{ type: "regex", value: "^[0-9a-f]{32}$" }]));
            const stored = await run(main, keep, "--base", join(ROOT, "Pulumi.prod.yaml"));
            assert.match(stored.stdout, /~ command:local:Command sandbox-nuke\n(?: {6}[^\n]*\n)*? {6}\(no trigger changes: an update, aws-nuke does not run; what changed applies at its next run\)\n/);
            assert.doesNotMatch(stored.stdout, /triggers:/);
            const again = editedStack("prod", "again", (c) => (c["landing-zone:sandbox"].nuke.run = "2"));
            const runs = await run(main, again, "--base", join(ROOT, "Pulumi.prod.yaml"), "--markdown");
            assert.match(runs.stdout, /\| ~ \| `command:local:Command` \| `sandbox-nuke` \| `triggers`: .*\*\*a trigger changes: the command is replaced, and aws-nuke RUNS at \\`pulumi up\\`\*\* \|/);
        });

        it("shows a trusted service dropped from the config as left in AWS, in text and markdown", async () => {
            const head = editedStack("prod", "trust", (c) => {
                c["landing-zone:organization"].serviceAccessPrincipals = ["account.amazonaws.com"];
            });
            const text = await run(main, head, "--base", join(ROOT, "Pulumi.prod.yaml"));
            assert.match(text.stdout, /\n {2}- aws:organizations\/awsServiceAccess:AwsServiceAccess cloudtrail\.amazonaws\.com \[left in AWS when removed\]\n/);
            const markdown = await run(main, head, "--base", join(ROOT, "Pulumi.prod.yaml"), "--markdown");
            assert.match(markdown.stdout, /\| - \| `aws:organizations\/awsServiceAccess:AwsServiceAccess` \| `cloudtrail\.amazonaws\.com` \| left in AWS \(retainOnDelete\): only the program forgets it \|/);
        });

        it("plans a git revision with its own program, so a program change shows, for a project in a subfolder", async function () {
            this.timeout(60_000);
            const { project, commit } = projectRepo("infra");
            for (const source of SOURCES) cpSync(join(ROOT, source), join(project, source), { recursive: true });
            const organization = join(project, "components", "organization.ts");
            const program = readFileSync(organization, "utf8");
            assert.match(program, /tags: tagInput\(account\.tags\),/);
            writeFileSync(organization, program.replace(/tags: tagInput\(account\.tags\),/, 'tags: { ...account.tags, ManagedBy: "landing-zone" },'));
            commit("the base tags accounts with ManagedBy; this checkout does not");

            const { code, stdout, stderr } = await runIn(project, main, "--base", "HEAD");
            assert.equal(stderr, "");
            assert.equal(code, 0);
            assert.equal(
                stdout.split("\n").slice(2).join("\n"),
                [
                    "base: the program and Pulumi.dev.yaml at HEAD, each side planned with its own program",
                    "",
                    "Access",
                    "  (no one gains or loses access)",
                    "",
                    "Resources: 0 to add, 2 to change, 0 to remove",
                    "  ~ aws:organizations/account:Account dev",
                    '      tags: ManagedBy: "landing-zone" → undefined',
                    "  ~ aws:organizations/account:Account sandbox",
                    '      tags: ManagedBy: "landing-zone" → undefined',
                    "",
                ].join("\n"),
            );
        });

        it("plans a revision without the offline plan with this program, and says so in text, markdown and JSON", async () => {
            const { write, commit, project } = projectRepo();
            write("Pulumi.dev.yaml", readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8"));
            commit("only a stack file");
            const note = "base: the stack file at HEAD planned with this checkout's program (that revision cannot plan itself: it has no plan/main.ts or tsconfig.build.json)";
            const text = await runIn(project, main, "--base", "HEAD");
            assert.equal(text.stdout.split("\n")[2], note);
            assert.match(text.stdout, /\nNo changes\.\n$/);
            const markdown = await runIn(project, main, "--base", "HEAD", "--markdown");
            // A code span: the note names the revision and the file, which are the person's and the repository's.
            assert.equal(markdown.stdout.split("\n")[4], `> \`${note}\``);
            const json = JSON.parse((await runIn(project, main, "--base", "HEAD", "--json")).stdout);
            assert.equal(json.baseNote, note);
            assert.equal(json.baseProgram, "head");
        });

        it("plans a revision whose build fails with this program, and says why", async function () {
            this.timeout(30_000);
            const { write, commit, project } = projectRepo();
            write("Pulumi.dev.yaml", readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8"));
            stubPlan(write, "export const broken = ;\n");
            commit("an offline plan that does not compile");
            const { code, stdout } = await runIn(project, main, "--base", "HEAD");
            assert.equal(code, 0);
            assert.equal(
                stdout.split("\n")[2],
                "base: the stack file at HEAD planned with this checkout's program (that revision cannot plan itself: its build fails: plan/main.ts(1,23): error TS1109: Expression expected.)",
            );
        });

        it("plans a revision whose program needs a module this checkout lacks with this program, and says which", async function () {
            this.timeout(30_000);
            const { write, commit, project } = projectRepo();
            write("Pulumi.dev.yaml", readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8"));
            stubPlan(write, 'require("left-pad");\n');
            commit("an offline plan that needs a package this checkout does not install");
            const { code, stdout } = await runIn(project, main, "--base", "HEAD");
            assert.equal(code, 0);
            assert.equal(stdout.split("\n")[2], "base: the stack file at HEAD planned with this checkout's program (that revision cannot plan itself: its program needs left-pad, which this checkout's node_modules lacks)");
        });

        it("reads the whole JSON of a revision whose plan exits right after writing it, as plans did before plan/output.ts", async function () {
            this.timeout(30_000);
            const { write, commit, project } = projectRepo();
            write("Pulumi.dev.yaml", readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8"));
            // 2,000 resources, about 300 KB: through a pipe, all but the first 64 KiB would be lost.
            const resource = (i: number) => ({ urn: `urn:pulumi:dev::p::test:index:Old::r${i}`, type: "test:index:Old", name: `r${i}`, inputs: { pad: "x".repeat(100) }, retainOnDelete: false });
            const json = JSON.stringify({ resources: Array.from({ length: 2000 }, (_, i) => resource(i)), access: [] });
            stubPlan(write, `process.stdout.write(${JSON.stringify(json)});\nprocess.exit(0);\n`);
            commit("an offline plan that exits as soon as it has written");
            const { code, stdout, stderr } = await runIn(project, main, "--base", "HEAD", "--json");
            assert.equal(code, 0, stderr);
            const plan = JSON.parse(stdout);
            assert.equal(plan.baseProgram, "base", plan.baseNote);
            assert.equal(plan.diff.removed.length, 2000);
        });

        it("reports a revision whose own plan fails as a base that does not plan, exit 1", async function () {
            this.timeout(30_000);
            const { write, commit, project } = projectRepo();
            write("Pulumi.dev.yaml", readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8"));
            stubPlan(write, 'process.stderr.write("The stack config has 1 problem:\\n  - users.x.email: \\"x\\" is not an email address\\n");\nprocess.exitCode = 1;\n');
            commit("an offline plan that finds a config error");
            const { code, stdout, stderr } = await runIn(project, main, "--base", "HEAD");
            assert.equal(code, 1);
            assert.equal(stdout, "");
            assert.equal(stderr, 'the stack file at --base HEAD does not plan:\nThe stack config has 1 problem:\n  - users.x.email: "x" is not an email address\n');
        });

        it("refuses a revision's stack file that this program's reader refuses (an alias bomb) before that revision's program runs", async function () {
            this.timeout(30_000);
            const { write, commit, project } = projectRepo();
            const levels = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`)];
            write("Pulumi.dev.yaml", `config:\n  aws:region: eu-central-1\n  landing-zone:x:\n${levels.map((l) => `    ${l}`).join("\n")}\n`);
            // A program that would run for minutes on it: here it only says it ran.
            stubPlan(write, 'process.stderr.write("the revision\'s own program ran\\n");\nprocess.exitCode = 3;\n');
            commit("a stack file whose aliases multiply");
            write("Pulumi.dev.yaml", readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8"));
            const { code, stdout, stderr } = await runIn(project, main, "--base", "HEAD");
            assert.equal(code, 1);
            assert.equal(stdout, "");
            assert.match(stderr, /^the stack file at --base HEAD does not plan:\nHEAD:Pulumi\.dev\.yaml: its YAML aliases \(\*name\) expand to more than [\d,]+ characters/);
            assert.ok(!stderr.includes("own program ran"));
        });

        it("says a revision without the stack file is an empty base, everything added", async () => {
            const { write, commit, project } = projectRepo();
            commit("nothing yet");
            write("Pulumi.dev.yaml", readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8"));
            const { code, stdout } = await runIn(project, main, "--base", "HEAD");
            assert.equal(code, 0);
            assert.equal(stdout.split("\n")[2], "base: HEAD has no Pulumi.dev.yaml, so the base is empty: everything is created, or imported where it has an import id");
            assert.match(stdout, /\nResources: \d+ to add, 0 to change, 0 to remove\n/);
        });

        it("counts what an uncommitted adopted stack file imports as imports, not adds, against a revision without it", async () => {
            const { write, commit, project } = projectRepo();
            commit("nothing yet");
            let adopted = "";
            assert.equal(await adoptMain(["--example", "--out", "-"], (t) => void (adopted += t), () => undefined, project), 0);
            write("Pulumi.acme.yaml", adopted);
            const text = await runIn(project, main, "acme", "--base", "HEAD");
            assert.equal(text.code, 0, text.stderr);
            const json = JSON.parse((await runIn(project, main, "acme", "--base", "HEAD", "--json")).stdout);
            const imported = json.diff.imported.length;
            assert.ok(imported > 5);
            // The adopted estate's resources are all imported: nothing of AWS is added (components are no AWS objects).
            assert.deepEqual(json.diff.added.filter((r: { type: string }) => !r.type.startsWith("landing-zone:")), []);
            assert.match(text.stdout, new RegExp(`\\nResources: ${json.diff.added.length} to add, ${imported} to import, 0 to change, 0 to remove\\n`));
            assert.match(text.stdout, /\n {2}= aws:organizations\/account:Account sandbox \[protected; import 222222222222; /);
            assert.doesNotMatch(text.stdout, /\n {2}\+ aws:/);
            const markdown = (await runIn(project, main, "acme", "--base", "HEAD", "--markdown")).stdout;
            assert.match(markdown, /#### Resources: \d+ to add, \d+ to import, 0 to change, 0 to remove/);
            assert.match(markdown, /\n\| = \| `aws:organizations\/account:Account` \| `sandbox` \|/);
        });

        it("reads a file at a git revision, nothing when it had none, and refuses what names no commit", () => {
            const repo = mkdtempSync(join(tmpdir(), "landing-zone-git-"));
            repos.push(repo);
            const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" });
            git("init", "-q");
            git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "empty");
            writeFileSync(join(repo, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-1\n");
            git("add", ".");
            git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-q", "-m", "stack");
            writeFileSync(join(repo, "Pulumi.dev.yaml"), "config:\n  aws:region: us-east-1\n");
            assert.equal(fileAt(repo, resolveRevision(repo, "HEAD"), "Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-1\n");
            assert.equal(fileAt(repo, resolveRevision(repo, "HEAD~1"), "Pulumi.dev.yaml"), undefined);
            // Larger than execFileSync's default buffer (1 MiB): read whole, not taken for no file.
            const big = `config:\n  aws:region: eu-west-1\n# ${"x".repeat(1_500_000)}\n`;
            writeFileSync(join(repo, "Pulumi.big.yaml"), big);
            git("add", ".");
            git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-q", "-m", "a big stack file");
            assert.equal(fileAt(repo, resolveRevision(repo, "HEAD"), "Pulumi.big.yaml"), big);
            assert.throws(() => resolveRevision(repo, "no-such-branch"), /--base no-such-branch: neither a file nor a git revision/);
            assert.throws(() => resolveRevision(repo, "--output=x"), /--base --output=x: neither a file nor a git revision/);
        });
    });
});

describe("AWS CLI profiles", () => {
    const reach = [
        { account: "sandbox", accountId: "666666666666", permissionSet: "DeveloperUserAccess" },
        { account: "dev", accountId: "222222222222", permissionSet: "DeveloperUserAccess" },
    ];

    it("writes one sso-session and one profile per account and permission set, named predictably", () => {
        assert.equal(
            awsCliConfig({ portalUrl: "https://d-1234567890.awsapps.com/start", region: "eu-central-1", reach }),
            [
                "[sso-session landing-zone]",
                "sso_start_url = https://d-1234567890.awsapps.com/start",
                "sso_region = eu-central-1",
                "sso_registration_scopes = sso:account:access",
                "",
                "[profile dev-DeveloperUserAccess]",
                "sso_session = landing-zone",
                "sso_account_id = 222222222222",
                "sso_role_name = DeveloperUserAccess",
                "region = eu-central-1",
                "",
                "[profile sandbox-DeveloperUserAccess]",
                "sso_session = landing-zone",
                "sso_account_id = 666666666666",
                "sso_role_name = DeveloperUserAccess",
                "region = eu-central-1",
                "",
            ].join("\n"),
        );
    });

    it("is a stack output per user, matching the access output", async () => {
        const plan = await planStack(stackFile("prod"));
        const configs = plan.outputs.awsCliConfig as Record<string, string>;
        const access = plan.outputs.access as Record<string, { account: string; permissionSet: string }[]>;
        assert.deepEqual(Object.keys(configs).sort(), Object.keys(access).sort());
        const profiles = [...configs["dana.fin"].matchAll(/^\[profile (.+)\]$/gm)].map((m) => m[1]);
        assert.deepEqual(profiles, ["management-BillingAccess"]);
        assert.match(configs["dana.fin"], /sso_region = eu-west-1\n/);
        assert.match(configs["dana.fin"], new RegExp(`sso_start_url = ${plan.outputs.portalUrl}\n`));
    });

    it("prints a user's config from saved stack outputs", async () => {
        const outputs = join(tmp, "outputs.json");
        writeFileSync(outputs, JSON.stringify({ awsCliConfig: { "jane.doe": "[sso-session landing-zone]\n" } }));
        const { code, stdout } = await run(awsConfigMain, "jane.doe", "--outputs", outputs);
        assert.equal(code, 0);
        assert.equal(stdout, "[sso-session landing-zone]\n");
    });

    it("says what to do when the stack has no Identity Center yet, from its nextSteps output", async () => {
        const outputs = join(tmp, "outputs-new-org.json");
        writeFileSync(outputs, JSON.stringify({ organizationId: "o-a1b2c3d4e5", nextSteps: ["Enable it, then run `pulumi up` again."] }));
        const { code, stderr } = await run(awsConfigMain, "jane.doe", "--outputs", outputs);
        assert.equal(code, 1);
        assert.equal(stderr, "stack dev has no sign-in yet: Enable it, then run `pulumi up` again.\n");
    });

    it("names the known users when the user is unknown", async () => {
        const { code, stderr } = await run(awsConfigMain, "jane", "--offline");
        assert.equal(code, 1);
        assert.equal(stderr, '"jane" is not a user of stack dev (known: bob.smith, jane.doe)\n');
    });

    it("labels an offline config as having placeholder ids", async () => {
        const { code, stdout } = await run(awsConfigMain, "bob.smith", "--offline");
        assert.equal(code, 0);
        assert.match(stdout, /^# Offline plan: account ids of accounts not yet created and the portal address are placeholders\.\n\[sso-session landing-zone\]/);
        assert.match(stdout, /\[profile sandbox-DeveloperUserAccess\]/);
    });
});
