/**
 * landing-zone: the composition root. Reads and validates the stack config, then builds the
 * Organization with its accounts, the Identity Center sign-in and each group's and person's access
 * (once Identity Center has an instance), and the sandbox.
 */
import * as pulumi from "@pulumi/pulumi";
import { AccessEnds } from "./components/accessEnds";
import { DeveloperAccess } from "./components/developerAccess";
import { DirectAccess } from "./components/directAccess";
import { IdentityCenter } from "./components/identityCenter";
import { findIdentityCenterInstance } from "./components/identityCenterInstance";
import { Organization } from "./components/organization";
import { callerAccountId, organizationExists } from "./components/organizationLookup";
import { Sandbox } from "./components/sandbox";
import { expandAccess, onboarding, userAccess } from "./config/access";
import { anythingEnds, assignmentEnds, endsOnManagementAccount, memberEnds } from "./config/ends";
import { awsCliConfigs } from "./config/awsCliConfig";
import { identityCenterNextStep } from "./config/identityCenter";
import { organizationPolicyTypes } from "./config/sandbox/guardrails";
import { ConfigError, loadStackConfig } from "./config/load";
import { managementAccount, principalsNeededBy, wrongAccountProblem } from "./config/organizationsRules";
import { own } from "./config/keys";

export = async () => {
    const config = loadOrExit();
    for (const warning of config.warnings) pulumi.log.warn(`config: ${warning}`);

    // A management account named by id is the account the stack is for: credentials of another
    // account (a wrong profile) stop the run before anything is registered.
    const management = managementAccount(config.accounts);
    if (management) {
        const problem = wrongAccountProblem(management, await callerAccountId());
        if (problem) throw new pulumi.RunError(problem);
    }

    // Looked up before anything is registered, so that a lookup that cannot decide fails an `up`
    // before it changes anything. A new organisation has no instance until someone enables it in
    // the console, which needs the organisation first: build everything else, and say what to do.
    const instance = config.identityCenter ?? (await findIdentityCenterInstance(config.region));
    const nextSteps = instance ? undefined : [identityCenterNextStep(config.region)];
    nextSteps?.forEach((step) => pulumi.log.warn(step));

    // A policy type that needs trusted access is ordered after it one way on a new organisation's
    // first `up` and another on every later one: without an id, ask whether the organisation exists.
    const enabledPolicyTypes = organizationPolicyTypes(config);
    const ordered = config.organization.id === undefined && principalsNeededBy(enabledPolicyTypes ?? []).length > 0;

    const organization = new Organization("organization", {
        id: config.organization.id,
        organizationExists: ordered ? await organizationExists() : undefined,
        serviceAccessPrincipals: config.organization.serviceAccessPrincipals,
        trustedAccessImports: config.imports.trustedAccess,
        enabledPolicyTypes,
        organizationalUnits: config.organizationalUnits,
        accounts: config.accounts,
    });

    const identityCenter = instance
        ? new IdentityCenter("identity-center", { instance, permissionSets: config.permissionSets, users: config.users, imports: config.imports })
        : undefined;
    // Access needs the instance: without one, no group, membership or assignment is registered.
    const developerAccess: DeveloperAccess[] = [];
    if (identityCenter) {
        const targets = { instanceArn: identityCenter.instanceArn, permissionSets: identityCenter.permissionSets, accountIds: organization.accountId };
        // Grants, memberships and people with an `until` end in AWS by schedules (nothing is built
        // when nothing ends).
        const ends = anythingEnds(config)
            ? new AccessEnds("access-ends", {
                  instanceArn: identityCenter.instanceArn,
                  identityStoreId: identityCenter.identityStoreId,
                  managementAccountId: organization.managementAccountId,
                  managementAccount: endsOnManagementAccount(config),
              })
            : undefined;
        for (const [group, settings] of Object.entries(config.groups)) {
            developerAccess.push(
                new DeveloperAccess(group, {
                    ...targets,
                    identityStoreId: identityCenter.identityStoreId,
                    description: settings.description,
                    external: settings.external,
                    access: expandAccess(settings.access, config),
                    members: identityCenter.membersOf(group),
                    imports: config.imports,
                    ending: ends && { via: ends, grants: assignmentEnds(settings.access, settings.ends, config), members: memberEnds(config.users, group) },
                }),
            );
        }
        for (const [user, settings] of Object.entries(config.users)) {
            if (Object.keys(settings.access).length === 0) continue;
            new DirectAccess(user, {
                ...targets,
                userId: own(identityCenter.userIds, user) as pulumi.Output<string>,
                access: expandAccess(settings.access, config),
                imports: config.imports.accountAssignments,
                ending: ends && { via: ends, grants: assignmentEnds(settings.access, settings.ends, config) },
            });
        }
    }

    const access = identityCenter && organization.accountIds.apply((ids) => userAccess(config.users, config.groups, config, ids));
    const portalUrl = identityCenter?.portalUrl;

    const sandbox = config.sandbox && new Sandbox({ config: { ...config, sandbox: config.sandbox }, organization });

    return {
        nextSteps,
        organizationId: organization.organizationId,
        accountIds: organization.accountIds,
        instanceArn: identityCenter?.instanceArn,
        identityStoreId: identityCenter?.identityStoreId,
        portalUrl,
        permissionSetArns: identityCenter?.permissionSetArns,
        groupIds: identityCenter && Object.fromEntries(developerAccess.map((group) => [group.groupName, group.groupId])),
        access,
        onboarding: portalUrl?.apply((url) => onboarding(config.users, url, config.region)),
        awsCliConfig: access && portalUrl && pulumi.all([access, portalUrl]).apply(([reach, url]) => awsCliConfigs(reach, url, config.region)),
        ...sandbox?.outputs(),
    };
};

/** Config problems end the program before any resource is registered, without a stack trace. */
function loadOrExit() {
    try {
        return loadStackConfig(pulumi.runtime.allConfig());
    } catch (err) {
        if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
        throw err;
    }
}
