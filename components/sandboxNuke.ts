import * as aws from "@pulumi/aws";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
    accessRoleArn,
    customerManagedPoliciesOf,
    generateNukeConfig,
    nukeCreateCommand,
    nukeOutcome,
    nukeOutcomeWarning,
    sandboxAlias,
    sha256,
} from "../config/sandbox/nuke";
import {
    CREATE_RUNS_NOTHING,
    configAppliesAtNextRun,
    createRunsNuke,
    createdWithoutRunWarning,
    firstRealRunWarning,
    hasDryRun,
    nukeTriggers,
    readNukeMemory,
    rememberDryRuns,
} from "../config/sandbox/nukeMemory";
import type { DryRun, NukeRegistration } from "../config/sandbox/nukeMemory";
import { show } from "../config/schema";
import type { AwsProviderSettings, PermissionSetConfig, SandboxConfig } from "../config/schema";
import { own } from "../config/keys";

/** The command's `update`: an input change that is no trigger must not run aws-nuke. */
export const UPDATE_RUNS_NOTHING = "echo 'landing-zone: aws-nuke runs again only when sandbox.nuke.run or dryRun change'";

/** The stack outputs the nuke reads back from the stack's last deployment (config/sandbox/nukeMemory.ts). */
export const MEMORY_OUTPUTS = ["nukeTriggers", "nukeDryRuns", "nukeOutcome", "nukeConfig", "nukeCommand", "nukeRegistration"] as const;

