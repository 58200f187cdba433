/**
 * AWS Organizations' own rules, refused offline by path: account emails as CreateAccount documents
 * them, account names as PutAccountName takes them, policy types as AWS's enum, and policy types
 * that need a service's trusted access.
 */
import { strict as assert } from "assert";
import { PolicyType } from "@aws-sdk/client-organizations";
import { ConfigError, loadStackConfig } from "../config/load";
import { POLICY_TYPES, TRUSTED_ACCESS_FOR_POLICY_TYPE, createAccountEmailProblem, emailShapeProblem } from "../config/organizationsRules";
import { saysNoOrganization } from "../components/organizationLookup";
import { Plan } from "../plan/engine";
import { ofType, one, planStack, stackWith } from "./harness";

type Edits = Record<string, (value: any) => any>;

function outcome(edits: Edits): { problems: readonly string[]; warnings: readonly string[] } {
    try {
        return { problems: [], warnings: loadStackConfig(stackWith("dev", edits)).warnings };
    } catch (err) {
        if (err instanceof ConfigError) return { problems: err.problems, warnings: [] };
        throw err;
    }
}
const devEmail = (email: string): Edits => ({ accounts: (a) => void (a.dev.email = email) });
const devName = (name: string): Edits => ({ accounts: (a) => void (a.dev.name = name) });
const policyTypes = (types: string[], principals?: string[]): Edits => ({
    organization: (o) => ({ ...o, enabledPolicyTypes: types, ...(principals && { serviceAccessPrincipals: principals }) }),
});

describe("account emails as CreateAccount documents them", () => {
    const refused: [string, string][] = [
        ["own%er@example.org", `accounts.dev.email: "own%er@example.org" has "%" before the @, which CreateAccount refuses there`],
        [".owner@example.org", `accounts.dev.email: ".owner@example.org" starts with a dot, which CreateAccount refuses`],
        ["ówner@example.org", `accounts.dev.email: "ówner@example.org" contains "ó": CreateAccount takes 7-bit ASCII letters, digits and punctuation only`],
        ["owner@-example.org", `accounts.dev.email: "owner@-example.org" has a domain that starts or ends with - or ., which CreateAccount refuses`],
        ["owner@example.org.", `accounts.dev.email: "owner@example.org." has a domain that starts or ends with - or ., which CreateAccount refuses`],
        ["o'wner@example.org", `accounts.dev.email: "o'wner@example.org" has "'" before the @, which CreateAccount refuses there`],
        ["o&wner@example.org", `accounts.dev.email: "o&wner@example.org" has "&" before the @, which CreateAccount refuses there`],
        ["owner@exa_mple.org", `accounts.dev.email: "owner@exa_mple.org" has "_" in its domain, which CreateAccount refuses (letters, digits, - and . only)`],
        ["owner\u0007@example.org", `accounts.dev.email: "owner\\u0007@example.org" contains "\\u0007": CreateAccount takes 7-bit ASCII letters, digits and punctuation only`],
    ];
    for (const [email, expected] of refused) {
        it(`refuses ${JSON.stringify(email)} for a new account, by path, once`, () => {
            const { problems } = outcome(devEmail(email));
            const mine = problems.filter((p) => p.startsWith("accounts.dev.email: "));
            assert.equal(mine.length, 1, mine.join("\n"));
            assert.ok(mine[0].startsWith(expected), `expected\n    ${expected}\n  got\n    ${mine[0]}`);
        });
    }

    it("refuses the model's shape (one @, a dotted domain, no whitespace) for every account, once", () => {
        for (const [email, expected] of [
            ["owner@example", "has no domain with a dot after the @"],
            ["owner@@example.org", "has 2 @ signs"],
            ["ow ner@example.org", "contains whitespace"],
        ]) {
            const { problems } = outcome({ accounts: (a) => void (a.dev.email = email) });
            assert.deepEqual(problems.filter((p) => p.startsWith("accounts.dev.email")), [`accounts.dev.email: ${JSON.stringify(email)} is not an email address: it ${emailShapeProblem(email)}`]);
            assert.ok(emailShapeProblem(email)?.startsWith(expected));
        }
    });

    it("accepts what CreateAccount takes: plus addressing, digits, hyphens and dots, capitals", () => {
        for (const email of ["owner+dev@example.org", "o.w-n_e.r@mail.example-corp.co.uk", "OWNER+DEV@EXAMPLE.ORG", "a1@b2.io", "owner!#$*=?^`{}~/@example.org"]) {
            assert.equal(createAccountEmailProblem(email), undefined, email);
            assert.deepEqual(outcome(devEmail(email)).problems, [], email);
        }
    });

    it("only warns for an adopted account, whose address AWS already has and the program never sends", () => {
        const { problems, warnings } = outcome({ accounts: (a) => void Object.assign(a.dev, { id: "222222222222", email: "o'brien@example.org" }) });
        assert.deepEqual(problems, []);
        assert.ok(
            warnings.includes(`accounts.dev.email: "o'brien@example.org" has "'" before the @, which CreateAccount refuses there (as it does whitespace and " ' ( ) < > [ ] : ; , \\ | % &); kept as AWS has it, but a new account could not use it`),
            warnings.join("\n"),
        );
    });

    it("checks in time linear in the address's length", () => {
        // A pattern with overlapping quantifiers takes seconds on this; the checks take microseconds.
        const hostile = `a@${"a.".repeat(20000)}`;
        const started = process.hrtime.bigint();
        for (let i = 0; i < 10; i++) createAccountEmailProblem(hostile);
        assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 1000);
    });
});

