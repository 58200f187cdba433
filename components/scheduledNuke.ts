import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runnerNames } from "../config/awsNames";
import {
    RUNNER_IMAGE,
    RUNNER_LOG_RETENTION_DAYS,
    RUNNER_TIMEOUT_MINUTES,
    nukeBuildspec,
    runnerProjectArn,
    runnerScheduleGroupArn,
    serviceTrustPolicy,
} from "../config/sandbox/runner";

export interface ScheduledNukeArgs {
    /** The sandbox's account key (`sandbox.account`): names the runner's resources. */
    readonly account: string;
    /** `sandbox.nuke.schedule`, validated (an EventBridge Scheduler expression, UTC). */
    readonly schedule: string;
    /** `sandbox.nuke.paused`: the schedule is kept but DISABLED. */
    readonly paused: boolean;
    /** Who gets each run's summary (`sandbox.nuke.notify`, else `sandbox.budget.notify`). */
    readonly notify: readonly string[];
    /** The sandbox's access role: the only role the runner may assume. */
    readonly roleArn: pulumi.Input<string>;
    /** The generated aws-nuke config (SandboxNuke's `nukeConfig`). */
    readonly nukeConfig: pulumi.Input<string>;
    /**
     * Whether the runs are dry runs: `sandbox.nuke.dryRun`, and true as well until this stack has
     * dry-run the sandbox with this config (SandboxNuke's `realRun`), so the schedule runs nothing
     * real that `pulumi up` would not.
     */
    readonly dryRun: pulumi.Input<boolean>;
    /** The sandbox's account alias, which the script checks the account carries. */
    readonly alias: pulumi.Input<string>;
    /** The guard script's text (scripts/nuke-sandbox.sh). */
    readonly script: string;
    /** The management account's id: the runner's roles trust their service from this account only. */
    readonly managementAccountId: pulumi.Input<string>;
    /** The region the runner runs in (the stack's `aws:region`). */
    readonly region: string;
}

/**
 * The sandbox nuke, run in AWS on a schedule, without a workstation: in the management account,
 * an EventBridge Scheduler schedule starts a CodeBuild project (no source, inline buildspec from
 * config/sandbox/runner.ts) that installs a pinned aws-nuke v3, checks its SHA-256, and runs the same guard
 * script with the same generated config and the same invocation as `pulumi up` does, so a dry run
 * unless `dryRun: false`. One build at a time. Each run's summary is published to an SNS topic
 * with an e-mail subscription per address (each address confirms once); the build's log stays in
 * its own log group for RUNNER_LOG_RETENTION_DAYS days.
 *
 * Least privilege: the build's role may assume exactly the sandbox's access role, write to its own
 * log group and publish to its own topic; the scheduler's role may start exactly this project. Each
 * role trusts its service only for this account (aws:SourceAccount) and for this runner's project,
 * or its schedule's own group (aws:SourceArn).
 */
export class ScheduledNuke extends pulumi.ComponentResource {
    /** The CodeBuild project's name: `aws codebuild start-build --project-name` runs it now. */
    public readonly projectName: pulumi.Output<string>;
    /** The SNS topic the summaries go to. */
    public readonly topicArn: pulumi.Output<string>;

