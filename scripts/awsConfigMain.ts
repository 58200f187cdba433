/** Entry point of `npm run aws-config`. */
import "../plan/fastStart";
import { main } from "./awsConfig";

main(process.argv.slice(2)).then((code) => process.exit(code));
