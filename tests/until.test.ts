/**
 * Access that ends by itself (`until`): times, validation by path, the run's clock, and what the
 * program registers before and after an end, under the mock engine with a fixed LANDING_ZONE_NOW.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../config/load";
import { parseTime, runClock } from "../config/until";
import { Plan, Registration } from "../plan/engine";
import { one, ofType, planFailure, planStack, stackWith } from "./harness";

const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const MEMBERSHIP = "aws:identitystore/groupMembership:GroupMembership";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
const NOW = "2026-12-04T12:00:00Z";

/** Run the tests of a block with the clock at `now`. */
function at(now: string) {
    let before: string | undefined;
    beforeEach(() => {
        before = process.env.LANDING_ZONE_NOW;
        process.env.LANDING_ZONE_NOW = now;
    });
    afterEach(() => {
        if (before === undefined) delete process.env.LANDING_ZONE_NOW;
        else process.env.LANDING_ZONE_NOW = before;
    });
}

const incident = { target: "root", until: "2026-12-05T18:00:00Z", reason: "incident 4711" };
/** Pulumi.dev.yaml with bob.smith given AdministratorAccess on root until 2026-12-05 18:00 UTC. */
const devWithIncident = () =>
    stackWith("dev", {
        groups: (g) => ({ ...g, Responders: { description: "On call", access: { AdministratorAccess: [incident] } } }),
        users: (u) => ({ ...u, "bob.smith": { ...u["bob.smith"], groups: ["DeveloperGroup", { group: "Responders", until: "2026-12-05T18:00:00Z", reason: "incident 4711" }] } }),
    });

describe("until: scratch", () => {
    at(NOW);
    it("plans", async () => {
        const p = await planStack(devWithIncident());
        console.log(JSON.stringify(ofType(p, SCHEDULE).map((r) => r.inputs), null, 1));
        console.log(p.warnings);
    });
});