    constructor(name: string, args: ScheduledNukeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:index:ScheduledNuke", name, {}, opts);
        // Each name within its API's limit whatever the key (config/awsNames.ts).
        const names = runnerNames(args.account);
        // Each role trusts its service for this account and this runner's own project or schedule
        // group only; the ARNs are built from the names, since the roles must exist first.
        const trust = (service: string, sourceArn: (accountId: string) => string) =>
            pulumi.output(args.managementAccountId).apply((accountId) => JSON.stringify(serviceTrustPolicy(service, accountId, sourceArn(accountId))));

        const topic = new aws.sns.Topic(`${name}-runs`, { name: names.topic }, { parent: this });
        for (const address of args.notify) {
            // An e-mail subscription stays "pending confirmation" until the address confirms it.
            new aws.sns.TopicSubscription(`${name}-runs-${address}`, { topic: topic.arn, protocol: "email", endpoint: address }, { parent: this });
        }

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-log`,
            { name: names.logGroup, retentionInDays: RUNNER_LOG_RETENTION_DAYS },
            { parent: this },
        );

        const buildRole = new aws.iam.Role(
            `${name}-build-role`,
            { name: names.buildRole, assumeRolePolicy: trust("codebuild.amazonaws.com", (id) => runnerProjectArn(args.region, id, names.project)) },
            { parent: this },
        );
        const buildPolicy = new aws.iam.RolePolicy(
            `${name}-build-policy`,
            {
                role: buildRole.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "AssumeTheSandboxAccessRoleOnly", Effect: "Allow", Action: "sts:AssumeRole", Resource: args.roleArn },
                        {
                            Sid: "WriteItsOwnLog",
                            Effect: "Allow",
                            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                            Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
                        },
                        { Sid: "PublishItsSummary", Effect: "Allow", Action: "sns:Publish", Resource: topic.arn },
                    ],
                }),
            },
            { parent: this },
        );

        const buildspec = pulumi
            .all([args.nukeConfig, args.roleArn, topic.arn, args.dryRun])
            .apply(([config, roleArn, topicArn, dryRun]) => nukeBuildspec({ script: args.script, config, roleArn, dryRun, topicArn }));
        const project = new aws.codebuild.Project(
            `${name}-runner`,
            {
                name: names.project,
                description: "landing-zone: the sandbox nuke on its schedule (scripts/nuke-sandbox.sh with a pinned aws-nuke v3)",
                serviceRole: buildRole.arn,
                source: { type: "NO_SOURCE", buildspec },
                artifacts: { type: "NO_ARTIFACTS" },
                environment: {
                    type: "LINUX_CONTAINER",
                    computeType: "BUILD_GENERAL1_SMALL",
                    image: RUNNER_IMAGE,
                    imagePullCredentialsType: "CODEBUILD",
                    environmentVariables: [
                        { name: "NUKE_SANDBOX_ALIAS", type: "PLAINTEXT", value: args.alias },
                        { name: "AWS_REGION", type: "PLAINTEXT", value: args.region },
                        { name: "AWS_DEFAULT_REGION", type: "PLAINTEXT", value: args.region },
                    ],
                },
                logsConfig: { cloudwatchLogs: { status: "ENABLED", groupName: logGroup.name }, s3Logs: { status: "DISABLED" } },
                buildTimeout: RUNNER_TIMEOUT_MINUTES,
                // Never two nukes of the same account at once.
                concurrentBuildLimit: 1,
            },
            // The role must be able to write its log and assume the sandbox role when a build starts.
            { parent: this, dependsOn: [buildPolicy] },
        );

        const group = new aws.scheduler.ScheduleGroup(`${name}-schedule-group`, { name: names.scheduleGroup }, { parent: this });
        const schedulerRole = new aws.iam.Role(
            `${name}-scheduler-role`,
            { name: names.schedulerRole, assumeRolePolicy: trust("scheduler.amazonaws.com", (id) => runnerScheduleGroupArn(args.region, id, names.scheduleGroup)) },
            { parent: this },
        );
        const schedulerPolicy = new aws.iam.RolePolicy(
            `${name}-scheduler-policy`,
            {
                role: schedulerRole.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [{ Sid: "StartThisProjectOnly", Effect: "Allow", Action: "codebuild:StartBuild", Resource: project.arn }],
                }),
            },
            { parent: this },
        );
        new aws.scheduler.Schedule(
            `${name}-schedule`,
            {
                name: names.schedule,
                groupName: group.name,
                description: "landing-zone: starts the sandbox nuke (dry run unless sandbox.nuke.dryRun is false)",
                scheduleExpression: args.schedule,
                scheduleExpressionTimezone: "UTC",
                state: args.paused ? "DISABLED" : "ENABLED",
                flexibleTimeWindow: { mode: "OFF" },
                target: {
                    // EventBridge Scheduler's templated target "CodeBuild - StartBuild": the project's
                    // ARN (Scheduler User Guide, "Using templated targets").
                    arn: project.arn,
                    roleArn: schedulerRole.arn,
                    // A start refused because a build is still running is not retried for a day.
                    retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
                },
            },
            { parent: this, dependsOn: [schedulerPolicy] },
        );

        this.projectName = project.name;
        this.topicArn = topic.arn;
        this.registerOutputs({ projectName: this.projectName, topicArn: this.topicArn });
    }
}
