import type { Child } from 'hono/jsx'

/**
 * A notice that the post did not work, announced (role=alert) and focused when the page loads
 * (`autofocus` on a `tabindex=-1` element works without JavaScript), so keyboard and screen-reader
 * users start from what went wrong instead of the top of the page.
 */
export function ErrorNotice({ children }: { children?: Child }) {
  return (
    <p class="notice bad" role="alert" tabindex={-1} autofocus>
      {children}
    </p>
  )
}

/** Announced and focused first, so a screen-reader user learns the form came back before reading it again. */
export function ErrorSummary() {
  return <ErrorNotice>Please correct the fields marked below.</ErrorNotice>
}

/** "4 minutes", "30 seconds": a Retry-After in words, rounded up to whole minutes past one. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`
  const minutes = Math.ceil(seconds / 60)
  return minutes === 1 ? '1 minute' : `${minutes} minutes`
}
