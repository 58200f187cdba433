/**
 * landing-zone: the composition root. Reads and validates the stack config, then builds the
 * Organization with its accounts, the Identity Center sign-in, and the sandbox nuke.
 */
import * as pulumi from "@pulumi/pulumi";
import { DeveloperAccess } from "./components/developerAccess";
import { IdentityCenter } from "./components/identityCenter";
import { Organization } from "./components/organization";
import { SandboxNuke } from "./components/sandboxNuke";
import { onboarding, userAccess } from "./config/access";
import { awsCliConfigs } from "./config/awsCliConfig";
import { ConfigError, loadStackConfig } from "./config/load";

export = async () => {
    const config = loadOrExit();
    for (const warning of config.warnings) pulumi.log.warn(`config: ${warning}`);

    const organization = new Organization("organization", {
        id: config.organization.id,
        serviceAccessPrincipals: config.organization.serviceAccessPrincipals,
        enabledPolicyTypes: config.organization.enabledPolicyTypes,
        organizationalUnits: config.organizationalUnits,
        accounts: config.accounts,
    });

    const identityCenter = new IdentityCenter("identity-center", {
        instance: config.identityCenter,
        region: config.region,
        permissionSets: config.permissionSets,
        users: config.users,
    });
    const developerAccess = Object.entries(config.groups).map(
        ([group, settings]) =>
            new DeveloperAccess(group, {
                instanceArn: identityCenter.instanceArn,
                identityStoreId: identityCenter.identityStoreId,
                description: settings.description,
                access: settings.access,
                permissionSets: identityCenter.permissionSets,
                accountIds: organization.accountId,
                members: identityCenter.membersOf(group),
            }),
    );

    const sandbox = config.sandbox
        ? new SandboxNuke(config.sandbox.account, {
              sandbox: config.sandbox,
              groups: config.groups,
              permissionSets: config.permissionSets,
              accountIds: organization.accountIds,
              managementAccountId: organization.managementAccountId,
              region: config.region,
              awsProvider: config.awsProvider,
          })
        : undefined;

    const access = organization.accountIds.apply((ids) => userAccess(config.users, config.groups, ids));

    return {
        organizationId: organization.organizationId,
        accountIds: organization.accountIds,
        instanceArn: identityCenter.instanceArn,
        identityStoreId: identityCenter.identityStoreId,
        portalUrl: identityCenter.portalUrl,
        permissionSetArns: identityCenter.permissionSetArns,
        groupIds: Object.fromEntries(developerAccess.map((group) => [group.groupName, group.groupId])),
        access,
        onboarding: identityCenter.portalUrl.apply((url) => onboarding(config.users, url, config.region)),
        awsCliConfig: pulumi.all([access, identityCenter.portalUrl]).apply(([reach, url]) => awsCliConfigs(reach, url, config.region)),
        sandboxAccountId: sandbox?.accountId,
        sandboxAlias: sandbox?.alias,
        nukeConfig: sandbox?.nukeConfig,
        nukeCommand: sandbox?.command,
        nukeOutcome: sandbox?.outcome,
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
