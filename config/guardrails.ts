/**
 * The sandbox's service control policy, as pure code (tests/guardrails.test.ts).
 *
 * Three deny statements, attached to the sandbox account alone:
 * - **Regions**: every action outside `sandbox.nuke.regions` is denied, so nothing is created where
 *   the nuke does not clean. Global services, whose endpoints live in us-east-1, are exempted with
 *   `NotAction` as AWS's own example does ("Deny access to AWS based on the requested AWS Region",
 *   AWS Organizations User Guide, https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html;
 *   the list below is the one published in awsdocs/aws-organizations-docs,
 *   doc_source/orgs_manage_policies_scps_examples_general.md, which AWS says to adapt). Nobody is
 *   exempt: to let the sandbox use a region, add it to `nuke.regions`, and the nuke cleans it too.
 * - **Leaving**: `organizations:LeaveOrganization` (the same guide's "Prevent member accounts from
 *   leaving the organization").
 * - **The ways in**: changes to `OrganizationAccountAccessRole` and its policies, to the Identity
 *   Center roles (path `/aws-reserved/sso.amazonaws.com/`, names `AWSReservedSSO_*`) and to the
 *   Identity Center SAML provider (`AWSSSO_*_DO_NOT_DELETE`), with the action list of the guide's
 *   "Prevent IAM users and roles from making certain changes"; and deleting Identity Center's
 *   service-linked role `AWSServiceRoleForSSO`, through which it provisions those roles.
 *
 * Who is exempt from the last statement, and why no one else needs to be:
 * - Identity Center creates, updates and deletes its roles and SAML provider through its
 *   service-linked role `AWSServiceRoleForSSO` (IAM Identity Center User Guide, "Using service-linked
 *   roles for IAM Identity Center"), and SCPs do not affect service-linked roles (AWS Organizations
 *   User Guide, "Service control policies"): assigning a permission set keeps working.
 * - The management account's way in, `OrganizationAccountAccessRole` itself, is exempt from the
 *   statement that protects the ways in (ArnNotLike aws:PrincipalARN), so an administrator of the
 *   management account can still repair the role or the SAML provider without detaching the policy.
 *   Only the management account can assume that role (its trust policy). aws-nuke and the sandbox
 *   provider run as that role too; aws-nuke keeps these resources by its filters (config/nuke.ts),
 *   and the program's provider only sets the account alias.
 * - SCPs never affect the management account, where the budget, the organisation and the scheduled
 *   runner live.
 */
import { ACCESS_ROLE } from "./schema";

/** Organizations refuses a service control policy longer than this (characters, whitespace included). */
export const SCP_MAX_CHARACTERS = 5120;

/**
 * Global services exempted from the region deny: AWS's published example list (see above), in its
 * order. Calls to them go to us-east-1 (or another single Region) whatever Region the caller uses.
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
    "a4b:*",
    "acm:*",
    "aws-marketplace-management:*",
    "aws-marketplace:*",
    "aws-portal:*",
    "budgets:*",
    "ce:*",
    "chime:*",
    "cloudfront:*",
    "config:*",
    "cur:*",
    "directconnect:*",
    "ec2:DescribeRegions",
    "ec2:DescribeTransitGateways",
    "ec2:DescribeVpnGateways",
    "fms:*",
    "globalaccelerator:*",
    "health:*",
    "iam:*",
    "importexport:*",
    "kms:*",
    "mobileanalytics:*",
    "networkmanager:*",
    "organizations:*",
    "pricing:*",
    "route53:*",
    "route53domains:*",
    "s3:GetAccountPublic*",
    "s3:ListAllMyBuckets",
    "s3:PutAccountPublic*",
    "shield:*",
    "sts:*",
    "support:*",
    "supportplans:*",
    "trustedadvisor:*",
    "waf-regional:*",
    "waf:*",
    "wafv2:*",
    "wellarchitected:*",
];

/** Every IAM action that changes a role or its policies (the guide's example list, plus tags). */
const ROLE_CHANGES = [
    "iam:AttachRolePolicy",
    "iam:DeleteRole",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
];
const SAML_PROVIDER_CHANGES = ["iam:DeleteSAMLProvider", "iam:TagSAMLProvider", "iam:UntagSAMLProvider", "iam:UpdateSAMLProvider"];
/** Identity Center's service-linked role: without it, it cannot provision the sandbox's sign-in roles. */
const SSO_SERVICE_ROLE = "arn:aws:iam::*:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO";

