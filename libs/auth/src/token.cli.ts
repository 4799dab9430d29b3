import { parseArgs } from 'node:util';
import { ConfigurationError, loadConfig } from '@casetrail/config';
import { authSettingsOf } from './auth-settings';
import { isRole, ALL_ROLES } from './caller';
import { signDevelopmentToken } from './access-token';

const USAGE =
  'usage: npm run --silent token -- --sub <userId> --role <OFFICER|SUPERVISOR|OVERSIGHT|ADMIN> [--offices <A,B>] [--expires 8h]';

/**
 * `npm run --silent token -- --sub officer-7 --role OFFICER --offices WAS,ATL` prints a token
 * signed with the configured development secret, which the api accepts in its default configuration.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      role: { type: 'string' },
      offices: { type: 'string', default: '' },
      expires: { type: 'string', default: '8h' },
    },
  });
  if (!values.sub || !isRole(values.role)) {
    throw new UsageError(`${USAGE}\n  --sub is required; --role is one of ${ALL_ROLES.join(', ')}`);
  }
  const offices = values.offices
    .split(',')
    .map((office) => office.trim())
    .filter(Boolean);
  const config = loadConfig();
  const token = await signDevelopmentToken(
    authSettingsOf(config),
    { sub: values.sub, role: values.role, offices },
    { expiresIn: values.expires },
  );
  process.stdout.write(`${token}\n`);
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  const message =
    error instanceof UsageError || error instanceof ConfigurationError || error instanceof TypeError
      ? error.message
      : String(error);
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
});
