/**
 * What the stack remembers about its sandbox nuke from one deployment to the next, as pure code:
 * when the command runs (its triggers), and which dry runs it made (account id + config sha256),
 * so that a real run only follows a dry run of the same account with the same generated config.
 *
 * The memory is the stack's own previous outputs (`nukeTriggers`, `nukeDryRuns`, `nukeOutcome`, and
 * from versions before it, `nukeConfig` and `nukeCommand`), read back through a StackReference to
 * the stack itself (components/sandboxNuke.ts). A program cannot read its resources' old state, but
 * it can read the outputs its last deployment exported (pulumi/pulumi#3722 shows the pattern).
 *
 * Why the triggers need it: @pulumi/command's Command replaces itself, which runs `create`, when any
 * element of `triggers` differs from the state (provider/pkg/provider/common/inputs.go tags
 * `triggers` `provider:"replaceOnChanges"`; pulumi-go-provider infer/resource.go diff forces a
 * replace for it; the SDK adds the option `replaceOnChanges: ["triggers[*]"]`, local/command.ts).
 * Every other input change is an update, which runs `update` (commandController.go Update). So the
 * triggers must stay byte-identical until `run` or `dryRun` changes, across upgrades of this
 * program too: they are carried over from the memory instead of being recomputed.
 *
 * Why the memory also names the command (`nukeRegistration`): a Command under a new URN (the
 * sandbox's account key renamed, so `<key>-nuke` is another resource) is created, and a create runs
 * `create` whatever its triggers. Created with the triggers the stack remembers, its `create` only
 * records that (CREATE_RUNS_NOTHING): aws-nuke runs when `run` or `dryRun` change, never because
 * a name did.
 */
import { show } from "../schema";
import type { NukeOutcome, NukeRunRecord } from "./nuke";

/** A dry run that ended well (exit code 0): it listed what a real run of that config would delete. */
export interface DryRun {
    readonly accountId: string;
    readonly configSha256: string;
    /** `sandbox.nuke.run` of the dry run. */
    readonly run: string;
}

/**
 * The command's `create` when it is created (a new URN) with the triggers the stack remembers: it
 * records that and runs nothing. The next change of `sandbox.nuke.run` or `dryRun` replaces the
 * command, whose `create` then runs aws-nuke.
 */
export const CREATE_RUNS_NOTHING =
    "echo 'landing-zone: the sandbox nuke command was created with the run and dryRun the stack already had (a new name, or a new version): aws-nuke did not run; change sandbox.nuke.run to run it'";

/** The command as the last deployment registered it (`nukeRegistration`). */
export interface NukeRegistration {
    /** The command's URN. */
    readonly urn: string;
    /** Whether its `create` runs aws-nuke, or is CREATE_RUNS_NOTHING. */
    readonly createRuns: boolean;
}

/** What the stack's previous outputs say about its nuke. */
export interface NukeMemory {
    /** The triggers the command was registered with (`nukeTriggers`). */
    readonly triggers?: readonly string[];
    /** The generated config the last deployment wrote (`nukeConfig`). */
    readonly config?: string;
    /** What the last deployment's command runs (`nukeCommand`): with `config`, an earlier version's triggers. */
    readonly command?: string;
    /** The dry runs this stack made, most recent last (`nukeDryRuns`). */
    readonly dryRuns: readonly DryRun[];
    /** The last recorded run (`nukeOutcome`). */
    readonly outcome?: NukeOutcome;
    /** The command the last deployment registered (`nukeRegistration`); absent from stacks of earlier versions. */
    readonly registration?: NukeRegistration;
}

/** The dry runs remembered: enough for a few accounts and configs, bounded whatever the state holds. */
export const DRY_RUNS_KEPT = 20;
/** The second trigger: the kind of run `create` was asked for. */
export const DRY_RUN_TRIGGER = { true: "dryRun: true", false: "dryRun: false" } as const;

const HEX64 = /^[0-9a-f]{64}$/;
const ACCOUNT_ID = /^\d{12}$/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const own = (o: Record<string, unknown>, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);

/**
 * Reads the memory out of the stack's previous outputs, keeping only what has the shape this
 * program writes: anything else (an output of another program, a hand-edited state) is ignored,
 * which can only make the next run a dry run, never a real one.
 */
