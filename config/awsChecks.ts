/**
 * What AWS would refuse at `pulumi up`, found offline: managed policies and regions that do not
 * exist, inline policies IAM would reject. Runs on the raw values, like load.ts's cross-checks, so
 * its problems are reported together with the schema's; values the schema already refuses for
 * their shape are left to it.
 */
import { Finding, checkManagedPolicy, checkPolicyPartition, checkRegion } from "./catalogueChecks";
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
