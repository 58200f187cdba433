/**
 * The one reader of the live estate, shared by `npm run adopt` and `npm run audit`: the
 * organisation, its OUs and accounts, and the Identity Center instance with its permission sets,
 * groups, users, memberships and account assignments.
 *
 * Read-only by construction: it sends List, Describe and Get requests only (READ_ACTIONS, which is
 * also the IAM policy in docs/adopt-and-audit.md). It uses the AWS SDK for JavaScript v3 with its
 * default credential, region and endpoint resolution (AWS_PROFILE, SSO profiles, environment keys,
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>), adaptive retry for throttling, and the SDK's
 * paginators for every list.
 */
import {
    DescribeOrganizationCommand,
    Account as OrgAccount,
    OrganizationsClient,
    paginateListAWSServiceAccessForOrganization,
    paginateListAccountsForParent,
    paginateListOrganizationalUnitsForParent,
    paginateListRoots,
    paginateListTagsForResource as paginateListOrgTags,
} from "@aws-sdk/client-organizations";
import {
    DescribePermissionSetCommand,
    GetInlinePolicyForPermissionSetCommand,
    GetPermissionsBoundaryForPermissionSetCommand,
    SSOAdminClient,
    paginateListAccountAssignments,
    paginateListAccountsForProvisionedPermissionSet,
    paginateListCustomerManagedPolicyReferencesInPermissionSet,
    paginateListInstances,
    paginateListManagedPoliciesInPermissionSet,
    paginateListPermissionSets,
    paginateListTagsForResource as paginateListSsoTags,
} from "@aws-sdk/client-sso-admin";
import { IdentitystoreClient, paginateListGroupMemberships, paginateListGroups, paginateListUsers } from "@aws-sdk/client-identitystore";

/** Every AWS action the reader calls, as IAM names it: the whole read-only policy of adopt and audit. */
export const READ_ACTIONS = [
    "organizations:DescribeOrganization",
    "organizations:ListAWSServiceAccessForOrganization",
    "organizations:ListAccountsForParent",
    "organizations:ListOrganizationalUnitsForParent",
    "organizations:ListRoots",
    "organizations:ListTagsForResource",
    "sso:DescribePermissionSet",
    "sso:GetInlinePolicyForPermissionSet",
    "sso:GetPermissionsBoundaryForPermissionSet",
    "sso:ListAccountAssignments",
    "sso:ListAccountsForProvisionedPermissionSet",
    "sso:ListCustomerManagedPolicyReferencesInPermissionSet",
    "sso:ListInstances",
    "sso:ListManagedPoliciesInPermissionSet",
    "sso:ListPermissionSets",
    "sso:ListTagsForResource",
    "identitystore:ListGroupMemberships",
    "identitystore:ListGroups",
    "identitystore:ListUsers",
] as const;
type ReadAction = (typeof READ_ACTIONS)[number];

export interface LiveOrganizationalUnit {
    readonly id: string;
    readonly name: string;
    /** The root's id for a top-level OU, else the id of the OU it is nested in. */
    readonly parentId: string;
    readonly tags: Record<string, string>;
}

export interface LiveAccount {
    readonly id: string;
    readonly name: string;
    readonly email: string;
    /** ACTIVE, SUSPENDED, PENDING_CLOSURE... */
    readonly status: string;
    /** The root's id, or the id of the OU the account is in. */
    readonly parentId: string;
    readonly tags: Record<string, string>;
}

export interface PolicyReference {
    readonly name: string;
    readonly path: string;
}

export interface LivePermissionSet {
    readonly arn: string;
    readonly name: string;
    readonly description?: string;
    readonly sessionDuration?: string;
    readonly relayState?: string;
    readonly tags: Record<string, string>;
    /** AWS managed policy ARNs. */
    readonly managedPolicies: string[];
    readonly customerManagedPolicies: PolicyReference[];
    /** The inline policy document as AWS returns it (JSON text), if any. */
    readonly inlinePolicy?: string;
    readonly permissionsBoundary?: { readonly managedPolicyArn?: string; readonly customerManagedPolicyReference?: PolicyReference };
}

export interface LiveGroup {
    readonly id: string;
    readonly displayName: string;
    readonly description?: string;
    /** Synchronised from an external identity provider (SCIM): it has external ids. */
    readonly external: boolean;
}

