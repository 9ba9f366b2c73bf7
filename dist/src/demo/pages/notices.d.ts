/** Announced first, so a screen-reader user learns the form came back before reading it again. */
export declare function ErrorSummary(): import("hono/jsx/jsx-dev-runtime").JSX.Element;
/** "4 minutes", "30 seconds": a Retry-After in words, rounded up to whole minutes past one. */
export declare function describeWait(seconds: number): string;
