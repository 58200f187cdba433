import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SCHEDULE_NAME_MAX, scheduleName } from "../config/names";
import { End, atExpression } from "../config/until";
import { utf8Prefix } from "../config/awsNames";
import { visible } from "../config/printable";

/** A schedule's Description: 0-512 (Scheduler API CreateSchedule; terraform-provider-aws scheduler/schedule.go StringLenBetween(0, 512), in bytes). */
export const SCHEDULE_DESCRIPTION_MAX_BYTES = 512;

/** The schedule group every ending schedule is in: the role trusts Scheduler for this group alone. */
export const ENDS_GROUP = "landing-zone-until";
/** The role the ending schedules run as. */
export const ENDS_ROLE = "landing-zone-until-scheduler";

/**
 * EventBridge Scheduler's universal target for an AWS SDK call: `arn:<partition>:scheduler:::aws-sdk:<service>:<apiAction>`
 * (Scheduler User Guide, "Using universal targets"; the service is the SDK's service identifier,
 * the action camelCase).
 */
export function universalTarget(partition: string, service: "ssoadmin" | "identitystore", action: "deleteAccountAssignment" | "deleteGroupMembership"): string {
    return `arn:${partition}:scheduler:::aws-sdk:${service}:${action}`;
}

/**
 * Scheduler retries a failed invocation for up to 24 hours and 185 times (its defaults and maxima,
 * Scheduler's RetryPolicy): a throttled Identity Center call is tried again; one that never
 * succeeds leaves the grant in AWS, where the audit reports it and the next `up` removes it.
 */
const RETRY = { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 };

export interface AccessEndsArgs {
    /** The Identity Center instance whose assignments may be ended. */
    readonly instanceArn: pulumi.Input<string>;
    /** The identity store whose memberships may be ended. */
    readonly identityStoreId: pulumi.Input<string>;
    /** The management account: where the schedules, their group and their role live. */
    readonly managementAccountId: pulumi.Input<string>;
    /**
     * Some grant that ends is on the management account itself. Identity Center manages the role a
     * permission set provisions there with the caller's own IAM permissions, not its service-linked
     * role, so the schedules' role needs those too (IAM Identity Center User Guide, identity-based
     * policy examples, Example 2 and its note).
     * @default false
     */
    readonly managementAccount?: boolean;
}

/**
 * What ends access in AWS at its `until`, without a server: one schedule group and one role for
 * the one-time EventBridge Scheduler schedules that delete an account assignment or a group
 * membership (endAssignment, endMembership). The role may delete exactly assignments of this
 * instance and memberships of this identity store, and Scheduler may assume it only for this
 * account's schedules in this group.
 */
export class AccessEnds extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    public readonly groupName: pulumi.Output<string>;
    /** `aws`, `aws-cn`, ...: from the instance ARN. */
    public readonly partition: pulumi.Output<string>;
    /** What a schedule must wait for: the role's policy, so its first run is allowed. */
    public readonly ready: pulumi.Resource[];

    constructor(name: string, args: AccessEndsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:index:AccessEnds", name, {}, opts);
        const instanceArn = pulumi.output(args.instanceArn);
        this.partition = instanceArn.apply((arn) => arn.split(":")[1]);
        const group = new aws.scheduler.ScheduleGroup(`${name}-group`, { name: ENDS_GROUP }, { parent: this });

        const role = new aws.iam.Role(
            `${name}-role`,
            {
                name: ENDS_ROLE,
                description: "landing-zone: EventBridge Scheduler ends temporary access (until) with this role",
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "scheduler.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            // Only this account's schedules in this group (the confused-deputy guard:
                            // Scheduler sets aws:SourceArn to the schedule group's ARN).
                            Condition: { StringEquals: { "aws:SourceAccount": args.managementAccountId, "aws:SourceArn": group.arn } },
                        },
                    ],
                }),
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-policy`,
            { role: role.name, policy: endsPolicy(instanceArn, pulumi.output(args.identityStoreId), pulumi.output(args.managementAccountId), args.managementAccount ?? false) },
            { parent: this },
        );
        this.roleArn = role.arn;
        this.groupName = group.name;
        this.ready = [policy, group];
        this.registerOutputs({ roleArn: this.roleArn, groupName: this.groupName });
    }
}

/**
 * The schedules' role policy, exactly: DeleteAccountAssignment on this instance (its permission
 * sets and any account), DeleteGroupMembership in this identity store (its groups, users and
 * memberships); for grants on the
 * management account, what Identity Center does there with the caller's permissions when the last
 * assignment of a permission set goes (its AWSReservedSSO_ role, read through the SAML provider).
 */
export function endsPolicy(instanceArn: pulumi.Output<string>, identityStoreId: pulumi.Output<string>, accountId: pulumi.Output<string>, managementAccount: boolean): pulumi.Output<string> {
    return pulumi.all([instanceArn, identityStoreId, accountId]).apply(([instance, store, account]) => {
        const partition = instance.split(":")[1];
        const instanceId = instance.split("/").pop();
        const statements: Record<string, unknown>[] = [
            {
                Sid: "EndAssignmentsOfThisInstance",
                Effect: "Allow",
                Action: "sso:DeleteAccountAssignment",
                Resource: [instance, `arn:${partition}:sso:::permissionSet/${instanceId}/*`, `arn:${partition}:sso:::account/*`],
            },
            {
                Sid: "EndMembershipsOfThisIdentityStore",
                Effect: "Allow",
                Action: "identitystore:DeleteGroupMembership",
                // The Service Authorization Reference (list_awsidentitystore.html) requires all four
                // resource types of DeleteGroupMembership: Group, GroupMembership, Identitystore and
                // User. Group, user and membership ids are global; the store's ARN pins them to this one.
                Resource: [
                    `arn:${partition}:identitystore::${account}:identitystore/${store}`,
                    `arn:${partition}:identitystore:::group/*`,
                    `arn:${partition}:identitystore:::membership/*`,
                    `arn:${partition}:identitystore:::user/*`,
                ],
            },
        ];
        if (managementAccount) {
            statements.push(
                {
                    Sid: "RemoveTheProvisionedRoleInTheManagementAccount",
                    Effect: "Allow",
                    Action: ["iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies"],
                    Resource: `arn:${partition}:iam::${account}:role/aws-reserved/sso.amazonaws.com/*`,
                },
                { Sid: "ReadTheIdentityCenterSamlProvider", Effect: "Allow", Action: "iam:GetSAMLProvider", Resource: `arn:${partition}:iam::${account}:saml-provider/AWSSSO_*_DO_NOT_DELETE` },
                { Sid: "ListRolesAsIdentityCenterDoes", Effect: "Allow", Action: "iam:ListRoles", Resource: "*" },
            );
        }
        return JSON.stringify({ Version: "2012-10-17", Statement: statements });
    });
}

/** What a schedule that ends something needs: AccessEnds, where it is and what it ends. */
interface Ending {
    readonly ends: AccessEnds;
    /** The schedule's logical name: the grant's or membership's own (another resource type). */
    readonly name: string;
    readonly end: End;
    /** The config path of the grant, for the schedule's description. */
    readonly path: string;
}

