/**
 * Runs the landing-zone program in-process on the Pulumi SDK's mock engine and records every
 * registration with what a reviewer cares about: inputs, parent, dependencies, protection, import
 * ids, ignored changes, provider. The tests and the offline plan (`npm run plan`) both stand on it.
 *
 * The fake cloud is strict: a resource type or an invoke it does not know fails the run, so a new
 * AWS call cannot slip into the program untested. Ids are derived from logical names, so two plans
 * of similar configs give the same ids to the same resources and can be compared.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as debuggable from "@pulumi/pulumi/runtime/debuggable";
import { setMockOptions } from "@pulumi/pulumi/runtime/settings";
import { atInstant, runClock } from "../config/until";
import { own } from "../config/keys";

/** One resource registration as the engine saw it. */
export interface Registration {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** The id the fake cloud gave it ("" for components). */
    readonly id: string;
    /** URN of the parent component, if any. */
    readonly parent?: string;
    readonly custom: boolean;
    readonly inputs: Record<string, unknown>;
    /** Outputs the fake cloud answered with (inputs plus computed ids and ARNs). */
    readonly outputs: Record<string, unknown>;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    readonly importId?: string;
    readonly ignoreChanges: readonly string[];
    readonly replaceOnChanges: readonly string[];
    /** URNs this resource depends on (explicit `dependsOn` and resources its inputs came from). */
    readonly dependencies: readonly string[];
    /** `urn::id` of the explicit provider, if any. */
    readonly provider?: string;
}

export interface Invocation {
    readonly token: string;
    readonly inputs: Record<string, unknown>;
    /** What the fake cloud answered; absent when the invoke failed. */
    readonly outputs?: Record<string, unknown>;
}

/** What the fake cloud answers for things that are not derived from inputs. */
export interface FakeCloud {
    /** The management account's id (`masterAccountId` of the organisation). */
    managementAccountId: string;
    /** The region of the default provider, for the ARNs of regional resources. */
    region: string;
    /**
     * Whether the account is in an organisation already, for `getOrganization`; the program asks
     * only when the config has no `organization.id`, which the offline plan reads as a new one.
     * @default false
     */
    organizationExists?: boolean;
    /** Identity Center instances `getInstances` returns; empty = none enabled. */
    instances: { arn: string; identityStoreId: string }[];
    /** What the state holds as a command's stdout (its last recorded run). @default "" */
    commandStdout?: string;
    /**
     * The outputs the stack's last deployment exported, which a StackReference to the stack itself
     * reads back (the sandbox nuke's memory). @default {} (a stack never deployed)
     */
    stackOutputs?: Record<string, unknown>;
    /**
     * Display names of the groups an external identity provider has synced into the identity
     * store: what `getGroup` finds. Any other name is not found.
     */
    externalGroups: string[];
    /** User names of the users an external identity provider has synced: what `getUser` finds. */
    externalUsers: string[];
    /**
     * The identity store ids of some of those groups and users, by display name or user name, as a
     * live store holds them (tests of `npm run adopt` plan against the estate they adopted).
     * @default an id derived from the store and the name
     */
    externalIds?: Record<string, string>;
}

/** The organisation a DIY backend gives every stack (`pulumi.getOrganization()`), which the plan plays. */
export const ORGANIZATION = "organization";

export const DEFAULT_CLOUD: FakeCloud = {
    managementAccountId: "111111111111",
    region: "eu-central-1",
    instances: [{ arn: "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6", identityStoreId: "d-9067a1b2c3" }],
    externalGroups: [],
    externalUsers: [],
};

export interface PlanOptions {
    /** Stack config as `pulumi.runtime.allConfig()` holds it: `namespace:key` → string (JSON for objects). */
    config: Record<string, string>;
    /** Keys of `config` that hold secrets. */
    secretKeys?: string[];
    /** The Pulumi program: returns the stack outputs. */
    program: () => Promise<Record<string, unknown>> | Record<string, unknown>;
    project?: string;
    stack?: string;
    cloud?: Partial<FakeCloud>;
}

export interface Plan {
    readonly registrations: Registration[];
    readonly invocations: Invocation[];
    readonly outputs: Record<string, unknown>;
    /** What the program logged with `pulumi.log.warn`, in order. */
    readonly warnings: string[];
    /** The stack config the program was planned with (`namespace:key` → string), when known. */
    readonly config?: Record<string, string>;
}

