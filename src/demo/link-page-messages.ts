import { defineMessages, type Catalogue } from '../core/i18n/catalogue.ts'

/**
 * The demo's words on link pages, which speak the language stored with the link (its mail's):
 * the next step on the core's pages once a link did its job, and the demo's own link pages.
 */
const en = {
  'next.account': 'Go to your account',
  'next.signIn': 'Sign in',
  'link.expiresAt': 'This link works once and expires at {at}.',
  'confirmLink.title': 'Confirm your address',
  'confirmLink.lead': 'Press the button to confirm this address for your slotlink account.',
  'confirmLink.button': 'Confirm my address',
  'confirmed.title': 'Address confirmed',
  'confirmed.text': 'Your address is confirmed. You can sign in now.',
  'signInLink.title': 'Sign in to slotlink',
  'signInLink.question': 'Sign in as <strong>{maskedEmail}</strong> in this browser?',
  'signInLink.button': 'Sign in',
  'signInLink.hint': 'This link works once and expires at {at}. If you did not ask to sign in, close this page.',
} as const satisfies Catalogue

export type LinkPageMessageKey = keyof typeof en

const de: Catalogue<LinkPageMessageKey> = {
  'next.account': 'Zu Ihrem Konto',
  'next.signIn': 'Anmelden',
  'link.expiresAt': 'Dieser Link funktioniert einmal und läuft am {at} ab.',
  'confirmLink.title': 'Bestätigen Sie Ihre Adresse',
  'confirmLink.lead': 'Drücken Sie den Knopf, um diese Adresse für Ihr slotlink-Konto zu bestätigen.',
  'confirmLink.button': 'Meine Adresse bestätigen',
  'confirmed.title': 'Adresse bestätigt',
  'confirmed.text': 'Ihre Adresse ist bestätigt. Sie können sich jetzt anmelden.',
  'signInLink.title': 'Bei slotlink anmelden',
  'signInLink.question': 'In diesem Browser als <strong>{maskedEmail}</strong> anmelden?',
  'signInLink.button': 'Anmelden',
  'signInLink.hint': 'Dieser Link funktioniert einmal und läuft am {at} ab. Falls Sie sich nicht anmelden wollten, schließen Sie diese Seite.',
}

export const LINK_PAGE_CATALOGUES = { en, de }

/** @example linkPageMessages('de').text('next.signIn') // 'Anmelden' */
export const linkPageMessages = defineMessages<LinkPageMessageKey>(LINK_PAGE_CATALOGUES)
