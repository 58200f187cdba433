/**
 * A local stand-in for the three AWS APIs the estate reader calls, speaking their wire protocol, so
 * that the real AWS SDK clients (serialisation, signing, pagination, retries, error parsing) read
 * an estate from it: the tests (with AWS_ENDPOINT_URL pointing here) and `npm run adopt -- --example`
 * and `npm run audit -- --example` (estate/example.ts), which need no credentials and no network.
 * It listens on the loopback interface only.
 *
 * What it does, and where that comes from:
 * - Protocol: all three services are awsJson1_1 (aws-sdk-js-v3 codegen/sdk-codegen/aws-models
 *   organizations.json, sso-admin.json, identitystore.json; compiled into the pinned clients as
 *   AwsJson1_1Protocol): a POST to `/` with `Content-Type: application/x-amz-json-1.1` and
 *   `X-Amz-Target: <service target>.<Operation>`, the service targets being
 *   `AWSOrganizationsV20161128`, `SWBExternalService` (SSO Admin) and `AWSIdentityStore`.
 * - Errors: a JSON body `{"__type": CODE, "message": ...}` and the `x-amzn-ErrorType` header, with
 *   the HTTP status the model's `smithy.api#httpError` gives: 429 for Organizations'
 *   TooManyRequestsException and for SSO Admin's and Identity Store's ThrottlingException; 403 for
 *   AccessDeniedException; 404 for ResourceNotFoundException (the status codes are in the
 *   clients' compiled error schemas, `{ error: "client", httpError: N }`).
 * - Pagination: every List operation the reader calls is `smithy.api#paginated` in its model with
 *   inputToken/outputToken `NextToken` and pageSize `MaxResults` (the pinned clients' paginators
 *   are generated from that trait). A page may hold fewer items than asked for while NextToken says
 *   there are more, which the Organizations API reference tells callers to expect ("Always check
 *   the NextToken response parameter ... even when there are more results available"). This fake
 *   answers PAGE items at most, so every list in a test spans several pages.
 * - GetPermissionsBoundaryForPermissionSet answers ResourceNotFoundException when the permission
 *   set has no boundary (as terraform-provider-aws's FindPermissionsBoundary expects);
 *   GetInlinePolicyForPermissionSet answers an empty InlinePolicy when there is none.
 * - ListAccountsForProvisionedPermissionSet lists the accounts where the permission set has an
 *   assignment (assigning provisions it there: CreateAccountAssignment, SSO Admin API reference).
 *
 * Every request is recorded; any operation that is not a List, Describe or Get is a write and is
 * refused (and recorded), so a test can assert that none was ever sent.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { AddressInfo } from "net";

/** Items per page at most, whatever MaxResults asks for: small, so that every list paginates. */
export const PAGE = 2;

type Tags = Record<string, string>;

export interface FakePermissionSet {
    Arn: string;
    Name: string;
    Description?: string;
    SessionDuration?: string;
    RelayState?: string;
    Tags?: Tags;
    ManagedPolicies?: string[];
    CustomerManagedPolicies?: { Name: string; Path: string }[];
    InlinePolicy?: string;
    PermissionsBoundary?: { ManagedPolicyArn?: string; CustomerManagedPolicyReference?: { Name: string; Path: string } };
}

/** The estate the fake serves, in the APIs' own field names. Tests edit it between calls. */
export interface FakeEstate {
    organization: { Id: string; FeatureSet: string; MasterAccountId: string; MasterAccountEmail: string };
    root: { Id: string; Name: string; PolicyTypes: { Type: string; Status: string }[] };
    servicePrincipals: string[];
    ous: { Id: string; Name: string; ParentId: string; Tags?: Tags }[];
    accounts: { Id: string; Name: string; Email: string; Status: string; ParentId: string; Tags?: Tags }[];
    instance?: { InstanceArn: string; IdentityStoreId: string };
    permissionSets: FakePermissionSet[];
    assignments: { AccountId: string; PermissionSetArn: string; PrincipalType: "GROUP" | "USER"; PrincipalId: string }[];
    groups: { GroupId: string; DisplayName: string; Description?: string; ExternalIds?: { Issuer: string; Id: string }[] }[];
    users: {
        UserId: string;
        UserName: string;
        Name?: { GivenName?: string; FamilyName?: string; Formatted?: string };
        DisplayName?: string;
        Title?: string;
        Emails?: { Value: string; Type?: string; Primary?: boolean }[];
        ExternalIds?: { Issuer: string; Id: string }[];
    }[];
    memberships: { MembershipId: string; GroupId: string; UserId: string }[];
}

