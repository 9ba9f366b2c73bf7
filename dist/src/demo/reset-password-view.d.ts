import { type LinkView } from '../core/app/link-pages.tsx';
import { type DemoContext } from './demo-context.ts';
/** Where the expired and used link pages send people for a fresh reset link. */
export declare const RESET_RENEW_PATH = "/forgot";
/**
 * The link pages' view for `reset_password` links. GET shows the form and uses nothing up (mail
 * scanners open links first). POST checks the new password before anything else, so a typo
 * answers 422 with the link still open; only a valid password consumes the link, and then the
 * password changes, every session ends, and the person's other reset links are revoked.
 */
export declare function resetPasswordView(ctx: DemoContext): LinkView;
