/**
 * What `pulumi preview` of this program reads in AWS, derived from the resource types and invokes it
 * can plan, as the audit's READ_ACTIONS are derived from what its reader calls (estate/reader.ts):
 * the least privilege of the pull-request workflow's role (.github/workflows/preview.yml,
 * docs/pull-requests.md). A test plans the program's configurations and checks that every type and
 * invoke they register has its entry here, and every entry is one the program plans.
 *
 * A preview of this project refreshes first (`refresh: always` in Pulumi.yaml): the provider's Read
 * of every resource in the state, then the program's invokes. Read calls are taken from
 * terraform-provider-aws, the provider pulumi-aws bridges (internal/service/<service>/<resource>.go,
 * its Read and find functions; tags through the generated `listTags` of tagged resources). IAM names
 * the actions of IAM Identity Center `sso:`, of the identity store `identitystore:`, and of AWS
 * Budgets' DescribeBudget(s) and DescribeNotificationsForBudget `budgets:ViewBudget`.
 */

/** How one resource type is read during a refresh. */
export interface TypeReads {
    /** The IAM actions of its Read. */
    readonly actions: readonly string[];
    /** Where the Read is: terraform-provider-aws file (or the provider that reads nothing in AWS). */
    readonly source: string;
    /**
     * `sandbox`: read through the sandbox's own provider, which assumes OrganizationAccountAccessRole
     * in the sandbox: those actions are that role's, and the preview role needs `sts:AssumeRole` on
     * it (docs/pull-requests.md says when that is worth it). Otherwise: the preview role's own.
     * @default "management"
     */
    readonly account?: "management" | "sandbox";
}

const tf = (path: string) => `terraform-provider-aws internal/service/${path}`;

