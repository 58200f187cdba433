/**
 * The physical names derived from config keys fit their APIs' limits and patterns for every key
 * the schema accepts, and a name that fits is the name it always was.
 */
import { strict as assert } from "assert";
import { NAME_RULES, budgetName, derivedNames, guardrailsPolicyName, nameWithKey, runnerNames } from "../config/awsNames";
import { sandboxAlias } from "../config/sandbox/nuke";
import { accountKey } from "../config/schema";
import { Plan } from "../plan/engine";
import { ofType, planStack, stackWith } from "./harness";

/** A seeded generator (mulberry32), so a failure names a key that fails again. */
function random(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/**
 * Account keys the schema accepts: lowercase letters and digits in hyphen-separated runs, 1-50
 * characters; every length, with short and long runs, and the longest keys made of one-character
 * runs (the most hyphens), which a cut is most likely to end in.
 */
function generatedKeys(count: number): string[] {
    const next = random(17);
    const chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
        const length = 1 + (i % 50);
        const runMax = 1 + Math.floor(next() * 12);
        let key = "";
        while (key.length < length) {
            const run = Math.min(1 + Math.floor(next() * runMax), length - key.length - (key ? 1 : 0));
            if (run < 1) break;
            key += (key ? "-" : "") + Array.from({ length: run }, () => chars[Math.floor(next() * chars.length)]).join("");
        }
        keys.push(key);
    }
    keys.push("a".repeat(50), "a-".repeat(24) + "ab", "0".repeat(50), "ab-".repeat(16) + "ab");
    return keys.filter((k) => accountKey.safeParse(k).success && !/prod/.test(k));
}
const KEYS = generatedKeys(2000);

/** The names as the program made them before they were checked: what a stack created then holds. */
function namesBefore(account: string) {
    const base = `sandbox-${account}-nuke`;
    return {
        project: base,
        schedule: base,
        // New with the schedule's own group: named as the schedule is.
        scheduleGroup: base,
        topic: `${base}-runs`,
        logGroup: `/aws/codebuild/${base}`,
        buildRole: `${base}-build`,
        schedulerRole: `${base}-scheduler`,
        budget: `sandbox-${account}-monthly`,
        guardrails: `sandbox-${account}-guardrails`,
    };
}

const KIND_OF = {
    project: "codebuildProject",
    schedule: "schedule",
    scheduleGroup: "schedule",
    topic: "snsTopic",
    logGroup: "logGroup",
    buildRole: "iamRole",
    schedulerRole: "iamRole",
    budget: "budget",
    guardrails: "organizationsPolicy",
} as const;

