/** The shortest password accepted; long passphrases beat short complex ones (NIST SP 800-63B). */
export const MIN_PASSWORD_LENGTH = 12;

/** What a user is told before choosing a password: the server's 422 and the web's forms. */
export const PASSWORD_RULE =
  `At least ${MIN_PASSWORD_LENGTH} characters; not one character repeated, not a common ` +
  'password, and not containing the part of the email address before the @.';

/**
 * The most common passwords of at least 12 characters in public breach lists (lowercase). The
 * length rule already refuses the shorter ones.
 */
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789012345',
  '1234567890123456',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'qwertyuiopasdfghjkl',
  'qwertyuiopas',
  'qwertyuiop123',
  'qwerty123456',
  'qwerty1234567',
  'abcdefghijkl',
  'abc123456789',
  'abcd12345678',
  'password1234',
  'password12345',
  'password123456',
  'password!123',
  'passwordpassword',
  'iloveyou1234',
  'welcome12345',
  'welcome123456',
  'letmein12345',
  'administrator',
  'administrator1',
  'changeme1234',
  'changeme12345',
  'trustno1trustno1',
  'football1234',
  'baseball1234',
  'sunshine1234',
  'princess1234',
  'superman1234',
  'monkey123456',
  'dragon123456',
  'master123456',
  'starwars1234',
  'michael12345',
  'asdfghjkl123',
  'zxcvbnm12345',
  'zaq12wsxcde3',
  '1q2w3e4r5t6y7u',
  'medlabel1234',
  'medlabel12345',
]);

/**
 * Why a password is too weak for the account `email`, or undefined when it is acceptable. Each
 * reason names the rule it breaks.
 */
export function weakPasswordReason(password: string, email: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (new Set(lower).size === 1) return 'The password must not be one character repeated.';
  if (COMMON_PASSWORDS.has(lower)) return 'The password is one of the most common passwords.';
  const name = email.split('@')[0]?.toLowerCase() ?? '';
  // A one- or two-letter name would refuse half of all passwords; such names are not guessable hints.
  if (name.length >= 3 && lower.includes(name))
    return 'The password must not contain the part of the email address before the @.';
  return undefined;
}
