/** Entry point of `npm run aws-config`. */
import "../plan/fastStart";
import { runCommand } from "../plan/output";
import { main } from "./awsConfig";

void runCommand(main);