function schedule(parent: pulumi.Resource, e: Ending, kind: "assignment" | "membership", target: pulumi.Input<string>, input: pulumi.Output<string>, ended: pulumi.Resource) {
    const name = scheduleName(kind, e.name);
    if (name.length > SCHEDULE_NAME_MAX) throw new Error(`${e.path}: schedule name ${name} is longer than ${SCHEDULE_NAME_MAX} characters`);
    return new aws.scheduler.Schedule(
        e.name,
        {
            name,
            groupName: e.ends.groupName,
            // Scheduler's Description is at most 512 (the provider counts bytes); the path's keys are
            // shown as escapes where they hold a newline or another invisible character.
            description: utf8Prefix(visible(`landing-zone: ends ${e.path} at ${e.end.until}${e.end.reason === undefined ? "" : ` (${e.end.reason})`}`), SCHEDULE_DESCRIPTION_MAX_BYTES),
            scheduleExpression: atExpression(e.end.until),
            scheduleExpressionTimezone: "UTC",
            flexibleTimeWindow: { mode: "OFF" },
            // A one-time schedule is deleted once it has run: the next refresh forgets it.
            actionAfterCompletion: "DELETE",
            state: "ENABLED",
            target: { arn: target, roleArn: e.ends.roleArn, input, retryPolicy: RETRY },
        },
        // Created after what it ends and deleted before it; run only once its role may act.
        { parent, dependsOn: [ended, ...e.ends.ready] },
    );
}

/**
 * The one-time schedule that deletes `assignment` at its end, with DeleteAccountAssignment's
 * request (the assignment's own six values) as the universal target's input.
 */
export function endAssignment(parent: pulumi.Resource, assignment: aws.ssoadmin.AccountAssignment, e: Ending): aws.scheduler.Schedule {
    const input = pulumi.jsonStringify({
        InstanceArn: assignment.instanceArn,
        PermissionSetArn: assignment.permissionSetArn,
        PrincipalId: assignment.principalId,
        PrincipalType: assignment.principalType,
        TargetId: assignment.targetId,
        TargetType: assignment.targetType.apply((t) => t ?? "AWS_ACCOUNT"),
    });
    return schedule(parent, e, "assignment", e.ends.partition.apply((p) => universalTarget(p, "ssoadmin", "deleteAccountAssignment")), input, assignment);
}

/**
 * The one-time schedule that deletes `membership` at its end: DeleteGroupMembership with the
 * identity store and the membership id, known only once the membership exists.
 */
export function endMembership(parent: pulumi.Resource, membership: aws.identitystore.GroupMembership, e: Ending): aws.scheduler.Schedule {
    const input = pulumi.jsonStringify({ IdentityStoreId: membership.identityStoreId, MembershipId: membership.membershipId });
    return schedule(parent, e, "membership", e.ends.partition.apply((p) => universalTarget(p, "identitystore", "deleteGroupMembership")), input, membership);
}
