/**
 * Estates for the fake AWS endpoint (estate/fakeAws.ts), as someone following a console tutorial
 * leaves them. The startup tutorial's is the built-in example (estate/example.ts).
 */
import { INSTANCE_ARN, SANDBOX_ID, STORE_ID, tutorialEstate } from "../estate/example";
import type { FakeEstate } from "./fakeAws";

export { INSTANCE_ARN, MANAGEMENT_ID, SANDBOX_ID, STORE_ID, tutorialEstate } from "../estate/example";

const psArn = (suffix: string) => `arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-${suffix}`;

/**
 * One person's estate: OUs (Workloads with a nested Team OU, Sandbox), three accounts, two
 * permission sets (AdminAccess with an inline policy, a customer managed policy, a boundary and
 * tags; ReadOnly), a group, and an assignment made directly to the user.
 */
export function onePersonEstate(): FakeEstate {
    const admin = psArn("aaaaaaaaaaaaaaaa");
    const readOnly = psArn("bbbbbbbbbbbbbbbb");
    const user = "c4e8f4a8-2001-70c6-2f41-5a2c0e0e0a31";
    const group = "94482488-4041-7026-18f0-7cf8d1f6a8b2";
    return {
        organization: { Id: "o-z9y8x7w6v5", FeatureSet: "ALL", MasterAccountId: "333333333333", MasterAccountEmail: "me@example.net" },
        root: { Id: "r-cd34", Name: "Root", PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }] },
        servicePrincipals: ["account.amazonaws.com", "sso.amazonaws.com"],
        ous: [
            { Id: "ou-cd34-11111111", Name: "Workloads", ParentId: "r-cd34", Tags: { CostCenter: "ops" } },
            { Id: "ou-cd34-22222222", Name: "Sandbox", ParentId: "r-cd34" },
            { Id: "ou-cd34-33333333", Name: "Team", ParentId: "ou-cd34-11111111", Tags: { Owner: "me" } },
        ],
        accounts: [
            { Id: "333333333333", Name: "Me", Email: "me@example.net", Status: "ACTIVE", ParentId: "r-cd34" },
            { Id: "444444444444", Name: "Me Prod", Email: "me+prod@example.net", Status: "ACTIVE", ParentId: "ou-cd34-11111111", Tags: { Environment: "prod" } },
            { Id: "555555555555", Name: "Me Play", Email: "me+play@example.net", Status: "ACTIVE", ParentId: "ou-cd34-22222222" },
            { Id: "666666666666", Name: "Team Tools", Email: "me+tools@example.net", Status: "ACTIVE", ParentId: "ou-cd34-33333333" },
        ],
        instance: { InstanceArn: INSTANCE_ARN, IdentityStoreId: STORE_ID },
        permissionSets: [
            {
                Arn: admin,
                Name: "AdminAccess",
                Description: "Everything, for an hour",
                SessionDuration: "PT1H",
                Tags: { Owner: "me", CostCenter: "ops" },
                ManagedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
                CustomerManagedPolicies: [{ Name: "DenyBilling", Path: "/guards/" }],
                InlinePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }] }),
                PermissionsBoundary: { ManagedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
            },
            {
                Arn: readOnly,
                Name: "ReadOnly",
                SessionDuration: "PT4H",
                RelayState: "https://console.aws.amazon.com/cloudwatch/home",
                ManagedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
            },
        ],
        assignments: [
            { AccountId: "333333333333", PermissionSetArn: admin, PrincipalType: "USER", PrincipalId: user },
            { AccountId: "444444444444", PermissionSetArn: readOnly, PrincipalType: "GROUP", PrincipalId: group },
            { AccountId: "555555555555", PermissionSetArn: admin, PrincipalType: "GROUP", PrincipalId: group },
            { AccountId: "555555555555", PermissionSetArn: readOnly, PrincipalType: "GROUP", PrincipalId: group },
        ],
        groups: [{ GroupId: group, DisplayName: "Me" }],
        users: [
            {
                UserId: user,
                UserName: "me",
                Name: { GivenName: "Mia", FamilyName: "Example" },
                DisplayName: "Mia Example",
                Title: "Founder",
                Emails: [{ Value: "me@example.net", Type: "work", Primary: true }],
            },
        ],
        memberships: [{ MembershipId: "a1b2c3d4-6001-70c6-2f41-5a2c0e0e0a41", GroupId: group, UserId: user }],
    };
}

