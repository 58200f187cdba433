import * as pulumi from "@pulumi/pulumi";
import { own } from "../config/keys";
import { permissionSetsAssignedTo } from "../config/sandbox/nuke";
import { readNukeScript, runSummaryRecipients } from "../config/sandbox/runner";
import type { LandingZoneConfig } from "../config/schema";
import type { Organization } from "./organization";
import { SandboxBudget } from "./sandboxBudget";
import { SandboxGuardrails } from "./sandboxGuardrails";
import { SandboxNuke } from "./sandboxNuke";
import { ScheduledNuke } from "./scheduledNuke";

export interface SandboxArgs {
    /** The validated stack config: its `sandbox` block, and the access, permission sets and provider settings the nuke keeps. */
    readonly config: LandingZoneConfig & { readonly sandbox: NonNullable<LandingZoneConfig["sandbox"]> };
    /** The organisation: the sandbox's account id, every account to blocklist, the management account, the policy types. */
    readonly organization: Organization;
}

/**
 * The sandbox account, sealed: the nuke that empties it (SandboxNuke), its monthly budget
 * (SandboxBudget, with `sandbox.budget`), the service control policy that keeps it inside the
 * regions the nuke cleans (SandboxGuardrails, unless `sandbox.guardrails: false`), and the nuke on
 * a schedule in AWS (ScheduledNuke, with `sandbox.nuke.schedule`), each built from the config the
 * way it needs, in this order.
 *
 * It composes them and registers nothing of its own: its parts stay children of the stack, under
 * the names and URNs they have always had (a parent component would change every URN below it, and
 * aliases would keep the resources but not the plan), so moving to it replaces nothing.
 *
 * @example
 * const sandbox = config.sandbox && new Sandbox({ config: { ...config, sandbox: config.sandbox }, organization });
 */
export class Sandbox {
    public readonly nuke: SandboxNuke;
    public readonly budget?: SandboxBudget;
    public readonly guardrails?: SandboxGuardrails;
    public readonly scheduled?: ScheduledNuke;

    constructor(args: SandboxArgs) {
        const { config, organization } = args;
        const { sandbox } = config;
        const name = sandbox.account;
        this.nuke = new SandboxNuke(name, {
            sandbox,
            assignedPermissionSets: permissionSetsAssignedTo(config, sandbox.account),
            permissionSets: config.permissionSets,
            accountIds: organization.accountIds,
            managementAccountId: organization.managementAccountId,
            region: config.region,
            awsProvider: config.awsProvider,
        });
        const accountId = own(organization.accountId, sandbox.account);
        // Validation has made sure the sandbox is one of the accounts; without an id, nothing is aimed at it.
        if (sandbox.budget && accountId) this.budget = new SandboxBudget(name, { account: sandbox.account, accountId, budget: sandbox.budget });
        if (sandbox.guardrails && accountId) {
            this.guardrails = new SandboxGuardrails(name, { account: sandbox.account, accountId, regions: sandbox.nuke.regions, policyTypesEnabledBy: organization });
        }
        if (sandbox.nuke.schedule) {
            this.scheduled = new ScheduledNuke(name, {
                account: sandbox.account,
                schedule: sandbox.nuke.schedule,
                paused: sandbox.nuke.paused,
                notify: runSummaryRecipients(sandbox),
                roleArn: this.nuke.roleArn,
                nukeConfig: this.nuke.nukeConfig,
                dryRun: this.nuke.realRun.apply((real) => !real),
                alias: this.nuke.alias,
                script: readNukeScript(),
                managementAccountId: organization.managementAccountId,
                region: config.region,
            });
        }
    }

    /** The sandbox's stack outputs, in the order the stack exports them. */
    public outputs(): Record<string, pulumi.Output<unknown> | undefined> {
        return {
            sandboxAccountId: this.nuke.accountId,
            sandboxAlias: this.nuke.alias,
            nukeConfig: this.nuke.nukeConfig,
            nukeCommand: this.nuke.command,
            nukeOutcome: this.nuke.outcome,
            nukeTriggers: this.nuke.triggers,
            nukeDryRuns: this.nuke.dryRuns,
            sandboxBudget: this.budget?.budgetName,
            sandboxGuardrailsPolicyId: this.guardrails?.policyId,
            nukeRunnerProject: this.scheduled?.projectName,
            nukeRunsTopicArn: this.scheduled?.topicArn,
            nukeRegistration: this.nuke.registration,
        };
    }
}
