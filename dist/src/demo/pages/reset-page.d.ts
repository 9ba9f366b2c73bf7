import type { FieldErrors } from './account-pages.tsx';
export interface ResetPageProps {
    /** Where the form posts: the link itself. */
    action: string;
    expiresAt: Date;
    errors?: FieldErrors;
}
/** The form behind a reset link. Showing it uses nothing up; only a valid POST does. */
export declare function ResetPage({ action, expiresAt, errors }: ResetPageProps): import("hono/jsx/jsx-dev-runtime").JSX.Element;