export function readNukeMemory(outputs: unknown): NukeMemory {
    const o = isRecord(outputs) ? outputs : {};
    const triggers = own(o, "nukeTriggers");
    const config = own(o, "nukeConfig");
    const command = own(o, "nukeCommand");
    const outcome = own(o, "nukeOutcome");
    const dryRuns = own(o, "nukeDryRuns");
    const registration = own(o, "nukeRegistration");
    return {
        ...(Array.isArray(triggers) && triggers.length > 0 && triggers.every((t) => typeof t === "string") && { triggers: triggers as string[] }),
        ...(typeof config === "string" && { config }),
        ...(typeof command === "string" && { command }),
        dryRuns: (Array.isArray(dryRuns) ? dryRuns : []).filter(isDryRun).slice(-DRY_RUNS_KEPT),
        ...(isRecord(outcome) &&
            Number.isInteger(own(outcome, "exitCode")) &&
            Array.isArray(own(outcome, "summary")) && {
                outcome: { exitCode: own(outcome, "exitCode") as number, summary: (own(outcome, "summary") as unknown[]).filter((l): l is string => typeof l === "string") },
            }),
        ...(isRecord(registration) &&
            typeof own(registration, "urn") === "string" &&
            typeof own(registration, "createRuns") === "boolean" && {
                registration: { urn: own(registration, "urn") as string, createRuns: own(registration, "createRuns") as boolean },
            }),
    };
}

function isDryRun(v: unknown): v is DryRun {
    if (!isRecord(v)) return false;
    const accountId = own(v, "accountId");
    const configSha256 = own(v, "configSha256");
    return typeof accountId === "string" && ACCOUNT_ID.test(accountId) && typeof configSha256 === "string" && HEX64.test(configSha256) && typeof own(v, "run") === "string";
}

/** Whether a trigger list asked for a dry run: this version's second trigger, or an earlier version's invocation. */
function triggersDryRun(triggers: readonly string[]): boolean {
    if (triggers.length === 2) return triggers[1] !== DRY_RUN_TRIGGER.false;
    return !/ --no-dry-run(;|$)/.test(triggers[triggers.length - 1] ?? "");
}

/**
 * The command's triggers: `[run, "dryRun: …"]`, except that while `run` and `dryRun` are what the
 * last deployment registered, the last deployment's triggers are kept byte for byte, so that
 * nothing else (a new generated config, a new invocation, a new version of this program) replaces
 * the command and runs aws-nuke. A stack deployed by a version before `nukeTriggers` had the
 * triggers `[run, sha256(nukeConfig), nukeCommand]`, rebuilt here from its outputs.
 */
export function nukeTriggers(memory: NukeMemory, wanted: { readonly run: string; readonly dryRun: boolean }, sha256: (text: string) => string): string[] {
    const fresh = [wanted.run, DRY_RUN_TRIGGER[`${wanted.dryRun}`]];
    const previous = rememberedTriggers(memory, wanted.run, sha256);
    if (previous === undefined) return fresh;
    const same = previous[0] === wanted.run && triggersDryRun(previous) === wanted.dryRun;
    return same ? [...previous] : fresh;
}

/** The triggers the last deployment registered: its `nukeTriggers`, or an earlier version's, rebuilt. */
function rememberedTriggers(memory: NukeMemory, run: string, sha256: (text: string) => string): readonly string[] | undefined {
    const legacy = memory.config !== undefined && memory.command !== undefined ? [run, sha256(memory.config), memory.command] : undefined;
    return memory.triggers ?? legacy;
}

/**
 * Whether the command's `create` runs aws-nuke (or is CREATE_RUNS_NOTHING). It runs when the
 * triggers are not the ones the stack remembers: a new stack, or a changed `run` or `dryRun`, which
 * replaces the command. With the remembered triggers, a create can only come from a new URN (the
 * sandbox's key renamed) or a lost state: it runs nothing then, whatever account the sandbox is
 * now. The command the last deployment registered under this URN keeps its `create`, so nothing
 * changes from one `up` to the next; a stack of an earlier version does not say which command it
 * registered, and gets the `create` that runs nothing (an update, which runs nothing either).
 */
