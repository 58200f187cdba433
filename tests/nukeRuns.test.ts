/**
 * When aws-nuke runs, through `pulumi up` after `pulumi up`: the real program (index.ts) planned on
 * the fake cloud with what the stack remembers from its last deployment (its outputs, through the
 * StackReference to itself) and what the state holds (the command's stdout), and each step decided
 * the way @pulumi/command's provider decides it (tests/fakeCommandProvider.ts, from its source).
 *
 * The promises: only `sandbox.nuke.run` and `dryRun` run it; an upgrade of this program or a new
 * generated config does not (the config is written, and the next run uses it); a stack deployed by
 * a version from before these rules upgrades without a run; a real run needs a dry run of the same
 * account with the same config, made by this stack.
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { UPDATE_RUNS_NOTHING } from "../components/sandboxNuke";
import { OUTCOME_PREFIX, sha256 } from "../config/sandbox/nuke";
import { CREATE_RUNS_NOTHING, DRY_RUNS_KEPT, DRY_RUN_TRIGGER, createRunsNuke, hasDryRun, nukeTriggers, readNukeMemory, rememberDryRuns } from "../config/sandbox/nukeMemory";
import { Plan } from "../plan/engine";
import { diffPlans, renderDiffText, renderSandboxNuke, summarize } from "../plan/report";
import { CommandInputs, CommandState, Step, up } from "./fakeCommandProvider";
import { ROOT, one, planStack, stackFile, stackWith } from "./harness";

const COMMAND = "command:local:Command";
const PROJECT = "aws:codebuild/project:Project";

/** A deployed stack: what its state holds for the command (under its URN), and the outputs it exported. */
interface Deployed {
    readonly command: CommandState & { readonly urn: string };
    readonly outputs: Record<string, unknown>;
}

/** What ran in one `up`. */
interface Up {
    readonly step: Step;
    readonly ran?: string;
    readonly plan: Plan;
    readonly deployed: Deployed;
    readonly warnings: string[];
}

/** The plan's one command: `<sandbox account key>-nuke`. */
const commandOf = (p: Plan) => {
    const commands = p.registrations.filter((r) => r.type === COMMAND);
    assert.equal(commands.length, 1, "one command");
    return commands[0];
};
const inputsOf = (p: Plan): CommandInputs => commandOf(p).inputs as CommandInputs;
const isNuke = (command: string | undefined) => command !== undefined && command.includes("bash scripts/nuke-sandbox.sh aws-nuke run");
const isRealNuke = (command: string | undefined) => isNuke(command) && / --no-dry-run;/.test(command!);

/**
 * The shell as the command resource runs it: our `update` echoes its text; `create` runs the guard
 * script (its summary line, as scripts/nuke-sandbox.sh prints it) and then its own echo, `$?` being
 * the script's exit code.
 */
function shell(exitCode: number) {
    return (command: string): string => {
        if (command === UPDATE_RUNS_NOTHING || command === CREATE_RUNS_NOTHING) return /^echo '([^']*)'$/.exec(command)![1];
        const echo = /; echo "([^"]*)"$/.exec(command);
        assert.ok(echo, `a create that ends with its outcome echo: ${command}`);
        const kind = isRealNuke(command) ? "REAL RUN (deletes)" : "DRY RUN (deletes nothing)";
        return [`nuke-sandbox: summary (${kind}, account 111759676004): would remove 3, filtered 9`, echo[1].replace("$?", String(exitCode))].join("\n");
    };
}

/**
 * `pulumi up` of a stack config after a deployment (none: a new stack): the preview's inputs, the
 * provider's step and what it runs, then the outputs the stack exports with the new state.
 */
