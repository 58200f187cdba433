import { existsSync } from "fs";
import { dirname, join } from "path";

/**
 * The project root: the nearest folder above `from` with a Pulumi.yaml. Its own module, so that
 * the commands that need only this (adopt, audit) do not load the Pulumi program.
 */
export function projectRoot(from = __dirname): string {
    let dir = from;
    while (!existsSync(join(dir, "Pulumi.yaml"))) {
        const up = dirname(dir);
        if (up === dir) throw new Error("no Pulumi.yaml found above the plan tool");
        dir = up;
    }
    return dir;
}
