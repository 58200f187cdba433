import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { budgetName } from "../config/awsNames";
import { budgetAmount, budgetNotifications } from "../config/sandbox/budget";
import type { BudgetConfig } from "../config/schema";

export interface SandboxBudgetArgs {
    /** The sandbox's account key (`sandbox.account`): names the budget. */
    readonly account: string;
    /** The sandbox's account id: the budget counts this linked account's costs only. */
    readonly accountId: pulumi.Input<string>;
    /** `sandbox.budget`, validated (positive limit in USD, 1-10 addresses, 1-9 thresholds of 1-1000%). */
    readonly budget: BudgetConfig;
}

/**
 * A monthly AWS Budgets cost budget of the sandbox account, kept in the management account (the
 * payer, the only account whose budgets can see a member's costs), with its `LinkedAccount` cost
 * filter set to the sandbox. E-mails `notify` when actual spend passes each threshold and when the
 * month's forecast passes the limit.
 */
export class SandboxBudget extends pulumi.ComponentResource {
    /** The budget's name. */
    public readonly budgetName: pulumi.Output<string>;

    constructor(name: string, args: SandboxBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:index:SandboxBudget", name, {}, opts);
        const budget = new aws.budgets.Budget(
            `${name}-budget`,
            {
                name: budgetName(args.account),
                budgetType: "COST",
                timeUnit: "MONTHLY",
                limitAmount: budgetAmount(args.budget.monthlyLimit),
                limitUnit: args.budget.currency,
                costFilters: [{ name: "LinkedAccount", values: [args.accountId] }],
                notifications: budgetNotifications(args.budget),
            },
            { parent: this },
        );
        this.budgetName = budget.name;
        this.registerOutputs({ budgetName: this.budgetName });
    }
}