/** This stack, as a StackReference names it: `organization/project/stack` (the DIY backend's organisation is `organization`). */
function selfReference(): string {
    return `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
}

export interface SandboxNukeArgs {
    /**
     * The `sandbox` block of the stack config. Validation has already refused a sandbox that is
     * the management account, an unknown account, or one whose key, name or alias contains `prod`.
     */
    readonly sandbox: SandboxConfig;
    /**
     * The permission sets assigned to the sandbox, through any group or user and any target
     * (config/sandbox/nuke.ts permissionSetsAssignedTo): the customer managed policies they
     * reference are kept. (Their Identity Center roles are kept by path, whatever is assigned.)
     */
    readonly assignedPermissionSets: readonly string[];
    /**
     * Permission set name → permission set: the customer managed policies of those assigned to the
     * sandbox are kept too (Identity Center needs them there).
     * @default {}
     */
    readonly permissionSets?: Readonly<Record<string, PermissionSetConfig>>;
    /** Account key → account id for every account the stack knows, the management account's included. */
    readonly accountIds: pulumi.Input<Record<string, string>>;
    /** The management account's id: always blocklisted, never the sandbox. */
    readonly managementAccountId: pulumi.Input<string>;
    /** Region of the provider that works in the sandbox (the stack's `aws:region`). */
    readonly region: string;
    /**
     * The stack's `aws:profile`, `aws:retryMode`, `aws:maxRetries`: the sandbox provider assumes
     * the access role from the same credentials as the default provider, and the nuke script runs
     * with that profile.
     * @default {}
     */
    readonly awsProvider?: AwsProviderSettings;
}

/**
 * Empties the sandbox account with aws-nuke, safe by construction.
 *
 * - An AWS provider assuming `OrganizationAccountAccessRole` in the sandbox gives it an account
 *   alias (`<sandbox.alias or account key>-<random>`), which aws-nuke requires.
 * - The aws-nuke config is generated from the model (config/sandbox/nuke.ts): only the sandbox under
 *   `accounts`, every other account blocklisted, filters keeping the way in and sign-in.
 * - A local command writes that config (its stdin) to a private file and runs scripts/nuke-sandbox.sh
 *   with the aws-nuke invocation on it (config/sandbox/nuke.ts nukeCreateCommand). It runs at `up` when
 *   created and again when `sandbox.nuke.run` or `dryRun` changes: its triggers, which replace it,
 *   kept byte for byte from the last deployment otherwise (config/sandbox/nukeMemory.ts). Any other change
 *   (a new generated config, a new invocation, an upgrade of this program) runs a no-op `update`
 *   that stores it for the next run. Created under a new name (the account key renamed) with the
 *   triggers the stack remembers, its `create` runs nothing either (`registration`). The command provider never runs anything during preview, and
 *   with no `delete` command deleting it deletes nothing.
 * - A real run needs a dry run of the same account with the same config, made by this stack: the
 *   stack remembers its dry runs in its outputs (`dryRuns`), read back through a StackReference to
 *   itself. Until then `create` runs a dry run, and a warning says what to check in its output.
 * - The script's exit code is recorded in the command's output rather than failing it, so a failed
 *   run is not repeated by the next unrelated `up`; `outcome` reads it back and a warning says so on
 *   every later preview and `up`. With `dryRun: false`, every preview warns that creating or
 *   replacing the command runs a real nuke.
 *
 * @example
 * new SandboxNuke("sandbox", {
 *     sandbox: config.sandbox, assignedPermissionSets: permissionSetsAssignedTo(config, config.sandbox.account),
 *     permissionSets: config.permissionSets,
 *     accountIds: organization.accountIds, managementAccountId: organization.managementAccountId,
 *     region: config.region,
 * });
 */
export class SandboxNuke extends pulumi.ComponentResource {
    /** The sandbox's account id. */
    public readonly accountId: pulumi.Output<string>;
    /** The sandbox's account alias. */
    public readonly alias: pulumi.Output<string>;
    /** The role aws-nuke assumes: the sandbox's OrganizationAccountAccessRole. */
    public readonly roleArn: pulumi.Output<string>;
    /** The generated aws-nuke v3 config (YAML). */
    public readonly nukeConfig: pulumi.Output<string>;
    /**
     * What a run of the command runs (its `create`, but for CREATE_RUNS_NOTHING): the config written
     * to a private file, then the guard script with the aws-nuke invocation, its exit code recorded
     * as the output's last line.
     */
    public readonly command: pulumi.Output<string>;
    /** The last recorded run: the script's exit code and summary lines; undefined before the first. */
    public readonly outcome: pulumi.Output<{ exitCode: number; summary: string[] } | undefined>;
    /**
     * Whether aws-nuke's next run is real: `dryRun: false` and a dry run of this account with this
     * config recorded by this stack. Otherwise the command (and the schedule) run dry runs.
     */
    public readonly realRun: pulumi.Output<boolean>;
    /** The command's triggers, exported as `nukeTriggers` so the next deployment keeps them (config/sandbox/nukeMemory.ts). */
    public readonly triggers: pulumi.Output<string[]>;
    /** The dry runs this stack made (account id, config sha256, run), exported as `nukeDryRuns`: a real run needs one. */
    public readonly dryRuns: pulumi.Output<DryRun[]>;
    /**
     * The command's URN and whether its `create` runs aws-nuke, exported as `nukeRegistration`: the
     * next deployment tells from it a create under a new URN, which must not run aws-nuke.
     */
    public readonly registration: pulumi.Output<NukeRegistration>;

    constructor(name: string, args: SandboxNukeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:index:SandboxNuke", name, {}, opts);
        const { sandbox } = args;

        const ids = pulumi.output(args.accountIds);
        this.accountId = ids.apply((all) => own(all, sandbox.account) as string);
        const roleArn = this.accountId.apply(accessRoleArn);
        this.roleArn = roleArn;

        const provider = new aws.Provider(
            `${name}-provider`,
            { ...args.awsProvider, region: args.region, assumeRoles: [{ roleArn, sessionName: "landing-zone" }] },
            { parent: this },
        );

        const suffix = new random.RandomString(
            `${name}-alias-suffix`,
            { length: 8, lower: true, upper: false, numeric: true, special: false },
            { parent: this },
        );
        const prefix = sandbox.alias ?? sandbox.account;
        const alias = new aws.iam.AccountAlias(
            `${name}-alias`,
            { accountAlias: suffix.result.apply((s) => sandboxAlias(prefix, s)) },
            // An account has one alias: a new one can only be set once the old one is gone.
            { parent: this, provider, deleteBeforeReplace: true },
        );
        this.alias = alias.accountAlias;

        const customerManagedPolicies = customerManagedPoliciesOf(args.permissionSets ?? {}, args.assignedPermissionSets);
        this.nukeConfig = pulumi.all([ids, args.managementAccountId]).apply(([accountIds, managementAccountId]) =>
            generateNukeConfig({
                sandbox: sandbox.account,
                accountIds,
                managementAccountId,
                regions: sandbox.nuke.regions,
                customerManagedPolicies,
                cdkQualifier: sandbox.nuke.cdkQualifier,
                keep: sandbox.nuke.keep,
            }),
        );
        const configSha256 = this.nukeConfig.apply(sha256);

        // The stack's own previous outputs: the triggers it registered and the dry runs it made.
        const self = new pulumi.StackReference(`${name}-memory`, { name: selfReference() }, { parent: this });
        const memory = pulumi
            .all(MEMORY_OUTPUTS.map((key) => self.getOutput(key)))
            .apply((values) => readNukeMemory(Object.fromEntries(MEMORY_OUTPUTS.map((key, i) => [key, values[i]]))));

        // A real run needs a dry run of the same account with the same config, made by this stack:
        // naming the wrong account as the sandbox shows in that dry run, and nowhere else.
        const real = pulumi
            .all([memory, this.accountId, configSha256])
            .apply(([m, accountId, hash]) => !sandbox.nuke.dryRun && hasDryRun(m, accountId, hash));
        this.realRun = real;
        this.command = pulumi
            .all([roleArn, real, this.accountId, configSha256])
            .apply(([arn, isReal, accountId, hash]) => nukeCreateCommand({ roleArn: arn, dryRun: !isReal, record: { accountId, configSha256: hash } }));
        this.triggers = memory.apply((m) => nukeTriggers(m, { run: sandbox.nuke.run, dryRun: sandbox.nuke.dryRun }, sha256));
        pulumi.all([memory, real, this.accountId, configSha256, alias.accountAlias]).apply(([m, isReal, accountId, hash, aliasName]) => {
            if (!sandbox.nuke.dryRun && !isReal) pulumi.log.warn(firstRealRunWarning(sandbox.account, accountId, hash, aliasName), this);
            if (m.config !== undefined && m.config !== "" && sha256(m.config) !== hash) pulumi.log.warn(configAppliesAtNextRun(sha256(m.config), hash), this);
        });
        if (!sandbox.nuke.dryRun) {
            // The preview of any change shows `+ sandbox-nuke create` or `+- replace` when the nuke
            // runs: say what that means next to it, every time, since it deletes.
            pulumi.log.warn(
                `sandbox.nuke.dryRun is false: whenever a preview shows ${name}-nuke (command:local:Command) being replaced, ` +
                    `or created with a sandbox.nuke.run or dryRun this stack has not registered, \`pulumi up\` runs a REAL aws-nuke that deletes everything in the sandbox account ` +
                    `${show(sandbox.account)} except what its filters keep.`,
                this,
            );
        }

        // A new URN is a create, and a create runs `create`: with the triggers the stack remembers
        // (no change of run or dryRun), the create only records that (config/sandbox/nukeMemory.ts).
        const urn = pulumi.createUrn(`${name}-nuke`, "command:local:Command", this);
        const createRuns = pulumi.all([memory, urn, this.triggers]).apply(([m, u, t]) => createRunsNuke(m, u, t, sha256));
        pulumi.all([memory, urn, createRuns]).apply(([m, u, runs]) => {
            if (!runs && m.registration !== undefined && m.registration.urn !== u) pulumi.log.warn(createdWithoutRunWarning(m.registration.urn, u), this);
        });

        const nuke = new command.local.Command(
            `${name}-nuke`,
            {
                create: pulumi.all([createRuns, this.command]).apply(([runs, c]) => (runs ? c : CREATE_RUNS_NOTHING)),
                stdin: this.nukeConfig,
                environment: {
                    AWS_REGION: args.region,
                    AWS_DEFAULT_REGION: args.region,
                    // The script checks that the assumed account carries this alias.
                    NUKE_SANDBOX_ALIAS: alias.accountAlias,
                    ...(args.awsProvider?.profile !== undefined && { AWS_PROFILE: args.awsProvider.profile }),
                },
                // aws-nuke runs again exactly when a trigger changes: the command provider replaces
                // the resource on any trigger change, and replacing runs `create`. The triggers
                // change with sandbox.nuke.run and dryRun only (config/sandbox/nukeMemory.ts nukeTriggers).
                triggers: this.triggers,
                // Any other input change (a new generated config on stdin, a new invocation, a new
                // aws:profile) is an update, and without `update` the provider would run `create`
                // for it: a nuke nobody asked for. The new inputs are stored, and the next run uses them.
                update: UPDATE_RUNS_NOTHING,
                // The previous run's output can be megabytes: too big for an environment variable.
                addPreviousOutputInEnv: false,
            },
            // aws-nuke refuses an account without an alias. No `delete`: deleting it deletes nothing.
            { parent: this, dependsOn: [alias] },
        );
        // The script's exit code is recorded (nukeCreateCommand), not raised: read it back from the
        // state so a failed run says so on every preview and up until it is run again on purpose.
        // An `update` replaces the command's stdout with its own echo (pulumi-command
        // commandController.go Update runs it into the state's outputs): the last run's outcome is
        // then the one the stack remembers.
        const recorded = pulumi.all([nuke.stdout, memory]).apply(([stdout, m]) => nukeOutcome(stdout) ?? m.outcome);
        this.outcome = recorded.apply((outcome) => {
            const warning = nukeOutcomeWarning(outcome, sandbox.nuke.run);
            if (warning !== undefined) pulumi.log.warn(warning, this);
            return outcome === undefined ? undefined : { exitCode: outcome.exitCode, summary: [...outcome.summary] };
        });
        this.dryRuns = pulumi
            .all([nuke.stdout, memory])
            .apply(([stdout, m]) => {
                const fresh = nukeOutcome(stdout);
                return rememberDryRuns(m, fresh?.record, fresh?.exitCode, sandbox.nuke.run);
            });
        this.registration = pulumi.all([nuke.urn, createRuns]).apply(([u, runs]) => ({ urn: u, createRuns: runs }));

        this.registerOutputs({
            accountId: this.accountId,
            alias: this.alias,
            nukeConfig: this.nukeConfig,
            command: this.command,
            outcome: this.outcome,
            triggers: this.triggers,
            dryRuns: this.dryRuns,
            registration: this.registration,
        });
    }
}
