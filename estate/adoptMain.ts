/** Entry point of `npm run adopt`. */
import { runCommand } from "../plan/output";
import { main } from "./adopt";

void runCommand(main);
