import { parseTokenArguments, TokenUsageError } from './token-arguments';

const officer = ['--sub', 'WAS-DET-001', '--role', 'OFFICER', '--offices', 'WAS,ATL'];

describe('the token CLI’s arguments', () => {
  it('reads the claims and an expiry of 8 hours by default', () => {
    expect(parseTokenArguments(officer)).toEqual({
      claims: { sub: 'WAS-DET-001', role: 'OFFICER', offices: ['WAS', 'ATL'] },
      expiresIn: '8h',
    });
  });

  it.each([['-1h'], ['--expires=-1h']])('takes a negative expiry, an expired token (%s)', (form) => {
    const args = form.startsWith('--') ? [...officer, form] : [...officer, '--expires', form];
    expect(parseTokenArguments(args).expiresIn).toBe('-1h');
  });

  it('signs a policy administrator, who works in no office', () => {
    expect(parseTokenArguments(['--sub', 'policy-admin-1', '--role', 'POLICY_ADMIN']).claims).toEqual({
      sub: 'policy-admin-1',
      role: 'POLICY_ADMIN',
      offices: [],
    });
  });

  it('takes an office code as long as the roster allows (40 characters)', () => {
    const office = `N${'Y'.repeat(39)}`;
    expect(
      parseTokenArguments(['--sub', 'a', '--role', 'SUPERVISOR', '--offices', office]).claims.offices,
    ).toEqual([office]);
  });

  it.each([
    ['an expiry that is no duration', [...officer, '--expires', 'soon'], /--expires: not a duration: soon/],
    ['an expiry with no unit', [...officer, '--expires', '-1'], /--expires/],
    [
      'an office code longer than 40',
      ['--sub', 'a', '--role', 'OFFICER', '--offices', 'N'.repeat(41)],
      /--offices/,
    ],
    ['a lower-case office', ['--sub', 'a', '--role', 'OFFICER', '--offices', 'was'], /--offices/],
    ['an unknown role', ['--sub', 'a', '--role', 'ROOT'], /--role must be one of/],
    ['no subject', ['--role', 'OFFICER'], /--sub is required/],
    ['an option missing its value', ['--sub', 'a', '--role'], /--role/],
    ['an unknown option', [...officer, '--admin'], /Unknown option '--admin'/],
  ])('refuses %s, saying why and how to call it', (_, args, reason) => {
    expect(() => parseTokenArguments(args)).toThrow(TokenUsageError);
    expect(() => parseTokenArguments(args)).toThrow(reason);
    expect(() => parseTokenArguments(args)).toThrow(/usage: npm run --silent token/);
  });
});
