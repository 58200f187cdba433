/**
 * Which IAM Identity Center instance the program uses, as pure code: the choice among what
 * `aws.ssoadmin.getInstances` found, and what to tell someone who has none yet.
 *
 * `getInstances` calls sso-admin's ListInstances in the provider's region only (the region is part
 * of the endpoint, the instance ARN has none), so an instance enabled in another region is not
 * seen at all: from here it looks exactly like no instance, and the message says so.
 */

/** The instance the Identity Center resources belong to. */
export interface InstanceRef {
    readonly instanceArn: string;
    readonly identityStoreId: string;
}

/** What `getInstances` returns: parallel lists, one entry per instance in the provider's region. */
export interface FoundInstances {
    readonly arns: readonly string[];
    readonly identityStoreIds: readonly string[];
}

/** Raised when the lookup cannot decide: the program reports it without a stack trace. */
export class InstanceChoiceError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InstanceChoiceError";
    }
}

/**
 * The one instance found, or `undefined` when there is none (Identity Center not enabled yet, in
 * this region).
 * @throws InstanceChoiceError when there are several: the program cannot tell which to use.
 */
export function chooseInstance(found: FoundInstances, region: string): InstanceRef | undefined {
    if (found.arns.length === 0) return undefined;
    if (found.arns.length > 1) {
        throw new InstanceChoiceError(
            `${found.arns.length} IAM Identity Center instances were found in ${region} (${found.arns.join(", ")}): ` +
                "pin the organisation's with landing-zone:identityCenter { instanceArn, identityStoreId }.",
        );
    }
    return { instanceArn: found.arns[0], identityStoreId: found.identityStoreIds[0] };
}

/**
 * What to do when there is no instance: the program still builds the organisation and its
 * accounts, and registers nothing of Identity Center until the next `pulumi up` finds one.
 */
export function identityCenterNextStep(region: string): string {
    return (
        `IAM Identity Center has no instance in ${region} (aws:region), so this update creates no permission sets, ` +
        "users, groups or account assignments. Enable it once in the AWS console, signed in to the management account: " +
        `IAM Identity Center > Enable, in ${region} (no API can create the organisation's instance). Then run \`pulumi up\` again. ` +
        `If you already enabled it in another region, this program cannot see it from ${region}: set aws:region to that region ` +
        "(an organisation has one Identity Center instance, in one region, and the program manages it from there)."
    );
}