describe("names derived from config keys", () => {
    it("the generated keys are keys the schema accepts, of every length from 1 to 50", () => {
        assert.ok(KEYS.length > 1900, `${KEYS.length}`);
        assert.deepEqual([...new Set(KEYS.map((k) => k.length))].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it("every derived name fits its API's length and pattern, for every key the schema accepts", () => {
        for (const key of KEYS) {
            for (const { kind, name } of derivedNames(key)) {
                const rule = NAME_RULES[kind];
                assert.ok(name.length <= rule.max, `${key}: ${name} is ${name.length} characters, over ${rule.max} for ${rule.what}`);
                assert.match(name, rule.pattern, `${key}: ${name} is not ${rule.what}`);
            }
            // Pulumi names each role policy after its logical name, with a hyphen and 7 random hex
            // digits: IAM's policy names take 1-128 characters of [\w+=,.@-].
            for (const logical of [`${key}-build-policy`, `${key}-scheduler-policy`]) assert.match(`${logical}-abcdef0`, /^[\w+=,.@-]{1,128}$/);
            // The account alias: IAM's 3-63 characters, checked by sandboxAlias itself.
            assert.doesNotThrow(() => sandboxAlias(key, "a1b2c3d4"), key);
        }
    });

    it("a 50-character key gets IAM role names of at most 64 characters that still say what they are", () => {
        const key = "a".repeat(50);
        const names = runnerNames(key);
        assert.equal(`sandbox-${key}-nuke-scheduler`.length, 73);
        assert.equal(names.schedulerRole.length, 64);
        assert.match(names.schedulerRole, /^sandbox-a+-[0-9a-f]{8}-nuke-scheduler$/);
        assert.match(names.buildRole, /^sandbox-a+-[0-9a-f]{8}-nuke-build$/);
        assert.ok(names.buildRole.length <= 64);
    });

    it("keeps every name that fits exactly as it was, so no existing resource is renamed or replaced", () => {
        let unchanged = 0;
        for (const key of KEYS) {
            const before = namesBefore(key);
            const now = { ...runnerNames(key), budget: budgetName(key), guardrails: guardrailsPolicyName(key) };
            for (const [part, name] of Object.entries(now)) {
                const old = before[part as keyof typeof before];
                const rule = NAME_RULES[KIND_OF[part as keyof typeof KIND_OF]];
                if (old.length <= rule.max) {
                    assert.equal(name, old, `${key}: ${part}`);
                    unchanged++;
                } else assert.notEqual(name, old);
            }
        }
        assert.ok(unchanged > KEYS.length * 7, `${unchanged}`);
        assert.equal(runnerNames("sandbox").schedulerRole, "sandbox-sandbox-nuke-scheduler");
    });

    it("shortens deterministically, and two keys that share a start still get different names", () => {
        const a = `${"x".repeat(45)}-aaaa`;
        const b = `${"x".repeat(45)}-bbbb`;
        assert.equal(runnerNames(a).schedulerRole, runnerNames(a).schedulerRole);
        assert.notEqual(runnerNames(a).schedulerRole, runnerNames(b).schedulerRole);
        assert.notEqual(runnerNames(a).buildRole, runnerNames(b).buildRole);
    });

    it("never leaves a doubled hyphen where the key is cut", () => {
        for (const key of KEYS) for (const { name } of derivedNames(key)) assert.ok(!name.includes("--"), `${key}: ${name}`);
    });

    it("refuses a prefix and suffix that leave no room for a key", () => {
        assert.throws(() => nameWithKey("iamRole", "p".repeat(40), "k".repeat(60), "s".repeat(20)), /leaves no room for a key in an IAM role name \(at most 64 characters\)/);
    });

    describe("in the plan", () => {
        const key = "a-very-long-sandbox-account-key-of-fifty-chars-xyz";
        let plan: Plan;
        before(async () => {
            assert.equal(key.length, 50);
            plan = await planStack(
                stackWith("prod", {
                    accounts: (accounts) => {
                        const { sandbox, ...rest } = accounts;
                        return { ...rest, [key]: sandbox };
                    },
                    sandbox: (s) => ({ ...s, account: key }),
                    groups: (groups) => JSON.parse(JSON.stringify(groups).replace(/"sandbox"/g, JSON.stringify(key))),
                    users: (users) => JSON.parse(JSON.stringify(users).replace(/"sandbox"/g, JSON.stringify(key))),
                }),
            );
        });

        it("names the runner's resources, the budget and the policy with the derived names", () => {
            const names = runnerNames(key);
            const inputs = (type: string) => ofType(plan, type).map((r) => r.inputs.name);
            assert.deepEqual(inputs("aws:iam/role:Role").sort(), [names.buildRole, names.schedulerRole].sort());
            assert.deepEqual(inputs("aws:codebuild/project:Project"), [names.project]);
            assert.deepEqual(inputs("aws:scheduler/schedule:Schedule"), [names.schedule]);
            assert.deepEqual(inputs("aws:sns/topic:Topic"), [names.topic]);
            assert.deepEqual(inputs("aws:cloudwatch/logGroup:LogGroup"), [names.logGroup]);
            assert.deepEqual(inputs("aws:budgets/budget:Budget"), [budgetName(key)]);
            assert.deepEqual(inputs("aws:organizations/policy:Policy"), [guardrailsPolicyName(key)]);
            for (const name of inputs("aws:iam/role:Role")) assert.ok(String(name).length <= 64, String(name));
        });
    });
});