export interface LiveUser {
    readonly id: string;
    readonly userName: string;
    readonly givenName?: string;
    readonly familyName?: string;
    readonly displayName?: string;
    /** The primary email, else the first. */
    readonly email?: string;
    readonly external: boolean;
    /**
     * Attributes it has that the config cannot express (`email type "work"`, `title`, ...): the
     * program's User does not set them, so an update would clear them.
     */
    readonly unexpressed: string[];
}

export interface LiveMembership {
    readonly id: string;
    readonly groupId: string;
    readonly userId: string;
}

export interface LiveAssignment {
    readonly accountId: string;
    readonly permissionSetArn: string;
    readonly principalType: "GROUP" | "USER";
    readonly principalId: string;
}

/** The live estate, as the reader found it. */
export interface Estate {
    /** The region Identity Center was read in. */
    readonly region: string;
    readonly organization: {
        readonly id: string;
        readonly managementAccountId: string;
        readonly featureSet: string;
        readonly rootId: string;
        /** Services the organisation trusts (sso.amazonaws.com among them when Identity Center is on). */
        readonly serviceAccessPrincipals: string[];
        /** Policy types enabled in the root. */
        readonly enabledPolicyTypes: string[];
    };
    readonly organizationalUnits: LiveOrganizationalUnit[];
    readonly accounts: LiveAccount[];
    readonly instance: { readonly arn: string; readonly identityStoreId: string };
    readonly permissionSets: LivePermissionSet[];
    readonly groups: LiveGroup[];
    readonly users: LiveUser[];
    readonly memberships: LiveMembership[];
    readonly assignments: LiveAssignment[];
}

/** A failure reading the estate, said so that someone can act on it. */
export class EstateError extends Error {
    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = "EstateError";
    }
}

export interface ReadOptions {
    /** Where Identity Center lives. @default the SDK's region resolution (AWS_REGION, the profile's region) */
    readonly region?: string;
    /** Told about each step, for a progress line. @default silent */
    readonly progress?: (what: string) => void;
    /**
     * Where to send every request instead of AWS, with these credentials: the built-in example's
     * local fake (estate/example.ts). Set, nothing of the environment's AWS settings is used.
     * @default the SDK's endpoint and credential resolution
     */
    readonly local?: { readonly endpoint: string; readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } };
}

/**
 * Read the whole estate. Calls go one after another per service: Organizations and Identity
 * Center throttle bursts, and the adaptive retry mode slows down when they do.
 * @throws EstateError naming the missing permission on AccessDenied, or what is missing in AWS.
 */
export async function readEstate(options: ReadOptions = {}): Promise<Estate> {
    const settings = {
        retryMode: "adaptive",
        maxAttempts: 10,
        ...(options.region ? { region: options.region } : {}),
        // A custom endpoint with FIPS or dual-stack (which a profile may switch on) is refused by the
        // endpoint rules: off, explicitly, for the local one.
        ...(options.local ? { endpoint: options.local.endpoint, credentials: { ...options.local.credentials }, useFipsEndpoint: false, useDualstackEndpoint: false } : {}),
    };
    const organizations = new OrganizationsClient(settings);
    const ssoAdmin = new SSOAdminClient(settings);
    const identityStore = new IdentitystoreClient(settings);
    const progress = options.progress ?? (() => undefined);
    try {
        const region = await ssoAdmin.config.region().catch((err: unknown) => {
            throw new EstateError(`no AWS region: give --region where IAM Identity Center is enabled, or set AWS_REGION (${(err as Error).message})`, { cause: err });
        });
        progress("the organisation");
        const organization = await readOrganization(organizations);
        progress("Identity Center");
        const instance = await readInstance(ssoAdmin, region);
        const permissionSets = await readPermissionSets(ssoAdmin, instance.arn);
        const assignments = await readAssignments(ssoAdmin, instance.arn, permissionSets);
        progress("the identity store");
        const { groups, users, memberships } = await readIdentityStore(identityStore, instance.identityStoreId);
        return { region, ...organization, instance, permissionSets, groups, users, memberships, assignments };
    } finally {
        organizations.destroy();
        ssoAdmin.destroy();
        identityStore.destroy();
    }
}

