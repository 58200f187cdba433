/**
 * The sandbox budget: the pure builder (config/sandbox/budget.ts), the validation of `sandbox.budget`, and
 * the aws.budgets.Budget the program registers in the management account.
 */
import { strict as assert } from "assert";
import { budgetAmount, budgetNotifications } from "../config/sandbox/budget";
import { Plan } from "../plan/engine";
import { sandboxNotes } from "../plan/report";
import { configProblems, one, ofType, planStack, stackFile, stackWith } from "./harness";

const BUDGET = "aws:budgets/budget:Budget";
const ACCOUNT = "aws:organizations/account:Account";

const withBudget = (budget: unknown) => stackWith("dev", { sandbox: (s) => ({ ...s, budget }) });

describe("sandbox budget", () => {
    describe("notifications", () => {
        it("notifies actual spend at each threshold, ascending, then a forecast over 100%", () => {
            const n = budgetNotifications({ thresholds: [100, 50, 80], notify: ["a@example.org"] });
            assert.deepEqual(
                n.map((x) => [x.notificationType, x.threshold]),
                [
                    ["ACTUAL", 50],
                    ["ACTUAL", 80],
                    ["ACTUAL", 100],
                    ["FORECASTED", 100],
                ],
            );
            for (const x of n) {
                assert.equal(x.comparisonOperator, "GREATER_THAN");
                assert.equal(x.thresholdType, "PERCENTAGE");
                assert.deepEqual(x.subscriberEmailAddresses, ["a@example.org"]);
            }
        });

        it("writes the limit as the Budgets API's amount (digits, no exponent, no trailing zeros)", () => {
            assert.equal(budgetAmount(50), "50");
            assert.equal(budgetAmount(12.5), "12.5");
            assert.equal(budgetAmount(0.01), "0.01");
            assert.equal(budgetAmount(1_000_000_000), "1000000000");
        });
    });

    describe("in the plan (Pulumi.dev.yaml)", () => {
        let plan: Plan;
        before(async () => (plan = await planStack(stackFile("dev"))));

        it("is a monthly cost budget of the sandbox's limit, in USD, named after the account key", () => {
            const budget = one(plan, BUDGET, "sandbox-budget");
            assert.equal(budget.inputs.name, "sandbox-sandbox-monthly");
            assert.equal(budget.inputs.budgetType, "COST");
            assert.equal(budget.inputs.timeUnit, "MONTHLY");
            assert.equal(budget.inputs.limitAmount, "50");
            assert.equal(budget.inputs.limitUnit, "USD");
        });

        it("counts the sandbox account's costs alone (LinkedAccount = its id)", () => {
            const sandboxId = one(plan, ACCOUNT, "sandbox").id;
            const budget = one(plan, BUDGET, "sandbox-budget");
            assert.deepEqual(budget.inputs.costFilters, [{ name: "LinkedAccount", values: [sandboxId] }]);
            assert.ok(budget.dependencies.includes(one(plan, ACCOUNT, "sandbox").urn), "it depends on the sandbox account");
        });

        it("e-mails notify at 80% and 100% spent and at a forecast over 100%", () => {
            const budget = one(plan, BUDGET, "sandbox-budget");
            assert.deepEqual(budget.inputs.notifications, [
                { comparisonOperator: "GREATER_THAN", notificationType: "ACTUAL", subscriberEmailAddresses: ["owner@example.org"], threshold: 80, thresholdType: "PERCENTAGE" },
                { comparisonOperator: "GREATER_THAN", notificationType: "ACTUAL", subscriberEmailAddresses: ["owner@example.org"], threshold: 100, thresholdType: "PERCENTAGE" },
                { comparisonOperator: "GREATER_THAN", notificationType: "FORECASTED", subscriberEmailAddresses: ["owner@example.org"], threshold: 100, thresholdType: "PERCENTAGE" },
            ]);
        });

        it("is summed up in the offline plan", () => {
            const sandboxId = one(plan, ACCOUNT, "sandbox").id;
            assert.ok(sandboxNotes(plan).includes(`Budget sandbox-sandbox-monthly: 50 USD a month for account sandbox (${sandboxId}), e-mailed at 80%, 100%, forecast 100%.`));
        });

        it("lives in the management account (the default provider, no assumed role)", () => {
            assert.equal(one(plan, BUDGET, "sandbox-budget").provider, undefined);
        });

        it("is not planned without a budget block", async () => {
            const none = await planStack(stackWith("dev", { sandbox: ({ budget: _b, ...s }) => s }));
            assert.deepEqual(ofType(none, BUDGET), []);
        });
    });

    describe("validation", () => {
        const cases: [string, unknown, string][] = [
            ["no limit", { notify: ["a@example.org"] }, "sandbox.budget.monthlyLimit: missing: expected a number"],
            ["a limit in quotes with a currency sign", { monthlyLimit: "$50", notify: ["a@example.org"] }, 'sandbox.budget.monthlyLimit: "$50" is not a number'],
            ["a zero limit", { monthlyLimit: 0, notify: ["a@example.org"] }, "sandbox.budget.monthlyLimit: 0 is not a positive amount"],
            ["a negative limit", { monthlyLimit: -5, notify: ["a@example.org"] }, "sandbox.budget.monthlyLimit: -5 is not a positive amount"],
            ["fractions of a cent", { monthlyLimit: 9.999, notify: ["a@example.org"] }, "sandbox.budget.monthlyLimit: 9.999 has more than two decimals"],
            ["euros", { monthlyLimit: 50, currency: "EUR", notify: ["a@example.org"] }, 'sandbox.budget.currency: "EUR" is not a supported currency: AWS Budgets takes USD only'],
            ["an address without a domain", { monthlyLimit: 50, notify: ["owner"] }, 'sandbox.budget.notify[0]: "owner" is not an email address'],
            ["one address as a string", { monthlyLimit: 50, notify: "owner@example.org" }, 'sandbox.budget.notify: "owner@example.org" is not a list of email addresses'],
            ["nobody to notify", { monthlyLimit: 50, notify: [] }, "sandbox.budget.notify: is empty: name at least one address"],
            [
                "eleven addresses",
                { monthlyLimit: 50, notify: Array.from({ length: 11 }, (_, i) => `p${i}@example.org`) },
                "sandbox.budget.notify: has 11 addresses; AWS takes at most 10 e-mail subscribers per notification",
            ],
            ["a threshold of 0", { monthlyLimit: 50, notify: ["a@example.org"], thresholds: [0, 100] }, "sandbox.budget.thresholds[0]: 0 is not a percentage from 1 to 1000"],
            ["a threshold over 1000%", { monthlyLimit: 50, notify: ["a@example.org"], thresholds: [1500] }, "sandbox.budget.thresholds[0]: 1500 is not a percentage from 1 to 1000"],
            ["a threshold written as a percentage string", { monthlyLimit: 50, notify: ["a@example.org"], thresholds: ["80%"] }, 'sandbox.budget.thresholds[0]: "80%" is not a percentage'],
            ["no thresholds", { monthlyLimit: 50, notify: ["a@example.org"], thresholds: [] }, "sandbox.budget.thresholds: is empty"],
            [
                "ten thresholds",
                { monthlyLimit: 50, notify: ["a@example.org"], thresholds: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] },
                "sandbox.budget.thresholds: has more than 9 percentages: a budget has at most 10 notifications",
            ],
            ["a misspelled key", { monthlyLimit: 50, notify: ["a@example.org"], threshold: [80] }, "sandbox.budget.threshold: unknown key (did you mean thresholds?"],
        ];
        for (const [what, budget, expected] of cases) {
            it(`refuses ${what}`, () => {
                const problems = configProblems(withBudget(budget));
                assert.ok(
                    problems.some((p) => p.startsWith(expected)),
                    `expected a problem starting\n    ${expected}\n  got\n    ${problems.join("\n    ") || "(none)"}`,
                );
            });
        }

        it("accepts a limit with cents, duplicate thresholds (deduplicated) and defaults the currency", () => {
            assert.deepEqual(configProblems(withBudget({ monthlyLimit: 12.5, notify: ["a@example.org"], thresholds: [100, 50, 50] })), []);
        });
    });
});
