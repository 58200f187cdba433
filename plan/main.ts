/** Entry point of `npm run plan`. */
import "./fastStart";
import { main } from "./cli";
import { runCommand } from "./output";

void runCommand(main);