/** Thrown when the program fails; carries what was registered before it failed. */
export class PlanError extends Error {
    constructor(
        public readonly cause: unknown,
        public readonly registrations: Registration[],
    ) {
        super(cause instanceof Error ? cause.message : String(cause));
        this.name = "PlanError";
    }
}

const hash = (text: string) => createHash("sha256").update(text).digest("hex");
/** A stable fake id of `digits` decimal digits for a logical name. */
const digits = (text: string, n: number) => (BigInt(`0x${hash(text)}`) % 10n ** BigInt(n)).toString().padStart(n, "0");

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK hands mocks untyped inputs
function fakeState(cloud: FakeCloud, type: string, name: string, inputs: Record<string, any>, importId: string) {
    const h = hash(`${type}::${name}`);
    switch (type) {
        case "pulumi:providers:aws":
            return { id: `provider-${h.slice(0, 8)}`, state: inputs };
        case "aws:organizations/organization:Organization": {
            const id = importId || `o-${h.slice(0, 10)}`;
            return {
                id,
                state: {
                    ...inputs,
                    arn: `arn:aws:organizations::${cloud.managementAccountId}:organization/${id}`,
                    masterAccountId: cloud.managementAccountId,
                    roots: [{ id: `r-${h.slice(10, 14)}`, name: "Root", arn: `arn:aws:organizations::${cloud.managementAccountId}:root/${id}/r-${h.slice(10, 14)}` }],
                },
            };
        }
        case "aws:organizations/awsServiceAccess:AwsServiceAccess":
            // Imported by its service principal (the resource's import docs in @pulumi/aws
            // organizations/awsServiceAccess.d.ts); Read answers the date the service was trusted.
            return { id: importId || inputs.servicePrincipal, state: { ...inputs, dateEnabled: "2026-01-01T00:00:00Z" } };
        case "aws:organizations/organizationalUnit:OrganizationalUnit":
            return { id: importId || `ou-${h.slice(0, 4)}-${h.slice(4, 12)}`, state: { ...inputs, arn: `arn:aws:organizations::ou/${h.slice(0, 12)}` } };
        case "aws:organizations/account:Account": {
            const id = importId || digits(`${type}::${name}`, 12);
            return { id, state: { ...inputs, arn: `arn:aws:organizations::${cloud.managementAccountId}:account/${id}`, status: "ACTIVE" } };
        }
        // An imported resource keeps the id it was imported with, and what the provider reads back
        // from it (the ARN, the identity store id) comes from that id, as its importer parses it.
        case "aws:ssoadmin/permissionSet:PermissionSet": {
            const arn = importId ? importId.split(",")[0] : `${inputs.instanceArn.replace(":instance/", ":permissionSet/")}/ps-${h.slice(0, 16)}`;
            return { id: `${arn},${inputs.instanceArn}`, state: { ...inputs, arn } };
        }
        case "aws:identitystore/group:Group": {
            const groupId = importId ? importId.split("/")[1] : uuid(h);
            return { id: `${inputs.identityStoreId}/${groupId}`, state: { ...inputs, groupId } };
        }
        case "aws:identitystore/user:User": {
            const userId = importId ? importId.split("/")[1] : uuid(h);
            return { id: `${inputs.identityStoreId}/${userId}`, state: { ...inputs, userId } };
        }
        case "aws:identitystore/groupMembership:GroupMembership": {
            const membershipId = importId ? importId.split("/")[1] : uuid(h);
            return { id: `${inputs.identityStoreId}/${membershipId}`, state: { ...inputs, membershipId } };
        }
        case "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive":
        case "aws:ssoadmin/customerManagedPolicyAttachmentsExclusive:CustomerManagedPolicyAttachmentsExclusive":
            return { id: importId || `${inputs.instanceArn},${inputs.permissionSetArn}`, state: inputs };
        case "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment":
        case "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment":
        case "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy":
        case "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment":
        case "aws:ssoadmin/accountAssignment:AccountAssignment":
        case "aws:iam/accountAlias:AccountAlias":
            return { id: importId || `${name}-${h.slice(0, 8)}`, state: inputs };
        // Ids below are the provider's import ids: `ACCOUNT:NAME` (budget), `TARGET:POLICY`
        // (policy attachment), `GROUP/NAME` (schedule), `ROLE:POLICY` (inline role policy).
        case "aws:budgets/budget:Budget":
            return { id: `${cloud.managementAccountId}:${inputs.name}`, state: { ...inputs, accountId: cloud.managementAccountId, arn: `arn:aws:budgets::${cloud.managementAccountId}:budget/${inputs.name}` } };
        case "aws:organizations/policy:Policy": {
            const id = `p-${h.slice(0, 8)}`;
            return { id, state: { ...inputs, arn: `arn:aws:organizations::${cloud.managementAccountId}:policy/o-fake/service_control_policy/${id}` } };
        }
        case "aws:organizations/policyAttachment:PolicyAttachment":
            return { id: `${inputs.targetId}:${inputs.policyId}`, state: inputs };
        case "aws:sns/topic:Topic": {
            const arn = `arn:aws:sns:${cloud.region}:${cloud.managementAccountId}:${inputs.name}`;
            return { id: arn, state: { ...inputs, arn } };
        }
        case "aws:sns/topicSubscription:TopicSubscription":
            // An e-mail subscription is pending until confirmed: SNS answers "pending confirmation".
            return { id: `${inputs.topic}:${uuid(h)}`, state: { ...inputs, arn: `${inputs.topic}:${uuid(h)}`, pendingConfirmation: inputs.protocol === "email" } };
        case "aws:cloudwatch/logGroup:LogGroup":
            // The provider's arn has no trailing ":*" (pulumi-aws 6+).
            return { id: inputs.name, state: { ...inputs, arn: `arn:aws:logs:${cloud.region}:${cloud.managementAccountId}:log-group:${inputs.name}` } };
        case "aws:iam/role:Role":
            return { id: inputs.name, state: { ...inputs, arn: `arn:aws:iam::${cloud.managementAccountId}:role/${inputs.name}`, uniqueId: `AROA${h.slice(0, 17).toUpperCase()}` } };
        case "aws:iam/rolePolicy:RolePolicy":
            return { id: `${inputs.role}:${name}`, state: { ...inputs, name } };
        case "aws:codebuild/project:Project": {
            // A project created by the provider has its ARN as id (the provider's docs for `id`).
            const arn = `arn:aws:codebuild:${cloud.region}:${cloud.managementAccountId}:project/${inputs.name}`;
            return { id: arn, state: { ...inputs, arn } };
        }
        // Scheduler's ARN forms: schedule-group/GROUP and schedule/GROUP/NAME (Service Authorization
        // Reference, EventBridge Scheduler resource types); a schedule without a group is in "default".
        case "aws:scheduler/schedule:Schedule": {
            // CreateSchedule refuses a one-time schedule at a time already past (ValidationException).
            const at = atInstant(String(inputs.scheduleExpression));
            if (at !== undefined && Date.parse(at) <= runClock().getTime()) {
                throw new Error(`creating Scheduler Schedule (${inputs.name}): ValidationException: The schedule expression ${inputs.scheduleExpression} is in the past`);
            }
            const group = inputs.groupName ?? "default";
            return { id: `${group}/${inputs.name}`, state: { ...inputs, groupName: group, arn: `arn:aws:scheduler:${cloud.region}:${cloud.managementAccountId}:schedule/${group}/${inputs.name}` } };
        }
        case "aws:scheduler/scheduleGroup:ScheduleGroup":
            return { id: inputs.name, state: { ...inputs, arn: `arn:aws:scheduler:${cloud.region}:${cloud.managementAccountId}:schedule-group/${inputs.name}`, state: "ACTIVE" } };
        case "random:index/randomString:RandomString": {
            const length = Number(inputs.length ?? 8);
            const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            const result = Array.from({ length }, (_, i) => alphabet[parseInt(h.slice(i * 2, i * 2 + 2), 16) % 36]).join("");
            return { id: result, state: { ...inputs, result } };
        }
        case "pulumi:pulumi:StackReference":
            // A read of the stack named `name` (@pulumi/pulumi stackReference.ts): the engine answers
            // its outputs and which of them are secret. The fake cloud knows one stack: this one.
            if (inputs.name !== `${ORGANIZATION}/${pulumi.getProject()}/${pulumi.getStack()}`) {
                throw new Error(`the fake cloud knows only the stack being planned, not ${JSON.stringify(inputs.name)}`);
            }
            return { id: inputs.name, state: { name: inputs.name, outputs: cloud.stackOutputs ?? {}, secretOutputNames: [] } };
        case "command:local:Command":
            return { id: `${name}-${h.slice(0, 8)}`, state: { ...inputs, stdout: cloud.commandStdout ?? "", stderr: "" } };
        default:
            throw new Error(`the fake cloud does not know resource type ${type} (${name}): add it to plan/engine.ts`);
    }
}

