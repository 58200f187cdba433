import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { membersOf, portalUrl } from "../config/access";
import {
    customerManagedPolicyAttachmentName,
    inlinePolicyName,
    managedPolicyAttachmentName,
    permissionSetName,
    permissionsBoundaryName,
    userName,
} from "../config/names";
import type { InstanceRef } from "../config/identityCenter";
import type { PermissionSetConfig, UserConfig } from "../config/schema";

export interface IdentityCenterArgs {
    /**
     * The organisation's Identity Center instance: pinned in the config, or found by
     * `findIdentityCenterInstance` (components/identityCenterInstance.ts). Without one there is
     * nothing to build this on: the program does not make an IdentityCenter then.
     */
    readonly instance: InstanceRef;
    /** Permission set name → permission set. */
    readonly permissionSets: Readonly<Record<string, PermissionSetConfig>>;
    /** User name → user. Their group memberships belong to each group's DeveloperAccess. */
    readonly users: Readonly<Record<string, UserConfig>>;
}

/** What an account assignment needs of a permission set. */
export interface PermissionSetRef {
    readonly arn: pulumi.Output<string>;
    /**
     * Its managed, customer managed, inline and boundary policy attachments. An assignment must
     * depend on them: each attachment change re-provisions the permission set to its accounts.
     */
    readonly policyAttachments: readonly pulumi.Resource[];
}

/**
 * IAM Identity Center: the permission sets with their policies, and the users of the identity
 * store, in the instance given.
 *
 * Groups, their members and their account assignments are one DeveloperAccess per group, built
 * after this: the assignments need the permission sets, and the memberships need the groups.
 */
export class IdentityCenter extends pulumi.ComponentResource {
    public readonly instanceArn: pulumi.Output<string>;
    public readonly identityStoreId: pulumi.Output<string>;
    /** `https://<identity store id>.awsapps.com/start` */
    public readonly portalUrl: pulumi.Output<string>;
    /** Permission set name → ARN and policy attachments. */
    public readonly permissionSets: Readonly<Record<string, PermissionSetRef>>;
    /** Permission set name → ARN. */
    public readonly permissionSetArns: pulumi.Output<Record<string, string>>;
    /** User name → identity store user id. */
    public readonly userIds: Readonly<Record<string, pulumi.Output<string>>>;
    private readonly users: Readonly<Record<string, UserConfig>>;

    constructor(name: string, args: IdentityCenterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:index:IdentityCenter", name, {}, opts);

        this.instanceArn = pulumi.output(args.instance.instanceArn);
        this.identityStoreId = pulumi.output(args.instance.identityStoreId);
        this.portalUrl = this.identityStoreId.apply(portalUrl);

        const permissionSets: Record<string, PermissionSetRef> = {};
        for (const [ps, settings] of Object.entries(args.permissionSets)) {
            permissionSets[ps] = this.permissionSet(ps, settings);
        }
        this.permissionSets = permissionSets;
        this.permissionSetArns = pulumi.output(Object.fromEntries(Object.entries(permissionSets).map(([ps, ref]) => [ps, ref.arn])));

        const userIds: Record<string, pulumi.Output<string>> = {};
        for (const [key, user] of Object.entries(args.users)) {
            userIds[key] = new aws.identitystore.User(
                userName(key),
                {
                    identityStoreId: this.identityStoreId,
                    userName: key,
                    displayName: user.displayName,
                    name: { givenName: user.givenName, familyName: user.familyName },
                    emails: { value: user.email, primary: true },
                },
                { parent: this },
            ).userId;
        }
        this.userIds = userIds;
        this.users = args.users;

        this.registerOutputs({
            instanceArn: this.instanceArn,
            identityStoreId: this.identityStoreId,
            portalUrl: this.portalUrl,
            permissionSetArns: this.permissionSetArns,
            userIds: this.userIds,
        });
    }

    /** The members of `group` (user name → user id), for its DeveloperAccess. */
    membersOf(group: string): Record<string, pulumi.Output<string>> {
        return Object.fromEntries(membersOf(this.users, group).map((user) => [user, this.userIds[user]]));
    }

    private permissionSet(ps: string, settings: PermissionSetConfig): PermissionSetRef {
        const permissionSet = new aws.ssoadmin.PermissionSet(
            permissionSetName(ps),
            {
                instanceArn: this.instanceArn,
                name: ps,
                description: settings.description,
                sessionDuration: settings.sessionDuration,
                relayState: settings.relayState,
                tags: settings.tags,
            },
            { parent: this },
        );
        const target = { instanceArn: this.instanceArn, permissionSetArn: permissionSet.arn };
        const opts = { parent: this };
        const attachments: pulumi.Resource[] = [
            ...settings.managedPolicies.map(
                (arn) => new aws.ssoadmin.ManagedPolicyAttachment(managedPolicyAttachmentName(ps, arn), { ...target, managedPolicyArn: arn }, opts),
            ),
            ...settings.customerManagedPolicies.map(
                (policy) =>
                    new aws.ssoadmin.CustomerManagedPolicyAttachment(
                        customerManagedPolicyAttachmentName(ps, policy),
                        { ...target, customerManagedPolicyReference: { name: policy.name, path: policy.path } },
                        opts,
                    ),
            ),
        ];
        if (settings.inlinePolicy) {
            attachments.push(
                new aws.ssoadmin.PermissionSetInlinePolicy(inlinePolicyName(ps), { ...target, inlinePolicy: JSON.stringify(settings.inlinePolicy) }, opts),
            );
        }
        if (settings.permissionsBoundary) {
            const boundary = settings.permissionsBoundary;
            attachments.push(
                new aws.ssoadmin.PermissionsBoundaryAttachment(
                    permissionsBoundaryName(ps),
                    {
                        ...target,
                        permissionsBoundary:
                            typeof boundary === "string"
                                ? { managedPolicyArn: boundary }
                                : { customerManagedPolicyReference: { name: boundary.customerManaged.name, path: boundary.customerManaged.path } },
                    },
                    opts,
                ),
            );
        }
        return { arn: permissionSet.arn, policyAttachments: attachments };
    }
}