export interface Call {
    /** `AWSOrganizationsV20161128.ListAccounts` and the like. */
    readonly target: string;
    readonly operation: string;
    readonly body: Record<string, unknown>;
    /** The access key id the request was signed with (SigV4 `Credential=KEY/...`). */
    readonly accessKeyId: string;
}

const SERVICES: Record<string, { throttle: string }> = {
    AWSOrganizationsV20161128: { throttle: "TooManyRequestsException" },
    SWBExternalService: { throttle: "ThrottlingException" },
    AWSIdentityStore: { throttle: "ThrottlingException" },
};

class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

export class FakeAws {
    readonly calls: Call[] = [];
    /** Operations (`ListAccountsForParent`) answered once with the service's throttling error. */
    readonly throttleOnce = new Set<string>();
    /** Operations answered with AccessDeniedException. */
    readonly deny = new Set<string>();
    private server?: Server;

    constructor(public estate: FakeEstate) {}

    /** Start listening on 127.0.0.1; returns the endpoint URL. */
    async start(): Promise<string> {
        this.server = createServer((req, res) => void this.handle(req, res));
        await new Promise<void>((ok) => this.server!.listen(0, "127.0.0.1", ok));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        if (this.server) await new Promise<void>((ok) => this.server!.close(() => ok()));
    }

    /** Calls that were not List, Describe or Get: there must never be one. */
    writes(): Call[] {
        return this.calls.filter((c) => !/^(List|Describe|Get)/.test(c.operation));
    }

