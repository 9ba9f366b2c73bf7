/**
 * A purpose as words for a page that knows nothing else about it: `delete_account` →
 * "Delete account", `email.change` → "Email change". Better than a bare "Confirm", and the
 * minting app chose the name. (A `label` the minting app sets per link would say more; that is a
 * contract change, proposed separately.)
 */
export function purposeInWords(purpose: string): string {
  const words = purpose.replace(/[_.:-]+/g, ' ').trim()
  return words === '' ? 'Confirm' : words.charAt(0).toUpperCase() + words.slice(1)
}
