import { defineMessages, type Catalogue } from '../core/i18n/catalogue.ts'

/** The demo's words on the core's link pages: the next step once a link did its job. */
const en = {
  'next.account': 'Go to your account',
  'next.signIn': 'Sign in',
} as const satisfies Catalogue

const de: Catalogue<keyof typeof en> = {
  'next.account': 'Zu Ihrem Konto',
  'next.signIn': 'Anmelden',
}

export const NEXT_STEP_CATALOGUES = { en, de }

/** @example nextStepMessages('de').text('next.signIn') // 'Anmelden' */
export const nextStepMessages = defineMessages<keyof typeof en>(NEXT_STEP_CATALOGUES)