async function deploy(config: Record<string, string>, previous?: Deployed, exitCode = 0): Promise<Up> {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
    try {
        const cloud = { stackOutputs: previous?.outputs ?? {}, commandStdout: previous?.command.stdout ?? "" };
        const preview = await planStack(config, cloud);
        // The state holds the command under its URN: under another, the engine creates it.
        const urn = commandOf(preview).urn;
        const old = previous?.command.urn === urn ? previous.command : undefined;
        const { state, step, ran } = up(old, inputsOf(preview), shell(exitCode));
        const after = await planStack(config, { ...cloud, commandStdout: state.stdout });
        assert.deepEqual(inputsOf(after), inputsOf(preview), "the up registers what its preview showed");
        return { step, ran, plan: after, deployed: { command: { ...state, urn }, outputs: after.outputs }, warnings };
    } finally {
        console.warn = original;
    }
}

const withNuke = (stack: "dev" | "prod", edit: (nuke: Record<string, unknown>) => void) => stackWith(stack, { sandbox: (s) => (edit(s.nuke), s) });
const real = (stack: "dev" | "prod", run?: string) => withNuke(stack, (n) => ((n.dryRun = false), run !== undefined && (n.run = run)));

describe("when aws-nuke runs", () => {
    describe("a new stack", () => {
        it("runs a dry run at its first up, and nothing at the next up with the same config", async () => {
            const first = await deploy(stackFile("dev"));
            assert.equal(first.step, "create");
            assert.ok(isNuke(first.ran) && !isRealNuke(first.ran));
            const second = await deploy(stackFile("dev"), first.deployed);
            assert.equal(second.step, "same");
            assert.equal(second.ran, undefined);
        });

        it("exports the triggers it registered: the run value and the kind of run", async () => {
            const first = await deploy(stackFile("dev"));
            assert.deepEqual(inputsOf(first.plan).triggers, ["2026-11-21", DRY_RUN_TRIGGER.true]);
            assert.deepEqual(first.deployed.outputs.nukeTriggers, inputsOf(first.plan).triggers);
        });
    });

    describe("only sandbox.nuke.run and dryRun run it", () => {
        let start: Up;
        before(async () => (start = await deploy(stackFile("prod"))));

        it("runs it again when sandbox.nuke.run changes", async () => {
            const next = await deploy(withNuke("prod", (n) => (n.run = "2")), start.deployed);
            assert.equal(next.step, "replace");
            assert.ok(isNuke(next.ran));
        });

        it("runs it when dryRun changes", async () => {
            const next = await deploy(real("prod"), start.deployed);
            assert.equal(next.step, "replace");
            assert.ok(isNuke(next.ran));
        });

        for (const [what, config] of [
            ["a keep filter is added", withNuke("prod", (n) => ((n.keep as Record<string, unknown>).GuardDutyDetector = [{ type: "regex", value: "^[0-9a-f]{32}$" }]))],
            ["a region is added", withNuke("prod", (n) => (n.regions as string[]).push("ap-southeast-2"))],
            ["the CDK qualifier changes", withNuke("prod", (n) => (n.cdkQualifier = "acme42"))],
            ["an account is added (the blocklist grows)", stackWith("prod", { accounts: (a) => ((a.staging = { name: "Example Staging", email: "aws+staging@example.com", ou: "Workloads" }), a) })],
            [
                "a permission set with a customer managed policy is assigned to the sandbox (the policy is kept)",
                stackWith("prod", {
                    groups: (g) => (g.Finance.access.BillingAccess.push("sandbox"), g),
                    permissionSets: (p) => ((p.BillingAccess.customerManagedPolicies = ["CostTools"]), p),
                }),
            ],
            ["aws:profile changes", { ...stackFile("prod"), "aws:profile": "management" }],
            ["another account is named the sandbox (its id changes)", stackWith("prod", { accounts: (a) => ((a.sandbox.id = "555555555555"), a) })],
        ] as const) {
            it(`does not run it when ${what}: an update that writes the new config and runs nothing`, async () => {
                const next = await deploy(config, start.deployed);
                assert.equal(next.step, "update");
                assert.equal(next.ran, UPDATE_RUNS_NOTHING);
                assert.equal(next.deployed.command.inputs.stdin, next.plan.outputs.nukeConfig, "the new config is stored for the next run");
            });
        }

        it("says, when the config changed, that it applies at the next run", async () => {
            const next = await deploy(withNuke("prod", (n) => (n.regions as string[]).push("ap-southeast-2")), start.deployed);
            assert.ok(next.warnings.some((w) => /the generated aws-nuke config changed .* applies at the next run/.test(w)), next.warnings.join("\n"));
        });

        it("uses the new config at the next run", async () => {
            const changed = await deploy(withNuke("prod", (n) => (n.regions as string[]).push("ap-southeast-2")), start.deployed);
            const run = await deploy(withNuke("prod", (n) => ((n.regions as string[]).push("ap-southeast-2"), (n.run = "2"))), changed.deployed);
            assert.equal(run.step, "replace");
            assert.equal(run.deployed.command.inputs.stdin, changed.plan.outputs.nukeConfig);
            assert.match(String(run.deployed.command.inputs.stdin), /"ap-southeast-2"/);
        });

        it("keeps the last run's outcome across an update, whose echo replaces the command's stdout", async () => {
            const failed = await deploy(withNuke("prod", (n) => (n.run = "2")), start.deployed, 3);
            assert.equal((failed.deployed.outputs.nukeOutcome as { exitCode: number }).exitCode, 3);
            const next = await deploy(withNuke("prod", (n) => ((n.regions as string[]).push("ap-southeast-2"), (n.run = "2"))), failed.deployed);
            assert.equal(next.ran, UPDATE_RUNS_NOTHING);
            assert.equal((next.deployed.outputs.nukeOutcome as { exitCode: number }).exitCode, 3);
            assert.ok(next.warnings.some((w) => /The last sandbox nuke .* left resources behind/.test(w)), next.warnings.join("\n"));
        });

        it("says in the offline diff whether the command runs", async () => {
            const changed = await deploy(withNuke("prod", (n) => (n.regions as string[]).push("ap-southeast-2")), start.deployed);
            const text = renderDiffText("prod", "base", diffPlans(summarize(start.plan), changed.plan));
            assert.match(text, /~ command:local:Command sandbox-nuke\n(?: {6}.*\n)*? {6}\(no trigger changes: an update, aws-nuke does not run; what changed applies at its next run\)/);
            const rerun = await deploy(withNuke("prod", (n) => (n.run = "2")), start.deployed);
            assert.match(renderDiffText("prod", "base", diffPlans(summarize(start.plan), rerun.plan)), /\(a trigger changes: the command is replaced, and aws-nuke RUNS at `pulumi up`\)/);
        });
    });

    describe("a new name for the command (the sandbox's account key renamed)", () => {
        /** The stack file with the account key `sandbox` renamed `to`, everywhere the file names it. */
        const renamed = (config: Record<string, string>, to: string): Record<string, string> => {
            const rename = (v: unknown): unknown =>
                v === "sandbox" ? to : Array.isArray(v) ? v.map(rename) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k === "sandbox" ? to : k, rename(x)])) : v;
            const keys = ["landing-zone:accounts", "landing-zone:groups", "landing-zone:users", "landing-zone:sandbox"];
            return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, keys.includes(k) ? JSON.stringify(rename(JSON.parse(v))) : v]));
        };
        const withId = (id: string, edit: (s: { nuke: Record<string, unknown> }) => void = () => undefined) =>
            stackWith("prod", { accounts: (a) => ((a.sandbox.id = id), a), sandbox: (s) => (edit(s), s) });
        const realAt = (id: string, run?: string) => withId(id, (s) => ((s.nuke.dryRun = false), run !== undefined && (s.nuke.run = run)));

        /** A stack whose next run would be real: dry-run, then deployed again with dryRun: false. */
        async function readyForRealRun(): Promise<Up> {
            const dry = await deploy(realAt("555555555555"));
            const ready = await deploy(realAt("555555555555"), dry.deployed);
            assert.ok(isRealNuke(ready.plan.outputs.nukeCommand as string), "the next run would be real");
            return ready;
        }

        it("creates the command under the new name with a create that runs nothing, and the same triggers and update", async () => {
            const ready = await readyForRealRun();
            const moved = await deploy(renamed(realAt("555555555555"), "playground"), ready.deployed);
            assert.equal(commandOf(moved.plan).name, "playground-nuke");
            assert.equal(moved.step, "create");
            assert.equal(moved.ran, CREATE_RUNS_NOTHING);
            const inputs = inputsOf(moved.plan);
            assert.equal(inputs.create, CREATE_RUNS_NOTHING);
            assert.equal(inputs.update, UPDATE_RUNS_NOTHING);
            assert.deepEqual(inputs.triggers, inputsOf(ready.plan).triggers);
            assert.ok(moved.warnings.some((w) => /the command is "playground-nuke" now, "sandbox-nuke" at the last deployment .* neither runs aws-nuke/.test(w)), moved.warnings.join("\n"));
        });

        it("keeps that create at the next up, and runs aws-nuke at the next change of run, as the dry-run guard allows", async () => {
            const ready = await readyForRealRun();
            const moved = await deploy(renamed(realAt("555555555555"), "playground"), ready.deployed);
            const again = await deploy(renamed(realAt("555555555555"), "playground"), moved.deployed);
            assert.equal(again.step, "same");
            const run = await deploy(renamed(realAt("555555555555", "2"), "playground"), again.deployed);
            assert.equal(run.step, "replace");
            assert.ok(isNuke(run.ran), run.ran);
            assert.equal(isRealNuke(run.ran), hasDryRun(readNukeMemory(again.deployed.outputs), "555555555555", sha256(String(run.plan.outputs.nukeConfig))));
        });

        it("runs nothing when the new key is another account, and then a dry run of it before any real run", async () => {
            const ready = await readyForRealRun();
            const other = renamed(realAt("666666666666"), "playground");
            const moved = await deploy(other, ready.deployed);
            assert.equal(moved.step, "create");
            assert.equal(moved.ran, CREATE_RUNS_NOTHING);
            const run = await deploy(renamed(realAt("666666666666", "2"), "playground"), moved.deployed);
            assert.equal(run.step, "replace");
            assert.ok(isNuke(run.ran) && !isRealNuke(run.ran), run.ran);
            assert.match(run.ran!, /arn:aws:iam::666666666666:role/);
        });

        it("runs aws-nuke when run changes in the same up as the rename", async () => {
            const ready = await readyForRealRun();
            const moved = await deploy(renamed(realAt("555555555555", "2"), "playground"), ready.deployed);
            assert.equal(moved.step, "create");
            assert.ok(isNuke(moved.ran), moved.ran);
        });

        it("runs nothing when a stack deployed by the version before nukeRegistration renames the key", async () => {
            const ready = await readyForRealRun();
            const { nukeRegistration, ...outputs } = ready.deployed.outputs;
            assert.ok(nukeRegistration);
            const moved = await deploy(renamed(realAt("555555555555"), "playground"), { ...ready.deployed, outputs });
            assert.equal(moved.step, "create");
            assert.equal(moved.ran, CREATE_RUNS_NOTHING);
        });

        it("says in the offline diff that the created command runs nothing, or that aws-nuke RUNS", async () => {
            const ready = await readyForRealRun();
            const moved = await deploy(renamed(realAt("555555555555"), "playground"), ready.deployed);
            const text = renderDiffText("prod", "base", diffPlans(summarize(ready.plan), moved.plan));
            assert.match(text, /\+ command:local:Command playground-nuke\n {6}\(created with the sandbox\.nuke\.run and dryRun the stack already had: its create records that, aws-nuke does not run\)/);
            assert.match(text, /- command:local:Command sandbox-nuke/);
            const run = await deploy(renamed(realAt("555555555555", "2"), "playground"), ready.deployed);
            const runText = renderDiffText("prod", "base", diffPlans(summarize(ready.plan), run.plan));
            assert.match(runText, /\+ command:local:Command playground-nuke\n {6}\(created with a sandbox\.nuke\.run or dryRun new to the stack: aws-nuke RUNS at `pulumi up`, a (?:REAL RUN that deletes|dry run)\)/);
        });
    });

    describe("a stack deployed before these rules", () => {
        const fixture = JSON.parse(readFileSync(join(ROOT, "tests", "fixtures", "nuke-state-da79151.json"), "utf8")) as {
            states: { name: string; command: { urn: string; inputs: CommandInputs }; outputs: Record<string, unknown> }[];
        };
        const configOf = (name: string) => (name.startsWith("dev") ? (name.includes("false") ? real("dev") : stackFile("dev")) : name.includes("false") ? real("prod") : stackFile("prod"));
        const oldStdout = `nuke-sandbox: summary (DRY RUN (deletes nothing), account 111759676004): would remove 3, filtered 9\n${OUTCOME_PREFIX} 0`;

        for (const old of fixture.states) {
            it(`upgrades without a run (${old.name}): its triggers are kept byte for byte, the rest is an update`, async () => {
                const next = await deploy(configOf(old.name), { command: { urn: old.command.urn, inputs: old.command.inputs, stdout: oldStdout }, outputs: old.outputs });
                assert.equal(one(next.plan, COMMAND, "sandbox-nuke").urn, old.command.urn);
                assert.deepEqual(inputsOf(next.plan).triggers, old.command.inputs.triggers);
                assert.equal(next.step, "update");
                assert.equal(next.ran, UPDATE_RUNS_NOTHING);
            });
        }

        it("keeps those triggers at the next up too, and runs at the next change of run", async () => {
            const old = fixture.states[0];
            const upgraded = await deploy(stackFile("dev"), { command: { urn: old.command.urn, inputs: old.command.inputs, stdout: oldStdout }, outputs: old.outputs });
            const again = await deploy(stackFile("dev"), upgraded.deployed);
            assert.equal(again.step, "same");
            const run = await deploy(withNuke("dev", (n) => (n.run = "2026-12-05")), again.deployed);
            assert.equal(run.step, "replace");
            assert.deepEqual(inputsOf(run.plan).triggers, ["2026-12-05", DRY_RUN_TRIGGER.true]);
        });

        it("does not run for real after the upgrade before a dry run, though it ran for real before", async () => {
            const old = fixture.states.find((s) => s.name === "dev, dryRun: false")!;
            const upgraded = await deploy(real("dev"), { command: { urn: old.command.urn, inputs: old.command.inputs, stdout: oldStdout }, outputs: old.outputs });
            const run = await deploy(real("dev", "2026-12-05"), upgraded.deployed);
            assert.equal(run.step, "replace");
            assert.ok(isNuke(run.ran) && !isRealNuke(run.ran), "a dry run of the new config first");
        });
    });

    describe("the first real run", () => {
        it("is a dry run when this stack never dry-ran the account, with a warning that says what to check", async () => {
            const first = await deploy(real("dev"));
            assert.ok(isNuke(first.ran) && !isRealNuke(first.ran));
            const warning = first.warnings.find((w) => /this stack has not dry-run account 111759676004/.test(w)) ?? "";
            assert.match(warning, /aws-nuke runs as a DRY RUN instead, and deletes nothing/);
            assert.match(warning, /the summary names account 111759676004 and the alias "sandbox-[a-z0-9]{8}"/);
            assert.match(warning, /every resource marked `would remove` may go/);
            assert.match(warning, /OrganizationAccountAccessRole .* is listed as `filtered`/);
            assert.match(warning, /Then change sandbox\.nuke\.run and run `pulumi up` again/);
            assert.match(renderSandboxNuke(first.plan).join("\n"), /^dry run: .*\n {2}\(sandbox\.nuke\.dryRun is false, but this stack has not dry-run account 111759676004 with this config/);
        });

        it("is real at the next run of the same account and config, and not before it is asked for", async () => {
            const dry = await deploy(real("dev"));
            assert.deepEqual(dry.deployed.outputs.nukeDryRuns, [{ accountId: "111759676004", configSha256: sha256(String(dry.plan.outputs.nukeConfig)), run: "2026-11-21" }]);
            const same = await deploy(real("dev"), dry.deployed);
            assert.equal(same.step, "update", "the create now says real, which is no trigger");
            assert.equal(same.ran, UPDATE_RUNS_NOTHING);
            assert.deepEqual(same.warnings.filter((w) => /has not dry-run/.test(w)), []);
            const run = await deploy(real("dev", "2026-12-05"), same.deployed);
            assert.equal(run.step, "replace");
            assert.ok(isRealNuke(run.ran), "the real run");
            assert.match(renderSandboxNuke(run.plan)[0], /^REAL RUN: when the command runs, aws-nuke DELETES everything in account 111759676004/);
        });

        it("needs a new dry run when the config changes", async () => {
            const dry = await deploy(real("dev"));
            const changed = await deploy(withNuke("dev", (n) => ((n.dryRun = false), (n.run = "2026-12-05"), (n.regions as string[]).push("ap-southeast-2"))), dry.deployed);
            assert.ok(isNuke(changed.ran) && !isRealNuke(changed.ran));
        });

        it("needs a dry run of the account it is aimed at: a dry run of another does not count", async () => {
            const dry = await deploy(real("dev"));
            const moved = stackWith("dev", { accounts: (a) => ((a.sandbox.id = "555555555555"), a), sandbox: (s) => ((s.nuke.dryRun = false), (s.nuke.run = "2026-12-05"), s) });
            const run = await deploy(moved, dry.deployed);
            assert.equal(run.step, "replace");
            assert.ok(isNuke(run.ran) && !isRealNuke(run.ran), run.ran);
            assert.match(run.ran!, /555555555555/);
        });

        it("does not count a dry run that was refused or failed", async () => {
            const refused = await deploy(real("dev"), undefined, 2);
            assert.deepEqual(refused.deployed.outputs.nukeDryRuns, []);
            const run = await deploy(real("dev", "2026-12-05"), refused.deployed);
            assert.ok(!isRealNuke(run.ran));
        });

        it("runs the schedule as dry runs too until then", async () => {
            const scheduled = (p: Plan) => String((one(p, PROJECT, "sandbox-runner").inputs.source as { buildspec: string }).buildspec);
            const first = await deploy(real("prod"));
            assert.ok(!scheduled(first.plan).includes("--no-dry-run"));
            const after = await deploy(real("prod"), first.deployed);
            assert.ok(scheduled(after.plan).includes("--no-dry-run"));
        });
    });

    describe("what the stack remembers", () => {
        const hash = (n: number) => sha256(String(n));
        const dryRun = (n: number) => ({ accountId: "111759676004", configSha256: hash(n), run: String(n) });

        it("ignores outputs that are not what this program writes, so they can only make a run dry", () => {
            const memory = readNukeMemory({
                nukeDryRuns: [dryRun(1), { accountId: "1", configSha256: hash(2), run: "x" }, { accountId: "111759676004", configSha256: "abc", run: "x" }, null, "x"],
                nukeTriggers: [1, 2],
                nukeOutcome: { exitCode: "0", summary: [] },
                constructor: "x",
            });
            assert.deepEqual(memory, { dryRuns: [dryRun(1)] });
            assert.deepEqual(readNukeMemory(undefined), { dryRuns: [] });
            assert.deepEqual(readNukeMemory(JSON.parse('{"__proto__": {"nukeTriggers": ["x", "dryRun: true"]}}')), { dryRuns: [] });
        });

        it("reads the command's registration only in the shape this program writes, so a malformed one makes a create run nothing", () => {
            const urn = "urn:pulumi:dev::landing-zone::landing-zone:index:SandboxNuke$command:local:Command::sandbox-nuke";
            assert.deepEqual(readNukeMemory({ nukeRegistration: { urn, createRuns: true } }).registration, { urn, createRuns: true });
            for (const bad of [{ urn, createRuns: "true" }, { urn: 1, createRuns: true }, [urn, true], "x", null]) {
                const memory = { ...readNukeMemory({ nukeRegistration: bad }), triggers: ["r", DRY_RUN_TRIGGER.false] };
                assert.equal(memory.registration, undefined);
                assert.equal(createRunsNuke(memory, urn, ["r", DRY_RUN_TRIGGER.false], sha256), false);
            }
            assert.equal(createRunsNuke({ dryRuns: [], triggers: ["r", DRY_RUN_TRIGGER.false] }, urn, ["s", DRY_RUN_TRIGGER.false], sha256), true, "a new run");
            assert.equal(createRunsNuke({ dryRuns: [] }, urn, ["r", DRY_RUN_TRIGGER.true], sha256), true, "a new stack");
        });

        it("remembers a bounded number of dry runs, the latest last, one per account and config", () => {
            let memory = { dryRuns: [] as ReturnType<typeof dryRun>[] };
            for (let n = 0; n < DRY_RUNS_KEPT + 5; n++) memory = { dryRuns: rememberDryRuns(memory, { dryRun: true, accountId: "111759676004", configSha256: hash(n) }, 0, String(n)) };
            assert.equal(memory.dryRuns.length, DRY_RUNS_KEPT);
            assert.ok(!hasDryRun(memory, "111759676004", hash(0)));
            assert.ok(hasDryRun(memory, "111759676004", hash(DRY_RUNS_KEPT + 4)));
            const again = rememberDryRuns(memory, { dryRun: true, accountId: "111759676004", configSha256: hash(10) }, 0, "again");
            assert.equal(again.length, DRY_RUNS_KEPT);
            assert.deepEqual(again.at(-1), { ...dryRun(10), run: "again" });
        });

        it("remembers no real run and no failed dry run", () => {
            assert.deepEqual(rememberDryRuns({ dryRuns: [] }, { dryRun: false, accountId: "111759676004", configSha256: hash(1) }, 0, "1"), []);
            assert.deepEqual(rememberDryRuns({ dryRuns: [] }, { dryRun: true, accountId: "111759676004", configSha256: hash(1) }, 3, "1"), []);
            assert.deepEqual(rememberDryRuns({ dryRuns: [] }, undefined, 0, "1"), []);
        });

        it("changes the triggers exactly when run or dryRun change, whatever the previous triggers were", () => {
            const kept = ["r", hash(1), "bash scripts/nuke-sandbox.sh aws-nuke run ... --assume-role-arn arn; echo x"];
            for (const run of ["r", "s"]) {
                for (const dryRun of [true, false]) {
                    const t = nukeTriggers({ dryRuns: [], triggers: kept }, { run, dryRun }, sha256);
                    if (run === "r" && dryRun) assert.deepEqual(t, kept);
                    else assert.deepEqual(t, [run, DRY_RUN_TRIGGER[`${dryRun}`]]);
                }
            }
            const realKept = ["r", hash(1), "... --no-dry-run; echo x"];
            assert.deepEqual(nukeTriggers({ dryRuns: [], triggers: realKept }, { run: "r", dryRun: false }, sha256), realKept);
            assert.deepEqual(nukeTriggers({ dryRuns: [] }, { run: "r", dryRun: false }, sha256), ["r", DRY_RUN_TRIGGER.false]);
        });
    });
});