/** An IAM policy statement as the guardrails write it. */
export interface Statement {
    readonly Sid: string;
    readonly Effect: "Deny";
    readonly Action?: string[];
    readonly NotAction?: string[];
    readonly Resource: string | string[];
    readonly Condition?: Record<string, Record<string, string[]>>;
}

/** The management account's way in: the role Organizations creates and aws-nuke runs as. */
export const ACCESS_ROLE_PATTERN = `arn:aws:iam::*:role/${ACCESS_ROLE}`;

/**
 * The policy document, as an object.
 * @param regions `sandbox.nuke.regions`; `global` is aws-nuke's name for global resources, not a Region.
 * @throws Error when no Region is left (validation refuses that config first).
 */
export function guardrailPolicy(regions: readonly string[]): { Version: "2012-10-17"; Statement: Statement[] } {
    const allowed = [...new Set(regions.filter((r) => r !== "global"))].sort();
    if (allowed.length === 0) throw new Error("the guardrails need at least one Region besides global");
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyOutsideNukedRegions",
                Effect: "Deny",
                NotAction: [...GLOBAL_SERVICE_ACTIONS],
                Resource: "*",
                Condition: { StringNotEquals: { "aws:RequestedRegion": allowed } },
            },
            { Sid: "DenyLeavingTheOrganization", Effect: "Deny", Action: ["organizations:LeaveOrganization"], Resource: "*" },
            {
                Sid: "DenyChangingTheWaysIn",
                Effect: "Deny",
                Action: [...ROLE_CHANGES, ...SAML_PROVIDER_CHANGES, "iam:DeleteServiceLinkedRole"],
                Resource: [
                    ACCESS_ROLE_PATTERN,
                    "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*",
                    "arn:aws:iam::*:saml-provider/AWSSSO_*_DO_NOT_DELETE",
                    SSO_SERVICE_ROLE,
                ],
                Condition: { ArnNotLike: { "aws:PrincipalARN": [ACCESS_ROLE_PATTERN] } },
            },
        ],
    };
}

/**
 * The policy as Organizations stores it: compact JSON, checked against the 5,120-character limit.
 * @throws Error naming the size when it is over the limit.
 */
export function guardrailPolicyJson(regions: readonly string[]): string {
    const json = JSON.stringify(guardrailPolicy(regions));
    if (json.length > SCP_MAX_CHARACTERS) {
        throw new Error(`the guardrails policy is ${json.length} characters, over the ${SCP_MAX_CHARACTERS}-character limit of a service control policy`);
    }
    return json;
}

export const SERVICE_CONTROL_POLICY = "SERVICE_CONTROL_POLICY";

/**
 * The organisation's policy types with guardrails on: the configured list (which the provider
 * treats as exclusive: a type it leaves out is disabled) plus SERVICE_CONTROL_POLICY. Validation
 * requires the list of an adopted organisation when guardrails are on, so no type the organisation
 * has is ever dropped by omission.
 */
export function policyTypesWithGuardrails(configured: readonly string[]): string[] {
    return [...new Set([...configured, SERVICE_CONTROL_POLICY])].sort();
}

/**
 * The organisation's `enabledPolicyTypes`: as configured, plus SERVICE_CONTROL_POLICY when the
 * sandbox has guardrails. A new organisation (no `organization.id`) has no types but those this
 * stack enables, so with guardrails and no list it is exactly SERVICE_CONTROL_POLICY.
 */
export function organizationPolicyTypes(config: {
    readonly organization: { readonly id?: string; readonly enabledPolicyTypes?: readonly string[] };
    readonly sandbox?: { readonly guardrails: boolean };
}): string[] | undefined {
    const configured = config.organization.enabledPolicyTypes;
    if (!config.sandbox?.guardrails) return configured ? [...configured] : undefined;
    if (configured) return policyTypesWithGuardrails(configured);
    // Validation requires the list of an adopted organisation with guardrails on; without it nothing
    // is managed (and the policy attachment fails in AWS), rather than disabling types the config
    // does not name.
    return config.organization.id === undefined ? policyTypesWithGuardrails([]) : undefined;
}