// --- Calls ----------------------------------------------------------------------------------------

/** One request, with AccessDenied turned into a message naming the IAM action it needed. */
async function call<T>(action: ReadAction, request: () => Promise<T>): Promise<T> {
    try {
        return await request();
    } catch (err) {
        throw explain(action, err);
    }
}

/** Every item of every page of a paginated list. */
async function all<P, T>(action: ReadAction, pages: AsyncIterable<P>, items: (page: P) => readonly T[] | undefined): Promise<T[]> {
    const found: T[] = [];
    try {
        for await (const page of pages) found.push(...(items(page) ?? []));
    } catch (err) {
        throw explain(action, err);
    }
    return found;
}

function explain(action: ReadAction, err: unknown): Error {
    const e = err as { name?: string; message?: string };
    if (e?.name === "AccessDeniedException" || e?.name === "AccessDenied") {
        return new EstateError(
            `access denied: the credentials may not call ${action} (${e.message ?? "no message"}). ` +
                "Use credentials of the management account with the read-only policy in docs/adopt-and-audit.md.",
            { cause: err },
        );
    }
    if (e?.name === "AWSOrganizationsNotInUseException") {
        return new EstateError("this account is not in an AWS Organization: there is nothing to adopt (create the organisation with `pulumi up`)", { cause: err });
    }
    if (e?.name === "CredentialsProviderError" || /Could not load credentials/.test(e?.message ?? "")) {
        return new EstateError(`no AWS credentials: ${e.message} (set AWS_PROFILE, or run \`aws sso login\`)`, { cause: err });
    }
    return new EstateError(`${action} failed: ${e?.name ? `${e.name}: ` : ""}${e?.message ?? String(err)}`, { cause: err });
}

const tagMap = (tags: readonly { Key?: string; Value?: string }[]) => Object.fromEntries(tags.map((t) => [t.Key ?? "", t.Value ?? ""]));

// --- Organizations -------------------------------------------------------------------------------

async function readOrganization(client: OrganizationsClient) {
    const pageOf = { client };
    const described = await call("organizations:DescribeOrganization", () => client.send(new DescribeOrganizationCommand({})));
    const org = described.Organization ?? {};
    const roots = await all("organizations:ListRoots", paginateListRoots(pageOf, {}), (p) => p.Roots);
    if (roots.length !== 1 || !roots[0].Id) throw new EstateError(`expected one root in organisation ${org.Id}, found ${roots.length}`);
    const root = roots[0];
    const services = await all("organizations:ListAWSServiceAccessForOrganization", paginateListAWSServiceAccessForOrganization(pageOf, {}), (p) => p.EnabledServicePrincipals);
    const tagsOf = (id: string) => all("organizations:ListTagsForResource", paginateListOrgTags(pageOf, { ResourceId: id }), (p) => p.Tags).then(tagMap);

    const organizationalUnits: LiveOrganizationalUnit[] = [];
    const accounts: LiveAccount[] = [];
    const parents = [root.Id!];
    // Breadth first: top-level OUs, then the OUs nested in them.
    while (parents.length > 0) {
        const parentId = parents.shift()!;
        const children: OrgAccount[] = await all("organizations:ListAccountsForParent", paginateListAccountsForParent(pageOf, { ParentId: parentId }), (p) => p.Accounts);
        for (const a of children) {
            accounts.push({ id: a.Id!, name: a.Name ?? "", email: a.Email ?? "", status: String(a.State ?? a.Status ?? "ACTIVE"), parentId, tags: await tagsOf(a.Id!) });
        }
        const ous = await all("organizations:ListOrganizationalUnitsForParent", paginateListOrganizationalUnitsForParent(pageOf, { ParentId: parentId }), (p) => p.OrganizationalUnits);
        for (const ou of ous) {
            organizationalUnits.push({ id: ou.Id!, name: ou.Name ?? "", parentId, tags: await tagsOf(ou.Id!) });
            parents.push(ou.Id!);
        }
    }
    return {
        organization: {
            id: org.Id ?? "",
            managementAccountId: org.MasterAccountId ?? "",
            featureSet: String(org.FeatureSet ?? ""),
            rootId: root.Id!,
            serviceAccessPrincipals: services.map((s) => s.ServicePrincipal ?? "").filter(Boolean).sort(),
            enabledPolicyTypes: (root.PolicyTypes ?? []).filter((t) => t.Status === "ENABLED").map((t) => String(t.Type)).sort(),
        },
        organizationalUnits,
        accounts,
    };
}

