/**
 * Compatibility layer for the first end-to-end tests (foundation.e2e.ts, quota.e2e.ts), written
 * against an earlier lab whose fillMailbox took a percentage. The lab itself is ./stack.ts; new
 * tests should import from there (fillMailbox takes bytes, fillToPercent a percentage).
 * Once the callers have moved, delete this file.
 */
import { startLab as startStack, type Lab as StackLab, type LabOptions as StackOptions, type RoundcubeOptions } from './stack.ts';

export { LAB_USERS, type LabUser, type SentMail, type QuotaInfo } from './stack.ts';

export interface LabOptions extends Omit<StackOptions, 'env'> {
  /** The earlier name of `env`. */
  roundcubeEnv?: Record<string, string>;
}

export interface Lab extends Omit<StackLab, 'fillMailbox' | 'restartRoundcube'> {
  /** Adds messages until the mailbox holds at least `percent` of its quota (stack.ts: fillToPercent). */
  fillMailbox(email: string, percent: number): Promise<void>;
  restartRoundcube(options: Omit<LabOptions, 'quotaMB'>): Promise<void>;
}

const toStack = ({ roundcubeEnv, ...rest }: LabOptions): StackOptions & RoundcubeOptions => ({ ...rest, env: roundcubeEnv });

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const lab = await startStack(toStack(options));
  // Object.create keeps the live properties (users, sent, roundcube) of the real lab visible.
  return Object.assign(Object.create(lab) as StackLab, {
    fillMailbox: (email: string, percent: number) => lab.fillToPercent(email, percent),
    restartRoundcube: (rc: Omit<LabOptions, 'quotaMB'>) => lab.restartRoundcube(toStack(rc)),
  });
}
