import { demoPageMessages } from '../demo-page-messages.ts'
import type { PageProps } from './page-props.ts'

/** The header links: where a signed-out person can go, or the way out for a signed-in one. */
export function AccountNav({ signedIn, locale, base }: PageProps & { signedIn: boolean }) {
  const t = demoPageMessages(locale)
  if (signedIn) {
    return (
      <form class="inline" method="post" action={`${base}/logout`}>
        <button type="submit" class="link">{t.text('nav.signOut')}</button>
      </form>
    )
  }
  return (
    <>
      <a href={`${base}/login`}>{t.text('nav.signIn')}</a>
      <a href={`${base}/signup`}>{t.text('nav.createAccount')}</a>
    </>
  )
}