// --- Identity Center -----------------------------------------------------------------------------

async function readInstance(client: SSOAdminClient, region: string) {
    const instances = await all("sso:ListInstances", paginateListInstances({ client }, {}), (p) => p.Instances);
    // An account instance (made in a member account) is not the organisation's; the reader runs
    // in the management account, where only the organisation instance can be.
    if (instances.length === 0) {
        throw new EstateError(`IAM Identity Center is not enabled in ${region}: no instance found (enable it in the console, or give --region where it is)`);
    }
    if (instances.length > 1) throw new EstateError(`${instances.length} Identity Center instances in ${region}: ${instances.map((i) => i.InstanceArn).join(", ")}`);
    return { arn: instances[0].InstanceArn!, identityStoreId: instances[0].IdentityStoreId! };
}

async function readPermissionSets(client: SSOAdminClient, instanceArn: string): Promise<LivePermissionSet[]> {
    const pageOf = { client };
    const arns = await all("sso:ListPermissionSets", paginateListPermissionSets(pageOf, { InstanceArn: instanceArn }), (p) => p.PermissionSets);
    const sets: LivePermissionSet[] = [];
    for (const arn of arns) {
        // Each request gets its own copy: the SDK's paginators write NextToken into their input.
        const target = { InstanceArn: instanceArn, PermissionSetArn: arn };
        const described = await call("sso:DescribePermissionSet", () => client.send(new DescribePermissionSetCommand({ ...target })));
        const ps = described.PermissionSet ?? {};
        const tags = await all("sso:ListTagsForResource", paginateListSsoTags(pageOf, { InstanceArn: instanceArn, ResourceArn: arn }), (p) => p.Tags);
        const managed = await all("sso:ListManagedPoliciesInPermissionSet", paginateListManagedPoliciesInPermissionSet(pageOf, { ...target }), (p) => p.AttachedManagedPolicies);
        const customer = await all(
            "sso:ListCustomerManagedPolicyReferencesInPermissionSet",
            paginateListCustomerManagedPolicyReferencesInPermissionSet(pageOf, { ...target }),
            (p) => p.CustomerManagedPolicyReferences,
        );
        const inline = await call("sso:GetInlinePolicyForPermissionSet", () => client.send(new GetInlinePolicyForPermissionSetCommand({ ...target })));
        const boundary = await readBoundary(client, target);
        sets.push({
            arn,
            name: ps.Name ?? "",
            ...(ps.Description ? { description: ps.Description } : {}),
            ...(ps.SessionDuration ? { sessionDuration: ps.SessionDuration } : {}),
            ...(ps.RelayState ? { relayState: ps.RelayState } : {}),
            tags: tagMap(tags),
            managedPolicies: managed.map((m) => m.Arn ?? "").filter(Boolean).sort(),
            customerManagedPolicies: customer.map((c) => ({ name: c.Name ?? "", path: c.Path ?? "/" })),
            ...(inline.InlinePolicy ? { inlinePolicy: inline.InlinePolicy } : {}),
            ...(boundary ? { permissionsBoundary: boundary } : {}),
        });
    }
    return sets;
}

/** A permission set without a boundary answers ResourceNotFoundException (as terraform-provider-aws's FindPermissionsBoundary reads it). */
async function readBoundary(client: SSOAdminClient, target: { InstanceArn: string; PermissionSetArn: string }) {
    try {
        const out = await client.send(new GetPermissionsBoundaryForPermissionSetCommand(target));
        const b = out.PermissionsBoundary;
        if (!b) return undefined;
        if (b.ManagedPolicyArn) return { managedPolicyArn: b.ManagedPolicyArn };
        const ref = b.CustomerManagedPolicyReference;
        return ref ? { customerManagedPolicyReference: { name: ref.Name ?? "", path: ref.Path ?? "/" } } : undefined;
    } catch (err) {
        if ((err as { name?: string }).name === "ResourceNotFoundException") return undefined;
        throw explain("sso:GetPermissionsBoundaryForPermissionSet", err);
    }
}

