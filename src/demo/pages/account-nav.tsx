/** The header links: where a signed-out person can go, or the way out for a signed-in one. */
export function AccountNav({ signedIn }: { signedIn: boolean }) {
  if (signedIn) {
    return (
      <form class="inline" method="post" action="/logout">
        <button type="submit" class="link">Sign out</button>
      </form>
    )
  }
  return (
    <>
      <a href="/login">Sign in</a>
      <a href="/signup">Create account</a>
    </>
  )
}
