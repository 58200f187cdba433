/**
 * The sandbox budget as pure code: the notifications an AWS Budgets cost budget gets from
 * `sandbox.budget` (tests/budget.test.ts). Limits are the Budgets API's (Notification: at most 10
 * per budget; NotificationWithSubscribers: at most 10 e-mail subscribers), enforced by the schema.
 */
import type { BudgetConfig } from "../schema";

/** One notification as `aws.budgets.Budget` takes it. */
export interface BudgetNotification {
    readonly notificationType: "ACTUAL" | "FORECASTED";
    readonly comparisonOperator: "GREATER_THAN";
    readonly threshold: number;
    readonly thresholdType: "PERCENTAGE";
    readonly subscriberEmailAddresses: string[];
}

/** A forecast over the whole limit always notifies: it is the warning that comes before the bill. */
export const FORECAST_THRESHOLD = 100;

/** An ACTUAL notification per threshold (ascending), then the FORECASTED one at 100%. */
export function budgetNotifications(budget: Pick<BudgetConfig, "thresholds" | "notify">): BudgetNotification[] {
    const to = [...budget.notify];
    const notify = (notificationType: "ACTUAL" | "FORECASTED", threshold: number): BudgetNotification => ({
        notificationType,
        comparisonOperator: "GREATER_THAN",
        threshold,
        thresholdType: "PERCENTAGE",
        subscriberEmailAddresses: [...to],
    });
    return [...[...budget.thresholds].sort((a, b) => a - b).map((t) => notify("ACTUAL", t)), notify("FORECASTED", FORECAST_THRESHOLD)];
}

/** The Budgets API's amount: digits, no exponent (`([0-9]*\.)?[0-9]+`). */
export function budgetAmount(limit: number): string {
    return limit.toFixed(2).replace(/\.?0+$/, "");
}
