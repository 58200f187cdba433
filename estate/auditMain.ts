/** Entry point of `npm run audit`. */
import { runCommand } from "../plan/output";
import { main } from "./audit";

void runCommand(main);
