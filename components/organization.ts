import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ACCESS_ROLE, compareText } from "../config/schema";
import { principalsNeededBy } from "../config/organizationsRules";
import { trustedServices } from "../config/trustedAccess";
import type { AccountConfig, OrganizationalUnitConfig } from "../config/schema";
import { own } from "../config/keys";
import { tagInput } from "./tagInput";


export interface OrganizationArgs {
    /** Adopt the organisation with this id (imported); absent, a new one is created. */
    readonly id?: string;
    /**
     * Services this program keeps trusted, on top of `sso.amazonaws.com`. Services trusted
     * elsewhere (a service's console, another tool) are left alone, named here or not.
     * @default []
     */
    readonly serviceAccessPrincipals: readonly string[];
    /**
     * Service principal → import id, for services the organisation already trusts
     * (`landing-zone:imports.trustedAccess`, written by `npm run adopt`).
     * @default {}
     */
    readonly trustedAccessImports?: Readonly<Record<string, string>>;
    /**
     * Policy types enabled in the root. A type that needs a service's trusted access
     * (config/organizationsRules.ts) is enabled after it; validation requires that service among
     * `serviceAccessPrincipals`.
     * @default left as they are
     */
    readonly enabledPolicyTypes?: readonly string[];
    /**
     * Whether the organisation exists before this `up` (adopted, or created by an earlier one): then
     * the trusted access its policy types need is enabled before the organisation's update enables
     * them. On a new organisation's first `up` the provider does it, in that order, as it creates the
     * organisation.
     * @default whether `id` is given
     */
    readonly organizationExists?: boolean;
    /**
     * OUs: created, or adopted (imported) when they have an id; under the root, or under the OU
     * their `parent` names (validation refuses unknown parents, cycles and more than five levels).
     */
    readonly organizationalUnits: readonly OrganizationalUnitConfig[];
    /** Account key → account. The one marked `management` is never a resource. */
    readonly accounts: Readonly<Record<string, AccountConfig>>;
}

/**
 * The AWS Organization, its OUs and its member accounts.
 *
 * Everything here is hard to get back once gone, so the organisation and the accounts are
 * protected: a change AWS can only apply by replacing an account (a new email, say) makes
 * `pulumi up` stop instead of creating a new AWS account, and removing an account from the config
 * fails until someone lifts the protection on purpose. Even then the account is never closed:
 * deleting it calls RemoveAccountFromOrganization, which AWS refuses for an account it created
 * until that account has what a standalone account needs (see the README).
 *
 * Trusted access is one AwsServiceAccess per service (never the organisation's exclusive list),
 * so a service someone trusted elsewhere is never switched off.
 *
 * Organizations rejects concurrent changes (ConcurrentModificationException), so trusted access
 * is set first, then the OUs and the accounts are each created one after another: the OUs level
 * by level (a parent before its children), by name within a level; the accounts in key order.
 *
 * AWS enables a policy type such as SECURITYHUB_POLICY only once the organisation trusts its
 * service. When the organisation exists, that service's AwsServiceAccess comes before the
 * Organization, whose update enables the type. A new organisation is created with those services
 * in `awsServiceAccessPrincipals`, which the provider enables right after CreateOrganization and
 * before the policy types (terraform-provider-aws internal/service/organizations/organization.go,
 * resourceOrganizationCreate); their AwsServiceAccess resources then take them over.
 */
export class Organization extends pulumi.ComponentResource {
    public readonly organizationId: pulumi.Output<string>;
    public readonly rootId: pulumi.Output<string>;
    public readonly managementAccountId: pulumi.Output<string>;
    /** Account key → account id, the management account's included. */
    public readonly accountIds: pulumi.Output<Record<string, string>>;
    /**
     * Account key → that account's id, each its own Output: what needs one account depends on that
     * account alone, not on all of them.
     */
    public readonly accountId: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: OrganizationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:index:Organization", name, {}, opts);

        const needed = principalsNeededBy(args.enabledPolicyTypes ?? []);
        const exists = args.organizationExists ?? args.id !== undefined;
        // One after another: EnableAWSServiceAccess can fail with ConcurrentModificationException.
        const trust = (principal: string, after: pulumi.Resource | undefined) =>
            new aws.organizations.AwsServiceAccess(
                principal,
                { servicePrincipal: principal },
                // A service already trusted is imported when the config says so (adopt writes it);
                // otherwise an existing stack takes it over by enabling it again. Removing one from
                // the config only forgets it: switching trusted access off belongs to that service's
                // own console, which cleans up after it (AWS's advice), not to an edit of this list.
                { parent: this, dependsOn: after ? [after] : [], retainOnDelete: true, import: own(args.trustedAccessImports, principal) },
            );
        let trustedFirst: pulumi.Resource | undefined;
        if (exists) for (const principal of needed) trustedFirst = trust(principal, trustedFirst);

