import { TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'

// Accented look-alikes: the text stays readable, and a string that skipped the catalogue stands out unaccented.
const ACCENTED: Record<string, string> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ',
  n: 'ñ', o: 'ó', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'ú', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Í', J: 'Ĵ', K: 'Ķ', L: 'Ļ', M: 'Ṁ',
  N: 'Ñ', O: 'Ó', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Ú', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
}
const VOWEL = /[aeiouAEIOU]/

/** Accents every letter and doubles every vowel: about a third longer, as German often is. */
export function pseudoText(text: string): string {
  let out = ''
  for (const char of text) {
    const accented = ACCENTED[char] ?? char
    out += VOWEL.test(char) ? accented + accented : accented
  }
  return out
}

/**
 * The pseudo-locale's form of a message, from the English AST: its literal text (also inside
 * plural, select and tag branches) pseudo-translated, placeholders untouched, and the whole
 * bracketed so a label cut off by its box shows a missing bracket.
 */
export function pseudoMessage(ast: readonly MessageFormatElement[]): MessageFormatElement[] {
  return [{ type: TYPE.literal, value: '⟦' }, ...pseudoElements(ast), { type: TYPE.literal, value: '⟧' }]
}

function pseudoElements(ast: readonly MessageFormatElement[]): MessageFormatElement[] {
  return ast.map((element) => {
    switch (element.type) {
      case TYPE.literal:
        return { ...element, value: pseudoText(element.value) }
      case TYPE.tag:
        return { ...element, children: pseudoElements(element.children) }
      case TYPE.plural:
      case TYPE.select:
        return {
          ...element,
          options: Object.fromEntries(Object.entries(element.options).map(([key, option]) => [key, { ...option, value: pseudoElements(option.value) }])),
        }
      default:
        return element
    }
  })
}
