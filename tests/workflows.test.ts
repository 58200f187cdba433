/**
 * The GitHub workflows: valid for GitHub, checked by action-validator (the SchemaStore workflow
 * schema plus job references), and doing what a reviewer relies on: CI checks everything on Node
 * 22, the preview publishes the offline plan without secrets, comments only where it may and edits
 * its comment, and touches AWS only when configured, through OIDC.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ValidationError, validateWorkflow } from "@action-validator/core";
import { parse, stringify } from "yaml";

const ROOT = join(__dirname, "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");

interface Step {
    readonly id?: string;
    readonly name?: string;
    readonly if?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, unknown>;
    readonly env?: Record<string, string>;
}

interface Job {
    readonly if?: string;
    readonly needs?: string | string[];
    readonly permissions?: Record<string, string>;
    readonly env?: Record<string, string>;
    readonly strategy?: { matrix?: Record<string, unknown> };
    readonly steps: Step[];
}

interface Workflow {
    readonly on: Record<string, { branches?: string[]; paths?: string[] } | null>;
    readonly permissions?: Record<string, string>;
    readonly concurrency?: { group: string; "cancel-in-progress": boolean | string };
    readonly jobs: Record<string, Job>;
}

const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (file: string) => readFileSync(join(WORKFLOWS, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Workflow;

/** Validation errors as readable lines; [] for a valid workflow. */
function problems(source: string): string[] {
    // The validator announces on the console, for every `paths:` filter, that it does not check
    // globs against the repository. That notice is all it prints; keep it out of the test output.
    const { log, warn } = console;
    const printed: string[] = [];
    console.log = console.warn = (...args: unknown[]) => printed.push(args.join(" "));
    let state;
    try {
        state = validateWorkflow(source);
    } finally {
        Object.assign(console, { log, warn });
    }
    for (const line of printed.filter((l) => !l.startsWith("WARNING: Glob validation is not yet supported"))) warn(line);
    return state.errors.flatMap(explain);
}

/** An error as lines, with the reasons of each alternative a `oneOf` tried. */
function explain(e: ValidationError): string[] {
    const line = `${"path" in e && e.path ? e.path : "(file)"}: ${e.title}${e.detail ? ` (${e.detail})` : ""}`;
    const nested = ("states" in e ? (e.states ?? []) : []).flatMap((s) => s.errors.flatMap(explain)).map((l) => `  ${l}`);
    return [line, ...nested];
}

/** The one step using `action` (any version). */
function stepUsing(job: Job, action: string): Step {
    const found = job.steps.filter((s) => s.uses?.split("@")[0] === action);
    assert.equal(found.length, 1, `expected one ${action} step, found ${found.length}`);
    return found[0];
}

function stepRunning(job: Job, command: RegExp): Step {
    const found = job.steps.filter((s) => s.run !== undefined && command.test(s.run));
    assert.equal(found.length, 1, `expected one step running ${command}, found ${found.length}`);
    return found[0];
}

const allSteps = () => files.flatMap((f) => Object.values(workflow(f).jobs).flatMap((j) => j.steps.map((s) => ({ file: f, step: s }))));

