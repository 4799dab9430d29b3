import { ConfigurationError, loadConfig } from '@casetrail/config';
import { authSettingsOf } from './auth-settings';
import { signDevelopmentToken } from './access-token';
import { parseTokenArguments, TokenUsageError } from './token-arguments';

/**
 * `npm run --silent token -- --sub officer-7 --role OFFICER --offices WAS,ATL` prints a token
 * signed with the configured development secret, which the api accepts in its default configuration.
 */
async function main(): Promise<void> {
  const { claims, expiresIn } = parseTokenArguments(process.argv.slice(2));
  const token = await signDevelopmentToken(authSettingsOf(loadConfig()), claims, { expiresIn });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  const message =
    error instanceof TokenUsageError || error instanceof ConfigurationError ? error.message : String(error);
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
});