/**
 * The one-person estate grown deeper: in Team (itself in Workloads) an OU Platform with an
 * account the group reaches, and in Platform an empty OU Deep, four levels under the root.
 */
export function nestedOuEstate(): FakeEstate {
    const e = onePersonEstate();
    e.ous.push(
        { Id: "ou-cd34-55555555", Name: "Platform", ParentId: "ou-cd34-33333333", Tags: { Layer: "platform" } },
        { Id: "ou-cd34-66666666", Name: "Deep", ParentId: "ou-cd34-55555555" },
    );
    e.accounts.push({ Id: "777777777777", Name: "Platform Shared", Email: "me+shared@example.net", Status: "ACTIVE", ParentId: "ou-cd34-55555555" });
    e.assignments.push({ AccountId: "777777777777", PermissionSetArn: e.permissionSets[1].Arn, PrincipalType: "GROUP", PrincipalId: e.groups[0].GroupId });
    return e;
}

const SCIM = (id: string) => [{ Issuer: "https://scim.idp.example.com/v2", Id: id }];

/**
 * The tutorial's estate after its owner connected an external identity provider (SCIM): the
 * synced group Engineering has DeveloperUserAccess on the sandbox; the synced group Marketing has
 * no access; synced users: alice (in both synced groups), carol (DeveloperUserAccess on the
 * sandbox, assigned to her directly) and dave (added to the local DeveloperGroup); and the local
 * user bob.smith was added to Engineering by hand.
 */
export function scimEstate(): FakeEstate {
    const e = tutorialEstate();
    const [engineering, marketing] = ["94482488-5041-7026-18f0-7cf8d1f6a8c1", "94482488-5042-7026-18f0-7cf8d1f6a8c2"];
    const [alice, carol, dave] = ["c4e8f4a8-3001-70c6-2f41-5a2c0e0e0b01", "c4e8f4a8-3002-70c6-2f41-5a2c0e0e0b02", "c4e8f4a8-3003-70c6-2f41-5a2c0e0e0b03"];
    const ps = e.permissionSets[0].Arn;
    const developers = e.groups[0].GroupId;
    const bob = e.users[1].UserId;
    e.groups.push({ GroupId: engineering, DisplayName: "Engineering", ExternalIds: SCIM("00g1engineering") }, { GroupId: marketing, DisplayName: "Marketing", ExternalIds: SCIM("00g2marketing") });
    const synced = (UserId: string, UserName: string, given: string) => ({
        UserId,
        UserName,
        Name: { GivenName: given, FamilyName: "Corp" },
        DisplayName: `${given} Corp`,
        Emails: [{ Value: UserName, Type: "work", Primary: true }],
        ExternalIds: SCIM(`00u${given.toLowerCase()}`),
    });
    e.users.push(synced(alice, "alice@corp.example", "Alice"), synced(carol, "carol@corp.example", "Carol"), synced(dave, "dave@corp.example", "Dave"));
    e.memberships.push(
        { MembershipId: "a1b2c3d4-7001-70c6-2f41-5a2c0e0e0b11", GroupId: engineering, UserId: alice },
        { MembershipId: "a1b2c3d4-7002-70c6-2f41-5a2c0e0e0b12", GroupId: marketing, UserId: alice },
        { MembershipId: "a1b2c3d4-7003-70c6-2f41-5a2c0e0e0b13", GroupId: developers, UserId: dave },
        { MembershipId: "a1b2c3d4-7004-70c6-2f41-5a2c0e0e0b14", GroupId: engineering, UserId: bob },
    );
    e.assignments.push(
        { AccountId: SANDBOX_ID, PermissionSetArn: ps, PrincipalType: "GROUP", PrincipalId: engineering },
        { AccountId: SANDBOX_ID, PermissionSetArn: ps, PrincipalType: "USER", PrincipalId: carol },
    );
    return e;
}
