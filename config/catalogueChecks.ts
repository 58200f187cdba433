/**
 * Checks against what AWS has: its managed policies and its regions, from the catalogues in
 * config/catalogue/ (generated from upstream data packages by `npm run refresh-catalogues`).
 *
 * A catalogue ages: AWS publishes managed policies every month and opens a region now and then.
 * So a value is refused only when it is wrong in a way a newer catalogue would not change (a near
 * miss of a known name, a known name without its path, a region of no partition), and a value
 * unlike anything known is let through with a warning where AWS itself is the judge (a full
 * policy ARN, a region name of a known partition made of known words).
 */
import { MANAGED_POLICIES, SOURCE as POLICY_SOURCE } from "./catalogue/managedPolicies";
import { PARTITIONS, SOURCE as REGION_SOURCE } from "./catalogue/regions";
import { closest } from "./suggest";
import { show } from "./schema";

/** What a check found: an error refuses the config, a warning is reported and the value kept. */
export interface Finding {
    readonly level: "error" | "warning";
    readonly message: string;
}

const error = (message: string): Finding => ({ level: "error", message });
const warning = (message: string): Finding => ({ level: "warning", message });

// --- AWS managed policies -----------------------------------------------------------------------

const POLICY_ARN = /^arn:([\w-]+):iam::aws:policy\/(.+)$/;
const KNOWN_POLICIES = new Set(MANAGED_POLICIES);
const baseName = (policy: string) => policy.slice(policy.lastIndexOf("/") + 1);
/** Bare policy name → the known policies of that name (a name can exist under several paths). */
const BY_BASE_NAME = new Map<string, string[]>();
for (const policy of MANAGED_POLICIES) {
    const base = baseName(policy).toLowerCase();
    BY_BASE_NAME.set(base, [...(BY_BASE_NAME.get(base) ?? []), policy]);
}
const BASE_NAMES = [...new Set(MANAGED_POLICIES.map(baseName))];

/**
 * Check an AWS managed policy as the config names it: `PowerUserAccess`,
 * `job-function/ViewOnlyAccess`, or a full ARN. The rule:
 * - in the catalogue: fine;
 * - the name of a known policy in other letter case, under another path or without its path
 *   (`ViewOnlyAccess`), or within two edits of one (`PowerUserAcess`): an error naming it;
 * - close to nothing known, as a name: an error (most often a customer managed policy in the wrong
 *   list); the message says how to use an AWS policy newer than the catalogue: give its full ARN;
 * - close to nothing known, as a full ARN: a warning, and the ARN is used as written;
 * - an ARN of another partition (aws-cn, aws-us-gov, ...): not checked (the catalogue is of the
 *   aws partition).
 */
export function checkManagedPolicy(value: string): Finding | undefined {
    const arn = POLICY_ARN.exec(value);
    if (arn && arn[1] !== "aws") return undefined;
    const policy = arn ? arn[2] : value;
    if (KNOWN_POLICIES.has(policy)) return undefined;
    const written = (p: string) => (arn ? `arn:aws:iam::aws:policy/${p}` : p);

    // Another letter case or another path (`ViewOnlyAccess`), else a typo of a whole name or of a bare name.
    const typo = closest(policy, MANAGED_POLICIES);
    const typoOfName = closest(baseName(policy), BASE_NAMES);
    const guesses =
        BY_BASE_NAME.get(baseName(policy).toLowerCase()) ??
        (typo ? [typo] : typoOfName ? BY_BASE_NAME.get(typoOfName.toLowerCase()) : undefined);
    if (guesses) {
        const pathNote = guesses.some((p) => p.includes("/")) && !policy.includes("/") ? " (an AWS managed policy's name includes its path)" : "";
        return error(`${show(value)} is not an AWS managed policy: did you mean ${guesses.map(written).join(" or ")}?${pathNote}`);
    }
    if (arn) {
        return warning(
            `${show(value)} is not in the catalogue of AWS managed policies (${POLICY_SOURCE}); kept as written. ` +
                "If AWS has no such policy, attaching it fails at `pulumi up`; if it is new, `npm run refresh-catalogues` adds it",
        );
    }
    return error(
        `${show(value)} is not an AWS managed policy (none in the catalogue, ${POLICY_SOURCE}, is close). ` +
            "A customer managed policy goes in customerManagedPolicies; an AWS managed policy newer than the catalogue " +
            `can be given by its ARN, arn:aws:iam::aws:policy/${policy}, which is then used with a warning`,
    );
}

// --- Regions ------------------------------------------------------------------------------------

const PARTITION_PATTERNS = PARTITIONS.map((p) => ({ ...p, pattern: new RegExp(p.regionRegex) }));
const KNOWN_REGIONS = PARTITIONS.flatMap((p) => p.regions);
/** The words a partition's region names are made of: `eu`, `central`, `gov`, `northeast`... */
const wordsOf = (region: string) => region.split("-").filter((w) => !/^\d+$/.test(w));
/** The points of the compass, which new region names are made of too. */
const COMPASS = ["central", "east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest"];

/** The partition (`aws`, `aws-cn`, `aws-us-gov`...) a region name belongs to, if any. */
export function partitionOf(region: string): string | undefined {
    return PARTITION_PATTERNS.find((p) => p.regions.includes(region))?.id ?? PARTITION_PATTERNS.find((p) => p.pattern.test(region))?.id;
}

/**
 * Check that an AWS managed policy can be attached in the partition of `aws:region`: a bare name
 * means an ARN of the aws partition (the schema completes it so), and an ARN names its partition.
 */
export function checkPolicyPartition(value: string, region: string): Finding | undefined {
    const partition = partitionOf(region);
    const arn = POLICY_ARN.exec(value);
    const named = arn ? arn[1] : "aws";
    if (partition === undefined || named === partition) return undefined;
    const policy = arn ? arn[2] : value;
    return error(
        `${show(value)} is ${arn ? "an ARN" : "a policy name, which means an ARN"} of the ${named} partition, but aws:region ${show(region)} is in ${partition}: ` +
            `give it as arn:${partition}:iam::aws:policy/${policy}`,
    );
}

/**
 * Check a region name. The rule:
 * - a region the AWS SDK's partition table lists: fine;
 * - a name that matches a partition's region pattern and is made only of words that partition's
 *   regions use or points of the compass (`eu-central-3`, `ap-southwest-1`): accepted with a
 *   warning, as a region newer than the table;
 * - anything else (`eu-centrall-1`, `eu-central`, `frankfurt`): an error, naming the closest
 *   known region when one is within two edits.
 */
export function checkRegion(region: string, what = "an AWS region", valid = "an AWS region such as eu-central-1 or us-east-1"): Finding | undefined {
    if (KNOWN_REGIONS.includes(region)) return undefined;
    const partition = PARTITION_PATTERNS.find((p) => p.pattern.test(region));
    if (partition) {
        const words = new Set([...partition.regions.flatMap(wordsOf), ...COMPASS]);
        if (wordsOf(region).every((w) => words.has(w))) {
            return warning(
                `${show(region)} is not among the regions the AWS SDK knows (${REGION_SOURCE}); ` +
                    `accepted as a new region of the ${partition.id} partition. If it is not new, correct it; if it is, \`npm run refresh-catalogues\``,
            );
        }
    }
    const guess = closest(region, KNOWN_REGIONS);
    return error(`${show(region)} is not ${what}${guess ? `: did you mean ${guess}?` : ` (${valid})`}`);
}