describe("GitHub workflows", () => {
    it("include ci.yml and preview.yml, each checked below", () => {
        assert.ok(files.includes("ci.yml") && files.includes("preview.yml"), files.join(", "));
    });

    for (const file of files) {
        it(`${file} is a valid workflow`, () => {
            assert.deepEqual(problems(text(file)), []);
        });
    }

    it("the validator rejects a broken workflow", () => {
        const broken = workflow("ci.yml") as unknown as { jobs: Record<string, Record<string, unknown>> };
        broken.jobs.check.needs = "build"; // no such job
        broken.jobs.check.stepz = broken.jobs.check.steps; // a misspelled key
        delete broken.jobs.check.steps;
        const found = problems(stringify(broken));
        assert.ok(found.some((p) => /unresolved job build/.test(p)), found.join("\n"));
        assert.ok(found.some((p) => /stepz/.test(p)), found.join("\n"));
        assert.notDeepEqual(problems("on: [push\njobs: {}\n"), [], "a YAML syntax error");
    });

    it("use every action at a pinned major version or commit, never a branch", () => {
        for (const { file, step } of allSteps().filter(({ step }) => step.uses)) {
            assert.match(step.uses!, /^[\w.-]+\/[\w./-]+@(v\d+|[0-9a-f]{40})$/, `${file}: ${step.uses}`);
        }
    });

    it("interpolate no ${{ }} expression into a shell or github-script script", () => {
        // Expressions are pasted into the script text before it runs: a branch or file name could
        // inject code. Values reach scripts through env: instead.
        for (const { file, step } of allSteps()) {
            const script = step.run ?? (typeof step.with?.script === "string" ? step.with.script : "");
            assert.ok(!script.includes("${{"), `${file}: step "${step.name ?? step.uses}" interpolates an expression`);
        }
    });

    it("check out without leaving the token in .git/config for the code under test", () => {
        const checkouts = allSteps().filter(({ step }) => step.uses?.startsWith("actions/checkout@"));
        assert.ok(checkouts.length > 0);
        for (const { file, step } of checkouts) assert.equal(step.with?.["persist-credentials"], false, file);
    });

    it("run only npm scripts that package.json has", () => {
        const scripts = Object.keys(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts);
        const used = allSteps().flatMap(({ step }) => [...(step.run ?? "").matchAll(/npm run (?:--silent |-s )?([\w:-]+)/g)].map((m) => m[1]));
        assert.ok(used.includes("typecheck") && used.includes("plan"));
        for (const name of used) assert.ok(scripts.includes(name), `npm run ${name}: package.json has no such script`);
    });

    describe("ci.yml", () => {
        const ci = workflow("ci.yml");
        const job = ci.jobs.check;

        it("runs on pushes to main and on every pull request", () => {
            assert.deepEqual(ci.on.push?.branches, ["main"]);
            assert.ok("pull_request" in ci.on);
            assert.equal(ci.on.pull_request?.paths, undefined, "every pull request, not some");
        });

        it("installs with npm ci on Node 22, then typechecks, lints and tests", () => {
            assert.equal(String(stepUsing(job, "actions/setup-node").with?.["node-version"]), "22");
            assert.equal(stepUsing(job, "actions/setup-node").with?.cache, "npm");
            const commands = job.steps.filter((s) => s.run).map((s) => s.run!.trim());
            assert.deepEqual(commands, ["npm ci", "npm run typecheck", "npm run lint", "npm test"]);
        });

        it("gives its token read access to the code and nothing else", () => {
            assert.deepEqual(ci.permissions, { contents: "read" });
            for (const j of Object.values(ci.jobs)) assert.equal(j.permissions, undefined);
        });

        it("cancels a pull request's superseded runs, and lets runs on main finish", () => {
            assert.match(ci.concurrency!.group, /pull_request\.number/);
            assert.equal(ci.concurrency!["cancel-in-progress"], "${{ github.event_name == 'pull_request' }}");
        });
    });

    describe("preview.yml", () => {
        const preview = workflow("preview.yml");
        const { plan, "pulumi-preview": pulumiPreview } = preview.jobs;

        it("runs on pull requests that touch the program, its packages or a stack file", () => {
            assert.deepEqual(Object.keys(preview.on), ["pull_request"]);
            const paths = preview.on.pull_request!.paths!;
            for (const p of ["index.ts", "components/**", "config/**", "plan/**", "scripts/nuke-sandbox.sh", "Pulumi*.yaml", "package.json", "package-lock.json"]) {
                assert.ok(paths.includes(p), `paths: lacks ${p}`);
            }
        });

        it("gives the workflow's token read access only; jobs ask for more one by one", () => {
            assert.deepEqual(preview.permissions, { contents: "read" });
            assert.equal(preview.jobs.stacks.permissions, undefined);
        });

        it("plans each changed stack offline against the pull request's base, as markdown", () => {
            assert.equal(plan.needs, "stacks");
            assert.equal(plan.strategy?.matrix?.stack, "${{ fromJSON(needs.stacks.outputs.stacks) }}");
            const step = stepRunning(plan, /npm run --silent plan /);
            assert.match(step.run!, /npm run --silent plan -- "\$STACK" --base "origin\/\$BASE_REF" --markdown/);
            assert.equal(step.env?.STACK, "${{ matrix.stack }}");
            assert.equal(step.env?.BASE_REF, "${{ github.base_ref }}");
            const base = stepRunning(plan, /git update-ref/);
            assert.match(base.run!, /refs\/remotes\/origin\/\$BASE_REF" HEAD\^1/);
            assert.equal(stepUsing(plan, "actions/checkout").with?.["fetch-depth"], 2, "the merge commit and its parents");
        });

        it("writes the plan to the job summary with no secrets and no cloud credentials", () => {
            const summary = stepRunning(plan, /GITHUB_STEP_SUMMARY/);
            assert.doesNotMatch(summary.if ?? "", /head\.repo|actor|vars\./, "the summary is for every pull request");
            assert.doesNotMatch(JSON.stringify(plan), /secrets\.|id-token|aws-actions/);
            assert.equal(plan.permissions?.["id-token"], undefined);
        });

        it("comments only where the token may write: not for forks, not for Dependabot", () => {
            assert.equal(plan.permissions?.["pull-requests"], "write");
            const comment = stepUsing(plan, "actions/github-script");
            assert.match(comment.if!, /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
            assert.match(comment.if!, /github\.actor != 'dependabot\[bot\]'/);
            const steps = plan.steps;
            assert.ok(steps.indexOf(stepRunning(plan, /GITHUB_STEP_SUMMARY/)) < steps.indexOf(comment), "the summary comes first");
        });

        it("fails the job when the plan fails, once the summary and the comment are out", () => {
            const fail = stepRunning(plan, /exit 1/);
            assert.equal(fail.if, "steps.plan.outputs.status != '0'");
            assert.equal(plan.steps.indexOf(fail), plan.steps.length - 1);
        });

        describe("the plan comment", () => {
            const script = stepUsing(plan, "actions/github-script").with!.script as string;
            let dir: string;
            before(() => (dir = mkdtempSync(join(tmpdir(), "lz-comment-"))));
            after(() => rmSync(dir, { recursive: true, force: true }));

            /** Runs the step's script as actions/github-script would, against a fake GitHub. */
            async function comment(gh: FakeGitHub, stack: string, plan: string) {
                const bodyFile = join(dir, "comment.md");
                writeFileSync(bodyFile, plan);
                const warnings: string[] = [];
                const core = { info: () => undefined, warning: (m: string) => warnings.push(m) };
                const context = { repo: { owner: "acme", repo: "landing-zone" }, issue: { number: 7 } };
                const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
                const run = new AsyncFunction("require", "github", "context", "core", "process", script);
                await run(require, gh, context, core, { env: { STACK: stack, BODY_FILE: bodyFile } });
                return warnings;
            }

            it("is one comment per stack, marked so that the next push edits it", async () => {
                const gh = new FakeGitHub();
                await comment(gh, "dev", "plan 1");
                await comment(gh, "prod", "prod plan");
                await comment(gh, "dev", "plan 2");
                assert.deepEqual(
                    gh.comments.map((c) => c.body),
                    ["<!-- landing-zone-plan:dev -->\nplan 2", "<!-- landing-zone-plan:prod -->\nprod plan"],
                );
            });

            it("leaves people's comments alone, even one quoting the marker", async () => {
                const gh = new FakeGitHub();
                gh.comments.push({ id: 1, user: { login: "jane" }, body: "<!-- landing-zone-plan:dev -->\nquoted", html_url: "" });
                await comment(gh, "dev", "plan");
                assert.deepEqual(gh.comments.map((c) => [c.user.login, c.body]), [
                    ["jane", "<!-- landing-zone-plan:dev -->\nquoted"],
                    ["github-actions[bot]", "<!-- landing-zone-plan:dev -->\nplan"],
                ]);
            });

            it("stays under GitHub's comment size limit, pointing to the job summary", async () => {
                const gh = new FakeGitHub();
                await comment(gh, "dev", "x".repeat(100_000));
                assert.ok(gh.comments[0].body.length < 65_536);
                assert.match(gh.comments[0].body, /the whole plan is in the job summary/);
            });

            it("warns, and does not fail, when the token may not write", async () => {
                const gh = new FakeGitHub();
                gh.readOnly = true;
                const warnings = await comment(gh, "dev", "plan");
                assert.equal(gh.comments.length, 0);
                assert.match(warnings.join("\n"), /may not write/);
            });
        });

        it("runs pulumi preview only where the repository is configured for it, and not for forks", () => {
            assert.match(pulumiPreview.if!, /vars\.PULUMI_PREVIEW_ROLE_ARN != ''/);
            assert.match(pulumiPreview.if!, /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
            assert.equal(pulumiPreview.needs, "stacks");
            assert.equal(pulumiPreview.strategy?.matrix?.stack, "${{ fromJSON(needs.stacks.outputs.stacks) }}");
        });

        it("gets AWS credentials for the read-only role from GitHub OIDC, never from stored keys", () => {
            assert.equal(pulumiPreview.permissions?.["id-token"], "write");
            const aws = stepUsing(pulumiPreview, "aws-actions/configure-aws-credentials");
            assert.equal(aws.with?.["role-to-assume"], "${{ vars.PULUMI_PREVIEW_ROLE_ARN }}");
            assert.ok(!Object.keys(aws.with ?? {}).some((k) => /access-key|secret/.test(k)), "no long-lived keys");
            const steps = pulumiPreview.steps;
            assert.ok(steps.indexOf(aws) < steps.indexOf(stepUsing(pulumiPreview, "pulumi/actions")));
        });

        it("previews with pulumi/actions and comments the real preview, editing it on each push", () => {
            const pulumi = stepUsing(pulumiPreview, "pulumi/actions");
            assert.equal(pulumi.with?.command, "preview");
            assert.match(String(pulumi.with?.["stack-name"]), /\$\{\{ matrix\.stack \}\}$/);
            assert.equal(pulumi.with?.["comment-on-pr"], true);
            assert.equal(pulumi.with?.["edit-pr-comment"], true);
            assert.equal(pulumi.with?.["cloud-url"], "${{ vars.PULUMI_BACKEND_URL }}");
            assert.equal(pulumiPreview.permissions?.["pull-requests"], "write");
        });

        it("hands the state backend's secrets to the pulumi step only", () => {
            const withSecrets = pulumiPreview.steps.filter((s) => JSON.stringify(s).includes("secrets."));
            assert.deepEqual(withSecrets.map((s) => s.uses?.split("@")[0]), ["pulumi/actions"]);
            assert.equal(stepUsing(pulumiPreview, "pulumi/actions").env?.PULUMI_CONFIG_PASSPHRASE, "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
            assert.equal(pulumiPreview.env, undefined);
        });
    });

    describe("audit.yml", () => {
        const audit = workflow("audit.yml");
        const { setup, audit: job } = audit.jobs;
        const auditStep = () => stepRunning(job, /npm run --silent audit/);

        /** Run a step's script with bash, a stub `npm` that prints `output` and exits `code`, and GitHub's files. */
        function runStep(script: string, env: Record<string, string>, npm?: { output: string; code: number }) {
            const dir = mkdtempSync(join(tmpdir(), "audit-step-"));
            try {
                writeFileSync(join(dir, "npm"), `#!/bin/sh\nprintf '%s\\n' "${npm?.output ?? ""}"\nexit ${npm?.code ?? 0}\n`, { mode: 0o755 });
                for (const f of ["summary", "output"]) writeFileSync(join(dir, f), "");
                let status = 0;
                let stdout = "";
                try {
                    stdout = execFileSync("bash", ["-e", "-c", script], {
                        cwd: dir,
                        encoding: "utf8",
                        stdio: ["ignore", "pipe", "pipe"],
                        env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: join(dir, "summary"), GITHUB_OUTPUT: join(dir, "output"), ...env },
                    });
                } catch (e) {
                    status = (e as { status: number }).status;
                    stdout = (e as { stdout: string }).stdout;
                }
                return { status, stdout, summary: readFileSync(join(dir, "summary"), "utf8"), output: readFileSync(join(dir, "output"), "utf8") };
            } finally {
                rmSync(dir, { recursive: true, force: true });
            }
        }

        it("runs daily and on demand, with a read-only token", () => {
            assert.deepEqual(Object.keys(audit.on).sort(), ["schedule", "workflow_dispatch"]);
            assert.match(JSON.stringify(audit.on.schedule), /"cron":"\d+ \d+ \* \* \*"/);
            assert.deepEqual(audit.permissions, { contents: "read" });
        });

        it("says visibly, and audits nothing, where the repository is not set up", () => {
            const check = setup.steps[0];
            assert.equal(check.env?.ROLE, "${{ vars.AUDIT_ROLE_ARN }}");
            const unset = runStep(check.run!, { ROLE: "", STACKS: '["prod"]' });
            assert.equal(unset.status, 0);
            assert.match(unset.stdout, /^::notice title=Audit skipped::the repository variable AUDIT_ROLE_ARN is not set; the setup is in docs\/adopt-and-audit\.md/);
            assert.match(unset.summary, /### Audit skipped/);
            assert.match(unset.output, /ready=false/);
            assert.match(runStep(check.run!, { ROLE: "arn:aws:iam::111111111111:role/audit", STACKS: '["prod"]' }).output, /ready=true\nstacks=\["prod"\]/);
            assert.equal(job.if, "needs.setup.outputs.ready == 'true'");
        });

        it("gets the read-only role's credentials from GitHub OIDC, never from stored keys", () => {
            assert.equal(job.permissions?.["id-token"], "write");
            const aws = stepUsing(job, "aws-actions/configure-aws-credentials");
            assert.equal(aws.with?.["role-to-assume"], "${{ vars.AUDIT_ROLE_ARN }}");
            assert.ok(!JSON.stringify(audit).includes("secrets."), "no secret at all");
            assert.ok(job.steps.indexOf(aws) < job.steps.indexOf(auditStep()));
        });

        it("fails visibly on drift, with the report in the job summary", () => {
            const drift = runStep(auditStep().run!, { STACK: "prod" }, { output: "user eve: in AWS, not in the config; add it", code: 1 });
            assert.equal(drift.status, 1);
            assert.match(drift.stdout, /::error title=Drift in prod::AWS differs from Pulumi\.prod\.yaml/);
            assert.match(drift.summary, /### landing-zone audit: `prod`\n\n```text\nuser eve: in AWS, not in the config; add it\n```/);
        });

        it("passes when the estate matches, and fails when the audit cannot run", () => {
            assert.equal(runStep(auditStep().run!, { STACK: "prod" }, { output: "audit: stack prod matches the estate", code: 0 }).status, 0);
            const broken = runStep(auditStep().run!, { STACK: "prod" }, { output: "access denied", code: 2 });
            assert.equal(broken.status, 2);
            assert.match(broken.stdout, /::error title=Audit of prod failed::npm run audit exited with 2/);
        });
    });

    describe("changed-stacks.mjs, which picks the stacks to plan", () => {
        const SCRIPT = join(ROOT, ".github", "scripts", "changed-stacks.mjs");
        let repo: string;
        before(() => {
            repo = mkdtempSync(join(tmpdir(), "lz-stacks-"));
            for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "Pulumi.$(touch pwned).yaml"]) writeFileSync(join(repo, f), "");
        });
        after(() => rmSync(repo, { recursive: true, force: true }));

        const stacksFor = (changed: string) =>
            JSON.parse(execFileSync(process.execPath, [SCRIPT], { cwd: repo, input: changed, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] })) as string[];

        /** A path under each of preview.yml's triggers that is not a stack file. */
        const PROGRAM_PATHS = ["index.ts", "components/organization.ts", "config/schema.ts", "plan/cli.ts", "scripts/nuke-sandbox.sh", "tsconfig.json", "tsconfig.build.json", "Pulumi.yaml", "package.json", "package-lock.json"];

        it("plans every stack when the program or its packages change", () => {
            for (const path of PROGRAM_PATHS) assert.deepEqual(stacksFor(`README.md\n${path}\n`), ["dev", "prod"], path);
        });

        it("knows every path that triggers the workflow", () => {
            const globs = workflow("preview.yml").on.pull_request!.paths!.map(
                (g) => new RegExp(`^${g.replace(/[.+^$()|[\]\\]/g, "\\$&").replace(/\*\*/g, "\0").replace(/\*/g, "[^/]*").replace(/\0/g, ".*")}$`),
            );
            for (const glob of globs) {
                const examples = [...PROGRAM_PATHS, "Pulumi.dev.yaml"].filter((p) => glob.test(p));
                assert.ok(examples.length > 0, `no example path for the trigger ${glob}`);
            }
            for (const path of PROGRAM_PATHS) assert.ok(globs.some((g) => g.test(path)), `${path} does not trigger the workflow`);
        });

        it("plans every stack when the guard script changes (its text is packed into the runner), but not for another script", () => {
            assert.deepEqual(stacksFor("scripts/nuke-sandbox.sh\n"), ["dev", "prod"]);
            assert.deepEqual(stacksFor("scripts/bench.ts\n"), []);
            assert.deepEqual(stacksFor("scripts/nuke-sandbox.sh.bak\n"), []);
        });

        it("plans only the stacks whose file changed when the program did not", () => {
            assert.deepEqual(stacksFor("Pulumi.prod.yaml\nREADME.md\n"), ["prod"]);
        });

        it("plans nothing for a change outside the program and the stack files", () => {
            assert.deepEqual(stacksFor("README.md\ndocs/pull-requests.md\n"), []);
        });

        it("leaves out a stack whose file the pull request deletes", () => {
            assert.deepEqual(stacksFor("Pulumi.staging.yaml\nPulumi.dev.yaml\n"), ["dev"]);
        });

        it("reads NUL-separated paths, as git diff -z prints them", () => {
            assert.deepEqual(stacksFor("Pulumi.dev.yaml\0Pulumi.prod.yaml\0"), ["dev", "prod"]);
        });

        it("passes on no stack name that the plan would refuse", () => {
            assert.ok(!stacksFor("index.ts\n").some((s) => s.includes("$")));
            assert.deepEqual(stacksFor("Pulumi.$(touch pwned).yaml\n"), []);
        });
    });
});

interface FakeComment {
    id: number;
    user: { login: string };
    body: string;
    html_url: string;
}

/** The slice of Octokit the comment script uses, keeping comments in memory. */
class FakeGitHub {
    comments: FakeComment[] = [];
    readOnly = false;
    private next = 100;
    private deny() {
        if (this.readOnly) throw Object.assign(new Error("Resource not accessible by integration"), { status: 403 });
    }
    readonly paginate = async (list: (params: object) => Promise<{ data: FakeComment[] }>, params: object) => (await list(params)).data;
    readonly rest = {
        issues: {
            listComments: async (params: { issue_number: number }) => {
                assert.equal(params.issue_number, 7);
                return { data: this.comments.map((c) => ({ ...c })) };
            },
            createComment: async (params: { issue_number: number; body: string }) => {
                this.deny();
                assert.equal(params.issue_number, 7);
                const c = { id: this.next++, user: { login: "github-actions[bot]" }, body: params.body, html_url: "" };
                this.comments.push(c);
                return { data: c };
            },
            updateComment: async (params: { comment_id: number; body: string }) => {
                this.deny();
                const c = this.comments.find((x) => x.id === params.comment_id);
                assert.ok(c, `no comment ${params.comment_id}`);
                c.body = params.body;
                return { data: c };
            },
        },
    };
}
