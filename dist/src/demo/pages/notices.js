import { jsx as _jsx } from "hono/jsx/jsx-runtime";
/** Announced first, so a screen-reader user learns the form came back before reading it again. */
export function ErrorSummary() {
    return (_jsx("p", { class: "notice bad", role: "alert", children: "Please correct the fields marked below." }));
}
/** "4 minutes", "30 seconds": a Retry-After in words, rounded up to whole minutes past one. */
export function describeWait(seconds) {
    if (seconds < 60)
        return seconds === 1 ? '1 second' : `${seconds} seconds`;
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
