import * as aws from "@pulumi/aws";

/**
 * How the provider reports an account that is in no organisation: DescribeOrganization answers
 * AWSOrganizationsNotInUseException, which terraform-provider-aws turns into a not-found error
 * (internal/service/organizations/organization.go findOrganization), printed by the data source as
 * `reading Organizations Organization: couldn't find resource` (organization_data_source.go;
 * terraform-plugin-sdk helper/retry NotFoundError.Error); older providers printed the exception.
 */
const NO_ORGANIZATION = /reading Organizations Organization: (couldn't find resource|.*AWSOrganizationsNotInUseException)/;

/** Whether a failed lookup's message says the account is in no organisation (exported for testing). */
export function saysNoOrganization(message: string): boolean {
    return NO_ORGANIZATION.test(message);
}

/**
 * Whether the account the program runs as is already in an organisation (DescribeOrganization
 * only: nothing is listed). Looked up before anything is registered, for what must be ordered
 * differently on a new organisation's first `up` than on every later one.
 * @throws the lookup's error when it fails for another reason than "no organisation"
 */
export async function organizationExists(): Promise<boolean> {
    try {
        await aws.organizations.getOrganization({ returnOrganizationOnly: true });
        return true;
    } catch (err) {
        if (saysNoOrganization(err instanceof Error ? err.message : String(err))) return false;
        throw err;
    }
}

/**
 * The id of the account the program's credentials belong to (sts:GetCallerIdentity, which needs no
 * permission: "No permissions are required to perform this operation", STS API reference).
 */
export async function callerAccountId(): Promise<string> {
    return (await aws.getCallerIdentity({})).accountId;
}
