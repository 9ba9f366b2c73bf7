/** The header links: where a signed-out person can go, or the way out for a signed-in one. */
export declare function AccountNav({ signedIn }: {
    signedIn: boolean;
}): import("hono/jsx/jsx-dev-runtime").JSX.Element;
