import type { PasswordThrottleRepository } from './password-throttle.repository.js';
import { digest } from './secrets.js';
import { tooManyRequests } from '../http/problem.js';

export interface ThrottleLimit {
  /** attempts allowed in one window; the next is refused until the window ends */
  attempts: number;
  windowMs: number;
}

export interface ThrottleLimits {
  /** every password guessed from one address, whatever the account */
  perAddress: ThrottleLimit;
  /** one account guessed from one address (login), or one signed-in user (password change) */
  perAccount: ThrottleLimit;
}

const FIFTEEN_MINUTES = 15 * 60_000;

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  perAddress: { attempts: 20, windowMs: FIFTEEN_MINUTES },
  perAccount: { attempts: 10, windowMs: FIFTEEN_MINUTES },
};

/** An attempt that was let through: report a right password so that it does not count. */
export interface PasswordAttempt {
  succeeded(): Promise<void>;
}

/**
 * Limits password guessing, counted in the database so that every server process on it shares
 * the counts. An attempt is counted before the password is checked, so concurrent guesses cannot
 * all slip under the limit; a right password takes its count back from the address and clears
 * the account's. Only failures therefore add up.
 */
export class PasswordThrottle {
  constructor(
    private readonly repository: PasswordThrottleRepository,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts an attempt of `address` at `account`; throws 429 when either has none left. */
  async attempt(address: string, account: string): Promise<PasswordAttempt> {
    const now = this.clock();
    const addressKey = digest(`address\n${address}`);
    const accountKey = digest(`account\n${account}`);
    const checks = [
      { key: addressKey, limit: this.limits.perAddress },
      { key: accountKey, limit: this.limits.perAccount },
    ];
    const counts = await Promise.all(
      checks.map(({ key, limit }) =>
        this.repository.count(
          key,
          new Date(now).toISOString(),
          new Date(now + limit.windowMs).toISOString(),
        ),
      ),
    );
    const spent = counts.filter((count, i) => count.failures > checks[i]!.limit.attempts);
    if (spent.length > 0) {
      const until = Math.max(...spent.map((count) => Date.parse(count.window_ends)));
      const seconds = (until - now) / 1000;
      throw tooManyRequests(
        `Too many wrong passwords; try again in ${Math.ceil(seconds / 60)} minute(s).`,
        seconds,
      );
    }
    return {
      succeeded: async () => {
        await this.repository.uncount(addressKey);
        await this.repository.delete(accountKey);
        await this.repository.deleteEnded(new Date(this.clock()).toISOString());
      },
    };
  }
}