export function createRunsNuke(memory: NukeMemory, urn: string, triggers: readonly string[], sha256: (text: string) => string): boolean {
    const previous = rememberedTriggers(memory, triggers[0] ?? "", sha256);
    const remembered = previous !== undefined && previous.length === triggers.length && previous.every((t, i) => t === triggers[i]);
    if (!remembered) return true;
    return memory.registration?.urn === urn ? memory.registration.createRuns : false;
}

/** Whether this stack has dry-run this account with this config: the condition of a real run. */
export function hasDryRun(memory: Pick<NukeMemory, "dryRuns">, accountId: string, configSha256: string): boolean {
    return memory.dryRuns.some((d) => d.accountId === accountId && d.configSha256 === configSha256);
}

/** The dry runs to remember after this deployment: the memory's, and the one just recorded when it ended well. */
export function rememberDryRuns(memory: Pick<NukeMemory, "dryRuns">, record: NukeRunRecord | undefined, exitCode: number | undefined, run: string): DryRun[] {
    const kept = [...memory.dryRuns];
    if (record?.dryRun && exitCode === 0) {
        const seen = kept.findIndex((d) => d.accountId === record.accountId && d.configSha256 === record.configSha256);
        if (seen >= 0) kept.splice(seen, 1);
        kept.push({ accountId: record.accountId, configSha256: record.configSha256, run });
    }
    return kept.slice(-DRY_RUNS_KEPT);
}

/**
 * The warning of an `up` that asked for a real run this stack has not dry-run: what it runs instead
 * and what to check in that dry run's output before asking again.
 */
export function firstRealRunWarning(account: string, accountId: string, configSha256: string, alias: string): string {
    return [
        `sandbox.nuke.dryRun is false, but this stack has not dry-run account ${accountId} (sandbox.account ${show(account)}) with this generated config ` +
            `(sha256 ${configSha256.slice(0, 12)}…): aws-nuke runs as a DRY RUN instead, and deletes nothing. Before the real run, read that dry run's output ` +
            "(the command's log in `pulumi up`, the summary in `pulumi stack output nukeOutcome`) and check:",
        `  - the summary names account ${accountId} and the alias ${show(alias)}: the sandbox, not a workload account named as the sandbox by mistake;`,
        "  - every resource marked `would remove` may go: nothing of a workload, a pipeline or the organisation;",
        "  - what must survive (OrganizationAccountAccessRole and its policies, the AWSReservedSSO_ roles, the Identity Center SAML provider, " +
            "the CDK bootstrap, everything in sandbox.nuke.keep) is listed as `filtered`, not `would remove`.",
        "Then change sandbox.nuke.run and run `pulumi up` again: with this account and this config, the next run is real.",
    ].join("\n");
}

/**
 * Said when the generated config differs from the one the last deployment wrote and this `up`
 * does not run aws-nuke: the new config is written now and used by the next run.
 */
export function configAppliesAtNextRun(previousSha256: string, configSha256: string): string {
    return (
        `sandbox.nuke: the generated aws-nuke config changed (sha256 ${previousSha256.slice(0, 12)}… → ${configSha256.slice(0, 12)}…). ` +
        "It is written to the command now (`pulumi stack output nukeConfig`) and applies at the next run: aws-nuke runs when " +
        "sandbox.nuke.run or sandbox.nuke.dryRun changes, not when its config does."
    );
}

/**
 * Said when the command's URN is not the one the last deployment registered (the sandbox's account
 * key renamed): the preview shows it created, and its create runs nothing.
 */
export function createdWithoutRunWarning(previousUrn: string, urn: string): string {
    const name = (u: string) => u.slice(u.lastIndexOf("::") + 2);
    return (
        `sandbox.nuke: the command is ${show(name(urn))} now, ${show(name(previousUrn))} at the last deployment (the sandbox's account key changed): ` +
        "the preview shows it created and the old one deleted, and neither runs aws-nuke (sandbox.nuke.run and dryRun did not change). " +
        "Change sandbox.nuke.run to run it: a dry run first when this stack has not dry-run the account with this config."
    );
}