describe("account names as PutAccountName takes them", () => {
    for (const name of ["Dev <test>", "a>b", "<script>"]) {
        it(`refuses ${JSON.stringify(name)} for a new account, by path`, () => {
            const { problems } = outcome(devName(name));
            const c = /[<>]/.exec(name)![0];
            assert.deepEqual(
                problems.filter((p) => p.startsWith("accounts.dev.name")),
                [`accounts.dev.name: ${JSON.stringify(name)} contains "${c}", which the Account API refuses in an account name (PutAccountName: printable ASCII without < and >)`],
            );
        });
    }

    it("accepts every other printable ASCII character", () => {
        const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).filter((c) => c !== "<" && c !== ">");
        for (let i = 0; i < printable.length; i += 40) {
            const name = `x${printable.slice(i, i + 40).join("")}`.slice(0, 50);
            assert.deepEqual(outcome(devName(name)).problems, [], name);
        }
    });

    it("only warns for an adopted account's name, which is sent only when the config changes it", () => {
        const { problems, warnings } = outcome({ accounts: (a) => void Object.assign(a.dev, { id: "222222222222", name: "Dev <legacy>" }) });
        assert.deepEqual(problems, []);
        assert.ok(warnings.some((w) => w.startsWith(`accounts.dev.name: "Dev <legacy>" contains "<"`) && w.endsWith("kept as AWS has it, but a new account could not use it")), warnings.join("\n"));
    });
});

describe("policy types as AWS's enum", () => {
    it("are exactly the PolicyType enum of @aws-sdk/client-organizations", () => {
        assert.deepEqual([...POLICY_TYPES].sort(), Object.values(PolicyType).sort());
        assert.ok(POLICY_TYPES.includes("DECLARATIVE_POLICY_EC2"));
    });

    it("accepts DECLARATIVE_POLICY_EC2, and plans it with the guardrails' SERVICE_CONTROL_POLICY", async () => {
        const config = stackWith("dev", policyTypes(["DECLARATIVE_POLICY_EC2", "SERVICE_CONTROL_POLICY"]));
        assert.deepEqual(outcome(policyTypes(["DECLARATIVE_POLICY_EC2", "SERVICE_CONTROL_POLICY"])).problems, []);
        const plan = await planStack(config);
        const org = plan.registrations.find((r) => r.type === "aws:organizations/organization:Organization")!;
        assert.deepEqual(org.inputs.enabledPolicyTypes, ["DECLARATIVE_POLICY_EC2", "SERVICE_CONTROL_POLICY"]);
    });

    it("refuses TAGS_POLICY with TAG_POLICY suggested, by path", () => {
        const { problems } = outcome(policyTypes(["SERVICE_CONTROL_POLICY", "TAGS_POLICY"]));
        assert.equal(problems.length, 1, problems.join("\n"));
        assert.ok(problems[0].startsWith(`organization.enabledPolicyTypes[1]: "TAGS_POLICY" is not a policy type (did you mean TAG_POLICY? AWS's policy types: AISERVICES_OPT_OUT_POLICY, `), problems[0]);
    });

    it("refuses a type in lower case with the type meant, and one nothing like a type with the list", () => {
        assert.ok(outcome(policyTypes(["service_control_policy"])).problems[0].includes("did you mean SERVICE_CONTROL_POLICY?"));
        const [problem] = outcome(policyTypes(["SERVICE_CONTROL_POLICY", "FIREWALL_POLICY"])).problems;
        assert.ok(problem.startsWith(`organization.enabledPolicyTypes[1]: "FIREWALL_POLICY" is not a policy type (AWS's policy types: `), problem);
    });
});

describe("policy types that need trusted access", () => {
    for (const [type, { principal }] of Object.entries(TRUSTED_ACCESS_FOR_POLICY_TYPE)) {
        it(`refuses ${type} without trusted access for ${principal}, naming the fix`, () => {
            const { problems } = outcome(policyTypes(["SERVICE_CONTROL_POLICY", type]));
            assert.equal(problems.length, 1, problems.join("\n"));
            assert.match(problems[0], new RegExp(`^organization\\.enabledPolicyTypes\\[1\\]: ${type} needs trusted access for .*; add ${principal.replace(/\./g, "\\.")} to organization\\.serviceAccessPrincipals`));
            assert.deepEqual(outcome(policyTypes(["SERVICE_CONTROL_POLICY", type], [principal])).problems, []);
        });
    }

    it("names only types of AWS's enum, each with an amazonaws.com service principal", () => {
        for (const [type, { principal }] of Object.entries(TRUSTED_ACCESS_FOR_POLICY_TYPE)) {
            assert.ok(POLICY_TYPES.includes(type), type);
            assert.match(principal, /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/);
        }
    });
});