/** Every custom resource type the program can register, and what its Read calls. */
export const READS_BY_TYPE: Readonly<Record<string, TypeReads>> = {
    "pulumi:providers:aws": { actions: ["sts:GetCallerIdentity"], source: "the provider's configure: it asks STS for the account id (internal/conns/config.go)" },
    "aws:organizations/organization:Organization": {
        actions: ["organizations:DescribeOrganization", "organizations:ListAccounts", "organizations:ListRoots", "organizations:ListAWSServiceAccessForOrganization"],
        source: tf("organizations/organization.go resourceOrganizationRead"),
    },
    "aws:organizations/awsServiceAccess:AwsServiceAccess": {
        actions: ["organizations:ListAWSServiceAccessForOrganization"],
        source: tf("organizations/aws_service_access.go findAwsServiceAccessByServicePrincipal"),
    },
    "aws:organizations/organizationalUnit:OrganizationalUnit": {
        actions: ["organizations:DescribeOrganizationalUnit", "organizations:ListParents", "organizations:ListAccountsForParent", "organizations:ListTagsForResource"],
        source: tf("organizations/organizational_unit.go resourceOrganizationalUnitRead"),
    },
    "aws:organizations/account:Account": {
        actions: ["organizations:DescribeAccount", "organizations:ListParents", "organizations:ListTagsForResource"],
        source: tf("organizations/account.go resourceAccountRead, findParentAccountID"),
    },
    "aws:organizations/policy:Policy": { actions: ["organizations:DescribePolicy", "organizations:ListTagsForResource"], source: tf("organizations/policy.go resourcePolicyRead") },
    "aws:organizations/policyAttachment:PolicyAttachment": {
        actions: ["organizations:ListTargetsForPolicy"],
        source: tf("organizations/policy_attachment.go findPolicyAttachmentByTwoPartKey"),
    },
    "aws:ssoadmin/permissionSet:PermissionSet": { actions: ["sso:DescribePermissionSet", "sso:ListTagsForResource"], source: tf("ssoadmin/permission_set.go") },
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": { actions: ["sso:ListManagedPoliciesInPermissionSet"], source: tf("ssoadmin/managed_policy_attachment.go") },
    "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive": {
        actions: ["sso:ListManagedPoliciesInPermissionSet"],
        source: tf("ssoadmin/managed_policy_attachments_exclusive.go"),
    },
    "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment": {
        actions: ["sso:ListCustomerManagedPolicyReferencesInPermissionSet"],
        source: tf("ssoadmin/customer_managed_policy_attachment.go"),
    },
    "aws:ssoadmin/customerManagedPolicyAttachmentsExclusive:CustomerManagedPolicyAttachmentsExclusive": {
        actions: ["sso:ListCustomerManagedPolicyReferencesInPermissionSet"],
        source: tf("ssoadmin/customer_managed_policy_attachments_exclusive.go"),
    },
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": { actions: ["sso:GetInlinePolicyForPermissionSet"], source: tf("ssoadmin/permission_set_inline_policy.go") },
    "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment": {
        actions: ["sso:GetPermissionsBoundaryForPermissionSet"],
        source: tf("ssoadmin/permissions_boundary_attachment.go"),
    },
    "aws:ssoadmin/accountAssignment:AccountAssignment": { actions: ["sso:ListAccountAssignments"], source: tf("ssoadmin/account_assignment.go") },
    "aws:identitystore/group:Group": { actions: ["identitystore:DescribeGroup"], source: tf("identitystore/group.go") },
    "aws:identitystore/user:User": { actions: ["identitystore:DescribeUser"], source: tf("identitystore/user.go") },
    "aws:identitystore/groupMembership:GroupMembership": { actions: ["identitystore:DescribeGroupMembership"], source: tf("identitystore/group_membership.go") },
    "aws:budgets/budget:Budget": { actions: ["budgets:ViewBudget", "budgets:ListTagsForResource"], source: tf("budgets/budget.go resourceBudgetRead (DescribeBudget, DescribeNotificationsForBudget)") },
    "aws:sns/topic:Topic": { actions: ["sns:GetTopicAttributes", "sns:ListTagsForResource"], source: tf("sns/topic.go resourceTopicRead") },
    "aws:sns/topicSubscription:TopicSubscription": { actions: ["sns:GetSubscriptionAttributes"], source: tf("sns/topic_subscription.go") },
    "aws:cloudwatch/logGroup:LogGroup": { actions: ["logs:DescribeLogGroups", "logs:ListTagsForResource"], source: tf("logs/group.go resourceGroupRead") },
    "aws:iam/role:Role": {
        actions: ["iam:GetRole", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies"],
        source: tf("iam/role.go resourceRoleRead (readRoleInlinePolicies, findRoleAttachedPolicies)"),
    },
    "aws:iam/rolePolicy:RolePolicy": { actions: ["iam:GetRolePolicy"], source: tf("iam/role_policy.go") },
    "aws:codebuild/project:Project": { actions: ["codebuild:BatchGetProjects"], source: tf("codebuild/project.go findProjectByNameOrARN") },
    "aws:scheduler/schedule:Schedule": { actions: ["scheduler:GetSchedule"], source: tf("scheduler/schedule.go findScheduleByTwoPartKey") },
    "aws:scheduler/scheduleGroup:ScheduleGroup": {
        actions: ["scheduler:GetScheduleGroup", "scheduler:ListTagsForResource"],
        source: tf("scheduler/schedule_group.go findScheduleGroupByName, and its tags"),
    },
    "aws:iam/accountAlias:AccountAlias": { actions: ["iam:ListAccountAliases"], source: tf("iam/account_alias.go"), account: "sandbox" },
    "random:index/randomString:RandomString": { actions: [], source: "pulumi-random: no cloud" },
    "command:local:Command": { actions: [], source: "pulumi-command: runs nothing during a preview (local/commandController.go)" },
};

/** Every invoke the program can make, and its calls. */
export const READS_BY_INVOKE: Readonly<Record<string, TypeReads>> = {
    // GetCallerIdentity needs no permission ("No permissions are required to perform this operation",
    // STS API reference); listed as the provider's configure lists it.
    "aws:index/getCallerIdentity:getCallerIdentity": { actions: ["sts:GetCallerIdentity"], source: tf("sts/caller_identity_data_source.go") },
    "aws:ssoadmin/getInstances:getInstances": { actions: ["sso:ListInstances"], source: tf("ssoadmin/instances_data_source.go") },
    "aws:identitystore/getGroup:getGroup": { actions: ["identitystore:GetGroupId", "identitystore:DescribeGroup"], source: tf("identitystore/group_data_source.go") },
    "aws:identitystore/getUser:getUser": { actions: ["identitystore:GetUserId", "identitystore:DescribeUser"], source: tf("identitystore/user_data_source.go") },
};

/** The actions the preview role itself needs: every type and invoke read in the management account, sorted. */
export function previewReadActions(): string[] {
    const entries = [...Object.values(READS_BY_TYPE), ...Object.values(READS_BY_INVOKE)].filter((r) => (r.account ?? "management") === "management");
    return [...new Set(entries.flatMap((r) => r.actions))].sort();
}

/** Placeholders the documented policies use. */
export interface PreviewRoleNames {
    /** `OWNER/REPO` of the GitHub repository. */
    readonly repository: string;
    /** The protected GitHub environment whose jobs may assume the role. */
    readonly environment: string;
    /** The management account's id, where the OIDC provider and the role are. */
    readonly accountId: string;
    /** The S3 state bucket (without `s3://`), or undefined for Pulumi Cloud. */
    readonly stateBucket?: string;
}

/** The role's permissions: exactly the preview's reads, and reading the state bucket. */
export function previewPolicy(names: Pick<PreviewRoleNames, "stateBucket">): Record<string, unknown> {
    const bucket = names.stateBucket;
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "LandingZonePreviewReads", Effect: "Allow", Action: previewReadActions(), Resource: "*" },
            ...(bucket === undefined
                ? []
                : [
                      { Sid: "ListTheStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: `arn:aws:s3:::${bucket}` },
                      { Sid: "ReadTheState", Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` },
                  ]),
        ],
    };
}

/**
 * The role's trust: GitHub's OIDC tokens for the STS audience, from a job of this repository that
 * runs in the protected environment (its `sub` is `repo:OWNER/REPO:environment:NAME` when the job
 * names an environment: GitHub's OpenID Connect reference, "Filtering for a specific environment").
 */
export function previewTrustPolicy(names: Omit<PreviewRoleNames, "stateBucket">): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: `arn:aws:iam::${names.accountId}:oidc-provider/token.actions.githubusercontent.com` },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                        "token.actions.githubusercontent.com:sub": `repo:${names.repository}:environment:${names.environment.replace(/:/g, "%3A")}`,
                    },
                },
            },
        ],
    };
}
