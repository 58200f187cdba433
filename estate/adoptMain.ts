/** Entry point of `npm run adopt`. */
import { main } from "./adopt";

main(process.argv.slice(2)).then((code) => process.exit(code));