describe("the order AWS requires for a policy type that needs trusted access", () => {
    const ORG = "aws:organizations/organization:Organization";
    const ACCESS = "aws:organizations/awsServiceAccess:AwsServiceAccess";
    const LOOKUP = "aws:organizations/getOrganization:getOrganization";
    const HUB = "securityhub.amazonaws.com";
    const withSecurityHub = (stack: "dev" | "prod") =>
        stackWith(stack, {
            organization: (o) => ({
                ...o,
                enabledPolicyTypes: [...(o?.enabledPolicyTypes ?? ["SERVICE_CONTROL_POLICY"]), "SECURITYHUB_POLICY"],
                serviceAccessPrincipals: [...(o?.serviceAccessPrincipals ?? []), HUB],
            }),
        });
    const urnOf = (plan: Plan, type: string, name: string) => plan.registrations.find((r) => r.type === type && r.name === name)!.urn;

    it("on an adopted organisation, trusts Security Hub before the Organization's update enables SECURITYHUB_POLICY", async () => {
        const plan = await planStack(withSecurityHub("prod"));
        const org = one(plan, ORG, "organization");
        const hub = one(plan, ACCESS, HUB);
        assert.ok(org.dependencies.includes(hub.urn), org.dependencies.join("\n"));
        assert.ok(!hub.dependencies.includes(org.urn), "trusted access for Security Hub must not wait for the Organization");
        assert.ok((org.inputs.enabledPolicyTypes as string[]).includes("SECURITYHUB_POLICY"));
        assert.equal(org.inputs.awsServiceAccessPrincipals, undefined);
        // The services no policy type needs still follow the Organization, one after another.
        assert.ok(one(plan, ACCESS, "account.amazonaws.com").dependencies.includes(org.urn));
        assert.deepEqual(plan.invocations.filter((i) => i.token === LOOKUP), [], "an adopted organisation exists: nothing to ask");
    });

    it("on a new organisation's first up, has the provider trust Security Hub as it creates the organisation, before the policy types", async () => {
        const plan = await planStack(withSecurityHub("dev"), { organizationExists: false });
        const org = one(plan, ORG, "organization");
        assert.deepEqual(org.inputs.awsServiceAccessPrincipals, [HUB]);
        assert.ok((org.inputs.enabledPolicyTypes as string[]).includes("SECURITYHUB_POLICY"));
        assert.ok(org.ignoreChanges.includes("awsServiceAccessPrincipals"), "read on creation only, never compared again");
        // The AwsServiceAccess resources come after it and take the trusted access over.
        assert.ok(one(plan, ACCESS, HUB).dependencies.includes(org.urn));
        assert.ok(!org.dependencies.some((d) => d.includes(ACCESS)));
        const lookups = plan.invocations.filter((i) => i.token === LOOKUP);
        assert.equal(lookups.length, 1);
        assert.equal(lookups[0].outputs, undefined, "the fake answers as AWS does for an account in no organisation");
    });

    it("on an organisation an earlier up created, trusts Security Hub first, as for an adopted one", async () => {
        const plan = await planStack(withSecurityHub("dev"), { organizationExists: true });
        const org = one(plan, ORG, "organization");
        assert.ok(org.dependencies.includes(urnOf(plan, ACCESS, HUB)));
        assert.equal(org.inputs.awsServiceAccessPrincipals, undefined);
        assert.equal(plan.invocations.filter((i) => i.token === LOOKUP).length, 1);
    });

    it("reads only the provider's not-found answers as no organisation; any other failure stops the up", () => {
        const invoke = (detail: string) => `invocation of ${LOOKUP} returned an error: invoking ${LOOKUP}: 1 error occurred:\n\t* ${detail}`;
        assert.ok(saysNoOrganization(invoke("reading Organizations Organization: couldn't find resource")));
        assert.ok(saysNoOrganization(invoke("reading Organizations Organization: AWSOrganizationsNotInUseException: Your account is not a member of an organization.")));
        assert.ok(!saysNoOrganization(invoke("reading Organizations Organization: operation error Organizations: DescribeOrganization, https response error StatusCode: 400, AccessDeniedException: not authorized")));
        assert.ok(!saysNoOrganization(invoke("reading Organizations Organization: operation error Organizations: DescribeOrganization, exceeded maximum number of attempts, 3, TooManyRequestsException")));
    });

    it("changes nothing and asks nothing when no policy type needs trusted access", async () => {
        for (const stack of ["dev", "prod"] as const) {
            const plan = await planStack(stackWith(stack, {}));
            const org = one(plan, ORG, "organization");
            assert.ok(!org.dependencies.some((d) => d.includes(ACCESS)), stack);
            assert.equal(org.inputs.awsServiceAccessPrincipals, undefined);
            for (const access of ofType(plan, ACCESS)) assert.ok(access.dependencies.length > 0, access.name);
            assert.deepEqual(plan.invocations.filter((i) => i.token === LOOKUP), []);
        }
    });
});