function uuid(h: string): string {
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK hands mocks untyped inputs
function fakeInvoke(cloud: FakeCloud, token: string, inputs: Record<string, any>): Record<string, unknown> {
    switch (token) {
        case "aws:organizations/getOrganization:getOrganization": {
            if (!cloud.organizationExists) {
                // DescribeOrganization's AWSOrganizationsNotInUseException, as the provider's data
                // source reports it (components/organizationLookup.ts says where from).
                throw new Error(`invocation of ${token} returned an error: invoking ${token}: 1 error occurred:\n\t* reading Organizations Organization: couldn't find resource`);
            }
            const id = `o-${hash("organization").slice(0, 10)}`;
            const master = cloud.managementAccountId;
            // With returnOrganizationOnly, the DescribeOrganization attributes alone; the lists stay empty.
            return { id, arn: `arn:aws:organizations::${master}:organization/${id}`, featureSet: "ALL", masterAccountArn: `arn:aws:organizations::${master}:account/${id}/${master}`, masterAccountEmail: "owner@example.org", masterAccountId: master, masterAccountName: "", accounts: [], nonMasterAccounts: [], roots: [], awsServiceAccessPrincipals: [], enabledPolicyTypes: [], returnOrganizationOnly: inputs.returnOrganizationOnly };
        }
        case "aws:index/getCallerIdentity:getCallerIdentity": {
            // The plan runs as the management account; GetCallerIdentity's answer for a role session.
            const account = cloud.managementAccountId;
            return { id: account, accountId: account, arn: `arn:aws:sts::${account}:assumed-role/landing-zone-plan/offline`, userId: "AROAOFFLINEPLAN00000:offline" };
        }
        case "aws:ssoadmin/getInstances:getInstances":
            return {
                id: "eu-central-1",
                arns: cloud.instances.map((i) => i.arn),
                identityStoreIds: cloud.instances.map((i) => i.identityStoreId),
            };
        case "aws:identitystore/getGroup:getGroup": {
            const store = String(inputs.identityStoreId);
            const name = uniqueAttribute(token, inputs, "displayName", "GetGroupId");
            if (!cloud.externalGroups.includes(name)) throw notFound(token, "Group", "GetGroupId", store, "GROUP");
            const groupId = own(cloud.externalIds, name) ?? uuid(hash(`group::${store}::${name}`));
            // The data source sets its id to the group id and returns the group's attributes.
            return { id: groupId, groupId, identityStoreId: store, displayName: name, description: "", externalIds: [], alternateIdentifier: inputs.alternateIdentifier, region: "eu-central-1" };
        }
        case "aws:identitystore/getUser:getUser": {
            const store = String(inputs.identityStoreId);
            const name = uniqueAttribute(token, inputs, "userName", "GetUserId");
            if (!cloud.externalUsers.includes(name)) throw notFound(token, "User", "GetUserId", store, "USER");
            const userId = own(cloud.externalIds, name) ?? uuid(hash(`user::${store}::${name}`));
            return {
                id: userId,
                userId,
                identityStoreId: store,
                userName: name,
                displayName: name,
                names: [],
                emails: [],
                addresses: [],
                externalIds: [],
                phoneNumbers: [],
                alternateIdentifier: inputs.alternateIdentifier,
                region: "eu-central-1",
            };
        }
        default:
            throw new Error(`the fake cloud does not answer invoke ${token}: add it to plan/engine.ts`);
    }
}

/**
 * The value of a lookup by unique attribute. The Identity Store API reference allows one path for
 * groups (GetGroupId: "the only valid path is displayName") and userName or emails.value for
 * users (GetUserId); the provider's own acceptance tests pass "DisplayName", so the path's case is
 * not checked. Anything else the API refuses with a ValidationException.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK hands mocks untyped inputs
function uniqueAttribute(token: string, inputs: Record<string, any>, path: string, operation: string): string {
    const attribute = inputs.alternateIdentifier?.uniqueAttribute;
    if (!attribute || String(attribute.attributePath).toLowerCase() !== path.toLowerCase() || typeof attribute.attributeValue !== "string") {
        throw new Error(
            `invocation of ${token} returned an error: invoking ${token}: 1 error occurred:\n\t* operation error identitystore: ${operation}, ` +
                `https response error StatusCode: 400, ValidationException: the fake cloud answers lookups by ${path} only`,
        );
    }
    return attribute.attributeValue;
}

/**
 * A lookup that finds nothing, as a real preview reports it: the API answers ResourceNotFoundException;
 * the provider's data source returns `reading IdentityStore Group (<identity store id>): <API error>`
 * (terraform-provider-aws internal/service/identitystore/group_data_source.go, user_data_source.go);
 * the bridge wraps it as `invoking <token>` (pulumi-terraform-bridge tfbridge/provider.go Invoke),
 * the engine as `invocation of <token> returned an error` (pulumi/pulumi source_eval.go). The
 * exception's own message text is not documented; this one is made up.
 */
function notFound(token: string, what: string, operation: string, store: string, resourceType: string): Error {
    return new Error(
        `invocation of ${token} returned an error: invoking ${token}: 1 error occurred:\n\t* reading IdentityStore ${what} (${store}): ` +
            `operation error identitystore: ${operation}, https response error StatusCode: 400, RequestID: 00000000-0000-0000-0000-000000000000, ` +
            `ResourceNotFoundException: ${resourceType} not found`,
    );
}

/** What the fake cloud was asked and answered for one registration. */
interface Answer {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

/** A mock monitor that also keeps the resource options the SDK's mocks drop. */
class RecordingMonitor extends MockMonitor {
    readonly registrations: Registration[] = [];
    readonly invocations: Invocation[] = [];
    /**
     * The fake cloud's answer to the registration being made. MockMonitor calls `newResource`
     * synchronously within `registerResource`, with the inputs already deserialised: keeping them
     * here spares deserialising every registration twice more.
     */
    answer?: Answer;

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- MockMonitor's own signature: untyped protobuf messages
    registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
        this.answer = undefined;
        const slot: { answer?: Answer } = {};
        const done = super.registerResource(req, (err, response) => {
            const answer = slot.answer;
            if (!err) {
                if (!answer) throw new Error(`no answer was recorded for ${req.getType()} ${req.getName()}`);
                this.registrations.push({
                    type: req.getType(),
                    name: req.getName(),
                    urn: response.getUrn(),
                    id: response.getId(),
                    parent: req.getParent() || undefined,
                    custom: req.getCustom(),
                    inputs: answer.inputs,
                    outputs: answer.outputs,
                    protect: req.getProtect() === true,
                    retainOnDelete: req.getRetainondelete() === true,
                    deleteBeforeReplace: req.getDeletebeforereplace() === true,
                    importId: req.getImportid() || undefined,
                    ignoreChanges: req.getIgnorechangesList(),
                    replaceOnChanges: req.getReplaceonchangesList(),
                    dependencies: req.getDependenciesList(),
                    provider: req.getProvider() || undefined,
                });
            }
            callback(err, response);
        });
        slot.answer = this.answer;
        return done;
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- MockMonitor's own signature: untyped protobuf messages
    async invoke(req: any, callback: (err: any, response: any) => void): Promise<void> {
        const invocation: { token: string; inputs: Record<string, unknown>; outputs?: Record<string, unknown> } = {
            token: req.getTok(),
            inputs: pulumi.runtime.deserializeProperties(req.getArgs()),
        };
        this.invocations.push(invocation);
        // The SDK reports a failed invoke by the gRPC error's `details`, as the real engine sends it.
        return super.invoke(req, (err, response) => {
            if (!err) invocation.outputs = pulumi.runtime.deserializeProperties(response.getReturn());
            callback(err && { ...err, details: err.details ?? err.message }, response);
        });
    }
}

/**
 * Plan the program against the fake cloud: registers everything it would register and returns the
 * registrations and the resolved stack outputs.
 * @throws PlanError when the program throws (a ConfigError, say), with what had been registered.
 */
export async function plan(options: PlanOptions): Promise<Plan> {
    const cloud: FakeCloud = { ...DEFAULT_CLOUD, region: options.config["aws:region"] ?? DEFAULT_CLOUD.region, ...options.cloud };
    // eslint-disable-next-line prefer-const -- the mocks and the monitor refer to each other
    let monitor: RecordingMonitor;
    const mocks: pulumi.runtime.Mocks = {
        newResource: (args) => {
            // A component has nothing in the cloud.
            const { id, state } = args.custom ? fakeState(cloud, args.type, args.name, args.inputs, args.id ?? "") : { id: undefined, state: {} };
            monitor.answer = { inputs: args.inputs, outputs: { ...state, ...(id === undefined ? {} : { id }) } };
            return { id, state };
        },
        call: (args) => fakeInvoke(cloud, args.token, args.inputs),
    };
    const project = options.project ?? "landing-zone";
    const stack = options.stack ?? "dev";
    await pulumi.runtime.setMocks(mocks, project, stack, false, ORGANIZATION);
    monitor = new RecordingMonitor(mocks);
    setMockOptions(monitor, project, stack, false, ORGANIZATION);
    pulumi.runtime.setAllConfig(options.config, options.secretKeys);

    // For each resource the SDK captures an unbounded stack trace (whatever --stack-trace-limit
    // says) to report its source position to the engine. A plan records no source positions, and
    // that capture is the largest part of the SDK's cost per resource: skip it while planning.
    // (A private static of the SDK pinned in package.json; the engine's test checks it still exists.)
    const sdk = pulumi.Resource as unknown as { callsites: () => unknown[] };
    const callsites = sdk.callsites;
    sdk.callsites = () => [];
    // Likewise the SDK wraps each of its promises for leak detection at exit (a stack trace, three
    // properties and two more promises each): the plan waits for every RPC itself.
    const promises = debuggable as unknown as { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> };
    const debuggablePromise = promises.debuggablePromise;
    promises.debuggablePromise = (p) => p;

    // A failed registration surfaces as a rejection nobody awaits (Pulumi's own host catches these
    // the same way): collect them and fail the plan with the first.
    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    // With no engine to send them to, the SDK prints `pulumi.log.warn` messages with console.warn,
    // prefixed (@pulumi/pulumi log/index.js): keep a copy of each, and let them print as before.
    const warnings: string[] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => {
        const text = args.map(String).join(" ");
        if (text.startsWith(SDK_WARNING)) warnings.push(text.slice(SDK_WARNING.length));
        consoleWarn(...args);
    };
    let outputs: Record<string, unknown> = {};
    try {
        const returned = await options.program();
        outputs = (await Promise.race([resolve(returned), failed(failures)])) as Record<string, unknown>;
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        await new Promise((ok) => setImmediate(ok));
    } catch (err) {
        failures.unshift(err);
    } finally {
        process.off("unhandledRejection", onRejection);
        console.warn = consoleWarn;
        sdk.callsites = callsites;
        promises.debuggablePromise = debuggablePromise;
    }
    if (failures.length > 0) throw new PlanError(failures[0], monitor.registrations);
    return { registrations: monitor.registrations, invocations: monitor.invocations, outputs, warnings, config: options.config };
}

/** How the SDK prefixes a warning it prints itself for lack of an engine. */
const SDK_WARNING = "warning: [runtime] ";

/** Settles once a failure has been collected, so a plan whose outputs never resolve still ends. */
function failed(failures: unknown[]): Promise<never> {
    return new Promise((_, reject) => {
        const poll = setInterval(() => {
            if (failures.length > 0) {
                clearInterval(poll);
                reject(failures.shift());
            }
        }, 5);
        poll.unref();
    });
}

/** Resolve Outputs nested anywhere in a value to plain values. */
function resolve(value: unknown): Promise<unknown> {
    const out = pulumi.output(value) as unknown as pulumi.Output<unknown>;
    return new Promise((ok) => out.apply((v) => ok(v)));
}
