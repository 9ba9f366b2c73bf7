import { demoPageMessages } from '../demo-page-messages.ts'
import type { PageProps } from './page-props.ts'

/** The header links: where a signed-out person can go, or the way out for a signed-in one. */
export function AccountNav({ signedIn, locale, sitePath }: Pick<PageProps, 'locale' | 'sitePath'> & { signedIn: boolean }) {
  const t = demoPageMessages(locale)
  if (signedIn) {
    return (
      <form class="inline" method="post" action={sitePath('/logout')}>
        <button type="submit" class="link">{t.text('nav.signOut')}</button>
      </form>
    )
  }
  return (
    <>
      <a href={sitePath('/login')}>{t.text('nav.signIn')}</a>
      <a href={sitePath('/signup')}>{t.text('nav.createAccount')}</a>
    </>
  )
}