        const organization = new aws.organizations.Organization(
            name,
            {
                featureSet: "ALL",
                enabledPolicyTypes: args.enabledPolicyTypes ? [...args.enabledPolicyTypes] : undefined,
                // Read by the provider on creation only (see above), and ignored afterwards.
                ...(!exists && needed.length > 0 && { awsServiceAccessPrincipals: needed }),
            },
            {
                parent: this,
                protect: true,
                import: args.id,
                dependsOn: trustedFirst ? [trustedFirst] : [],
                // The provider treats awsServiceAccessPrincipals as the whole list: an update disables
                // every trusted service not in it (organization.go). Trusted access is one
                // AwsServiceAccess per service below instead, and the list is never sent nor compared.
                // Unmanaged policy types are likewise left alone: an absent list would otherwise disable,
                // across the organisation, the service control policies someone enabled in the console.
                ignoreChanges: ["awsServiceAccessPrincipals", ...(args.enabledPolicyTypes ? [] : ["enabledPolicyTypes"])],
            },
        );
        this.organizationId = organization.id;
        this.rootId = organization.roots.apply((roots) => roots[0].id);
        this.managementAccountId = organization.masterAccountId;

        let trusted: pulumi.Resource = organization;
        for (const principal of trustedServices(args.serviceAccessPrincipals)) {
            if (!(exists && needed.includes(principal))) trusted = trust(principal, trusted);
        }

        const ous = new Map<string, aws.organizations.OrganizationalUnit>();
        let previous: pulumi.Resource | undefined = trusted;
        for (const ou of parentsFirst(args.organizationalUnits)) {
            const parentOu = ou.parent === undefined ? undefined : ous.get(ou.parent);
            if (ou.parent !== undefined && !parentOu) throw new Error(`organizationalUnits: ${JSON.stringify(ou.parent)}, the parent of ${JSON.stringify(ou.name)}, is not a declared OU`);
            previous = new aws.organizations.OrganizationalUnit(
                ou.name,
                { name: ou.name, parentId: parentOu ? parentOu.id : this.rootId, tags: tagInput(ou.tags) },
                { parent: this, import: ou.id, dependsOn: previous ? [previous] : [] },
            );
            ous.set(ou.name, previous as aws.organizations.OrganizationalUnit);
        }

        const ids: Record<string, pulumi.Output<string>> = {};
        previous = trusted;
        for (const [key, account] of Object.entries(args.accounts)) {
            if (account.management) {
                ids[key] = this.managementAccountId;
                continue;
            }
            const created: aws.organizations.Account = new aws.organizations.Account(
                key,
                {
                    name: account.name,
                    // Validation guarantees an email for every member account.
                    email: account.email as string,
                    parentId: account.ou ? ous.get(account.ou)!.id : this.rootId,
                    // Creation-only settings, which the provider never reads back (account.go reads
                    // name, email, parent, status and tags): sent for a new account only.
                    ...(account.id === undefined && { roleName: ACCESS_ROLE, closeOnDeletion: false }),
                    tags: tagInput(account.tags),
                },
                {
                    parent: this,
                    protect: true,
                    import: account.id,
                    // Never read back, so an imported account's state has none of them while the
                    // provider's defaults (false for closeOnDeletion and createGovcloud) still make a
                    // plan: every import would differ, and a difference in roleName or
                    // iamUserAccessToBilling replaces the account. Ignored, they keep what the account
                    // was created or imported with: never closed, never a GovCloud twin.
                    ignoreChanges: ["roleName", "iamUserAccessToBilling", "closeOnDeletion", "createGovcloud"],
                    dependsOn: previous ? [previous] : [],
                },
            );
            ids[key] = created.id;
            previous = created;
        }
        this.accountId = ids;
        this.accountIds = pulumi.output(ids);

        this.registerOutputs({
            organizationId: this.organizationId,
            rootId: this.rootId,
            managementAccountId: this.managementAccountId,
            accountIds: this.accountIds,
        });
    }
}

/** The OUs ordered level by level from the root, by name within a level: every parent before its children. */
export function parentsFirst<T extends Pick<OrganizationalUnitConfig, "name" | "parent">>(ous: readonly T[]): T[] {
    const byName = new Map(ous.map((ou) => [ou.name, ou]));
    const depth = (ou: T): number => {
        let d = 0;
        for (let p = ou.parent; p !== undefined && d <= ous.length; p = byName.get(p)?.parent) d++;
        return d;
    };
    return [...ous].sort((a, b) => depth(a) - depth(b) || compareText(a.name, b.name));
}