/** Every account assignment: per permission set, the accounts it is provisioned to, and the assignments there. */
async function readAssignments(client: SSOAdminClient, instanceArn: string, permissionSets: readonly LivePermissionSet[]): Promise<LiveAssignment[]> {
    const pageOf = { client };
    const assignments: LiveAssignment[] = [];
    for (const ps of permissionSets) {
        const accounts = await all(
            "sso:ListAccountsForProvisionedPermissionSet",
            paginateListAccountsForProvisionedPermissionSet(pageOf, { InstanceArn: instanceArn, PermissionSetArn: ps.arn }),
            (p) => p.AccountIds,
        );
        for (const accountId of accounts) {
            const found = await all(
                "sso:ListAccountAssignments",
                paginateListAccountAssignments(pageOf, { InstanceArn: instanceArn, PermissionSetArn: ps.arn, AccountId: accountId }),
                (p) => p.AccountAssignments,
            );
            for (const a of found) {
                assignments.push({
                    accountId: a.AccountId ?? accountId,
                    permissionSetArn: a.PermissionSetArn ?? ps.arn,
                    principalType: a.PrincipalType === "USER" ? "USER" : "GROUP",
                    principalId: a.PrincipalId ?? "",
                });
            }
        }
    }
    return assignments;
}

// --- Identity Store ------------------------------------------------------------------------------

async function readIdentityStore(client: IdentitystoreClient, identityStoreId: string) {
    const pageOf = { client };
    const rawGroups = await all("identitystore:ListGroups", paginateListGroups(pageOf, { IdentityStoreId: identityStoreId }), (p) => p.Groups);
    const rawUsers = await all("identitystore:ListUsers", paginateListUsers(pageOf, { IdentityStoreId: identityStoreId }), (p) => p.Users);
    const groups: LiveGroup[] = rawGroups.map((g) => ({
        id: g.GroupId ?? "",
        displayName: g.DisplayName ?? "",
        ...(g.Description ? { description: g.Description } : {}),
        external: (g.ExternalIds ?? []).length > 0,
    }));
    const users: LiveUser[] = rawUsers.map((u) => {
        const emails = u.Emails ?? [];
        const email = (emails.find((e) => e.Primary) ?? emails[0])?.Value;
        const primary = emails.find((e) => e.Primary) ?? emails[0];
        const unexpressed = [
            ...(emails.length > 1 ? [`${emails.length} emails`] : []),
            ...(primary?.Type ? [`email type ${JSON.stringify(primary.Type)}`] : []),
            ...(primary && !primary.Primary ? ["an email not marked primary"] : []),
            ...(["Formatted", "MiddleName", "HonorificPrefix", "HonorificSuffix"] as const).filter((k) => u.Name?.[k]).map((k) => `name ${k}`),
            ...(["NickName", "ProfileUrl", "Title", "UserType", "PreferredLanguage", "Locale", "Timezone"] as const).filter((k) => u[k]).map((k) => k),
            ...((u.PhoneNumbers ?? []).length ? ["phone numbers"] : []),
            ...((u.Addresses ?? []).length ? ["addresses"] : []),
        ];
        return {
            id: u.UserId ?? "",
            userName: u.UserName ?? "",
            unexpressed,
            ...(u.Name?.GivenName ? { givenName: u.Name.GivenName } : {}),
            ...(u.Name?.FamilyName ? { familyName: u.Name.FamilyName } : {}),
            ...(u.DisplayName ? { displayName: u.DisplayName } : {}),
            ...(email ? { email } : {}),
            external: (u.ExternalIds ?? []).length > 0,
        };
    });
    const memberships: LiveMembership[] = [];
    for (const group of groups) {
        const found = await all(
            "identitystore:ListGroupMemberships",
            paginateListGroupMemberships(pageOf, { IdentityStoreId: identityStoreId, GroupId: group.id }),
            (p) => p.GroupMemberships,
        );
        for (const m of found) {
            if (m.MemberId && "UserId" in m.MemberId && m.MemberId.UserId) memberships.push({ id: m.MembershipId ?? "", groupId: group.id, userId: m.MemberId.UserId });
        }
    }
    return { groups, users, memberships };
}