    private async handle(req: IncomingMessage, res: ServerResponse) {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const target = String(req.headers["x-amz-target"] ?? "");
        const [service, operation] = target.split(".");
        let body: Record<string, unknown>;
        try {
            if (req.method !== "POST" || req.url !== "/") throw new ApiError(404, "UnknownOperationException", `${req.method} ${req.url}`);
            if (req.headers["content-type"] !== "application/x-amz-json-1.1") {
                throw new ApiError(400, "SerializationException", `content type ${req.headers["content-type"]} is not application/x-amz-json-1.1`);
            }
            if (!String(req.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 ")) throw new ApiError(403, "MissingAuthenticationTokenException", "unsigned request");
            body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
            const accessKeyId = /Credential=([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? "";
            this.calls.push({ target, operation, body, accessKeyId });
            if (!SERVICES[service]) throw new ApiError(400, "UnknownOperationException", `unknown target ${target}`);
            if (this.deny.has(operation)) {
                throw new ApiError(403, "AccessDeniedException", `User: arn:aws:sts::111111111111:assumed-role/ReadOnly/test is not authorized to perform: ${operation}`);
            }
            if (this.throttleOnce.delete(operation)) throw new ApiError(429, SERVICES[service].throttle, "Rate exceeded");
            const answer = this.answer(operation, body);
            res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": `req-${this.calls.length}` });
            res.end(JSON.stringify(answer));
        } catch (err) {
            const e = err instanceof ApiError ? err : new ApiError(500, "InternalFailure", String(err));
            res.writeHead(e.status, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": e.code, "x-amzn-requestid": `req-${this.calls.length}` });
            res.end(JSON.stringify({ __type: e.code, message: e.message, Message: e.message }));
        }
    }

    private answer(operation: string, body: Record<string, unknown>): Record<string, unknown> {
        const e = this.estate;
        const tags = (t: Tags = {}) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
        const ps = () => {
            const found = e.permissionSets.find((p) => p.Arn === body.PermissionSetArn);
            if (!found || body.InstanceArn !== e.instance?.InstanceArn) throw new ApiError(404, "ResourceNotFoundException", `no permission set ${body.PermissionSetArn}`);
            return found;
        };
        switch (operation) {
            // Organizations
            case "DescribeOrganization":
                return { Organization: { ...e.organization, Arn: `arn:aws:organizations::${e.organization.MasterAccountId}:organization/${e.organization.Id}` } };
            case "ListRoots":
                return page([e.root], body, "Roots");
            case "ListAWSServiceAccessForOrganization":
                return page(e.servicePrincipals.map((ServicePrincipal) => ({ ServicePrincipal })), body, "EnabledServicePrincipals");
            case "ListAccountsForParent":
                return page(
                    e.accounts.filter((a) => a.ParentId === body.ParentId).map(({ ParentId: _p, Tags: _t, ...a }) => ({ ...a, State: a.Status })),
                    body,
                    "Accounts",
                );
            case "ListOrganizationalUnitsForParent":
                return page(e.ous.filter((o) => o.ParentId === body.ParentId).map(({ Id, Name }) => ({ Id, Name })), body, "OrganizationalUnits");
            case "ListTagsForResource": {
                // SSO Admin's has an InstanceArn and a ResourceArn; Organizations' a ResourceId.
                if (body.InstanceArn !== undefined) {
                    const found = e.permissionSets.find((p) => p.Arn === body.ResourceArn);
                    if (!found || body.InstanceArn !== e.instance?.InstanceArn) throw new ApiError(404, "ResourceNotFoundException", `no resource ${body.ResourceArn}`);
                    return page(tags(found.Tags), body, "Tags");
                }
                const owner = [...e.accounts, ...e.ous].find((x) => x.Id === body.ResourceId);
                if (!owner) throw new ApiError(400, "TargetNotFoundException", `no resource ${body.ResourceId}`);
                return page(tags(owner.Tags), body, "Tags");
            }
            // SSO Admin
            case "ListInstances":
                return page(e.instance ? [{ ...e.instance, Status: "ACTIVE", OwnerAccountId: e.organization.MasterAccountId }] : [], body, "Instances");
            case "ListPermissionSets":
                return page(e.permissionSets.map((p) => p.Arn), body, "PermissionSets");
            case "DescribePermissionSet": {
                const p = ps();
                return { PermissionSet: { Name: p.Name, PermissionSetArn: p.Arn, Description: p.Description, SessionDuration: p.SessionDuration ?? "PT1H", RelayState: p.RelayState } };
            }
            case "ListManagedPoliciesInPermissionSet":
                return page((ps().ManagedPolicies ?? []).map((Arn) => ({ Arn, Name: Arn.split("/").pop() })), body, "AttachedManagedPolicies");
            case "ListCustomerManagedPolicyReferencesInPermissionSet":
                return page(ps().CustomerManagedPolicies ?? [], body, "CustomerManagedPolicyReferences");
            case "GetInlinePolicyForPermissionSet":
                return { InlinePolicy: ps().InlinePolicy ?? "" };
            case "GetPermissionsBoundaryForPermissionSet": {
                const b = ps().PermissionsBoundary;
                if (!b) throw new ApiError(404, "ResourceNotFoundException", "The permissions boundary does not exist");
                return { PermissionsBoundary: b };
            }
            case "ListAccountsForProvisionedPermissionSet": {
                const arn = ps().Arn;
                return page([...new Set(e.assignments.filter((a) => a.PermissionSetArn === arn).map((a) => a.AccountId))].sort(), body, "AccountIds");
            }
            case "ListAccountAssignments":
                return page(
                    e.assignments.filter((a) => a.PermissionSetArn === ps().Arn && a.AccountId === body.AccountId),
                    body,
                    "AccountAssignments",
                );
            // Identity Store
            case "ListGroups":
                this.store(body);
                return page(e.groups.map((g) => ({ ...g, IdentityStoreId: body.IdentityStoreId })), body, "Groups");
            case "ListUsers":
                this.store(body);
                return page(e.users.map((u) => ({ ...u, IdentityStoreId: body.IdentityStoreId })), body, "Users");
            case "ListGroupMemberships":
                this.store(body);
                return page(
                    e.memberships
                        .filter((m) => m.GroupId === body.GroupId)
                        .map((m) => ({ IdentityStoreId: body.IdentityStoreId, MembershipId: m.MembershipId, GroupId: m.GroupId, MemberId: { UserId: m.UserId } })),
                    body,
                    "GroupMemberships",
                );
            default:
                throw new ApiError(400, "UnknownOperationException", `the fake does not serve ${operation} (a write, or a call the reader should not make)`);
        }
    }

    private store(body: Record<string, unknown>) {
        if (body.IdentityStoreId !== this.estate.instance?.IdentityStoreId) throw new ApiError(404, "ResourceNotFoundException", `no identity store ${body.IdentityStoreId}`);
    }
}

/** One page of `items` from NextToken (an offset, opaque to the caller), PAGE items at most. */
function page<T>(items: readonly T[], body: Record<string, unknown>, key: string): Record<string, unknown> {
    const start = typeof body.NextToken === "string" ? Number(Buffer.from(body.NextToken, "base64").toString("utf8")) : 0;
    if (!Number.isInteger(start) || start < 0 || start > items.length) throw new ApiError(400, "InvalidInputException", "invalid NextToken");
    const max = Math.min(typeof body.MaxResults === "number" ? body.MaxResults : PAGE, PAGE);
    const end = start + max;
    return { [key]: items.slice(start, end), ...(end < items.length ? { NextToken: Buffer.from(String(end)).toString("base64") } : {}) };
}
