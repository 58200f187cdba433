/**
 * What `pulumi up` does with a @pulumi/command `local.Command` whose inputs changed, played from the
 * provider's source (github.com/pulumi/pulumi-command v1.2.1, the version in package-lock.json, on
 * github.com/pulumi/pulumi-go-provider v1.3.0, its go.mod):
 *
 * - Diff: Command implements CustomUpdate, so only inputs tagged `provider:"replaceOnChanges"` force
 *   a replace, and `triggers` is the only one (provider/pkg/provider/common/inputs.go). The default
 *   diff compares the old inputs with the new, property by property (pulumi-go-provider
 *   infer/resource.go `diff`): a changed `triggers` is an UpdateReplace, any other change an Update,
 *   no change none. The SDK adds the resource option `replaceOnChanges: ["triggers[*]"]`
 *   (sdk/nodejs/local/command.ts), which says the same.
 * - Create (and a replace, which creates first): runs `create` with `stdin` (commandController.go
 *   Create; local/commandOutputs.go run), and the state's stdout is its output.
 * - Update: runs `update`, or `create` when there is no `update`, and the state's stdout becomes
 *   that command's output (commandController.go Update). Nothing runs during a preview.
 */
import { isDeepStrictEqual } from "util";

/** The inputs of a Command that decide what runs. */
export interface CommandInputs {
    readonly create?: string;
    readonly update?: string;
    readonly stdin?: string;
    readonly environment?: Record<string, string>;
    readonly triggers?: readonly unknown[];
    readonly addPreviousOutputInEnv?: boolean;
}

export interface CommandState {
    readonly inputs: CommandInputs;
    readonly stdout: string;
}

export type Step = "create" | "replace" | "update" | "same";

/** What the engine does with the resource, given the state's inputs (none: not yet created) and the new ones. */
export function commandStep(old: CommandInputs | undefined, news: CommandInputs): Step {
    if (old === undefined) return "create";
    const keys = new Set([...Object.keys(old), ...Object.keys(news)]) as Set<keyof CommandInputs>;
    const changed = [...keys].filter((k) => !isDeepStrictEqual(old[k], news[k]));
    if (changed.length === 0) return "same";
    return changed.includes("triggers") ? "replace" : "update";
}

/** The shell command the step runs, if any. */
export function commandRun(step: Step, news: CommandInputs): string | undefined {
    if (step === "create" || step === "replace") return news.create;
    if (step === "update") return news.update ?? news.create;
    return undefined;
}

/**
 * `pulumi up` on one Command: the new state, and what ran. `shell` plays running a command (it gets
 * the command text and the stdin) and answers its stdout.
 */
export function up(old: CommandState | undefined, news: CommandInputs, shell: (command: string, stdin: string) => string): { state: CommandState; step: Step; ran?: string } {
    const step = commandStep(old?.inputs, news);
    const ran = commandRun(step, news);
    if (ran === undefined) return { state: { inputs: news, stdout: old?.stdout ?? "" }, step };
    return { state: { inputs: news, stdout: shell(ran, news.stdin ?? "") }, step, ran };
}
