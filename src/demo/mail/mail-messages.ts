import { defineMessages, type Catalogue } from '../../core/i18n/catalogue.ts'

/** The demo's mail, in the core's catalogue format: one sentence per message, so each language orders its own words. */
const en = {
  'mail.hello': 'Hello,',
  'mail.orTypeCode': 'Or type this code in the browser where you asked for this mail:',
  'mail.expiry': 'The {hasCode, select, yes {link and code work once and expire} other {link works once and expires}} in {minutes, plural, one {{minutes} minute} other {{minutes} minutes}} (at {at}).',
  'mail.copyAddress': 'If the button does not work, copy this address into your browser: {url}',
  'reset.subject': 'Reset your slotlink password',
  'reset.reason': 'Someone asked to reset the password of the slotlink account for this address.',
  'reset.action': 'Choose a new password',
  'reset.lead': 'To choose a new password, open this link:',
  'reset.ifNotYou': 'If you did not ask for this, ignore this mail: your password stays as it is.',
  'signIn.subject': 'Your slotlink sign-in link',
  'signIn.reason': 'Someone asked to sign in to the slotlink account for this address without a password.',
  'signIn.action': 'Sign in to slotlink',
  'signIn.lead': 'To sign in, open this link and press the button:',
  'signIn.ifNotYou': 'If you did not ask for this, ignore this mail: nobody is signed in until the link or code is used.',
  'confirm.subject': 'Confirm your slotlink address',
  'confirm.reason': 'Someone created a slotlink account with this address. Confirm it is yours to start using it.',
  'confirm.action': 'Confirm my address',
  'confirm.lead': 'To confirm the address, open this link and press the button:',
  'confirm.ifNotYou': 'If you did not ask for this, ignore this mail: the account stays unusable and nobody can sign in with it.',
  'taken.subject': 'You already have a slotlink account',
  'taken.reason': 'Someone tried to create a slotlink account with this address, but you already have one. Nothing was changed.',
  'taken.signIn': 'To sign in: {url}',
  'taken.forgot': 'Forgot your password? Reset it here: {url}',
  'taken.links': '<signIn>Sign in</signIn> or, if you forgot your password, <reset>reset it</reset>.',
  'taken.ifNotYou': 'If you did not try to sign up, ignore this mail.',
} as const satisfies Catalogue

export type MailMessageKey = keyof typeof en

const de: Catalogue<MailMessageKey> = {
  'mail.hello': 'Hallo,',
  'mail.orTypeCode': 'Oder geben Sie diesen Code in dem Browser ein, in dem Sie diese Mail angefordert haben:',
  'mail.expiry': '{hasCode, select, yes {Link und Code funktionieren einmal und laufen} other {Der Link funktioniert einmal und läuft}} in {minutes, plural, one {{minutes} Minute} other {{minutes} Minuten}} ab (am {at}).',
  'mail.copyAddress': 'Falls der Knopf nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser: {url}',
  'reset.subject': 'Ihr slotlink-Passwort zurücksetzen',
  'reset.reason': 'Jemand möchte das Passwort des slotlink-Kontos für diese Adresse zurücksetzen.',
  'reset.action': 'Neues Passwort wählen',
  'reset.lead': 'Um ein neues Passwort zu wählen, öffnen Sie diesen Link:',
  'reset.ifNotYou': 'Falls Sie das nicht waren, ignorieren Sie diese Mail: Ihr Passwort bleibt, wie es ist.',
  'signIn.subject': 'Ihr Anmeldelink für slotlink',
  'signIn.reason': 'Jemand möchte sich ohne Passwort beim slotlink-Konto für diese Adresse anmelden.',
  'signIn.action': 'Bei slotlink anmelden',
  'signIn.lead': 'Um sich anzumelden, öffnen Sie diesen Link und drücken Sie den Knopf:',
  'signIn.ifNotYou': 'Falls Sie das nicht waren, ignorieren Sie diese Mail: Niemand ist angemeldet, solange Link und Code nicht benutzt werden.',
  'confirm.subject': 'Bestätigen Sie Ihre slotlink-Adresse',
  'confirm.reason': 'Jemand hat mit dieser Adresse ein slotlink-Konto angelegt. Bestätigen Sie, dass sie Ihnen gehört, um es zu nutzen.',
  'confirm.action': 'Meine Adresse bestätigen',
  'confirm.lead': 'Um die Adresse zu bestätigen, öffnen Sie diesen Link und drücken Sie den Knopf:',
  'confirm.ifNotYou': 'Falls Sie das nicht waren, ignorieren Sie diese Mail: Das Konto bleibt unbenutzbar, und niemand kann sich damit anmelden.',
  'taken.subject': 'Sie haben schon ein slotlink-Konto',
  'taken.reason': 'Jemand wollte mit dieser Adresse ein slotlink-Konto anlegen, aber Sie haben schon eines. Es wurde nichts geändert.',
  'taken.signIn': 'Zum Anmelden: {url}',
  'taken.forgot': 'Passwort vergessen? Hier zurücksetzen: {url}',
  'taken.links': '<signIn>Anmelden</signIn> oder, falls Sie Ihr Passwort vergessen haben, <reset>zurücksetzen</reset>.',
  'taken.ifNotYou': 'Falls Sie sich nicht registrieren wollten, ignorieren Sie diese Mail.',
}

export const MAIL_CATALOGUES = { en, de }

/** @example mailMessages('de').text('reset.subject') // 'Ihr slotlink-Passwort zurücksetzen' */
export const mailMessages = defineMessages<MailMessageKey>(MAIL_CATALOGUES)

/** The purposes with a link mail, by their message prefix. */
export type LinkMailKind = 'reset' | 'signIn' | 'confirm'
