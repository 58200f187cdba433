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
import { exclusiveAttachmentsImportId } from "../config/imports";
import type { ImportsConfig, PermissionSetConfig, UserConfig } from "../config/schema";
import { externalUserId } from "./identityStoreLookup";
import { own } from "../config/keys";
import { tagInput } from "./tagInput";

export interface IdentityCenterArgs {
    /**
     * The organisation's Identity Center instance: pinned in the config, or found by
     * `findIdentityCenterInstance` (components/identityCenterInstance.ts). Without one there is
     * nothing to build this on: the program does not make an IdentityCenter then.
     */
    readonly instance: InstanceRef;
    /** Permission set name → permission set. */
    readonly permissionSets: Readonly<Record<string, PermissionSetConfig>>;
    /**
     * User name → user: created, or looked up by user name when external. Their group memberships
     * belong to each group's DeveloperAccess, their own assignments to a DirectAccess.
     */
    readonly users: Readonly<Record<string, UserConfig>>;
    /**
     * Import ids of permission sets, their attachments and users that exist already
     * (`landing-zone:imports`): those are imported, not created.
     * @default nothing imported
     */
    readonly imports?: Pick<ImportsConfig, "permissionSets" | "managedPolicyAttachments" | "customerManagedPolicyAttachments" | "inlinePolicies" | "permissionsBoundaries" | "users">;
}

const NO_IMPORTS = {
    permissionSets: {},
    managedPolicyAttachments: {},
    customerManagedPolicyAttachments: {},
    inlinePolicies: {},
    permissionsBoundaries: {},
    users: {},
} as const;

/** What an account assignment needs of a permission set. */
export interface PermissionSetRef {
    readonly arn: pulumi.Output<string>;
    /**
     * Its managed, customer managed, inline and boundary policy attachments, and the exclusive
     * attachment lists. An assignment must depend on them: each attachment change re-provisions
     * the permission set to its accounts.
     */
    readonly policyAttachments: readonly pulumi.Resource[];
}

/**
 * IAM Identity Center: the permission sets with their policies, and the users of the identity
 * store (created, or looked up when external), in the instance given.
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
    private readonly imports: NonNullable<IdentityCenterArgs["imports"]>;

    constructor(name: string, args: IdentityCenterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:index:IdentityCenter", name, {}, opts);

        this.instanceArn = pulumi.output(args.instance.instanceArn);
        this.identityStoreId = pulumi.output(args.instance.identityStoreId);
        this.portalUrl = this.identityStoreId.apply(portalUrl);
        this.imports = args.imports ?? NO_IMPORTS;

        const permissionSets: Record<string, PermissionSetRef> = {};
        for (const [ps, settings] of Object.entries(args.permissionSets)) {
            permissionSets[ps] = this.permissionSet(ps, settings);
        }
        this.permissionSets = permissionSets;
        this.permissionSetArns = pulumi.output(Object.fromEntries(Object.entries(permissionSets).map(([ps, ref]) => [ps, ref.arn])));

        const userIds: Record<string, pulumi.Output<string>> = {};
        for (const [key, user] of Object.entries(args.users)) {
            userIds[key] = user.external
                ? externalUserId(key, this.identityStoreId, this)
                : new aws.identitystore.User(
                      userName(key),
                      {
                          identityStoreId: this.identityStoreId,
                          userName: key,
                          displayName: user.displayName,
                          name: { givenName: user.givenName, familyName: user.familyName },
                          emails: { value: user.email, primary: true },
                      },
                      { parent: this, import: own(this.imports.users, userName(key)) },
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
        return Object.fromEntries(membersOf(this.users, group).map((user) => [user, own(this.userIds, user) as pulumi.Output<string>]));
    }

    private permissionSet(ps: string, settings: PermissionSetConfig): PermissionSetRef {
        const imports = this.imports;
        const permissionSet = new aws.ssoadmin.PermissionSet(
            permissionSetName(ps),
            {
                instanceArn: this.instanceArn,
                name: ps,
                description: settings.description,
                sessionDuration: settings.sessionDuration,
                relayState: settings.relayState,
                tags: tagInput(settings.tags),
            },
            { parent: this, import: own(imports.permissionSets, permissionSetName(ps)) },
        );
        const target = { instanceArn: this.instanceArn, permissionSetArn: permissionSet.arn };
        const managed = settings.managedPolicies.map((arn) => {
            const name = managedPolicyAttachmentName(ps, arn);
            return new aws.ssoadmin.ManagedPolicyAttachment(name, { ...target, managedPolicyArn: arn }, { parent: this, import: own(imports.managedPolicyAttachments, name) });
        });
        const customerManaged = settings.customerManagedPolicies.map((policy) => {
            const name = customerManagedPolicyAttachmentName(ps, policy);
            return new aws.ssoadmin.CustomerManagedPolicyAttachment(
                name,
                { ...target, customerManagedPolicyReference: { name: policy.name, path: policy.path } },
                { parent: this, import: own(imports.customerManagedPolicyAttachments, name) },
            );
        });
        // Policies attached by hand (in the console) are detached by the next `up` that refreshes
        // (Pulumi.yaml: refresh always): the exclusive lists read what is attached and remove what
        // the config does not name. They come after the per-policy attachments, whose create
        // refuses a policy that is already attached (terraform-provider-aws
        // managed_policy_attachment.go), so they never attach a policy themselves, and a change that
        // attaches nothing and detaches nothing provisions nothing (..._attachments_exclusive.go).
        // Removing a policy: the list detaches it first; the attachment's delete then finds it gone,
        // which it takes as done.
        const exclusive = exclusiveAttachmentsImportId(imports, ps);
        const attachments: pulumi.Resource[] = [
            ...managed,
            ...customerManaged,
            new aws.ssoadmin.ManagedPolicyAttachmentsExclusive(
                permissionSetName(ps),
                { ...target, managedPolicyArns: [...settings.managedPolicies] },
                { parent: this, dependsOn: managed, import: exclusive },
            ),
            new aws.ssoadmin.CustomerManagedPolicyAttachmentsExclusive(
                permissionSetName(ps),
                { ...target, customerManagedPolicyReferences: settings.customerManagedPolicies.map((p) => ({ name: p.name, path: p.path })) },
                { parent: this, dependsOn: customerManaged, import: exclusive },
            ),
        ];
        if (settings.inlinePolicy) {
            const name = inlinePolicyName(ps);
            attachments.push(
                new aws.ssoadmin.PermissionSetInlinePolicy(
                    name,
                    { ...target, inlinePolicy: JSON.stringify(settings.inlinePolicy) },
                    { parent: this, import: own(imports.inlinePolicies, name) },
                ),
            );
        }
        if (settings.permissionsBoundary) {
            const boundary = settings.permissionsBoundary;
            const name = permissionsBoundaryName(ps);
            attachments.push(
                new aws.ssoadmin.PermissionsBoundaryAttachment(
                    name,
                    {
                        ...target,
                        permissionsBoundary:
                            typeof boundary === "string"
                                ? { managedPolicyArn: boundary }
                                : { customerManagedPolicyReference: { name: boundary.customerManaged.name, path: boundary.customerManaged.path } },
                    },
                    { parent: this, import: own(imports.permissionsBoundaries, name) },
                ),
            );
        }
        return { arn: permissionSet.arn, policyAttachments: attachments };
    }
}
