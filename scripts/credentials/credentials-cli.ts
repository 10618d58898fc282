/** `npm run credentials -- keygen | seal <plain.json> <sealed.json> | check`: see credentials-commands.ts. */
import { failureMessage, runCredentialsCommand } from './credentials-commands';

try {
  runCredentialsCommand(process.argv.slice(2), process.env, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
} catch (error) {
  console.error(failureMessage(error));
  process.exit(2);
}
