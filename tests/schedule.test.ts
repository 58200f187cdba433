/**
 * EventBridge Scheduler expressions (config/sandbox/schedule.ts), checked offline as the service checks
 * them, and `sandbox.nuke.schedule`, `paused` and `notify` as a new user would write them.
 */
import { strict as assert } from "assert";
import { scheduleProblem } from "../config/sandbox/schedule";
import { configProblems, stackWith } from "./harness";

const withNuke = (nuke: Record<string, unknown>) => stackWith("dev", { sandbox: (s) => ({ ...s, nuke: { ...s.nuke, ...nuke } }) });

describe("nuke schedule expressions", () => {
    for (const valid of [
        "cron(0 18 ? * FRI *)",
        "cron(0 18 1 * ? *)",
        "cron(30 2 ? * MON-FRI *)",
        "cron(0 0/6 ? * * *)",
        "cron(0 8 ? * 6#3 *)",
        "cron(0 8 L * ? *)",
        "cron(0 8 15W * ? 2026-2030)",
        "cron(0,30 18 ? JAN,JUL FRI *)",
        "cron(0 18 ? * 6L *)",
        "rate(7 days)",
        "rate(1 day)",
        "rate(12 hours)",
        "rate(1 minute)",
        "at(2026-12-24T18:00:00)",
    ]) {
        it(`accepts ${valid}`, () => assert.equal(scheduleProblem(valid), undefined));
    }

    const invalid: [string, RegExp][] = [
        ["cron(0 18 * * FRI)", /^cron needs six fields .* got 5/],
        ["cron(0 18 * * FRI *)", /^exactly one of day-of-month \(3rd field\) and day-of-week \(5th field\) must be \?/],
        ["cron(0 18 ? * ? *)", /^exactly one of day-of-month/],
        ["cron(60 18 ? * FRI *)", /^minutes "60" is not a value \(0-59\)/],
        ["cron(0 24 ? * FRI *)", /^hours "24" is not a value \(0-23\)/],
        ["cron(0 18 ? * FRIDAY *)", /^day-of-week "FRIDAY" is not a value \(1-7 or SUN-SAT\)/],
        ["cron(0 18 ? 13 FRI *)", /^month "13" is not a value \(1-12 or JAN-DEC\)/],
        ["cron(0 18 32 * ? *)", /^day-of-month "32" is not a value/],
        ["cron(0 18 ? * FRI 1969)", /^year "1969" is not a value \(1970-2199\)/],
        ["cron(? 18 1 * ? *)", /^minutes cannot be \?/],
        ["rate(7 day)", /^a rate above 1 takes the plural unit: rate\(7 days\)/],
        ["rate(1 days)", /^a rate of 1 takes the singular unit: rate\(1 day\)/],
        ["rate(0 days)", /^rate needs a positive value/],
        ["rate(1 week)", /^rate needs a positive whole number and a unit/],
        ["rate(1.5 hours)", /^rate needs a positive whole number/],
        ["at(2026-02-30T18:00:00)", /is not a date and time that exists/],
        ["at(2026-12-24 18:00)", /^at needs a date and time yyyy-mm-ddThh:mm:ss/],
        ["0 18 * * 5", /^is not a schedule expression: rate\(value unit\), cron\(six fields\)/],
        ["every friday", /^is not a schedule expression/],
    ];
    for (const [expression, expected] of invalid) {
        it(`refuses ${expression}`, () => assert.match(scheduleProblem(expression) ?? "(accepted)", expected));
    }
});

describe("sandbox.nuke schedule keys", () => {
    it("accepts a schedule with someone to tell, and paused", () => {
        assert.deepEqual(configProblems(withNuke({ schedule: "cron(0 18 ? * FRI *)", notify: ["owner@example.org"] })), []);
        assert.deepEqual(configProblems(withNuke({ schedule: "rate(7 days)", paused: true, notify: ["owner@example.org"] })), []);
    });

    it("takes the budget's addresses when the nuke names none (Pulumi.dev.yaml has a budget)", () => {
        assert.deepEqual(configProblems(withNuke({ schedule: "rate(7 days)" })), []);
    });

    const cases: [string, Record<string, unknown>, string, ((s: any) => any)?][] = [
        ["a crontab line", { schedule: "0 18 * * 5", notify: ["a@example.org"] }, 'sandbox.nuke.schedule: "0 18 * * 5": is not a schedule expression'],
        ["both day fields set", { schedule: "cron(0 18 * * FRI *)", notify: ["a@example.org"] }, 'sandbox.nuke.schedule: "cron(0 18 * * FRI *)": exactly one of day-of-month'],
        ["a rate in weeks", { schedule: "rate(1 week)", notify: ["a@example.org"] }, 'sandbox.nuke.schedule: "rate(1 week)": rate needs a positive whole number and a unit'],
        ["a schedule that is a number", { schedule: 7, notify: ["a@example.org"] }, "sandbox.nuke.schedule: 7 is not a schedule expression"],
        ["paused as a string", { schedule: "rate(7 days)", paused: "yes", notify: ["a@example.org"] }, 'sandbox.nuke.paused: "yes" is not a paused flag (true or false)'],
        ["a bad summary address", { schedule: "rate(7 days)", notify: ["ops at example.org"] }, 'sandbox.nuke.notify[0]: "ops at example.org" is not an email address'],
        ["paused without a schedule", { paused: true }, "sandbox.nuke.paused: pauses a schedule, but sandbox.nuke.schedule is not set"],
        ["notify without a schedule", { notify: ["a@example.org"] }, "sandbox.nuke.notify: is for scheduled runs, but sandbox.nuke.schedule is not set"],
        [
            "a schedule with nobody to tell",
            { schedule: "rate(7 days)" },
            "sandbox.nuke.notify: missing: a scheduled nuke e-mails each run's summary; set sandbox.nuke.notify (or sandbox.budget.notify)",
            ({ budget: _b, ...s }) => s,
        ],
        ["a misspelled key", { schedule: "rate(7 days)", schedul: "x" }, "sandbox.nuke.schedul: unknown key (did you mean schedule?"],
    ];
    for (const [what, nuke, expected, sandboxEdit] of cases) {
        it(`refuses ${what}`, () => {
            const config = stackWith("dev", { sandbox: (s) => ({ ...(sandboxEdit ? sandboxEdit(s) : s), nuke: { ...s.nuke, ...nuke } }) });
            const problems = configProblems(config);
            assert.ok(problems.some((p) => p.startsWith(expected)), `expected a problem starting\n    ${expected}\n  got\n    ${problems.join("\n    ") || "(none)"}`);
        });
    }
});
