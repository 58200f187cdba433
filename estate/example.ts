/**
 * The built-in example estate of `npm run adopt -- --example` and `npm run audit -- --example`: the
 * organisation someone following AWS's startup tutorials builds in the console, served by the local
 * fake of the AWS APIs (estate/fakeAws.ts) on the loopback interface, and read by the real reader
 * through the real AWS SDK clients. No credentials, no network: what the commands do, tried safely.
 */
import { Estate, readEstate } from "./reader";
import { FakeAws, FakeEstate } from "./fakeAws";

export const INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6";
export const STORE_ID = "d-9067a1b2c3";
export const MANAGEMENT_ID = "111111111111";
export const SANDBOX_ID = "222222222222";
/** Where the example's Identity Center is enabled. */
export const EXAMPLE_REGION = "eu-central-1";
const psArn = (suffix: string) => `arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-${suffix}`;

/**
 * The startup tutorial's estate: an organisation with one sandbox account, the permission set
 * DeveloperUserAccess (PowerUserAccess for 8 hours), DeveloperGroup assigned it on the sandbox, and
 * two users in the group.
 */
export function tutorialEstate(): FakeEstate {
    return {
        organization: { Id: "o-a1b2c3d4e5", FeatureSet: "ALL", MasterAccountId: MANAGEMENT_ID, MasterAccountEmail: "owner@example.com" },
        root: { Id: "r-ab12", Name: "Root", PolicyTypes: [] },
        servicePrincipals: ["sso.amazonaws.com"],
        ous: [],
        accounts: [
            { Id: MANAGEMENT_ID, Name: "Example Startup", Email: "owner@example.com", Status: "ACTIVE", ParentId: "r-ab12" },
            { Id: SANDBOX_ID, Name: "Sandbox", Email: "owner+sandbox@example.com", Status: "ACTIVE", ParentId: "r-ab12" },
        ],
        instance: { InstanceArn: INSTANCE_ARN, IdentityStoreId: STORE_ID },
        permissionSets: [
            {
                Arn: psArn("0123456789abcdef"),
                Name: "DeveloperUserAccess",
                SessionDuration: "PT8H",
                ManagedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"],
            },
        ],
        assignments: [{ AccountId: SANDBOX_ID, PermissionSetArn: psArn("0123456789abcdef"), PrincipalType: "GROUP", PrincipalId: "94482488-3041-7026-18f0-7cf8d1f6a8b1" }],
        groups: [{ GroupId: "94482488-3041-7026-18f0-7cf8d1f6a8b1", DisplayName: "DeveloperGroup", Description: "Developers" }],
        users: [
            {
                UserId: "c4e8f4a8-1001-70c6-2f41-5a2c0e0e0a11",
                UserName: "jane.doe",
                Name: { GivenName: "Jane", FamilyName: "Doe" },
                DisplayName: "Jane Doe",
                Emails: [{ Value: "jane@example.com", Primary: true }],
            },
            {
                UserId: "c4e8f4a8-1002-70c6-2f41-5a2c0e0e0a12",
                UserName: "bob.smith",
                Name: { GivenName: "Bob", FamilyName: "Smith" },
                DisplayName: "Bobby Smith",
                Emails: [{ Value: "bob@example.com", Primary: true }],
            },
        ],
        memberships: [
            { MembershipId: "a1b2c3d4-5001-70c6-2f41-5a2c0e0e0a21", GroupId: "94482488-3041-7026-18f0-7cf8d1f6a8b1", UserId: "c4e8f4a8-1001-70c6-2f41-5a2c0e0e0a11" },
            { MembershipId: "a1b2c3d4-5002-70c6-2f41-5a2c0e0e0a22", GroupId: "94482488-3041-7026-18f0-7cf8d1f6a8b1", UserId: "c4e8f4a8-1002-70c6-2f41-5a2c0e0e0a12" },
        ],
    };
}

/**
 * The tutorial's estate a week after it was adopted, changed by hand in the console: someone
 * attached AdministratorAccess to DeveloperUserAccess, and created the user eve.hand and added her
 * to DeveloperGroup. What `npm run audit -- --example` finds.
 */
export function driftedEstate(): FakeEstate {
    const e = tutorialEstate();
    e.permissionSets[0].ManagedPolicies = [...(e.permissionSets[0].ManagedPolicies ?? []), "arn:aws:iam::aws:policy/AdministratorAccess"];
    const eve = "c4e8f4a8-1003-70c6-2f41-5a2c0e0e0a13";
    e.users.push({ UserId: eve, UserName: "eve.hand", Name: { GivenName: "Eve", FamilyName: "Hand" }, DisplayName: "Eve Hand", Emails: [{ Value: "eve@example.com", Primary: true }] });
    e.memberships.push({ MembershipId: "a1b2c3d4-5003-70c6-2f41-5a2c0e0e0a23", GroupId: e.groups[0].GroupId, UserId: eve });
    return e;
}

/** The header line of the stack file adopted from the example. */
export const EXAMPLE_NOTE = "The built-in example estate (npm run adopt -- --example), served by a local fake: not an organisation of yours.";

/** Said on stderr whenever a command reads the example, so nobody mistakes it for their estate. */
export function exampleNotice(endpoint: string): string {
    return (
        `example: reading the built-in example estate (the startup tutorial's console-built organisation) from a local fake of the ` +
        `Organizations, SSO Admin and Identity Store APIs at ${endpoint} (estate/fakeAws.ts), through the real AWS SDK clients: ` +
        "no credentials, no network, nothing of your AWS settings used\n"
    );
}

/**
 * Read each estate in turn, as the reader reads AWS, from a local fake that serves it on 127.0.0.1
 * for the duration of the call.
 * @param notice told the fake's endpoint once it listens
 * @throws Error if anything but a read reached the fake (it refuses writes; this cannot happen)
 */
export async function readExample(estates: readonly FakeEstate[], notice: (endpoint: string) => void = () => undefined): Promise<Estate[]> {
    const fake = new FakeAws(estates[0]);
    const endpoint = await fake.start();
    notice(endpoint);
    try {
        const read: Estate[] = [];
        for (const estate of estates) {
            fake.estate = estate;
            // Credentials the fake checks the signature format of, not the secret: none of the user's.
            read.push(await readEstate({ region: EXAMPLE_REGION, local: { endpoint, credentials: { accessKeyId: "AKIAEXAMPLEEXAMPLE00", secretAccessKey: "example" } } }));
        }
        if (fake.writes().length) throw new Error(`the example's reader sent writes: ${fake.writes().map((c) => c.operation).join(", ")}`);
        return read;
    } finally {
        await fake.stop();
    }
}
