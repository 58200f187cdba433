/** Entry point of `npm run audit`. */
import { main } from "./audit";

main(process.argv.slice(2)).then((code) => process.exit(code));
