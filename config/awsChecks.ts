/**
 * What AWS would refuse at `pulumi up`, found offline: managed policies and regions that do not
 * exist, inline policies IAM would reject. Runs on the raw values, like load.ts's cross-checks, so
 * its problems are reported together with the schema's; values the schema already refuses for
 * their shape are left to it.
 */
import { Finding, checkManagedPolicy, checkPolicyPartition, checkRegion } from "./catalogueChecks";
import { TRUSTED_ACCESS_FOR_POLICY_TYPE, accountNameProblem, createAccountEmailProblem, emailShapeProblem } from "./organizationsRules";
import { checkIdentityPolicy } from "./policyDocument";
import { MANAGED_POLICY, REGION_SHAPE } from "./schema";

export interface AwsCheckResult {
    /** Errors: `path: message` lines. */
    readonly problems: string[];
    /** Values kept, but perhaps wrong (newer than the catalogues, or mistaken): `path: message` lines. */
    readonly warnings: string[];
}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/** Check the namespace's raw values (keys without `landing-zone:`) and `aws:region`. */
export function checkAgainstAws(values: Raw, region: unknown): AwsCheckResult {
    const result: AwsCheckResult = { problems: [], warnings: [] };
    const report = (path: string, finding: Finding | undefined) => {
        if (finding) (finding.level === "error" ? result.problems : result.warnings).push(`${path}: ${finding.message}`);
    };

    if (typeof region === "string" && REGION_SHAPE.test(region)) report("aws:region", checkRegion(region));
    const nuke = isRecord(values.sandbox) && isRecord(values.sandbox.nuke) ? values.sandbox.nuke : {};
    if (Array.isArray(nuke.regions)) {
        nuke.regions.forEach((r, i) => {
            if (typeof r === "string" && r !== "global" && REGION_SHAPE.test(r)) {
                report(`sandbox.nuke.regions[${i}]`, checkRegion(r, "a region", "global, or an AWS region such as eu-central-1"));
            }
        });
    }

    checkAccounts(values.accounts, result);
    checkPolicyTypes(values.organization, result);

    const permissionSets = isRecord(values.permissionSets) ? values.permissionSets : {};
    for (const [name, ps] of Object.entries(permissionSets)) {
        if (!isRecord(ps)) continue;
        const path = `permissionSets.${name}`;
        const policy = (p: unknown) => {
            if (typeof p !== "string" || !MANAGED_POLICY.test(p)) return undefined;
            return (typeof region === "string" ? checkPolicyPartition(p, region) : undefined) ?? checkManagedPolicy(p);
        };
        if (Array.isArray(ps.managedPolicies)) ps.managedPolicies.forEach((p, i) => report(`${path}.managedPolicies[${i}]`, policy(p)));
        report(`${path}.permissionsBoundary`, policy(ps.permissionsBoundary));
        for (const finding of checkIdentityPolicy(ps.inlinePolicy)) {
            report(finding.path ? `${path}.inlinePolicy.${finding.path}` : `${path}.inlinePolicy`, finding);
        }
    }
    return result;
}

/**
 * An account this stack creates gets its email from CreateAccount and its later names from
 * PutAccountName: what they refuse is an error. An adopted account (`id`) or the management
 * account keeps what AWS already has, which may predate those rules: a warning, since the program
 * never sends that email, and sends the name only when the config changes it.
 */
function checkAccounts(accounts: unknown, result: AwsCheckResult): void {
    for (const [key, account] of Object.entries(isRecord(accounts) ? accounts : {})) {
        if (!isRecord(account)) continue;
        const created = account.id === undefined && account.management !== true;
        const report = (field: string, problem: string | undefined, value: string) => {
            if (problem === undefined) return;
            const path = `accounts.${key}.${field}`;
            if (created) result.problems.push(`${path}: ${JSON.stringify(value)} ${problem}`);
            else result.warnings.push(`${path}: ${JSON.stringify(value)} ${problem}; kept as AWS has it, but a new account could not use it`);
        };
        const { email, name } = account;
        // An address without the model's shape is the schema's to refuse, once.
        if (typeof email === "string" && email.length >= 6 && email.length <= 64 && emailShapeProblem(email) === undefined) {
            report("email", createAccountEmailProblem(email), email);
        }
        if (typeof name === "string") report("name", accountNameProblem(name), name);
    }
}

/**
 * A policy type that needs a service's trusted access is enabled after it (components/organization.ts
 * orders them), so the service must be one the organisation trusts through this program.
 */
function checkPolicyTypes(organization: unknown, result: AwsCheckResult): void {
    if (!isRecord(organization) || !Array.isArray(organization.enabledPolicyTypes)) return;
    const trusted = Array.isArray(organization.serviceAccessPrincipals) ? organization.serviceAccessPrincipals : [];
    organization.enabledPolicyTypes.forEach((type, i) => {
        if (typeof type !== "string" || !Object.hasOwn(TRUSTED_ACCESS_FOR_POLICY_TYPE, type)) return;
        const { service, principal } = TRUSTED_ACCESS_FOR_POLICY_TYPE[type];
        if (trusted.includes(principal)) return;
        result.problems.push(
            `organization.enabledPolicyTypes[${i}]: ${type} needs trusted access for ${service}, which AWS requires before it enables the type; ` +
                `add ${principal} to organization.serviceAccessPrincipals (the program then enables trusted access first)`,
        );
    });
}
